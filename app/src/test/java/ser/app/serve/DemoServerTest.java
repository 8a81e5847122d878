package ser.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import ser.app.Main;
import ser.app.Predictor;
import ser.app.TestModels;

/** The HTTP API against a server on an ephemeral port of 127.0.0.1, bad bodies and a bounded flood included. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoServerTest {

    static final long MAX_UPLOAD = 512 * 1024;

    @TempDir
    static Path dir;
    Path modelDir;
    Path voice;
    Predictor predictor;
    DemoServer server;
    ExecutorService clientThreads;
    HttpClient client;

    @BeforeAll
    void start() throws IOException {
        modelDir = TestModels.untrained(dir.resolve("model"), List.of("calm", "happy", "sad"), 5);
        voice = TestModels.wav(dir.resolve("voice.wav"), TestModels.voice(48000, 3.7, 0.5), 48000);
        predictor = Predictor.load(modelDir, 2);
        server = DemoServer.start(predictor, new DemoServer.Limits(MAX_UPLOAD, 20, 4, 200), Files.readAllBytes(voice),
                "127.0.0.1", 0);
        clientThreads = Executors.newFixedThreadPool(4);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    void stop() {
        server.close();
        clientThreads.shutdownNow();
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String type, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve("api/predict")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) b.header("Content-Type", type);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    static String multipart(ByteArrayOutputStream out, String boundary, String field, String filename, byte[] content)
            throws IOException {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\nContent-Type: audio/wav\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        return "multipart/form-data; boundary=" + boundary;
    }

    static byte[] close(ByteArrayOutputStream out, String boundary) throws IOException {
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void listensOnLoopbackOnly() {
        assertTrue(server.address().getAddress().isLoopbackAddress(), server.address().toString());
    }

    @Test
    void pageHealthAndModel() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<input type=\"file\" id=\"file\"") && page.body().contains("id=\"record\""));
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), "the page loads nothing from elsewhere");

        HttpResponse<String> h = get("/healthz");
        assertEquals(200, h.statusCode());
        assertEquals("ok", json(h).get("status").getAsString());

        JsonObject m = json(get("/api/model"));
        assertEquals("[\"calm\",\"happy\",\"sad\"]", m.get("classes").toString());
        assertEquals("[259,1]", m.get("input_shape").toString());
        assertEquals(44100, m.getAsJsonObject("feature_params").get("sr").getAsInt());
        assertEquals("3 s from 0.5 s into the recording", m.get("heard").getAsString());
        assertEquals(MAX_UPLOAD, m.getAsJsonObject("server").get("max_upload_bytes").getAsLong());
        assertTrue(m.getAsJsonObject("training").get("data").getAsString().contains("untrained"));

        assertEquals(200, client.send(HttpRequest.newBuilder(server.uri().resolve("example.wav")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode());
    }

    @Test
    void predictAnswersWhatPredictJsonPrintsForTheSameFile() throws Exception {
        ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"predict", "--model", modelDir.toString(), "--json", voice.toString()},
                new java.io.PrintStream(cliOut, true, StandardCharsets.UTF_8), new java.io.PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code);
        JsonObject cli = JsonParser.parseString(cliOut.toString(StandardCharsets.UTF_8)).getAsJsonArray().get(0).getAsJsonObject();

        byte[] wav = Files.readAllBytes(voice);
        HttpResponse<String> raw = post("audio/wav", wav);
        assertEquals(200, raw.statusCode(), raw.body());
        JsonObject api = json(raw);
        for (String key : List.of("label", "probabilities", "feature_params", "audio")) {
            assertEquals(cli.get(key).toString(), api.get(key).toString(), key);
        }
        assertEquals("upload.wav", api.get("input").getAsString());
        JsonObject feature = api.getAsJsonObject("feature");
        assertEquals("[259,1]", feature.get("shape").toString());
        float[] direct = predictor.predict(voice).feature();
        JsonArray values = feature.getAsJsonArray("values");
        for (int i = 0; i < direct.length; i++) {
            assertEquals(direct[i], values.get(i).getAsFloat(), "feature[" + i + "]");
        }
        JsonObject w = api.getAsJsonObject("waveform");
        assertEquals(200, w.getAsJsonArray("min").size());
        assertEquals(3.7, w.get("seconds").getAsDouble(), 1e-9);
        assertTrue(w.getAsJsonArray("max").get(100).getAsDouble() > 0.1);

        // the same file as a browser's form upload
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        String type = multipart(form, "b0und4ry", "note", null, "hello".getBytes(StandardCharsets.UTF_8));
        multipart(form, "b0und4ry", "file", "../../etc/me & you.wav", wav);
        HttpResponse<String> mp = post(type, close(form, "b0und4ry"));
        assertEquals(200, mp.statusCode(), mp.body());
        assertEquals(api.get("probabilities").toString(), json(mp).get("probabilities").toString());
        assertEquals("me _ you.wav", json(mp).get("input").getAsString(), "only the file name, no path, is kept");
    }

    @Test
    void badBodiesAreJsonErrorsWithTheirStatusAndTheServerKeepsServing() throws Exception {
        byte[] good = Files.readAllBytes(voice);
        assertError(post("audio/wav", "this is not audio at all".getBytes(StandardCharsets.UTF_8)), 415, "not a WAV file");
        assertError(post("audio/wav", java.util.Arrays.copyOf(good, 2000)), 422, "upload.wav");
        assertError(post("audio/wav", java.util.Arrays.copyOf(good, 30)), 422, "upload.wav");
        assertError(post("audio/wav", new byte[0]), 400, "empty body");
        assertError(post("text/plain", good), 415, "audio/wav or a multipart");
        assertError(post("multipart/form-data", good), 400, "boundary");
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        multipart(form, "xyz", "note", null, good);
        assertError(post("multipart/form-data; boundary=xyz", close(form, "xyz")), 400, "no file part");

        Path silent = TestModels.wav(dir.resolve("silent.wav"), new float[16000 * 4], 16000);
        assertError(post("audio/wav", Files.readAllBytes(silent)), 422, "silent");
        Path tiny = TestModels.wav(dir.resolve("tiny.wav"), TestModels.voice(16000, 0.2, 0.5), 16000);
        assertError(post("audio/wav", Files.readAllBytes(tiny)), 422, "no audio after offset 0.5 s");
        Path longer = TestModels.wav(dir.resolve("long.wav"), TestModels.voice(4000, 25, 0.5), 4000);
        assertError(post("audio/wav", Files.readAllBytes(longer)), 422, "25.0 s long");

        assertError(get("/api/predict"), 405, "POST");
        assertError(get("/nothing/here"), 404, "no such page");
        assertEquals(200, post("audio/wav", good).statusCode());
        assertEquals(server.slots(), server.freeSlots());
    }

    @Test
    void tenMinutesAreRefusedWith413BeforeTheBodyIsRead() throws Exception {
        long tenMinutes = 44 + 600L * 16000 * 2;        // 16 kHz 16-bit mono
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: audio/wav\r\nContent-Length: "
                    + tenMinutes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(Files.readAllBytes(voice), 0, 44);         // a header and nothing else: the answer must not wait
            out.flush();
            String reply = readResponse(s.getInputStream());
            assertTrue(reply.startsWith("HTTP/1.1 413"), reply);
            assertTrue(reply.contains("\"status\":413") && reply.contains("up to " + MAX_UPLOAD + " bytes"), reply);
        }
        // without a Content-Length (chunked) the server stops reading at the limit
        byte[] big = new byte[(int) MAX_UPLOAD * 3];
        HttpRequest chunked = HttpRequest.newBuilder(server.uri().resolve("api/predict")).header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        try {
            HttpResponse<String> r = client.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertError(r, 413, "more than " + MAX_UPLOAD + " bytes");
        } catch (IOException cutOff) {
            // the server closed the connection after its 413 while the client was still sending: also a refusal
        }
        assertEquals(200, get("/healthz").statusCode());
        assertEquals(server.slots(), server.freeSlots());
    }

    @Test
    void aFloodOf200ConcurrentUploadsLeavesItResponsiveWithNoLeak() throws Exception {
        byte[] wav = Files.readAllBytes(TestModels.wav(dir.resolve("flood.wav"), TestModels.voice(16000, 1.5, 0.4), 16000));
        JsonObject expected = json(post("audio/wav", wav)).getAsJsonObject("probabilities");
        ExecutorService floodThreads = Executors.newFixedThreadPool(8);
        HttpClient flood = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(floodThreads)
                .connectTimeout(Duration.ofSeconds(30)).build();
        try {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(flood.sendAsync(HttpRequest.newBuilder(server.uri().resolve("api/predict"))
                        .timeout(Duration.ofSeconds(120)).header("Content-Type", "audio/wav")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(wav)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            // while they are in flight, the server still answers a health check
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(server.uri().resolve("healthz"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
            int ok = 0;
            int busy = 0;
            for (CompletableFuture<HttpResponse<String>> a : answers) {
                HttpResponse<String> r = a.get();
                if (r.statusCode() == 200) {
                    ok++;
                    assertEquals(expected.toString(), json(r).getAsJsonObject("probabilities").toString());
                } else {
                    assertError(r, 503, "busy");
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
                    busy++;
                }
            }
            assertEquals(200, ok + busy);
            assertTrue(ok >= server.slots(), ok + " answered, " + busy + " busy");
        } finally {
            floodThreads.shutdownNow();
        }
        assertEquals(server.slots(), server.freeSlots(), "every admission permit is back");
        assertEquals(predictor.copies(), predictor.idleCopies(), "every model copy is back");
        assertTrue(server.workerThreads() <= server.slots() + 4, server.workerThreads() + " worker threads");
        assertEquals(200, post("audio/wav", wav).statusCode());
    }

    @Test
    void closingEndsEveryThreadOfTheServer() throws Exception {
        DemoServer other = DemoServer.start(predictor, new DemoServer.Limits(MAX_UPLOAD, 20, 1, 50), null, "127.0.0.1", 0);
        URI u = other.uri();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, client.send(HttpRequest.newBuilder(u.resolve("healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        assertEquals(404, client.send(HttpRequest.newBuilder(u.resolve("example.wav")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        String prefix = threadPrefix(other);
        assertTrue(liveThreads(prefix) > 0);
        other.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (liveThreads(prefix) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, liveThreads(prefix), "threads " + prefix + "* left after close");
    }

    /** The name prefix of a server's worker threads, found from the threads that exist while it runs. */
    static String threadPrefix(DemoServer s) {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            String n = e.getKey().getName();
            if (n.startsWith("serve-") && n.contains("-http-")) {
                String p = n.substring(0, n.indexOf("-http-") + "-http-".length());
                int id = Integer.parseInt(p.substring("serve-".length(), p.indexOf("-http-")));
                if (id == maxServerId()) return p;
            }
        }
        throw new AssertionError("no worker thread of " + s.uri());
    }

    static int maxServerId() {
        int max = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (n.startsWith("serve-") && n.contains("-http-")) {
                max = Math.max(max, Integer.parseInt(n.substring("serve-".length(), n.indexOf("-http-"))));
            }
        }
        return max;
    }

    static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }

    static void assertError(HttpResponse<String> r, int status, String text) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        JsonObject o = json(r);
        assertEquals(status, o.get("status").getAsInt());
        assertTrue(o.get("error").getAsString().contains(text), o.get("error").getAsString() + " should mention " + text);
    }

    /** Status line, headers and the Content-Length body of one HTTP/1.1 response. */
    static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) break;
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
