package ser.model.keras;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Dropout;
import ser.engine.layers.Flatten;
import ser.engine.layers.GlobalAveragePooling1D;
import ser.engine.layers.Layer;
import ser.engine.layers.MaxPooling1D;
import ser.engine.layers.Padding;

/**
 * One Keras layer config to the engine layers that compute the same function, or a one-line refusal naming the
 * layer and the setting.
 *
 * <pre>
 *   Keras                                        engine
 *   Conv1D(filters, kernel_size=[k] or k,        Conv1D(filters, k, same|valid) [+ Activation(a)]
 *          strides 1, dilation_rate 1,
 *          padding same|valid, activation a)
 *   Dense(units, activation a)                   Dense(units) [+ Activation(a)]
 *   Activation(relu|softmax)                     Activation
 *   Activation(linear), Dense/Conv1D linear      nothing (identity)
 *   Dropout(rate)                                Dropout(rate)   (identity at inference)
 *   MaxPooling1D(pool_size, strides             MaxPooling1D(pool, strides)
 *                (null: pool_size), padding valid)
 *   BatchNormalization(axis -1, momentum, eps)   BatchNormalization(momentum, epsilon)
 *   Flatten (channels_last)                      Flatten
 *   GlobalAveragePooling1D (channels_last)       GlobalAveragePooling1D
 * </pre>
 * A separate Activation is named after its layer, e.g. "dense_1_softmax", so names never collide with Keras' own
 * activation_N. {@code use_bias: false} imports as a zero bias (the engine's Conv1D and Dense always have one).
 */
final class KerasLayers {

    static final Set<String> SUPPORTED = Set.of("Conv1D", "Dense", "Activation", "Dropout", "MaxPooling1D",
            "BatchNormalization", "Flatten", "GlobalAveragePooling1D");
    private static final Set<String> ACTIVATIONS = Set.of("relu", "softmax", "linear");

    /** The engine layers for one Keras layer: the main one (null for an identity) and an optional activation. */
    record Mapped(KerasConfig.Layer keras, Layer main, Activation activation) {
        List<Layer> engineLayers() {
            List<Layer> l = new ArrayList<>(2);
            if (main != null) {
                l.add(main);
            }
            if (activation != null) {
                l.add(activation);
            }
            return l;
        }
    }

    private KerasLayers() {
    }

    /**
     * @param source named in messages
     * @param rank   rank of this layer's per-sample input (2 for (steps, channels), 1 for (features,))
     */
    static Mapped map(KerasConfig.Layer k, int rank, String source) throws IOException {
        JsonObject c = k.config();
        String where = source + ": " + k.describe();
        switch (k.className()) {
            case "Conv1D" -> {
                requireOne(c, "strides", where);
                requireOne(c, "dilation_rate", where);
                requireValue(c, "data_format", "channels_last", where);
                String padding = string(c, "padding", "valid");
                if (!padding.equals("same") && !padding.equals("valid")) {
                    throw new IOException(where + ": padding '" + padding + "' is not supported (only 'same' and 'valid')");
                }
                Conv1D conv = new Conv1D(intOrFirst(c, "filters", where), intOrFirst(c, "kernel_size", where),
                        padding.equals("same") ? Padding.SAME : Padding.VALID);
                conv.setName(k.name());
                return new Mapped(k, conv, activation(k, string(c, "activation", "linear"), where));
            }
            case "Dense" -> {
                Dense d = new Dense(intOrFirst(c, "units", where));
                d.setName(k.name());
                return new Mapped(k, d, activation(k, string(c, "activation", "linear"), where));
            }
            case "Activation" -> {
                String a = string(c, "activation", null);
                checkActivation(a, where);
                if (a.equals("linear")) {
                    return new Mapped(k, null, null);
                }
                Activation act = new Activation(a);
                act.setName(k.name());
                return new Mapped(k, act, null);
            }
            case "Dropout" -> {
                JsonElement ns = c.get("noise_shape");
                if (ns != null && !ns.isJsonNull()) {
                    throw new IOException(where + ": noise_shape " + ns + " is not supported (only null)");
                }
                Dropout d = new Dropout(number(c, "rate", where));
                d.setName(k.name());
                return new Mapped(k, d, null);
            }
            case "MaxPooling1D" -> {
                int pool = intOrFirst(c, "pool_size", where);
                JsonElement s = c.get("strides");
                int strides = s == null || s.isJsonNull() ? pool : intOrFirst(c, "strides", where);
                String padding = string(c, "padding", "valid");
                if (!padding.equals("valid")) {
                    throw new IOException(where + ": padding '" + padding + "' is not supported (only 'valid')");
                }
                requireValue(c, "data_format", "channels_last", where);
                MaxPooling1D m = new MaxPooling1D(pool, strides);
                m.setName(k.name());
                return new Mapped(k, m, null);
            }
            case "BatchNormalization" -> {
                JsonElement axis = c.get("axis");
                int ax = axis == null ? -1 : axis.isJsonArray() ? axis.getAsJsonArray().get(0).getAsInt() : axis.getAsInt();
                if (ax != -1 && ax != rank) {
                    throw new IOException(where + ": axis " + axis + " is not supported (only the channel axis, -1)");
                }
                BatchNormalization bn = new BatchNormalization(c.has("momentum") ? number(c, "momentum", where) : 0.99,
                        c.has("epsilon") ? number(c, "epsilon", where) : 1e-3);
                bn.setName(k.name());
                return new Mapped(k, bn, null);
            }
            case "GlobalAveragePooling1D" -> {
                requireValue(c, "data_format", "channels_last", where);
                GlobalAveragePooling1D g = new GlobalAveragePooling1D();
                g.setName(k.name());
                return new Mapped(k, g, null);
            }
            case "Flatten" -> {
                requireValue(c, "data_format", "channels_last", where);
                Flatten f = new Flatten();
                f.setName(k.name());
                return new Mapped(k, f, null);
            }
            default -> throw new IOException(where + ": this layer class is not supported (supported: "
                    + String.join(", ", SUPPORTED.stream().sorted().toList()) + ")");
        }
    }

