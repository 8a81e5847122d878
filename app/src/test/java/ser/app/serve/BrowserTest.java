package ser.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.app.Predictor;
import ser.app.TestModels;

/**
 * The page in a real browser: headless Chromium opens {@code /?try=example}, which makes the page fetch the
 * server's example WAV and hand it to its file input as a picked file would be; the label and every probability
 * the page then shows must be the API's for the same bytes. Skipped where Chromium is not installed (Debian:
 * {@code apt-get install chromium}; another binary: {@code -Dser.chromium=PATH}).
 */
class BrowserTest {

    @TempDir
    Path dir;

    /** The Chromium binary: -Dser.chromium, else chromium / chromium-browser / google-chrome on PATH, else null. */
    static Path chromium() {
        String given = System.getProperty("ser.chromium");
        if (given != null && !given.isBlank()) return Path.of(given);
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        return null;
    }

    /** Runs headless Chromium on {@code url} with extra flags, returns stdout; fails after 120 s. */
    static String headless(Path chromium, Path profile, URI url, String... flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=60000"));
        cmd.addAll(List.of(flags));
        cmd.add(url.toString());
        Path out = profile.resolveSibling(profile.getFileName() + ".out");
        Path err = profile.resolveSibling(profile.getFileName() + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(err));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(p.exitValue() == 0, "chromium exit " + p.exitValue() + ": " + Files.readString(err));
        return dom;
    }

    @Test
    void thePageShowsTheLabelAndProbabilitiesTheApiGives() throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "Chromium is not installed (Debian: apt-get install chromium), so the page is not"
                + " tested in a browser");
        Path model = TestModels.untrained(dir.resolve("model"), List.of("calm", "happy", "sad", "angry"), 11);
        Path wav = TestModels.wav(dir.resolve("example.wav"), TestModels.voice(44100, 3.8, 0.6), 44100);
        byte[] bytes = Files.readAllBytes(wav);
        try (DemoServer server = DemoServer.start(Predictor.load(model, 1),
                new DemoServer.Limits(1 << 20, 30, 4, 400), bytes, "127.0.0.1", 0)) {
            HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("api/predict"))
                    .header("Content-Type", "audio/wav").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, api.statusCode(), api.body());
            JsonObject answer = JsonParser.parseString(api.body()).getAsJsonObject();

            String dom = headless(chromium, dir.resolve("profile"), server.uri().resolve("/?try=example"), "--dump-dom");
            assertTrue(dom.contains("data-state=\"done\""), "the page did not finish:\n" + dom);
            Matcher label = Pattern.compile("<p id=\"label\">([^<]*)</p>").matcher(dom);
            assertTrue(label.find(), dom);
            assertEquals(answer.get("label").getAsString(), label.group(1));

            Map<String, String> shown = new LinkedHashMap<>();
            Map<String, String> percent = new LinkedHashMap<>();
            Matcher bar = Pattern.compile("<li data-class=\"([^\"]*)\" data-p=\"([^\"]*)\"[^>]*>.*?<span class=\"value\">([^<]*)</span>")
                    .matcher(dom);
            while (bar.find()) {
                shown.put(bar.group(1), bar.group(2));
                percent.put(bar.group(1), bar.group(3));
            }
            JsonObject probs = answer.getAsJsonObject("probabilities");
            assertEquals(probs.keySet(), shown.keySet(), "every class has a bar, in class order");
            for (String c : probs.keySet()) {
                double p = probs.get(c).getAsDouble();
                assertEquals(p, Double.parseDouble(shown.get(c)), c);
                // JavaScript's toFixed(1): the exact binary value rounded, ties up
                assertEquals(new java.math.BigDecimal(100 * p).setScale(1, java.math.RoundingMode.HALF_UP) + "%", percent.get(c), c);
            }
            assertTrue(dom.contains("is all the model hears"), "the waveform caption");
            assertTrue(dom.contains("259 values"), "the feature caption");
        }
    }
}
