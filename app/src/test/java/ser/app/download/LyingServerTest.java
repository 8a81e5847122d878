package ser.app.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downloader and the extraction against a local 127.0.0.1 server that lies (a 416 for an incomplete file, a
 * 206 for the wrong range, an endless body, more bytes than announced, a damaged archive, silence) and against a
 * zip bomb made here. Each case ends with no file under the archive's final name unless it is the right one.
 */
class LyingServerTest {

    interface Behaviour {
        void answer(HttpExchange ex, String range) throws IOException;
    }

    @TempDir
    Path dir;

    HttpServer server;
    volatile Behaviour behaviour;
    final AtomicInteger requests = new AtomicInteger();
    byte[] payload;

    @BeforeEach
    void start() throws IOException {
        payload = DownloadTest.zip("Actor_01/03-01-01-01-01-01-01.wav", "Actor_02/03-01-05-02-01-02-02.wav");
        behaviour = this::honest;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lying-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/files/", ex -> {
            requests.incrementAndGet();
            try {
                behaviour.answer(ex, ex.getRequestHeaders().getFirst("Range"));
            } catch (IOException e) {
                // the client went away
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/";
    }

    URI uri() {
        return URI.create(base() + "a.zip");
    }

    static int from(String range) {
        return range == null ? 0 : Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
    }

    void honest(HttpExchange ex, String range) throws IOException {
        int from = from(range);
        if (range != null) {
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (payload.length - 1) + "/" + payload.length);
        }
        ex.sendResponseHeaders(range == null ? 200 : 206, payload.length - from);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(payload, from, payload.length - from);
        }
    }

    Cli download(String... extra) {
        String[] base = {"download", "--out", dir.resolve("data").toString(), "--base-url", base(), "--timeout", "2"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ser.app.Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Cli(int code, String out, String err) {
        String lastErrorLine() {
            return err.strip().lines().reduce((a, b) -> b).orElse("");
        }
    }

    Path zip() {
        return dir.resolve("data/Audio_Speech_Actors_01-24.zip");
    }

    Path part() {
        return dir.resolve("data/Audio_Speech_Actors_01-24.zip.part");
    }

    void writePart(int bytes) throws IOException {
        Files.createDirectories(part().getParent());
        Files.write(part(), java.util.Arrays.copyOf(payload, bytes));
    }

    @Test
    void a416ForAnIncompletePartIsNotTakenAsComplete() throws IOException {
        for (String claim : new String[]{null, "bytes */1000"}) {   // no size, and a lie that 1000 bytes is all
            writePart(1000);
            behaviour = (ex, range) -> {
                if (claim != null) {
                    ex.getResponseHeaders().add("Content-Range", claim);
                }
                ex.sendResponseHeaders(416, -1);
            };
            Cli r = download("--speech-md5", "none");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.lastErrorLine().startsWith("error: ") && r.lastErrorLine().contains(base()), r.err());
            assertFalse(Files.exists(zip()), "an unverifiable archive never gets its final name");
            assertFalse(Files.exists(part()), "the suspect part file is dropped, so the next run starts over");
        }
        behaviour = this::honest;
        Cli again = download("--speech-md5", "none");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("now holds 2 RAVDESS recordings"), again.out());
    }

    @Test
    void a206ForTheWrongRangeAppendsNothing() throws IOException {
        writePart(1000);
        behaviour = (ex, range) -> {
            ex.getResponseHeaders().add("Content-Range", "bytes 0-" + (payload.length - 1) + "/" + payload.length);
            ex.sendResponseHeaders(206, payload.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(payload);
            }
        };
        Cli r = download("--speech-md5", "none");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.lastErrorLine().contains(base()) && r.lastErrorLine().contains("Content-Range"), r.err());
        assertFalse(Files.exists(zip()));
        assertEquals(1000, Files.size(part()), "not one byte of the wrong range was appended");
        behaviour = this::honest;
        assertEquals(0, download("--speech-md5", "none").code());
    }

    /** A body with no length that never ends: chunked transfer of zeros until the client hangs up. */
    void endless(HttpExchange ex, String range) throws IOException {
        ex.sendResponseHeaders(200, 0);
        byte[] zeros = new byte[1 << 16];
        try (OutputStream out = ex.getResponseBody()) {
            for (long sent = 0; sent < 1L << 40; sent += zeros.length) {
                out.write(zeros);
            }
        }
    }

    @Test
    void anEndlessBodyStopsAtTheBound() throws IOException {
        behaviour = this::endless;
        Cli r = download("--speech-md5", "none", "--max-bytes", "300000");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.lastErrorLine().contains(base()) && r.lastErrorLine().contains("more than"), r.err());
        assertFalse(Files.exists(zip()));
        assertFalse(Files.exists(part()), "the oversized part is deleted");

        // the known size of an archive bounds it too (here through the API: the CLI knows RAVDESS' real size)
        Path target = dir.resolve("b.zip");
        IOException e = assertThrows(IOException.class, () -> new Downloader(2000).fetch(uri(), target, 5000,
                Long.MAX_VALUE, null, null, h -> assertTrue(h <= 5000, "never more than the known size on disk"), s -> { }));
        assertTrue(e.getMessage().contains(uri().toString()), e.getMessage());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("b.zip.part")));
    }

    @Test
    void moreBytesThanAnnouncedNeverGrowThePart() throws IOException {
        writePart(1000);
        behaviour = (ex, range) -> {
            int from = from(range);
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (payload.length - 1) + "/" + payload.length);
            ex.sendResponseHeaders(206, 0);   // chunked: no length, then too much
            try (OutputStream out = ex.getResponseBody()) {
                out.write(payload, from, payload.length - from);
                out.write(new byte[10_000]);
            }
        };
        for (int run = 0; run < 3; run++) {
            Cli r = download("--speech-md5", "none");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.lastErrorLine().contains(base()), r.err());
            assertFalse(Files.exists(zip()));
            assertTrue(!Files.exists(part()) || Files.size(part()) <= payload.length, "the part never outgrows the file");
            if (run == 0) {
                writePart(1000);
            }
        }
    }

    @Test
    void aDamagedArchiveWithNoMd5IsNotKept() {
        byte[] damaged = payload.clone();
        damaged[damaged.length / 4] ^= 0x55;    // inside the first entry's data: only its CRC-32 can tell
        behaviour = (ex, range) -> {
            ex.sendResponseHeaders(200, damaged.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(damaged);
            }
        };
        Cli r = download("--speech-md5", "none");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.lastErrorLine().contains("Audio_Speech_Actors_01-24.zip") && r.lastErrorLine().contains("damaged"), r.err());
        assertFalse(Files.exists(zip()), "a damaged archive never gets its final name");
        assertFalse(Files.exists(part()));
        assertFalse(Files.exists(dir.resolve("data/Actor_01/03-01-01-01-01-01-01.wav")));
        behaviour = this::honest;
        Cli again = download("--speech-md5", "none");
        assertEquals(0, again.code(), again.err());
    }

    @Test
    void aBadMd5ArgumentIsRefusedBeforeAnyRequest() {
        for (String bad : new String[]{"xyz", "bc696df654c87fed845eb13823edef8", "zc696df654c87fed845eb13823edef8a"}) {
            Cli r = download("--speech-md5", bad);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.lastErrorLine().contains("--speech-md5") && r.lastErrorLine().contains(bad), r.err());
            Cli s = download("--song", "--song-md5", bad);
            assertTrue(s.code() == 2 && s.lastErrorLine().contains("--song-md5"), s.err());
        }
        assertEquals(0, requests.get(), "no byte was fetched with an MD5 that can never match");
    }

    @Test
    void aSilentServerTimesOutNamingTheUrl() {
        behaviour = (ex, range) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Cli r = download("--speech-md5", "none");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.lastErrorLine().contains(base()) && r.lastErrorLine().contains("timed out"), r.err());
        assertFalse(Files.exists(zip()));
    }

    @Test
    void a416ForACompletePartIsAccepted() throws IOException {
        writePart(payload.length);
        behaviour = (ex, range) -> {
            ex.getResponseHeaders().add("Content-Range", "bytes */" + payload.length);
            ex.sendResponseHeaders(416, -1);
        };
        Path target = zip();
        assertTrue(new Downloader(2000).fetch(uri(), target, payload.length, Long.MAX_VALUE, DownloadTest.md5(payload),
                null, h -> { }, s -> { }));
        assertArrayEquals(payload, Files.readAllBytes(target));
    }

    /** One entry of {@code size} zero bytes: deflates about 1000:1. */
    static byte[] bomb(String name, int size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry(name));
            byte[] zeros = new byte[1 << 20];
            for (int left = size; left > 0; left -= zeros.length) {
                z.write(zeros, 0, Math.min(left, zeros.length));
            }
            z.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void aZipBombIsRefusedWithItsEntryNamed() throws IOException {
        Path bomb = dir.resolve("bomb.zip");
        Files.write(bomb, bomb("Actor_01/03-01-01-01-01-01-01.wav", 64 << 20));
        assertTrue(Files.size(bomb) < 1 << 20, "64 MiB in less than 1 MiB");
        IOException e = assertThrows(IOException.class, () -> SafeUnzip.extract(bomb, dir.resolve("out")));
        assertTrue(e.getMessage().contains("03-01-01-01-01-01-01.wav") && e.getMessage().contains("zip bomb"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out/Actor_01/03-01-01-01-01-01-01.wav")));
        try (var left = Files.walk(dir.resolve("out"))) {
            assertEquals(0, left.filter(Files::isRegularFile).count(), "no partial file left behind");
        }
        assertThrows(IOException.class, () -> SafeUnzip.verify(bomb, SafeUnzip.Limits.DEFAULT));

        // the same through the command, with the right MD5: the check is on what the archive inflates to
        behaviour = (ex, range) -> {
            byte[] b = Files.readAllBytes(bomb);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        };
        Cli r = download("--speech-md5", DownloadTest.md5(Files.readAllBytes(bomb)));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.lastErrorLine().contains("zip bomb"), r.err());
        assertFalse(Files.exists(dir.resolve("data/Actor_01/03-01-01-01-01-01-01.wav")));
    }

    @Test
    void extractionIsBoundedInEntriesAndTotalBytes() throws IOException {
        Path many = dir.resolve("many.zip");
        Files.write(many, DownloadTest.zip("a/1.wav", "a/2.wav", "a/3.wav"));
        IOException e = assertThrows(IOException.class,
                () -> SafeUnzip.extract(many, dir.resolve("o1"), new SafeUnzip.Limits(2, 1 << 30, 100)));
        assertTrue(e.getMessage().contains("more than 2 entries"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o1")), "refused before anything is written");
        e = assertThrows(IOException.class,
                () -> SafeUnzip.extract(many, dir.resolve("o2"), new SafeUnzip.Limits(10, 12_000, 100)));
        assertTrue(e.getMessage().contains("12000 bytes"), e.getMessage());
        assertEquals(3, SafeUnzip.extract(many, dir.resolve("o3"), new SafeUnzip.Limits(3, 15_000, 100)));
    }
}
