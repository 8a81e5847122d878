package ser.model.keras;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import ser.engine.models.Sequential;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Layer;
import ser.engine.layers.Weight;
import ser.engine.optim.SGD;

/**
 * A Keras 2 Sequential model from its {@code .h5} file (and, for a {@code save_weights} file, its
 * {@code model.to_json()} file) to an engine {@link Sequential} with the same weights.
 *
 * <p>The weights are matched to the config by layer name (Keras' {@code by_name} rule) and by each array's short
 * name ({@code kernel}, {@code bias}, {@code gamma}, {@code beta}, {@code moving_mean}, {@code moving_variance});
 * layouts need no change, since the engine keeps Keras' (Conv1D kernel (k, in, filters), Dense (in, units)).
 * Every mismatch (a layer without its weights, an array of the wrong shape, weights for a layer the config does
 * not have) is a one-line {@link IOException} naming the file, the layer and the array.
 */
public final class KerasImport {

    /** Seed of the engine model; it only decides initial values that the import then overwrites, and dropout masks. */
    public static final long SEED = 1;

    /** The imported network and where it came from. */
    public record Result(Sequential model, KerasH5 file, KerasConfig config) {
    }

    private KerasImport() {
    }

    /**
     * Reads {@code h5} and, when given, the architecture from {@code configJson} (required for a
     * {@code save_weights} file; for a {@code model.save} file it replaces the stored {@code model_config}).
     */
    public static Result read(Path h5, Path configJson) throws IOException {
        KerasH5 file = KerasH5.read(h5);
        KerasConfig config;
        if (configJson != null) {
            if (!Files.isRegularFile(configJson)) {
                throw new IOException(configJson + ": no such file");
            }
            config = KerasConfig.parse(Files.readString(configJson, StandardCharsets.UTF_8), configJson.toString());
        } else if (file.hasModelConfig()) {
            config = KerasConfig.parse(file.modelConfig(), h5 + " (model_config)");
        } else {
            throw new IOException(h5 + ": a save_weights file holds no architecture; give the model.to_json() file"
                    + " with --config");
        }
        return new Result(build(file, config), file, config);
    }

