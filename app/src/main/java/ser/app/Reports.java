package ser.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ser.app.report.Metrics;
import ser.app.report.Plots;
import ser.engine.models.Sequential;
import ser.engine.Tensor;

/** Evaluation on a labelled set: metrics printed, and (with an output folder) the report, heatmap and CSV. */
final class Reports {

    private Reports() {
    }

    /** The model's input x [N, L, 1] (one step per value, one channel) from N feature vectors of length L. */
    static Tensor toModelInput(float[][] rows, int length) {
        float[] flat = new float[rows.length * length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != length) {
                throw new UserError("feature vector " + i + " has length " + rows[i].length + ", the model expects " + length);
            }
            System.arraycopy(rows[i], 0, flat, i * length, length);
        }
        return Tensor.of(flat, rows.length, length, 1);
    }

    /**
     * The most probable class of each row. A row holding NaN or an infinity has no most probable class (every
     * comparison with NaN is false, so a plain argmax would answer class 0 with confidence): refused.
     */
    static int[] argmax(float[][] probabilities) {
        int[] p = new int[probabilities.length];
        for (int i = 0; i < p.length; i++) {
            for (float v : probabilities[i]) {
                if (!Float.isFinite(v)) {
                    throw new UserError("the model's output for input " + (i + 1) + " of " + p.length + " is " + v
                            + "; no answer is given (non-finite weights or input)");
                }
            }
            int best = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][best]) {
                    best = c;
                }
            }
            p[i] = best;
        }
        return p;
    }

    /**
     * Predicts, prints the metrics report and, when {@code outDir} is not null, writes {@code <prefix>-report.txt},
     * {@code <prefix>-confusion.png} and {@code <prefix>-predictions.csv} (name,actual,predicted).
     */
    static Metrics evaluate(Sequential model, float[][] x, int[] y, List<String> names, List<String> classNames,
                            Path outDir, String prefix, String title, PrintWriter out) throws IOException {
        return evaluate(model, toModelInput(x, model.inputShape()[0]), y, names, classNames, outDir, prefix, title, out);
    }

    /** {@link #evaluate} for inputs already stacked in the model's input shape (e.g. [N, T, C] matrices). */
    static Metrics evaluate(Sequential model, Tensor x, int[] y, List<String> names, List<String> classNames,
                            Path outDir, String prefix, String title, PrintWriter out) throws IOException {
        float[][] probabilities = model.predict(x, 64);
        int[] predicted = argmax(probabilities);
        Metrics m = new Metrics(classNames, y, predicted);
        String report = title + "\n\n" + m.report();
        out.println(report);
        if (outDir != null) {
            Files.createDirectories(outDir);
            ser.model.io.AtomicFile.writeString(outDir.resolve(prefix + "-report.txt"), report);
            Plots.confusionHeatmap(outDir.resolve(prefix + "-confusion.png"), classNames, m.confusion, title);
            List<String> lines = new ArrayList<>();
            lines.add("name,actual,predicted");
            for (int i = 0; i < y.length; i++) {
                lines.add(names.get(i) + "," + classNames.get(y[i]) + "," + classNames.get(predicted[i]));
            }
            ser.model.io.AtomicFile.writeString(outDir.resolve(prefix + "-predictions.csv"), String.join("\n", lines) + "\n");
            out.println("wrote " + outDir.resolve(prefix + "-report.txt") + ", " + prefix + "-confusion.png, "
                    + prefix + "-predictions.csv");
        }
        out.flush();
        return m;
    }
}
