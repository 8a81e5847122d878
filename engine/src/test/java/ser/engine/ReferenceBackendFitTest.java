package ser.engine;

import org.junit.jupiter.api.Test;
import ser.engine.backend.CpuBackend;
import ser.engine.backend.ReferenceBackend;
import ser.engine.models.Sequential;
import ser.engine.optim.SGD;
import ser.engine.train.FitSettings;
import ser.engine.train.History;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole fit on the reference backend (the formulas as loops) and on the fast CPU backend gives the same history
 * and the same weights up to float rounding: the GEMM lowering, the register tiles and the threads change the order
 * of the sums, nothing else.
 */
class ReferenceBackendFitTest {

    private static History fit(Sequential m, Tensor x, int[] y) {
        m.compile(new SGD(0.05, 0.9, 0.0, false));
        return m.fit(x, y, FitSettings.builder().epochs(3).batchSize(8).validationData(x, y).build());
    }

    @Test
    void theFastBackendTrainsAsTheReferenceDoes() {
        int n = 24;
        int length = 40;
        Rng rng = new Rng(11);
        float[] data = new float[n * length];
        int[] y = new int[n];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.uniform(-1, 1);
        }
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
        }
        Tensor x = Tensor.of(data, n, length, 1);

        Sequential reference = NotebookNet.build(3, length, 2, 8, 8, 8, 8, 4, 0.25);
        reference.setBackend(new ReferenceBackend());
        Sequential fast = NotebookNet.build(3, length, 2, 8, 8, 8, 8, 4, 0.25);
        fast.setBackend(CpuBackend.shared());
        History hr = fit(reference, x, y);
        History hf = fit(fast, x, y);

        for (String metric : List.of("loss", "val_loss")) {
            List<Double> a = hr.get(metric);
            List<Double> b = hf.get(metric);
            for (int e = 0; e < a.size(); e++) {
                double rel = Math.abs(a.get(e) - b.get(e)) / Math.abs(a.get(e));
                assertTrue(rel < 1e-4, metric + " of epoch " + e + ": reference " + a.get(e) + ", cpu " + b.get(e));
            }
        }
        assertEquals(reference.weights().size(), fast.weights().size());
        for (int i = 0; i < reference.weights().size(); i++) {
            float[] wr = reference.weights().get(i).value().data();
            float[] wf = fast.weights().get(i).value().data();
            double scale = 1e-30;
            double worst = 0;
            for (int j = 0; j < wr.length; j++) {
                scale = Math.max(scale, Math.abs(wr[j]));
                worst = Math.max(worst, Math.abs(wr[j] - wf[j]));
            }
            // absolute floor: a bias just before BatchNorm gets a gradient that is zero up to rounding (BN removes
            // the mean), so its values are rounding noise of order 1e-8 in both runs
            assertTrue(worst < 1e-4 * scale + 1e-6, reference.weights().get(i).name() + " differs by " + worst
                    + " (largest |w| " + scale + ")");
        }
    }
}
