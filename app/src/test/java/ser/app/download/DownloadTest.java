package ser.app.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a local HTTP server on 127.0.0.1 that honours Range requests; never the network. */
class DownloadTest {

    @TempDir
    Path dir;

    HttpServer server;
    byte[] payload;
    final List<String> ranges = new ArrayList<>();
    volatile int cutAfter = -1;    // close the connection after this many bytes (simulates a dropped download)

    static byte[] zip(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (String e : entries) {
                z.putNextEntry(new ZipEntry(e));
                byte[] noise = new byte[5000];   // incompressible, so the archive is larger than the cut below
                new java.util.Random(e.hashCode()).nextBytes(noise);
                z.write(noise);
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @BeforeEach
    void start() throws IOException {
        payload = zip("Actor_01/03-01-01-01-01-01-01.wav", "Actor_02/03-01-05-02-01-02-02.wav");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/files/", ex -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            ranges.add(String.valueOf(range));
            int from = range == null ? 0 : Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
            int to = payload.length;
            if (cutAfter >= 0) {
                to = Math.min(to, from + cutAfter);
            }
            ex.getResponseHeaders().add("Content-Type", "application/zip");
            if (range != null) {
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (payload.length - 1) + "/" + payload.length);
            }
            ex.sendResponseHeaders(range == null ? 200 : 206, payload.length - from);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(payload, from, to - from);
                out.flush();    // send what we have before the (short) stream is closed
            } catch (IOException ignored) {
                // the client went away
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/files/a.zip");
    }

    @Test
    void downloadsChecksMd5AndResumesWithRange() throws IOException {
        Path target = dir.resolve("a.zip");
        String md5 = md5(payload);
        cutAfter = 1000;
        Downloader d = new Downloader(5000);
        assertThrows(IOException.class, () -> d.fetch(uri(), target, -1, Long.MAX_VALUE, md5, null, h -> { }, s -> { }));
        assertFalse(Files.exists(target), "an incomplete download never becomes the target");
        assertEquals(1000, Files.size(dir.resolve("a.zip.part")));
        cutAfter = -1;
        assertTrue(d.fetch(uri(), target, -1, Long.MAX_VALUE, md5, null, h -> { }, s -> { }));
        assertEquals("bytes=1000-", ranges.get(ranges.size() - 1));
        assertArrayEquals(payload, Files.readAllBytes(target));
        assertFalse(d.fetch(uri(), target, -1, Long.MAX_VALUE, md5, null, h -> { }, s -> { }), "already complete: nothing fetched");
    }

    @Test
    void aWrongMd5DeletesTheDownloadWithAClearMessage() {
        Path target = dir.resolve("a.zip");
        IOException e = assertThrows(IOException.class,
                () -> new Downloader(5000).fetch(uri(), target, -1, Long.MAX_VALUE, "0123456789abcdef0123456789abcdef", null, h -> { }, s -> { }));
        assertTrue(e.getMessage().contains("MD5") && e.getMessage().contains("does not match"), e.getMessage());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("a.zip.part")));
    }

    @Test
    void extractionRefusesEntriesEscapingTheTarget() throws IOException {
        Path good = dir.resolve("good.zip");
        Files.write(good, payload);
        assertEquals(2, SafeUnzip.extract(good, dir.resolve("out")));
        assertTrue(Files.isRegularFile(dir.resolve("out/Actor_02/03-01-05-02-01-02-02.wav")));
        assertEquals(0, SafeUnzip.extract(good, dir.resolve("out")), "files already there are kept");

        Path evil = dir.resolve("evil.zip");
        Files.write(evil, zip("Actor_01/ok.wav", "../escaped.txt"));
        IOException e = assertThrows(IOException.class, () -> SafeUnzip.extract(evil, dir.resolve("out2")));
        assertTrue(e.getMessage().contains("../escaped.txt") && e.getMessage().contains("outside"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("escaped.txt")));
        assertFalse(Files.exists(dir.resolve("out2/Actor_01/ok.wav")), "nothing is written from a refused archive");
        Files.write(evil, zip("/abs/path.txt"));
        assertThrows(IOException.class, () -> SafeUnzip.extract(evil, dir.resolve("out3")));
    }

    @Test
    void theDownloadCommandFetchesAndUnpacks() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = ser.app.Main.run(new String[]{"download", "--out", dir.resolve("data").toString(), "--base-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/files/", "--speech-md5", md5(payload)},
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("now holds 2 RAVDESS recordings"), out.toString());
        assertFalse(Files.exists(dir.resolve("data/Audio_Speech_Actors_01-24.zip")), "the archive is removed after extraction");
        code = ser.app.Main.run(new String[]{"download", "--out", dir.resolve("d2").toString(), "--base-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/files/"},
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        assertEquals(2, code, "the real RAVDESS MD5 does not match the test payload");
        assertTrue(err.toString().trim().lines().reduce((a, b) -> b).orElse("").startsWith("error: "), err.toString());
    }

    static String md5(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
