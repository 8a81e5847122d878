package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve command line: what it says without a model, on bad options, and when it starts and stops. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void withoutAModelItSaysHowToGetOne() {
        Cli c = Cli.run("serve");
        assertEquals(2, c.code(), c.toString());
        String e = c.lastErrorLine();
        assertTrue(e.startsWith("error: serve needs --model DIR") && e.contains("train --out runs/notebook")
                && e.contains("import-keras"), e);
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        Path model = TestModels.untrained(dir.resolve("m"), List.of("a", "b"), 1);
        Cli size = Cli.run("serve", "--model", model.toString(), "--max-upload", "lots");
        assertEquals(2, size.code(), size.toString());
        assertTrue(size.lastErrorLine().contains("--max-upload"), size.toString());
        Cli missing = Cli.run("serve", "--model", dir.resolve("none").toString());
        assertEquals(2, missing.code(), missing.toString());
        Cli example = Cli.run("serve", "--model", model.toString(), "--example", dir.resolve("none.wav").toString());
        assertEquals(2, example.code(), example.toString());
        assertTrue(example.lastErrorLine().contains("none.wav: no such file"), example.toString());
        assertEquals(6L << 20, ServeCommand.size("6MB"));
        assertEquals(400L << 10, ServeCommand.size("400kb"));
        assertEquals(1234, ServeCommand.size("1234"));
    }

    @Test
    void startsOnLoopbackSaysSoAndStopsWhenInterrupted() throws Exception {
        Path model = TestModels.untrained(dir.resolve("m"), List.of("a", "b"), 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(Main.run(new String[] {"serve", "--model", model.toString(), "--port", "0",
                "--copies", "1"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))));
        t.start();
        Pattern serving = Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+/)");
        Matcher m = serving.matcher("");
        for (int i = 0; i < 600 && !m.reset(out.toString(StandardCharsets.UTF_8)).find() && t.isAlive(); i++) {
            Thread.sleep(100);
        }
        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(m.reset(said).find(), said + err);
        assertTrue(said.contains("listening on 127.0.0.1 only"), said);
        assertTrue(said.contains("2 classes [a, b], hears 3.0 s from 0.5 s"), said);
        HttpResponse<String> h = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(m.group(1) + "healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, h.statusCode());
        t.interrupt();
        t.join(20_000);
        assertEquals(0, code.get(), out.toString(StandardCharsets.UTF_8) + err);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("stopped"));
    }
}
