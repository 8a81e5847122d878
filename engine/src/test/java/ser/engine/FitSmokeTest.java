package ser.engine;

import ser.engine.models.Sequential;
import org.junit.jupiter.api.Test;
import ser.engine.optim.SGD;
import ser.engine.train.FitSettings;
import ser.engine.train.History;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FitSmokeTest {

    /** Two classes told apart by the sign of a bump in the signal; a narrow notebook network must learn it. */
    @Test
    void narrowNotebookNetworkLearnsASeparableTask() {
        int n = 40;
        int length = 64;
        Rng rng = new Rng(5);
        float[] x = new float[n * length];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int t = 0; t < length; t++) {
                double bump = Math.exp(-Math.pow((t - 32) / 6.0, 2)) * (y[i] == 0 ? 1 : -1);
                x[i * length + t] = (float) (bump + 0.1 * rng.nextGaussian());
            }
        }
        Tensor xs = Tensor.of(x, n, length, 1);
        Sequential m = NotebookNet.build(3, length, 2, 8, 8, 8, 8, 4, 0.25);
        m.compile(new SGD(0.05, 0.9, 0.0, false));
        double before = m.evaluate(xs, y, 16).loss();
        History h = m.fit(xs, y, FitSettings.builder().epochs(15).batchSize(16).validationData(xs, y).build());
        System.out.printf("evaluate loss before %.4f; history %s%n", before, h.history());
        assertEquals(15, h.epochs().size());
        assertTrue(h.history().keySet().containsAll(List.of("loss", "acc", "val_loss", "val_acc", "lr")));
        // Training-mode loss (what fit reports) must fall far; inference-mode val_loss lags because BN's moving
        // statistics (momentum 0.99) have seen only 45 batches, as in Keras.
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(14) < 0.1 * loss.get(0), "training should reduce the loss: " + loss);
        assertEquals(1.0, h.get("acc").get(14));
    }
}
