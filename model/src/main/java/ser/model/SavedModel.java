package ser.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.layers.Layer;
import ser.engine.layers.LayerConfig;
import ser.engine.layers.Layers;
import ser.engine.layers.Weight;
import ser.engine.optim.Adam;
import ser.engine.optim.Optimizer;
import ser.engine.optim.SGD;
import ser.model.io.FileDigest;
import ser.model.io.NpyArray;
import ser.model.io.AtomicFile;
import ser.model.io.Npz;
import ser.model.recipe.SpeakerIndependentNetwork;

/**
 * A trained model as a folder a person can read and NumPy can open:
 * <pre>
 *   model.json            format, input shape, classes, seed, every layer as Keras' {"class_name": "Conv1D",
 *                         "config": {"name": "conv1d_1", "filters": 256, ...}} with its weights' names and shapes,
 *                         label names, feature parameters, optimiser config and state, training state
 *                         (epoch, best val_loss, ...), and which weights file belongs to it with its SHA-256
 *   weights-XXXXXXXX.npz  one float32 array per weight, Keras names and layouts: conv1d_1/kernel (8, 1, 256),
 *                         conv1d_1/bias (256,), batch_normalization_1/moving_mean (256,), dense_1/kernel (256, 2),
 *                         ...; BatchNormalization's zero-debiasing state (not a Keras weight):
 *                         batch_normalization_1/moving_mean/biased (256,), .../moving_variance/biased, .../local_step
 *                         (1,); with the optimiser saved, also optimizer/conv1d_1/kernel etc. (SGD velocities)
 *                         or optimizer/m/conv1d_1/kernel and optimizer/v/conv1d_1/kernel (Adam's moments)
 * </pre>
 * {@code np.load(glob('DIR/weights-*.npz')[0])['conv1d_1/kernel']} reads a kernel.
 *
 * <p>Atomic: the weights go to a new file named by their hash (temporary file, then rename), then model.json is
 * replaced the same way, then weights files no longer referenced are deleted. A crash at any point leaves a
 * model.json whose weights file exists and matches its recorded hash, i.e. the old model or the new one.
 *
 * <p>Loading rebuilds any {@link Sequential} of the supported layers ({@link Layers#SUPPORTED}): a new model with
 * the recorded seed and input shape, each layer made from its config by {@link Layers#fromConfig} and added in
 * order (so the weights are drawn, then overwritten, and Dropout's mask seeds drawn again exactly as when the model
 * was first built). Every weight must be present with its exact shape; any difference is a one-line
 * {@link IOException} naming the file and the layer or weight. Files of version 1 (the notebook network only,
 * configs as text) still load.
 */
public final class SavedModel {

    public static final String FORMAT = "ser-saved-model";
    public static final int VERSION = 2;
    /** The first format: a named architecture (notebook or recipe network), configs as text. Still read. */
    static final int VERSION_NOTEBOOK_ONLY = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

    /** What a loaded model carries besides the network. */
    public record Loaded(Sequential model, List<String> labels, JsonObject featureParams, JsonObject training,
                         Path dir) {
    }

    private SavedModel() {
    }

