package ser.app;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ser.app.serve.DemoServer;

/** A local web page where a person records or drops a WAV and sees what the model makes of it. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a web page (and a JSON API) that predicts the emotion of a recording made in the browser"
                + " or a WAV file. Listens on 127.0.0.1 only unless --host says otherwise.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface)")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--max-upload", paramLabel = "SIZE", defaultValue = "6MB",
            description = "largest upload, bytes or with KB/MB (1024-based) (default: ${DEFAULT-VALUE})")
    String maxUpload;

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "60", description = "longest recording accepted (default: ${DEFAULT-VALUE})")
    double maxSeconds;

    @Option(names = "--copies", paramLabel = "N", description = "model copies predicting at once (default: cores, at most 4)")
    Integer copies;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "8",
            description = "uploads that may wait for a free copy before others get 503 (default: ${DEFAULT-VALUE})")
    int queue;

    @Option(names = "--example", paramLabel = "FILE.wav", description = "a recording the page offers as \"Try the example\"")
    Path example;

    /** Counted down when the server should stop (Ctrl-C, or an interrupt in tests). */
    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (!model.given()) {
            throw new UserError("serve needs --model DIR, a trained model. Train one with `train --out runs/notebook`"
                    + " (RAVDESS in ./data, or a synthetic corpus without it) or convert a Keras .h5 with `import-keras`,"
                    + " then run `serve --model runs/notebook`");
        }
        int n = copies != null ? copies : Math.min(4, Runtime.getRuntime().availableProcessors());
        if (n < 1) throw new UserError("--copies must be >= 1, got " + n);
        if (queue < 0) throw new UserError("--queue must be >= 0, got " + queue);
        if (port < 0 || port > 65535) throw new UserError("--port must be in 0..65535, got " + port);
        long upload = size(maxUpload);
        byte[] exampleWav = null;
        if (example != null) {
            if (!Files.isRegularFile(example)) throw new UserError(example + ": no such file (--example)");
            if (Files.size(example) > upload) throw new UserError(example + ": larger than --max-upload " + maxUpload);
            exampleWav = Files.readAllBytes(example);
        }
        Predictor predictor = Predictor.load(model.dir, n);
        predictor.requireAudioModel();
        DemoServer.Limits limits;
        try {
            limits = new DemoServer.Limits(upload, maxSeconds, queue, 800);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        DemoServer server;
        try {
            server = DemoServer.start(predictor, limits, exampleWav, host, port);
        } catch (java.net.BindException e) {
            throw new UserError(host + ":" + port + ": cannot listen there (" + e.getMessage() + "); try another --port");
        }
        Thread hook = new Thread(stop::countDown, "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            InetAddress bound = server.address().getAddress();
            o.println("model " + predictor.dir() + ": " + predictor.labels().size() + " classes " + predictor.labels()
                    + ", hears " + String.format(Locale.ROOT, "%s s from %s s", predictor.featureParams().duration(),
                    predictor.featureParams().offset()) + " into each recording; " + n + " model copies, queue " + queue);
            if (predictor.recipeInputs() != null) {
                o.println("frame-level model: each recording is normalised by " + ("utterance".equals(predictor.normalisationUsed())
                        ? "its own statistics (per utterance; no speaker is enrolled)" : "the model's " + predictor.normalisationUsed()
                        + " statistics"));
            }
            o.println("serving on " + server.uri() + "  (open it in a browser; Ctrl-C stops)");
            if (bound.isLoopbackAddress()) {
                o.println("listening on " + bound.getHostAddress() + " only: other machines cannot connect (--host 0.0.0.0 to allow them)");
            } else {
                o.println("listening on " + bound.getHostAddress() + ": any machine that can reach this one can use the"
                        + " page and the API (there is no login)");
            }
            o.flush();
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting
            }
            o.println("stopped");
            o.flush();
        }
    }

    /** "6MB", "400KB", "1048576": bytes, with 1024-based KB and MB. */
    static long size(String s) {
        String t = s.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("MB") || t.endsWith("M")) {
            unit = 1 << 20;
        } else if (t.endsWith("KB") || t.endsWith("K")) {
            unit = 1 << 10;
        }
        String digits = t.replaceAll("[KMB]+$", "");
        try {
            double v = Double.parseDouble(digits);
            if (!(v > 0) || v * unit > Integer.MAX_VALUE - 64) throw new NumberFormatException();
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new UserError("--max-upload: expected a size such as 6MB, 400KB or 1048576, got '" + s + "'");
        }
    }
}
