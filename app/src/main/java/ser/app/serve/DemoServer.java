package ser.app.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import ser.features.wav.ByteArrayChannel;
import ser.app.Predictor;
import ser.app.SilentRecordingException;
import ser.app.UserError;
import ser.features.Audio;
import ser.features.AudioFormatException;
import ser.features.wav.WavInfo;
import ser.features.wav.WavReader;

/**
 * The demo's HTTP server, on the JDK's {@code com.sun.net.httpserver}:
 * <pre>
 *   GET  /              the page (one HTML file: record, pick or drop a WAV, see what the model heard)
 *   GET  /healthz       {"status": "ok"}
 *   GET  /api/model     architecture, classes, feature settings, training record, the server's limits
 *   POST /api/predict   body: the WAV file's bytes (audio/wav) or a multipart/form-data upload;
 *                       answer: what predict --json prints for that file, plus the feature and a waveform
 *   GET  /example.wav   the clip given with --example (404 without one)
 * </pre>
 * Errors are JSON {@code {"error": message, "status": code}}: 400 a malformed request, 404, 405, 413 a body over
 * the upload limit (answered from Content-Length before the body is read), 415 a body that is not a WAV file,
 * 422 a WAV that cannot be used (truncated, unsupported encoding, silent, longer than the limit, shorter than the
 * offset), 503 every prediction slot busy (with Retry-After), 500 a bug (the server keeps serving).
 *
 * <p>Concurrency. A prediction holds one of {@code copies + queue} admission permits from before its body is read
 * until its answer is written, so at most that many uploads sit in memory; the forward pass itself borrows one of the
 * predictor's model copies. The HTTP worker pool has four more threads than permits, so {@code /healthz}, the page
 * and the 503 answers are served at once while every permit is taken.
 */
public final class DemoServer implements AutoCloseable {

    /**
     * What the server accepts.
     *
     * @param maxUploadBytes largest request body
     * @param maxSeconds     longest recording
     * @param queue          predictions that may wait for a free model copy before new ones get 503
     * @param waveformPoints buckets of the waveform in each answer
     */
    public record Limits(long maxUploadBytes, double maxSeconds, int queue, int waveformPoints) {
        public Limits {
            if (maxUploadBytes < 64 || maxUploadBytes > Integer.MAX_VALUE - 64) {
                throw new IllegalArgumentException("max upload must be between 64 bytes and 2 GB, got " + maxUploadBytes);
            }
            if (!(maxSeconds > 0)) throw new IllegalArgumentException("max seconds must be > 0, got " + maxSeconds);
            if (queue < 0) throw new IllegalArgumentException("queue must be >= 0, got " + queue);
            if (waveformPoints < 1) throw new IllegalArgumentException("waveform points must be >= 1, got " + waveformPoints);
        }
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final String PAGE_RESOURCE = "/ser/app/serve/index.html";
    private static final AtomicInteger SERVERS = new AtomicInteger();