    private static Activation activation(KerasConfig.Layer k, String a, String where) throws IOException {
        checkActivation(a, where);
        if (a.equals("linear")) {
            return null;
        }
        Activation act = new Activation(a);
        act.setName(k.name() + "_" + a);
        return act;
    }

    private static void checkActivation(String a, String where) throws IOException {
        if (a == null || !ACTIVATIONS.contains(a)) {
            throw new IOException(where + ": activation '" + a + "' is not supported (only relu, softmax, linear)");
        }
    }

    /** An int given as n or [n] (Keras writes kernel_size, pool_size, strides as one-element lists). */
    static int intOrFirst(JsonObject c, String key, String where) throws IOException {
        JsonElement e = c.get(key);
        try {
            if (e != null && e.isJsonArray() && e.getAsJsonArray().size() == 1) {
                return e.getAsJsonArray().get(0).getAsInt();
            }
            if (e != null && e.isJsonPrimitive()) {
                return e.getAsInt();
            }
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw new IOException(where + ": " + key + " is " + e + ", expected an integer or a one-element list");
    }

    private static void requireOne(JsonObject c, String key, String where) throws IOException {
        JsonElement e = c.get(key);
        if (e != null && !e.isJsonNull() && intOrFirst(c, key, where) != 1) {
            throw new IOException(where + ": " + key + " " + e + " is not supported (only 1)");
        }
    }

    private static void requireValue(JsonObject c, String key, String value, String where) throws IOException {
        JsonElement e = c.get(key);
        if (e != null && !e.isJsonNull() && !e.getAsString().equals(value)) {
            throw new IOException(where + ": " + key + " '" + e.getAsString() + "' is not supported (only '" + value + "')");
        }
    }

    private static String string(JsonObject c, String key, String fallback) {
        JsonElement e = c.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    private static double number(JsonObject c, String key, String where) throws IOException {
        JsonElement e = c.get(key);
        try {
            return e.getAsDouble();
        } catch (RuntimeException ex) {
            throw new IOException(where + ": " + key + " is " + e + ", expected a number");
        }
    }

    static boolean useBias(JsonObject c) {
        JsonElement e = c.get("use_bias");
        return e == null || e.isJsonNull() || e.getAsBoolean();
    }

    static boolean flag(JsonObject c, String key) {
        JsonElement e = c.get(key);
        return e == null || e.isJsonNull() || e.getAsBoolean();
    }
}
