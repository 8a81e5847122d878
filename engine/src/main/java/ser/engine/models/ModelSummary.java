package ser.engine.models;

import ser.engine.layers.Layer;
import ser.engine.layers.Weight;

import java.util.List;

/** Keras 2.2's {@code model.summary()} table for a list of layers (line length 65, columns ending at 29/55/65). */
public final class ModelSummary {

    private ModelSummary() {
    }

    // docs:begin summary
    /** The table: one row per layer (name and class, output shape, parameter count), then the totals. */
    public static String of(List<Layer> layers) {
        int[] cols = {29, 55, 65};
        StringBuilder sb = new StringBuilder();
        String thin = "_".repeat(65) + "\n";
        String thick = "=".repeat(65) + "\n";
        sb.append(thin);
        row(sb, cols, "Layer (type)", "Output Shape", "Param #");
        sb.append(thick);
        long total = 0;
        long trainable = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            row(sb, cols, l.name() + " (" + l.kerasClassName() + ")", Layer.shapeWithBatch(l.outputShape()),
                    String.valueOf(l.paramCount()));
            sb.append(i == layers.size() - 1 ? thick : thin);
            for (Weight w : l.weights()) {
                total += w.size();
                trainable += w.trainable() ? w.size() : 0;
            }
        }
        if (layers.isEmpty()) {
            sb.append(thick);
        }
        sb.append(String.format("Total params: %,d%n", total));
        sb.append(String.format("Trainable params: %,d%n", trainable));
        sb.append(String.format("Non-trainable params: %,d%n", total - trainable));
        sb.append(thin);
        return sb.toString().replace("\r\n", "\n");
    }
    // docs:end summary

    /**
     * Keras' print_row: each field is cut or padded to end at its column, and before each field after the first
     * the last character so far becomes a space (hence "batch_normalization_1 (Batch (None, ...").
     */
    private static void row(StringBuilder sb, int[] cols, String... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.setCharAt(line.length() - 1, ' ');
            }
            line.append(fields[i]);
            if (line.length() > cols[i]) {
                line.setLength(cols[i]);
            }
            while (line.length() < cols[i]) {
                line.append(' ');
            }
        }
        sb.append(line).append('\n');
    }
}
