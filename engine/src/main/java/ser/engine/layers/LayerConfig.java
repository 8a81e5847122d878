package ser.engine.layers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a layer is, without its weights: Keras' {@code {"class_name": ..., "config": {...}}} from
 * {@code layer.get_config()}. The class name ("Conv1D"), the layer name ("conv1d_1") and the settings under Keras'
 * own names, each an Integer, Double, String or Boolean:
 * <pre>
 *   Conv1D               filters, kernel_size, padding ('same' | 'valid')
 *   Dense                units
 *   Dropout              rate
 *   MaxPooling1D         pool_size, strides, padding ('valid')
 *   BatchNormalization   axis (-1), momentum, epsilon, zero_debias (TensorFlow's moving averages, or plain)
 *   Activation           activation ('relu' | 'softmax')
 *   Flatten, GlobalAveragePooling1D   (none)
 * </pre>
 * {@link Layers#fromConfig} builds the layer back; {@link #toString()} is the settings as messages show them,
 * {@code filters=256, kernel_size=8, padding='same'}.
 */
public record LayerConfig(String className, String name, Map<String, Object> settings) {

    public LayerConfig {
        if (className == null || className.isEmpty()) {
            throw new IllegalArgumentException("LayerConfig: no class name");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof Integer || v instanceof Double || v instanceof String || v instanceof Boolean)) {
                throw new IllegalArgumentException(className + ": setting " + e.getKey() + " = " + v
                        + " is not an int, double, string or boolean");
            }
            copy.put(e.getKey(), v);
        }
        settings = Collections.unmodifiableMap(copy);
    }

    /** Starts a config with settings added in order (the order they are saved and shown in). */
    public static Builder builder(String className, String name) {
        return new Builder(className, name);
    }

    public int getInt(String key) {
        return (Integer) require(key, Integer.class);
    }

    public double getDouble(String key) {
        Object v = settings.get(key);
        if (v instanceof Integer i) {                      // JSON does not tell 1 from 1.0
            return i;
        }
        return (Double) require(key, Double.class);
    }

    public String getString(String key) {
        return (String) require(key, String.class);
    }

    public boolean getBoolean(String key) {
        return (Boolean) require(key, Boolean.class);
    }

    /** The value of key, or fallback when the config does not have it (a setting added after a model was saved). */
    public boolean getBoolean(String key, boolean fallback) {
        return settings.containsKey(key) ? getBoolean(key) : fallback;
    }

    /** The value of key, or fallback when the config does not have it (a setting added after a model was saved). */
    public String getString(String key, String fallback) {
        return settings.containsKey(key) ? getString(key) : fallback;
    }

    /**
     * Checks that the settings are exactly among the allowed keys, so a misspelt or unsupported setting is an error
     * naming it rather than silently ignored.
     */
    public void requireOnly(String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (String k : settings.keySet()) {
            if (!ok.contains(k)) {
                throw new IllegalArgumentException(className + " " + name + ": unknown setting '" + k + "' (known: "
                        + String.join(", ", List.of(allowed)) + ")");
            }
        }
    }

    private Object require(String key, Class<?> type) {
        Object v = settings.get(key);
        if (v == null) {
            throw new IllegalArgumentException(className + " " + name + ": setting '" + key + "' is missing");
        }
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(className + " " + name + ": setting '" + key + "' = " + v + " is not a "
                    + type.getSimpleName());
        }
        return v;
    }

    /** {@code filters=256, kernel_size=8, padding='same'}: strings quoted, as Keras' repr. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            Object v = e.getValue();
            sb.append(e.getKey()).append('=').append(v instanceof String ? "'" + v + "'" : v);
        }
        return sb.toString();
    }

    public static final class Builder {
        private final String className;
        private final String name;
        private final Map<String, Object> settings = new LinkedHashMap<>();

        private Builder(String className, String name) {
            this.className = className;
            this.name = name;
        }

        public Builder put(String key, Object value) {
            settings.put(key, value);
            return this;
        }

        public LayerConfig build() {
            return new LayerConfig(className, name, settings);
        }
    }
}
