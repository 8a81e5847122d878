package ser.app;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ser.engine.models.Sequential;
import ser.features.FeatureParams;
import ser.features.ResType;
import ser.model.SavedModel;
import ser.model.io.AtomicFile;
import ser.model.keras.KerasImport;

/**
 * A Keras 2 .h5 model into a saved model folder that {@code predict}, {@code evaluate}, {@code summary} and
 * {@code export} use. Nothing is written to --out unless the whole model imported: the model is saved into a
 * temporary folder beside it, loaded back and checked, then renamed to --out in one step. A second import to the
 * same --out is refused while the first runs ({@link FolderLock} on {@code .NAME.lock} beside it).
 */
@Command(name = "import-keras", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Import a Keras 2 Sequential model (.h5 from model.save, or save_weights with --config).")
final class ImportKerasCommand extends FolderWritingCommand {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL.h5", description = "the Keras file")
    Path h5;

    @Option(names = "--config", paramLabel = "FILE.json",
            description = "the model.to_json() file (needed for a save_weights file; replaces a model.save file's model_config)")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the new model folder (must not exist or be empty)")
    Path out;

    @Option(names = "--labels", paramLabel = "NAMES", split = ",",
            description = "class names in the model's output order, comma-separated (default class_0, class_1, ...)")
    List<String> labels;

    @Option(names = "--sr", paramLabel = "HZ", defaultValue = "44100", description = "sample rate of the features (default ${DEFAULT-VALUE})")
    int sr;

    @Option(names = "--offset", paramLabel = "S", defaultValue = "0.5", description = "seconds skipped at the start (default ${DEFAULT-VALUE})")
    double offset;

    @Option(names = "--duration", paramLabel = "S",
            description = "seconds read (default: the shortest multiple of 0.1 s that gives the model's input length)")
    Double duration;

    @Option(names = "--n-mfcc", paramLabel = "N", defaultValue = "13", description = "MFCC coefficients averaged per frame (default ${DEFAULT-VALUE})")
    int nMfcc;

    @Option(names = "--res-type", paramLabel = "TYPE", defaultValue = "kaiser_fast", description = "resampling filter: kaiser_fast or kaiser_best (default ${DEFAULT-VALUE})")
    String resType;

    @Override
    protected Integer run() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " exists and is not a folder");
        }
        lock = FolderLock.acquireForFile(out, "import-keras", spec.commandLine().getErr());
        requireFreshOut();
        KerasImport.Result r = KerasImport.read(h5, config);
        Sequential model = r.model();
        String first = "layer '" + r.config().layers().get(0).name() + "'";
        int[] in = model.inputShape();
        if (in.length != 2 || in[1] != 1) {
            throw new UserError(h5 + ": " + first + " takes input " + shape(in) + "; the features are one value per"
                    + " frame, (steps, 1)");
        }
        FeatureParams params = featureParams(in[0], first);
        List<String> names = labels(model.classes());

        JsonObject training = new JsonObject();
        training.addProperty("imported_from", h5.getFileName().toString());
        training.addProperty("keras_version", r.file().kerasVersion());
        if (r.file().backend() != null) {
            training.addProperty("keras_backend", r.file().backend());
        }
        saveAtomically(model, names, params, training);

        int params0 = model.weights().stream().mapToInt(w -> w.size()).sum();
        o.printf(Locale.ROOT, "imported %s (Keras %s%s): %d Keras layers -> %d engine layers, %,d parameters, input %s,"
                        + " %d classes%n", h5.getFileName(), r.file().kerasVersion(),
                r.file().backend() == null ? "" : ", " + r.file().backend(), r.config().layers().size(),
                model.layers().size(), params0, shape(in), model.classes());
        o.printf(Locale.ROOT, "features: sr %d Hz, offset %s s, duration %s s, %d MFCCs -> %d frames%n", params.sampleRate(),
                trim(params.offset()), trim(params.duration()), params.nMfcc(), params.length());
        if (labels == null) {
            o.println("labels: " + String.join(", ", names) + " (the file has no class names; give them in output order"
                    + " with --labels a,b,c)");
        } else {
            o.println("labels: " + String.join(", ", names));
        }
        o.println("saved to " + out);
        o.flush();
        return 0;
    }

    /** Frames of the feature vector for a duration: librosa's centred STFT gives 1 + floor(samples / hop). */
    static int frames(int sr, double duration, int hop) {
        long samples = (long) Math.ceil(duration * sr - 1e-9);
        return (int) (1 + samples / hop);
    }

    private FeatureParams featureParams(int steps, String first) {
        ResType type;
        try {
            type = ResType.valueOf(resType.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--res-type " + resType + ": expected kaiser_fast or kaiser_best");
        }
        int hop = FeatureParams.NOTEBOOK.hop();
        if (sr < 1 || !(offset >= 0) || nMfcc < 1) {
            throw new UserError("--sr, --offset and --n-mfcc must be positive (got " + sr + ", " + offset + ", " + nMfcc + ")");
        }
        double d;
        if (duration == null) {
            d = Double.NaN;
            for (int tenths = 1; tenths <= 6000; tenths++) {
                if (frames(sr, tenths / 10.0, hop) == steps) {
                    d = tenths / 10.0;
                    break;
                }
            }
            if (Double.isNaN(d)) {
                throw new UserError(h5 + ": " + first + " takes " + steps + " frames, which no duration in steps of 0.1 s"
                        + " gives at " + sr + " Hz; give --duration");
            }
        } else {
            d = duration;
            if (!(d > 0)) {
                throw new UserError("--duration must be > 0, got " + d);
            }
            int f = frames(sr, d, hop);
            if (f != steps) {
                throw new UserError(String.format(Locale.ROOT, "%s: %s takes %d frames, but --sr %d --duration %s give %d"
                                + " (1 + floor(%s s x %d Hz / %d)); the model was trained on other feature settings",
                        h5, first, steps, sr, trim(d), f, trim(d), sr, hop));
            }
        }
        FeatureParams n = FeatureParams.NOTEBOOK;
        try {
            return new FeatureParams(sr, offset, d, type, n.nFft(), hop, n.nMels(), n.fmin(), n.fmax(), nMfcc, n.topDb(), steps);
        } catch (IllegalArgumentException e) {
            throw new UserError("feature settings: " + e.getMessage());
        }
    }

    private List<String> labels(int classes) {
        if (labels == null) {
            List<String> l = new ArrayList<>();
            for (int i = 0; i < classes; i++) {
                l.add("class_" + i);
            }
            return l;
        }
        List<String> l = labels.stream().map(String::trim).toList();
        if (l.size() != classes) {
            throw new UserError("--labels gives " + l.size() + " names, but " + h5 + " has " + classes
                    + " classes (its last layer's output)");
        }
        if (l.stream().anyMatch(String::isEmpty) || l.stream().distinct().count() != l.size()) {
            throw new UserError("--labels: names must be non-empty and distinct, got " + String.join(",", l));
        }
        return l;
    }

    private void requireFreshOut() throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new UserError("--out " + out + " exists and is not a folder");
            }
            try (DirectoryStream<Path> d = Files.newDirectoryStream(out)) {
                if (d.iterator().hasNext()) {
                    throw new UserError("--out " + out + " is not empty; give a new folder (nothing was changed)");
                }
            }
        }
    }

    /** Saves into a temporary folder beside --out, loads it back, then renames it to --out. */
    private void saveAtomically(Sequential model, List<String> names, FeatureParams params, JsonObject training)
            throws IOException {
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".importing-");
        try {
            SavedModel.save(tmp, model, names, FeatureParamsJson.toJson(params), training, false);
            SavedModel.load(tmp);                        // the folder must read back as a model before it is --out
            if (Files.isDirectory(target)) {
                Files.delete(target);                    // empty (checked above)
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFile.syncFolder(target.getParent());  // the rename survives a power cut (the files are synced)
        } finally {
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String shape(int[] s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            sb.append(i > 0 ? ", " : "").append(s[i]);
        }
        return sb.append(')').toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
    }
}