    /**
     * Builds the engine network for config and fills it with the file's weights. A refused layer setting names the
     * config's source (the --config file when one was given), a mismatch of config and weights the .h5 file.
     */
    public static Sequential build(KerasH5 file, KerasConfig config) throws IOException {
        String source = file.file().toString();
        String configSource = config.source();
        int[] shape = config.inputShape();
        if (Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IOException(configSource + ": the input shape " + Layer.shapeWithBatch(shape).replace("-1", "None")
                    + " has a variable length; only fixed-length inputs are imported");
        }
        Sequential model = new Sequential(SEED, shape);
        Set<String> configNames = new HashSet<>();
        Map<KerasConfig.Layer, KerasLayers.Mapped> mapped = new LinkedHashMap<>();
        for (KerasConfig.Layer k : config.layers()) {
            configNames.add(k.name());
            KerasLayers.Mapped m;
            try {
                m = KerasLayers.map(k, model.outputShape().length, configSource);
            } catch (RuntimeException e) {    // a setting of another JSON kind than Keras writes, e.g. "use_bias": []
                throw new IOException(configSource + ": " + k.describe() + ": a setting is malformed ("
                        + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' ') + ")");
            }
            for (Layer l : m.engineLayers()) {
                try {
                    model.add(l);
                } catch (IllegalArgumentException e) {
                    throw new IOException(configSource + ": " + k.describe() + ": " + e.getMessage());
                }
            }
            mapped.put(k, m);
        }
        try {
            for (KerasLayers.Mapped m : mapped.values()) {
                try {
                    assign(file, m, source);
                } catch (RuntimeException e) {   // use_bias, center or scale of another kind than a boolean
                    throw new IOException(configSource + ": " + m.keras().describe() + ": a setting is malformed ("
                            + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' ') + ")");
                }
            }
            for (KerasH5.LayerWeights lw : file.layers()) {
                if (!lw.weights().isEmpty() && !configNames.contains(lw.name())) {
                    throw new IOException(source + ": holds weights for layer '" + lw.name() + "', which the config does"
                            + " not have (config and weights do not match)");
                }
            }
        } catch (IOException e) {
            // a mismatch has two sides: with --config, the message names the config file as well
            throw configSource.startsWith(source) || e.getMessage().startsWith(configSource) ? e
                    : new IOException(e.getMessage() + "; config " + configSource, e);
        }
        try {
            model.compile(new SGD(0.01, 0, 0, false));
        } catch (IllegalStateException e) {
            throw new IOException(configSource + ": the model must end in a softmax over the classes (Dense(..., activation="
                    + "'softmax') or Activation('softmax')); " + e.getMessage().replace("Sequential.compile: ", ""));
        }
        return model;
    }

    /** Copies a layer's arrays from the file into its engine weights, checking names and shapes. */
    private static void assign(KerasH5 file, KerasLayers.Mapped m, String source) throws IOException {
        KerasConfig.Layer k = m.keras();
        KerasH5.LayerWeights lw = file.layer(k.name());
        Layer main = m.main();
        boolean hasWeights = main != null && !main.weights().isEmpty();
        if (!hasWeights) {
            if (lw != null && !lw.weights().isEmpty()) {
                throw new IOException(source + ": " + k.describe() + " has no weights in the config, but the file holds "
                        + lw.weights().size() + " for it");
            }
            return;
        }
        if (lw == null || lw.weights().isEmpty()) {
            throw new IOException(source + ": no weights for " + k.describe() + " (config and weights do not match)");
        }
        Map<String, KerasH5.Array> byName = new HashMap<>();
        for (KerasH5.Array a : lw.weights()) {
            byName.put(a.shortName(), a);
        }
        Set<String> used = new HashSet<>();
        // docs:begin keras-weights
        if (main instanceof Conv1D conv) {
            set(conv.kernel(), byName, "kernel", true, 0f, used, k, source);
            set(conv.bias(), byName, "bias", KerasLayers.useBias(k.config()), 0f, used, k, source);
        } else if (main instanceof Dense dense) {
            set(dense.kernel(), byName, "kernel", true, 0f, used, k, source);
            set(dense.bias(), byName, "bias", KerasLayers.useBias(k.config()), 0f, used, k, source);
        } else if (main instanceof BatchNormalization bn) {
            set(bn.gamma(), byName, "gamma", KerasLayers.flag(k.config(), "scale"), 1f, used, k, source);
            set(bn.beta(), byName, "beta", KerasLayers.flag(k.config(), "center"), 0f, used, k, source);
            set(bn.movingMean(), byName, "moving_mean", true, 0f, used, k, source);
            set(bn.movingVariance(), byName, "moving_variance", true, 1f, used, k, source);
        } else {
            throw new IllegalStateException("no weight mapping for " + main.kerasClassName());
        }
        // docs:end keras-weights
        for (KerasH5.Array a : lw.weights()) {
            if (!used.contains(a.shortName())) {
                throw new IOException(source + ": array '" + a.name() + "' of " + k.describe()
                        + " has no place in the layer (config and weights do not match)");
            }
        }
    }

    private static void set(Weight w, Map<String, KerasH5.Array> arrays, String name, boolean expected, float absentValue,
                            Set<String> used, KerasConfig.Layer k, String source) throws IOException {
        KerasH5.Array a = arrays.get(name);
        if (!expected) {
            Arrays.fill(w.value().data(), absentValue);  // use_bias/center/scale false: the identity value
            return;
        }
        if (a == null) {
            throw new IOException(source + ": " + k.describe() + " has no '" + name + "' array (it has "
                    + arrays.keySet().stream().sorted().toList() + ")");
        }
        if (!Arrays.equals(a.shape(), w.value().shape())) {
            throw new IOException(source + ": array '" + a.name() + "' of " + k.describe() + " has shape "
                    + Arrays.toString(a.shape()) + ", the config needs " + Arrays.toString(w.value().shape()));
        }
        w.set(a.values());
        used.add(name);
    }
}