    static {
        // a client that stops sending mid-request (or mid-drain) has its connection closed after this many seconds;
        // read once by the JDK server, so this only takes effect if no HttpServer ran in this JVM before
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "120");
        }
    }

    private final Predictor predictor;
    private final Limits limits;
    private final byte[] page;
    private final byte[] example;
    private final Semaphore admission;
    private final int permits;
    private final ThreadPoolExecutor workers;
    private final HttpServer http;

    private DemoServer(Predictor predictor, Limits limits, byte[] example, InetSocketAddress bind) throws IOException {
        this.predictor = predictor;
        this.limits = limits;
        this.example = example;
        this.page = page();
        this.permits = predictor.copies() + limits.queue();
        this.admission = new Semaphore(permits);
        int threads = permits + 4;
        int server = SERVERS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "serve-" + server + "-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // connections beyond the worker threads wait here; past 256 of them the JDK server closes new ones
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256), factory);
        this.http = HttpServer.create(bind, 64);
        http.createContext("/", this::route);
        http.setExecutor(workers);
    }

    /** Binds {@code host:port} (port 0: any free one) and starts serving; {@code example} may be null. */
    public static DemoServer start(Predictor predictor, Limits limits, byte[] example, String host, int port)
            throws IOException {
        DemoServer s = new DemoServer(predictor, limits, example, new InetSocketAddress(host, port));
        s.http.start();
        return s;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** http://host:port/ of the bound socket. */
    public URI uri() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /** Admission permits: model copies plus the queue. */
    public int slots() {
        return permits;
    }

    /** Permits not held by a prediction right now ({@link #slots()} whenever the server is idle). */
    public int freeSlots() {
        return admission.availablePermits();
    }

    /** Threads of the HTTP worker pool that exist now. */
    public int workerThreads() {
        return workers.getPoolSize();
    }

    /** Stops accepting, gives running exchanges up to a second, and ends every worker thread. */
    @Override
    public void close() {
        http.stop(1);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ routing

    private void route(HttpExchange ex) {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            switch (path) {
                case "/", "/index.html" -> {
                    if (get(ex, method)) send(ex, 200, "text/html; charset=utf-8", page);
                }
                case "/healthz" -> {
                    if (get(ex, method)) {
                        JsonObject o = new JsonObject();
                        o.addProperty("status", "ok");
                        o.addProperty("free_slots", freeSlots());
                        json(ex, 200, o);
                    }
                }
                case "/api/model" -> {
                    if (get(ex, method)) json(ex, 200, model());
                }
                case "/api/predict" -> {
                    if (!method.equals("POST")) {
                        ex.getResponseHeaders().set("Allow", "POST");
                        error(ex, 405, "POST the WAV file's bytes (audio/wav) or a multipart/form-data upload");
                    } else {
                        predict(ex);
                    }
                }
                case "/example.wav" -> {
                    if (!get(ex, method)) return;
                    if (example == null) error(ex, 404, "this server was started without --example");
                    else send(ex, 200, "audio/wav", example);
                }
                default -> error(ex, 404, "no such page: " + sanitize(path, 100));
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away mid-answer; nothing to tell it
        } catch (UserError e) {
            // e.g. the model's output is NaN: the model, not the request, is at fault
            try {
                error(ex, 500, "the model gave no answer: " + e.getMessage());
            } catch (IOException | RuntimeException ignored) {
                // headers already sent: the connection is closed by try-with-resources
            }
        } catch (RuntimeException e) {
            try {
                error(ex, 500, "internal error: " + oneLine(e));
            } catch (IOException | RuntimeException ignored) {
                // headers already sent: the connection is closed by try-with-resources
            }
        }
    }

    private boolean get(HttpExchange ex, String method) throws IOException {
        if (method.equals("GET") || method.equals("HEAD")) return true;
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        error(ex, 405, method + " is not allowed here; use GET");
        return false;
    }

    // ------------------------------------------------------------------ POST /api/predict

    /** An answer that is an error, thrown from deep inside the request and turned into JSON by {@link #predict}. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private void predict(HttpExchange ex) throws IOException {
        Headers h = ex.getRequestHeaders();
        String type = h.getFirst("Content-Type");
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT).split(";")[0].strip();
        boolean multipart = t.equals("multipart/form-data");
        long declared = contentLength(h);
        if (declared > limits.maxUploadBytes()) {
            // refused from the header: the body is never read (the JDK drains at most 64 KB of it, then closes)
            ex.getResponseHeaders().set("Connection", "close");
            error(ex, 413, tooLarge(declared + " bytes"));
            return;
        }
        // every other refusal reads the body first, so that a client still sending it is not cut off
        if (!multipart && !(t.isEmpty() || t.equals("audio/wav") || t.equals("audio/x-wav") || t.equals("audio/wave")
                || t.equals("audio/vnd.wave") || t.equals("application/octet-stream"))) {
            drain(ex.getRequestBody());
            error(ex, 415, "send the WAV file's bytes as audio/wav or a multipart/form-data upload, not "
                    + sanitize(t, 60));
            return;
        }
        String boundary = multipart ? Multipart.boundary(type) : null;
        if (multipart && boundary == null) {
            drain(ex.getRequestBody());
            error(ex, 400, "multipart/form-data without a boundary");
            return;
        }
        if (!admission.tryAcquire()) {
            drain(ex.getRequestBody());
            ex.getResponseHeaders().set("Retry-After", "1");
            error(ex, 503, "busy: all " + permits + " prediction slots are taken; try again in a moment");
            return;
        }
        try {
            json(ex, 200, answer(ex, multipart, boundary));
        } catch (Refusal r) {
            if (r.status == 413) ex.getResponseHeaders().set("Connection", "close");
            error(ex, r.status, r.getMessage());
        } finally {
            admission.release();
        }
    }

    private JsonObject answer(HttpExchange ex, boolean multipart, String boundary) throws IOException, Refusal {
        byte[] body = new byte[(int) Math.min(limits.maxUploadBytes() + 1, 1 << 16)];
        int length = 0;
        InputStream in = ex.getRequestBody();
        while (true) {
            if (length == body.length) {
                if (length > limits.maxUploadBytes()) throw new Refusal(413, tooLarge("more than " + limits.maxUploadBytes() + " bytes"));
                body = java.util.Arrays.copyOf(body, (int) Math.min(limits.maxUploadBytes() + 1, 2L * body.length));
            }
            int r = in.read(body, length, body.length - length);
            if (r < 0) break;
            length += r;
        }
        if (length > limits.maxUploadBytes()) throw new Refusal(413, tooLarge("more than " + limits.maxUploadBytes() + " bytes"));
        if (length == 0) throw new Refusal(400, "empty body: send a WAV file");
        int offset = 0;
        String name = "upload.wav";
        if (multipart) {
            Multipart.Part part = Multipart.file(body, length, boundary);
            if (part == null) throw new Refusal(400, "the multipart upload holds no file part (a field with a filename, or one named \"file\")");
            offset = part.offset();
            length = part.length();
            if (part.filename() != null && !sanitize(part.filename(), 80).isBlank()) {
                name = sanitize(part.filename(), 80);
            }
        }
        if (length < 12 || !ascii(body, offset, "RIFF") || !ascii(body, offset + 8, "WAVE")) {
            throw new Refusal(415, name + ": not a WAV file (no RIFF/WAVE header); send an uncompressed .wav recording");
        }
        Path label = Path.of(name);
        try {
            WavInfo info;
            try (var ch = channel(body, offset, length)) {
                info = WavReader.info(label, ch);
            }
            if (info.seconds() > limits.maxSeconds()) {
                throw new Refusal(422, String.format(Locale.ROOT, "%s: the recording is %.1f s long; this server takes"
                        + " up to %s s (the model hears only %s)", name, info.seconds(), trim(limits.maxSeconds()), heardText()));
            }
            Predictor.Prediction p = predictor.predict(name, body, offset, length);
            JsonObject r = predictor.toJson(p, true);
            Audio.Clip whole;
            try (var ch = channel(body, offset, length)) {
                whole = Audio.loadNative(label, ch, 0, Double.POSITIVE_INFINITY);
            }
            r.add("waveform", Waveform.envelope(whole.samples(), whole.sampleRate(), limits.waveformPoints()));
            return r;
        } catch (SilentRecordingException e) {
            throw new Refusal(422, e.getMessage() + "; is the microphone muted?");
        } catch (AudioFormatException e) {
            throw new Refusal(422, e.getMessage());
        }
    }

    private static java.nio.channels.SeekableByteChannel channel(byte[] b, int offset, int length) {
        return new ByteArrayChannel(b, offset, length);
    }

    private String tooLarge(String size) {
        return "the upload is " + size + "; this server takes up to " + limits.maxUploadBytes()
                + " bytes (--max-upload); a 4 s mono 16-bit 48 kHz recording is about 400 KB";
    }

    private static long contentLength(Headers h) {
        String v = h.getFirst("Content-Length");
        if (v == null) return -1;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads and discards up to the upload limit, so a refused client is not cut off mid-upload. */
    private void drain(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = limits.maxUploadBytes() + 1;
        int r;
        while (left > 0 && (r = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
            left -= r;
        }
    }

    // ------------------------------------------------------------------ GET /api/model

    private JsonObject model() {
        JsonObject o = new JsonObject();
        o.addProperty("name", modelName(predictor.dir()));
        o.addProperty("architecture", "notebook-cnn-2019");
        JsonArray shape = new JsonArray();
        for (int d : predictor.inputShape()) shape.add(d);
        o.add("input_shape", shape);
        JsonArray classes = new JsonArray();
        predictor.labels().forEach(classes::add);
        o.add("classes", classes);
        o.add("feature_params", predictor.featureParamsJson());
        o.add("training", predictor.training());
        o.addProperty("heard", heardText());
        o.addProperty("summary", predictor.summary());
        JsonObject l = new JsonObject();
        l.addProperty("max_upload_bytes", limits.maxUploadBytes());
        l.addProperty("max_seconds", limits.maxSeconds());
        l.addProperty("model_copies", predictor.copies());
        l.addProperty("queue", limits.queue());
        l.addProperty("example", example != null);
        o.add("server", l);
        return o;
    }

    /** The folder's name, with its parent's for a training run's best/ or last/ ("notebook/best"). */
    static String modelName(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        String name = abs.getFileName() == null ? "model" : abs.getFileName().toString();
        if ((name.equals("best") || name.equals("last")) && abs.getParent() != null && abs.getParent().getFileName() != null) {
            return abs.getParent().getFileName() + "/" + name;
        }
        return name;
    }

    private String heardText() {
        var p = predictor.featureParams();
        return trim(p.duration()) + " s from " + trim(p.offset()) + " s into the recording";
    }

    // ------------------------------------------------------------------ responses

    private static void json(HttpExchange ex, int status, JsonElement body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        o.addProperty("status", status);
        json(ex, status, o);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        Headers r = ex.getResponseHeaders();
        r.set("Content-Type", type);
        r.set("Cache-Control", "no-store");
        r.set("X-Content-Type-Options", "nosniff");
        r.set("Referrer-Policy", "no-referrer");
        r.set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; "
                + "connect-src 'self'; frame-ancestors 'none'");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!head && body.length > 0) out.write(body);
        }                                 // flushed now; closing the exchange may then wait to drain the request
    }

    private static byte[] page() throws IOException {
        try (InputStream in = DemoServer.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) throw new IOException("resource " + PAGE_RESOURCE + " is missing from the jar");
            return in.readAllBytes();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static boolean ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) return false;
        }
        return true;
    }

    /** Letters, digits and {@code . _ - space} of the last path segment, at most {@code max} of them. */
    static String sanitize(String s, int max) {
        String last = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
        StringBuilder b = new StringBuilder();
        for (char c : last.toCharArray()) {
            if (b.length() == max) break;
            b.append(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == ' ' ? c : '_');
        }
        return b.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (e.getClass().getSimpleName() + (m == null ? "" : ": " + m)).replace('\n', ' ').replace('\r', ' ');
    }
}
