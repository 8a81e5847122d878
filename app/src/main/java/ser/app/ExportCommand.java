package ser.app;

import com.google.gson.Gson;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ser.engine.models.Sequential;
import ser.engine.layers.Weight;
import ser.model.SavedModel;
import ser.model.io.NpyArray;
import ser.model.io.Npz;
import ser.model.onnx.OnnxExport;

/**
 * A saved model out to another runtime: {@code --format onnx} (an ONNX graph with the class names and feature
 * settings in its metadata) or {@code --format npz} (the weights alone, Keras names and layouts, for NumPy,
 * PyTorch or Keras' {@code set_weights}). Both written atomically.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Export a saved model as ONNX, or its weights as .npz.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx", description = "onnx or npz (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "the file to write (.onnx or .npz)")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (!format.equals("onnx") && !format.equals("npz")) {
            throw new UserError("--format " + format + ": expected onnx or npz");
        }
        if (Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a folder; give a file name");
        }
        SavedModel.Loaded loaded = model.load();
        Sequential m = loaded.model();
        int params = m.weights().stream().mapToInt(Weight::size).sum();
        if (format.equals("onnx")) {
            Map<String, String> meta = new LinkedHashMap<>();
            Gson gson = new Gson();
            meta.put("labels", gson.toJson(loaded.labels()));
            meta.put("feature_params", gson.toJson(loaded.featureParams()));
            meta.put("input", "(N, " + m.inputShape()[0] + ", " + m.inputShape()[1]
                    + ") float32 feature vectors, Keras' channels-last layout");
            OnnxExport.write(out, m, meta);
            o.printf(Locale.ROOT, "wrote %s: ONNX opset %d, %,d parameters, input '%s' (N, %d, %d), output '%s' (N, %d),"
                            + " labels and feature_params in metadata_props%n", out, OnnxExport.OPSET, params, OnnxExport.INPUT,
                    m.inputShape()[0], m.inputShape()[1], OnnxExport.OUTPUT, m.classes());
        } else {
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            for (Weight w : m.weights()) {
                arrays.put(w.path(), NpyArray.ofFloats(w.value().data().clone(), w.value().shape()));
            }
            Npz.write(out, arrays);                      // a temporary file beside it, then renamed over
            o.printf(Locale.ROOT, "wrote %s: %d arrays, %,d parameters, Keras names and layouts (conv1d_1/kernel is"
                    + " (kernel_size, in_channels, filters))%n", out, arrays.size(), params);
        }
        o.flush();
        return 0;
    }
}
