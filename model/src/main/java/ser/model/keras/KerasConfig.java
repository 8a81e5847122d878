package ser.model.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Keras Sequential architecture, as {@code model.to_json()} writes it and as {@code model.save} stores it in the
 * {@code model_config} attribute. Two spellings exist:
 * <pre>
 *   Keras 2.0.x:      {"class_name": "Sequential", "config": [ {"class_name": "Conv1D", "config": {...}}, ... ]}
 *   Keras 2.1 / 2.2:  {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [ ... ]}}
 * </pre>
 * The input shape is the first layer's {@code batch_input_shape} ([null, steps, channels]); a leading
 * {@code InputLayer} (tf.keras writes one) gives it instead and is dropped.
 *
 * @param layers     the layers in order, each with its Keras class name, name and raw config
 * @param inputShape per-sample input shape (no batch axis); -1 where Keras has null (a variable length)
 * @param source     where the config came from, for messages: the --config file, or "MODEL.h5 (model_config)"
 */
public record KerasConfig(String modelName, List<Layer> layers, int[] inputShape, String source) {

    /** One layer entry: {@code class_name} and the {@code config} object (whose "name" is the layer's name). */
    public record Layer(String className, String name, JsonObject config) {
        /** "conv1d_1 (Conv1D)" for messages. */
        public String describe() {
            return "layer '" + name + "' (" + className + ")";
        }
    }

    /**
     * Parses a model config.
     *
     * @param source named in messages (the file it came from)
     * @throws IOException one line naming source: not JSON, not Sequential (a functional-API model), no input shape
     */
    public static KerasConfig parse(String json, String source) throws IOException {
        try {
            return parseChecked(json, source);
        } catch (RuntimeException e) {
            // Gson's getAsString/getAsInt/getAsJsonObject on an element of another kind (a damaged or hand-edited file)
            throw new IOException(source + ": the model config is malformed (" + e.getClass().getSimpleName() + ": "
                    + oneLine(e.getMessage()) + ")");
        }
    }

    private static KerasConfig parseChecked(String json, String source) throws IOException {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new IOException(source + ": the model config is not a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(source + ": the model config is not valid JSON (" + oneLine(e.getMessage()) + ")");
        }
        String cls = root.has("class_name") ? root.get("class_name").getAsString() : null;
        if (!"Sequential".equals(cls)) {
            throw new IOException(source + ": class_name '" + cls + "': only Sequential models are imported"
                    + ("Model".equals(cls) || "Functional".equals(cls) ? " (this is a functional-API model)" : ""));
        }
        JsonElement cfg = root.get("config");
        JsonArray entries;
        String modelName = null;
        if (cfg != null && cfg.isJsonArray()) {
            entries = cfg.getAsJsonArray();                                    // Keras 2.0.x
        } else if (cfg != null && cfg.isJsonObject() && cfg.getAsJsonObject().has("layers")) {
            entries = cfg.getAsJsonObject().getAsJsonArray("layers");           // Keras 2.1+
            JsonElement n = cfg.getAsJsonObject().get("name");
            modelName = n == null || n.isJsonNull() ? null : n.getAsString();
        } else {
            throw new IOException(source + ": the Sequential config is neither a list of layers nor an object with 'layers'");
        }
        List<Layer> layers = new ArrayList<>();
        int[] inputShape = null;
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).isJsonObject()) {
                throw new IOException(source + ": layer " + (i + 1) + " of the config is not an object");
            }
            JsonObject e = entries.get(i).getAsJsonObject();
            if (!e.has("class_name") || !e.has("config") || !e.get("config").isJsonObject()) {
                throw new IOException(source + ": layer " + (i + 1) + " of the config has no class_name or config");
            }
            String layerClass = e.get("class_name").getAsString();
            JsonObject c = e.getAsJsonObject("config");
            String name = c.has("name") ? c.get("name").getAsString() : layerClass.toLowerCase() + "_" + (i + 1);
            if (inputShape == null && c.has("batch_input_shape")) {
                inputShape = shape(c.getAsJsonArray("batch_input_shape"), source, name);
            }
            if ("InputLayer".equals(layerClass)) {
                if (i != 0) {
                    throw new IOException(source + ": an InputLayer ('" + name + "') in the middle of a Sequential model");
                }
                continue;
            }
            if ("Sequential".equals(layerClass) || "Model".equals(layerClass) || "Functional".equals(layerClass)) {
                throw new IOException(source + ": layer '" + name + "' is a nested " + layerClass + " model; only flat"
                        + " Sequential models are imported");
            }
            layers.add(new Layer(layerClass, name, c));
        }
        if (layers.isEmpty()) {
            throw new IOException(source + ": the Sequential model has no layers");
        }
        if (inputShape == null) {
            throw new IOException(source + ": " + layers.get(0).describe() + " has no batch_input_shape, so the input"
                    + " shape is unknown");
        }
        return new KerasConfig(modelName, List.copyOf(layers), inputShape, source);
    }

    private static int[] shape(JsonArray batchShape, String source, String layer) throws IOException {
        if (batchShape.size() < 2) {
            throw new IOException(source + ": layer '" + layer + "' has batch_input_shape " + batchShape
                    + ", expected [null, steps, channels]");
        }
        int[] s = new int[batchShape.size() - 1];
        try {
            for (int i = 1; i < batchShape.size(); i++) {
                s[i - 1] = batchShape.get(i).isJsonNull() ? -1 : batchShape.get(i).getAsInt();
            }
        } catch (RuntimeException e) {
            throw new IOException(source + ": layer '" + layer + "' has batch_input_shape " + batchShape
                    + ", expected [null, steps, channels] of integers");
        }
        return s;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ');
    }
}
