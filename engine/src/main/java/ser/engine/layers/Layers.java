package ser.engine.layers;

import java.util.List;

/** Builds a layer from its {@link LayerConfig}, as Keras' {@code layers.deserialize}: by class name. */
public final class Layers {

    /** The class names {@link #fromConfig} knows. */
    public static final List<String> SUPPORTED = List.of("Conv1D", "Dense", "Dropout", "MaxPooling1D",
            "BatchNormalization", "Activation", "Flatten", "GlobalAveragePooling1D");

    private Layers() {
    }

    /**
     * A new, unbuilt layer with the config's name and settings; adding it to a model builds it.
     *
     * @throws IllegalArgumentException naming the class and the setting when the config does not describe a layer
     */
    public static Layer fromConfig(LayerConfig c) {
        Layer layer = switch (c.className()) {
            case "Conv1D" -> Conv1D.fromConfig(c);
            case "Dense" -> Dense.fromConfig(c);
            case "Dropout" -> Dropout.fromConfig(c);
            case "MaxPooling1D" -> MaxPooling1D.fromConfig(c);
            case "BatchNormalization" -> BatchNormalization.fromConfig(c);
            case "Activation" -> Activation.fromConfig(c);
            case "Flatten" -> Flatten.fromConfig(c);
            case "GlobalAveragePooling1D" -> GlobalAveragePooling1D.fromConfig(c);
            default -> throw new IllegalArgumentException("unknown layer class '" + c.className() + "' (supported: "
                    + String.join(", ", SUPPORTED) + ")");
        };
        if (c.name() != null) {
            layer.setName(c.name());
        }
        return layer;
    }
}
