package ser.engine.gradcheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Central finite differences on a double-precision reference function, compared with the engine's float32
 * analytic gradients.
 *
 * <p>For an operand element v the numerical derivative is (f(v + h) - f(v - h)) / (2h) with h = 1e-6, computed on
 * the reference (truncation error ~h^2, rounding ~1e-16 |f| / h, both far below the tolerance). The error of one
 * element is
 * <pre>
 *   err = |analytic - numeric| / max(|analytic|, |numeric|, floor)
 *   floor = max(0.01 * max_j |numeric_j| over this operand, 1e-3 * max |numeric| over all operands of the check)
 * </pre>
 * i.e. relative, except that elements below 1% of the operand's largest gradient are measured against that 1%
 * (float32 sums of cancelling terms cannot be relatively exact there), and an operand whose true gradient is zero
 * (a conv bias feeding BatchNormalization) is held to 1e-3 of the check's largest gradient in absolute terms.
 * A check passes when every operand's worst err is below {@link #TOLERANCE}; a one-percent error on a large
 * element gives err ~ 0.0099, ten times that.
 */
public final class GradCheck {

    public static final double TOLERANCE = 1e-3;
    static final double STEP = 1e-6;

    private GradCheck() {
    }

    /** One differentiable argument: its values (used by the reference) and the engine's analytic gradient. */
    public record Operand(String name, float[] value, float[] analytic) {
    }

    /** Worst error per operand. */
    public record Report(String label, Map<String, Double> worst, Map<String, Double> scale) {
        public double overall() {
            return worst.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        public boolean passed() {
            return overall() < TOLERANCE;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format("%-46s worst rel. error %.2e", label, overall()));
            for (Map.Entry<String, Double> e : worst.entrySet()) {
                sb.append(String.format("%n    %-28s %.2e   (max |grad| %.2e)", e.getKey(), e.getValue(),
                        scale.get(e.getKey())));
            }
            return sb.toString();
        }
    }

    /**
     * Checks every element of every operand. f receives the operands' current values as doubles (index = operand
     * order) and returns the scalar loss; the arrays it receives may be modified between calls by the checker only.
     */
    public static Report check(String label, List<Operand> operands, ToDoubleFunction<double[][]> f) {
        double[][] values = new double[operands.size()][];
        for (int o = 0; o < operands.size(); o++) {
            values[o] = Ref.toDouble(operands.get(o).value());
        }
        double[][] numeric = new double[operands.size()][];
        double global = 0;
        for (int o = 0; o < operands.size(); o++) {
            double[] v = values[o];
            numeric[o] = new double[v.length];
            // docs:begin central-difference
            for (int i = 0; i < v.length; i++) {
                double saved = v[i];
                v[i] = saved + STEP;
                double plus = f.applyAsDouble(values);
                v[i] = saved - STEP;
                double minus = f.applyAsDouble(values);
                v[i] = saved;
                numeric[o][i] = (plus - minus) / (2 * STEP);
                global = Math.max(global, Math.abs(numeric[o][i]));
            }
            // docs:end central-difference
        }
        Map<String, Double> worst = new LinkedHashMap<>();
        Map<String, Double> scale = new LinkedHashMap<>();
        for (int o = 0; o < operands.size(); o++) {
            worst.put(operands.get(o).name(), worstError(operands.get(o).analytic(), numeric[o], global));
            scale.put(operands.get(o).name(), maxAbs(numeric[o]));
        }
        return new Report(label, worst, scale);
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    // docs:begin error-measure
    /** The error measure described in the class comment, maximised over elements. */
    public static double worstError(float[] analytic, double[] numeric, double globalScale) {
        double floor = Math.max(Math.max(0.01 * maxAbs(numeric), 1e-3 * globalScale), 1e-12);
        double worst = 0;
        for (int i = 0; i < numeric.length; i++) {
            double a = analytic[i];
            double denom = Math.max(Math.max(Math.abs(a), Math.abs(numeric[i])), floor);
            worst = Math.max(worst, Math.abs(a - numeric[i]) / denom);
        }
        return worst;
    }
    // docs:end error-measure

    /** Operands list builder for readability at call sites. */
    public static List<Operand> operands(Operand... ops) {
        return new ArrayList<>(List.of(ops));
    }
}