    /**
     * Saves {@code model} into {@code dir} (created if needed).
     *
     * @param featureParams   the feature parameters as JSON (the app writes FeatureParams' fields)
     * @param training        free-form training state (epoch, best val_loss, plateau state, ...), may be empty
     * @param withOptimizer   also save the optimiser's state (SGD velocities, Adam's moments), for resuming
     */
    public static void save(Path dir, Sequential model, List<String> labels, JsonObject featureParams,
                            JsonObject training, boolean withOptimizer) throws IOException {
        if (labels.size() != model.classes()) {
            throw new IllegalArgumentException("model has " + model.classes() + " classes but " + labels.size()
                    + " label names were given");
        }
        Files.createDirectories(dir);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (Weight w : model.weights()) {
            arrays.put(w.path(), NpyArray.ofFloats(w.value().data().clone(), w.value().shape()));
        }
        for (Layer l : model.layers()) {              // e.g. batch_normalization_1/local_step
            for (Map.Entry<String, Tensor> e : l.state().entrySet()) {
                arrays.put(l.name() + "/" + e.getKey(), NpyArray.ofFloats(e.getValue().data().clone(),
                        e.getValue().shape()));
            }
        }
        Optimizer opt = model.optimizer();
        if (withOptimizer && opt instanceof SGD sgd) {
            for (Weight w : model.trainableWeights()) {
                float[] v = sgd.velocities().get(w.path());
                if (v != null) {
                    arrays.put("optimizer/" + w.path(), NpyArray.ofFloats(v.clone(), w.value().shape()));
                }
            }
        }
        if (withOptimizer && opt instanceof Adam adam) {
            for (Weight w : model.trainableWeights()) {
                float[] m = adam.firstMoments().get(w.path());
                float[] v = adam.secondMoments().get(w.path());
                if (m != null && v != null) {
                    arrays.put("optimizer/m/" + w.path(), NpyArray.ofFloats(m.clone(), w.value().shape()));
                    arrays.put("optimizer/v/" + w.path(), NpyArray.ofFloats(v.clone(), w.value().shape()));
                }
            }
        }
        // write weights under a temporary name, hash them, then rename to weights-<hash>.npz
        Path tmpWeights = dir.resolve(".weights-new.npz");
        Npz.write(tmpWeights, arrays);
        String sha = sha256(tmpWeights);
        String weightsName = "weights-" + sha.substring(0, 12) + ".npz";
        AtomicFile.publish(tmpWeights, dir.resolve(weightsName));

        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        json.addProperty("version", VERSION);
        json.addProperty("class_name", "Sequential");
        JsonArray inputShape = new JsonArray();
        for (int d : model.inputShape()) {
            inputShape.add(d);
        }
        json.add("input_shape", inputShape);
        json.addProperty("classes", model.classes());
        json.addProperty("seed", model.seed());
        JsonArray layers = new JsonArray();
        for (Layer l : model.layers()) {
            JsonObject lj = new JsonObject();
            LayerConfig c = l.config();
            lj.addProperty("class_name", c.className());
            lj.add("config", configJson(c));
            JsonArray weights = new JsonArray();
            for (Weight w : l.weights()) {
                JsonObject wj = new JsonObject();
                wj.addProperty("name", w.path());
                wj.add("shape", GSON.toJsonTree(w.value().shape()));
                weights.add(wj);
            }
            if (!weights.isEmpty()) {
                lj.add("weights", weights);
            }
            layers.add(lj);
        }
        json.add("layers", layers);
        json.add("labels", GSON.toJsonTree(labels));
        json.add("feature_params", featureParams == null ? new JsonObject() : featureParams);
        JsonObject o = new JsonObject();
        o.addProperty("config", opt == null ? "none" : opt.config());
        if (opt != null) {
            o.addProperty("lr", opt.lr());
            o.addProperty("iterations", opt.iterations());
            if (opt instanceof SGD sgd) {
                o.addProperty("momentum", sgd.momentum());
                o.addProperty("decay", sgd.decay());
                o.addProperty("nesterov", sgd.nesterov());
            }
            if (opt instanceof Adam adam) {          // the moments go to the weights file with the optimiser state
                o.addProperty("class_name", "Adam");
                o.addProperty("beta_1", adam.beta1());
                o.addProperty("beta_2", adam.beta2());
                o.addProperty("epsilon", adam.epsilon());
                o.addProperty("decay", adam.decay());
            }
            o.addProperty("state_saved", withOptimizer);
        }
        json.add("optimizer", o);
        json.add("training", training == null ? new JsonObject() : training);
        JsonObject wf = new JsonObject();
        wf.addProperty("file", weightsName);
        wf.addProperty("sha256", sha);
        json.add("weights", wf);

        AtomicFile.writeString(dir.resolve("model.json"), GSON.toJson(json) + "\n");   // published last

        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "weights-*.npz")) {
            for (Path p : old) {
                if (!p.getFileName().toString().equals(weightsName)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** True when {@code dir} holds a model.json. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve("model.json"));
    }

    /**
     * Loads and validates a saved model; the network comes back compiled with its optimiser (SGD, or Adam when
     * model.json says so) at the saved learning rate and iteration count, with the saved velocities or moments
     * when present.
     */
    public static Loaded load(Path dir) throws IOException {
        Path jsonFile = dir.resolve("model.json");
        if (Files.isRegularFile(dir)) {
            throw new IOException(dir + " is a file; a model is the folder that holds model.json"
                    + (dir.getFileName().toString().equals("model.json") ? " (give " + dir.toAbsolutePath().getParent() + ")" : ""));
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("model folder " + dir + " does not exist");
        }
        if (!Files.isRegularFile(jsonFile)) {
            throw new IOException(dir + " is not a saved model: no model.json");
        }
        JsonObject json;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(jsonFile, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new IOException(jsonFile + ": not a JSON object");
            }
            json = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(jsonFile + ": not valid JSON (" + oneLine(e.getMessage()) + ")");
        }
        try {
            return load(dir, jsonFile, json);
        } catch (NullPointerException | ClassCastException | IllegalStateException | UnsupportedOperationException
                 | NumberFormatException e) {
            // a NullPointerException or ClassCastException message names Gson's classes, not the user's field
            boolean internal = e instanceof NullPointerException || e instanceof ClassCastException;
            throw new IOException(jsonFile + ": a required field is missing or has the wrong type"
                    + (internal ? "" : " (" + oneLine(String.valueOf(e.getMessage())) + ")"));
        }
    }

    private static Loaded load(Path dir, Path jsonFile, JsonObject json) throws IOException {
        if (!FORMAT.equals(str(json, "format"))) {
            throw new IOException(jsonFile + ": format is '" + str(json, "format") + "', expected '" + FORMAT + "'");
        }
        int version = json.get("version").getAsInt();
        if (version != VERSION && version != VERSION_NOTEBOOK_ONLY) {
            throw new IOException(jsonFile + ": version " + json.get("version") + " is not supported (this program reads "
                    + VERSION_NOTEBOOK_ONLY + " and " + VERSION + ")");
        }
        int classes = json.get("classes").getAsInt();
        long seed = json.get("seed").getAsLong();
        Sequential model = version == VERSION ? rebuild(jsonFile, json, seed) : rebuildVersionOne(jsonFile, json, seed);
        if (model.classes() != classes) {
            throw new IOException(jsonFile + ": the layers give " + model.classes() + " classes but classes is "
                    + classes);
        }
        List<String> labels = new ArrayList<>();
        json.getAsJsonArray("labels").forEach(e -> labels.add(e.getAsString()));
        if (labels.size() != classes) {
            throw new IOException(jsonFile + ": " + labels.size() + " labels for " + classes + " classes");
        }

        JsonObject wf = json.getAsJsonObject("weights");
        String weightsName = str(wf, "file");
        if (weightsName.contains("/") || weightsName.contains("\\") || weightsName.startsWith(".")) {
            throw new IOException(jsonFile + ": weights file name '" + weightsName + "' is not a plain file name");
        }
        Path weightsFile = dir.resolve(weightsName);
        if (!Files.isRegularFile(weightsFile)) {
            throw new IOException(weightsFile + ": weights file named in model.json is missing");
        }
        String sha = sha256(weightsFile);
        if (!sha.equals(str(wf, "sha256"))) {
            throw new IOException(weightsFile + ": content does not match the SHA-256 recorded in model.json"
                    + " (damaged or truncated file)");
        }
        Map<String, NpyArray> arrays = Npz.read(weightsFile);
        for (Weight w : model.weights()) {
            NpyArray a = arrays.get(w.path());
            if (a == null) {
                throw new IOException(weightsFile + ": array '" + w.path() + "' is missing");
            }
            if (!a.isFloat32()) {
                throw new IOException(weightsFile + ": array '" + w.path() + "' has dtype " + a.descr() + ", expected <f4");
            }
            if (!Arrays.equals(a.shape(), w.value().shape())) {
                throw new IOException(weightsFile + ": array '" + w.path() + "' has shape " + Arrays.toString(a.shape())
                        + ", the network needs " + Arrays.toString(w.value().shape()));
            }
            requireFinite(weightsFile, w.path(), a.floats());
            w.set(a.floats());
        }
        java.util.Set<String> known = new java.util.HashSet<>();
        model.weights().forEach(w -> known.add(w.path()));
        for (Layer l : model.layers()) {
            for (Map.Entry<String, Tensor> e : l.state().entrySet()) {
                String path = l.name() + "/" + e.getKey();
                NpyArray a = arrays.get(path);
                if (a == null || !a.isFloat32() || !Arrays.equals(a.shape(), e.getValue().shape())) {
                    throw new IOException(weightsFile + ": array '" + path + "' (" + Arrays.toString(e.getValue().shape())
                            + " float32) is " + (a == null ? "missing" : "of another shape or type"));
                }
                requireFinite(weightsFile, path, a.floats());
                System.arraycopy(a.floats(), 0, e.getValue().data(), 0, e.getValue().size());
                known.add(path);
            }
        }
        for (String key : arrays.keySet()) {
            if (!key.startsWith("optimizer/") && !known.contains(key)) {
                throw new IOException(weightsFile + ": array '" + key + "' does not belong to this network");
            }
        }
        JsonObject o = json.getAsJsonObject("optimizer");
        if (o.has("class_name") && "Adam".equals(o.get("class_name").getAsString())) {
            Adam adam = new Adam(o.get("lr").getAsDouble(), o.get("beta_1").getAsDouble(), o.get("beta_2").getAsDouble(),
                    o.get("epsilon").getAsDouble(), o.get("decay").getAsDouble());
            adam.setIterations(o.get("iterations").getAsLong());
            for (Weight w : model.trainableWeights()) {
                NpyArray m = arrays.get("optimizer/m/" + w.path());
                NpyArray v = arrays.get("optimizer/v/" + w.path());
                if (m == null && v == null) {
                    continue;
                }
                if (m == null || v == null || !m.isFloat32() || !v.isFloat32() || m.size() != w.size() || v.size() != w.size()) {
                    throw new IOException(weightsFile + ": Adam's moments for '" + w.path() + "' are missing one of m, v"
                            + " or do not fit the weight");
                }
                requireFinite(weightsFile, "optimizer/m/" + w.path(), m.floats());
                requireFinite(weightsFile, "optimizer/v/" + w.path(), v.floats());
                adam.firstMoments().put(w.path(), m.floats());
                adam.secondMoments().put(w.path(), v.floats());
            }
            model.compile(adam);
            JsonObject fp = json.has("feature_params") ? json.getAsJsonObject("feature_params") : new JsonObject();
            JsonObject tr = json.has("training") ? json.getAsJsonObject("training") : new JsonObject();
            return new Loaded(model, List.copyOf(labels), fp, tr, dir);
        }
        SGD sgd = new SGD(o.get("lr").getAsDouble(), o.has("momentum") ? o.get("momentum").getAsDouble() : 0,
                o.has("decay") ? o.get("decay").getAsDouble() : 0, o.has("nesterov") && o.get("nesterov").getAsBoolean());
        sgd.setIterations(o.get("iterations").getAsLong());
        for (Weight w : model.trainableWeights()) {
            NpyArray v = arrays.get("optimizer/" + w.path());
            if (v != null) {
                if (!v.isFloat32() || v.size() != w.size()) {
                    throw new IOException(weightsFile + ": optimizer state for '" + w.path() + "' does not fit the weight");
                }
                requireFinite(weightsFile, "optimizer/" + w.path(), v.floats());
                sgd.velocities().put(w.path(), v.floats());
            }
        }
        model.compile(sgd);
        JsonObject fp = json.has("feature_params") ? json.getAsJsonObject("feature_params") : new JsonObject();
        JsonObject tr = json.has("training") ? json.getAsJsonObject("training") : new JsonObject();
        return new Loaded(model, List.copyOf(labels), fp, tr, dir);
    }

    /**
     * A model of version 2: new Sequential(seed, input_shape), then every saved layer from its config, in order.
     */
    private static Sequential rebuild(Path jsonFile, JsonObject json, long seed) throws IOException {
        JsonArray shape = json.getAsJsonArray("input_shape");
        int[] inputShape = new int[shape.size()];
        for (int i = 0; i < inputShape.length; i++) {
            inputShape[i] = shape.get(i).getAsInt();
        }
        JsonArray layers = json.getAsJsonArray("layers");
        Sequential model;
        try {
            model = new Sequential(seed, inputShape);
        } catch (IllegalArgumentException e) {
            throw new IOException(jsonFile + ": " + e.getMessage());
        }
        for (int i = 0; i < layers.size(); i++) {
            JsonObject lj = layers.get(i).getAsJsonObject();
            try {
                LayerConfig c = configFromJson(str(lj, "class_name"), lj.getAsJsonObject("config"));
                Layer l = Layers.fromConfig(c);
                model.add(l);
                if (c.name() == null || !c.name().equals(l.name())) {
                    throw new IllegalArgumentException("it has no name");
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(jsonFile + ": layer " + (i + 1) + ": " + oneLine(e.getMessage()));
            }
        }
        return model;
    }

    /**
     * A model of version 1 (a named architecture, configs as text): rebuilt with {@link NotebookNetwork#build} or
     * {@link SpeakerIndependentNetwork#build}, every saved layer's class, name and config text compared with the
     * rebuilt one's.
     */
    private static Sequential rebuildVersionOne(Path jsonFile, JsonObject json, long seed) throws IOException {
        String architecture = str(json, "architecture");
        boolean recipe = SpeakerIndependentNetwork.ARCHITECTURE.equals(architecture);
        if (!NotebookNetwork.ARCHITECTURE.equals(architecture) && !recipe) {
            throw new IOException(jsonFile + ": architecture '" + architecture + "' is not supported in a version 1 "
                    + "file; it holds " + NotebookNetwork.ARCHITECTURE + " or " + SpeakerIndependentNetwork.ARCHITECTURE);
        }
        JsonArray shape = json.getAsJsonArray("input_shape");
        if (shape.size() != 2 || (!recipe && shape.get(1).getAsInt() != 1)) {
            throw new IOException(jsonFile + ": input_shape " + shape + " is not (steps, " + (recipe ? "channels" : "1")
                    + ")");
        }
        int inputLength = shape.get(0).getAsInt();
        int classes = json.get("classes").getAsInt();
        Sequential model;
        try {
            model = recipe ? SpeakerIndependentNetwork.build(seed, inputLength, shape.get(1).getAsInt(), classes)
                    : NotebookNetwork.build(seed, inputLength, classes);
        } catch (IllegalArgumentException e) {
            throw new IOException(jsonFile + ": " + e.getMessage());
        }
        JsonArray layers = json.getAsJsonArray("layers");
        List<Layer> built = model.layers();
        if (layers.size() != built.size()) {
            throw new IOException(jsonFile + ": " + layers.size() + " layers saved, the " + architecture + " network has "
                    + built.size() + " (a model of another architecture?)");
        }
        // version 1 predates zero_debias: its BatchNormalization layers were trained with the plain rule
        Sequential plain = new Sequential(seed, model.inputShape());
        for (int i = 0; i < built.size(); i++) {
            JsonObject lj = layers.get(i).getAsJsonObject();
            Layer l = built.get(i);
            LayerConfig c = withSetting(l.config(), "zero_debias", null);
            String saved = str(lj, "class_name") + " " + str(lj, "name") + "(" + str(lj, "config") + ")";
            String expected = l.kerasClassName() + " " + l.name() + "(" + c + ")";
            if (!saved.equals(expected)) {
                throw new IOException(jsonFile + ": layer " + (i + 1) + " is " + saved + " but the " + architecture
                        + " network has " + expected);
            }
            plain.add(Layers.fromConfig(c));
        }
        return plain;
    }

    /** c with key set to value (null: removed), keeping the order of the others. */
    static LayerConfig withSetting(LayerConfig c, String key, Object value) {
        LayerConfig.Builder b = LayerConfig.builder(c.className(), c.name());
        c.settings().forEach((k, v) -> {
            if (!k.equals(key)) {
                b.put(k, v);
            }
        });
        if (value != null) {
            b.put(key, value);
        }
        return b.build();
    }

    /** Keras' layer config object: {"name": ..., then the settings}. */
    static JsonObject configJson(LayerConfig c) {
        JsonObject o = new JsonObject();
        o.addProperty("name", c.name());
        for (Map.Entry<String, Object> e : c.settings().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number n) {
                o.addProperty(e.getKey(), n);
            } else if (v instanceof Boolean b) {
                o.addProperty(e.getKey(), b);
            } else {
                o.addProperty(e.getKey(), (String) v);
            }
        }
        return o;
    }

    /**
     * The config back from JSON: a number written without '.' or exponent is an Integer, any other a Double; a
     * one-element list such as Keras' "kernel_size": [8] is its element.
     */
    static LayerConfig configFromJson(String className, JsonObject o) {
        if (className == null || o == null) {
            throw new IllegalArgumentException("no class_name or config");
        }
        LayerConfig.Builder b = LayerConfig.builder(className, str(o, "name"));
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (e.getKey().equals("name")) {
                continue;
            }
            JsonElement v = e.getValue();
            if (v.isJsonArray() && v.getAsJsonArray().size() == 1) {
                v = v.getAsJsonArray().get(0);
            }
            if (!v.isJsonPrimitive()) {
                throw new IllegalArgumentException(className + ": setting '" + e.getKey() + "' = " + v
                        + " is not a number, string or boolean");
            }
            JsonPrimitive p = v.getAsJsonPrimitive();
            if (p.isBoolean()) {
                b.put(e.getKey(), p.getAsBoolean());
            } else if (p.isString()) {
                b.put(e.getKey(), p.getAsString());
            } else {
                String text = p.getAsString();
                boolean integral = !text.contains(".") && !text.contains("e") && !text.contains("E")
                        && !text.equals("NaN") && !text.contains("Infinity");
                b.put(e.getKey(), integral ? (Object) p.getAsInt() : (Object) p.getAsDouble());
            }
        }
        return b.build();
    }

    /** A NaN or infinite weight would make every answer NaN: refused at load, naming the array and the index. */
    private static void requireFinite(Path weightsFile, String array, float[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IOException(weightsFile + ": array '" + array + "' holds " + values[i] + " at flat index " + i
                        + "; a model with non-finite weights gives no meaningful answer");
            }
        }
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    /** One line, without the Gson class names and help links its exceptions carry. */
    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.replace('\n', ' ').replaceAll("(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ", "")
                .replaceAll("\\s*See https://github\\.com/google/gson\\S*", "").strip();
    }

    static String sha256(Path file) throws IOException {
        return FileDigest.hex(file, "SHA-256");
    }
}
