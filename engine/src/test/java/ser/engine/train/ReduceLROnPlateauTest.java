package ser.engine.train;

import org.junit.jupiter.api.Test;
import ser.engine.models.Sequential;
import ser.engine.layers.Activation;
import ser.engine.layers.Dense;
import ser.engine.optim.SGD;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Scripted monitor values against learning-rate trajectories traced by hand through Keras 2.2.4's rules. */
class ReduceLROnPlateauTest {

    private static Sequential model(double lr) {
        Sequential m = new Sequential(1, 2);
        m.add(new Dense(2));
        m.add(new Activation("softmax"));
        m.compile(new SGD(lr));
        return m;
    }

    /** Feeds the values as val_loss, returns the lr after each epoch and checks logs["lr"] is the rate before. */
    private static List<Float> drive(ReduceLROnPlateau cb, Sequential m, double... values) {
        cb.setContext(new TrainingContext(m.optimizer(), new AtomicBoolean(), 0, values.length));
        cb.onTrainBegin();
        List<Float> lrs = new ArrayList<>();
        for (int e = 0; e < values.length; e++) {
            Map<String, Double> logs = new HashMap<>();
            logs.put("val_loss", values[e]);
            double before = m.optimizer().lr();
            cb.onEpochEnd(e, logs);
            assertEquals(before, logs.get("lr"));
            lrs.add((float) m.optimizer().lr());
        }
        return lrs;
    }

    @Test
    void patienceFactorAndMinLr() {
        Sequential m = model(0.1);
        List<Float> lrs = drive(new ReduceLROnPlateau("val_loss", 0.5, 2, 0.01, 1e-4, 0, s -> { }), m,
                1.0, 0.9, 0.95, 0.92, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9, 0.9, 0.9, 0.9);
        // e3: 2 epochs without improvement -> 0.05; e4 improves; e6 -> 0.025; e8 -> 0.0125; e10 -> max(0.00625, 0.01)
        List<Float> expected = List.of(0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 0.05f, 0.025f, 0.025f, 0.0125f, 0.0125f,
                0.01f, 0.01f, 0.01f);
        assertEquals(expected, lrs);
    }

    @Test
    void improvementsSmallerThanMinDeltaDoNotCount() {
        Sequential m = model(0.1);
        List<Float> lrs = drive(new ReduceLROnPlateau("val_loss", 0.5, 1, 0, 1e-4, 0, s -> { }), m,
                1.0, 0.99995, 0.9);
        assertEquals(List.of(0.1f, 0.05f, 0.05f), lrs);
    }

    /** Keras 2.2.4 quirk reproduced: the cooldown counter is decremented before the check, so cooldown 1 is none. */
    @Test
    void cooldown() {
        List<Float> one = drive(new ReduceLROnPlateau("val_loss", 0.5, 1, 0, 1e-4, 1, s -> { }), model(0.8),
                1.0, 1.0, 1.0, 1.0);
        assertEquals(List.of(0.8f, 0.4f, 0.2f, 0.1f), one);
        List<Float> two = drive(new ReduceLROnPlateau("val_loss", 0.5, 1, 0, 1e-4, 2, s -> { }), model(0.8),
                1.0, 1.0, 1.0, 1.0, 1.0);
        assertEquals(List.of(0.8f, 0.4f, 0.4f, 0.2f, 0.2f), two);
    }

    /** A run stopped after epoch 2 and restored continues exactly like the uninterrupted run. */
    @Test
    void restoredStateContinuesTheRun() {
        double[] values = {1.0, 0.9, 0.95, 0.92, 0.93, 0.94, 0.95};
        List<Float> whole = drive(new ReduceLROnPlateau("val_loss", 0.5, 3, 0, 1e-4, 0, s -> { }), model(0.1), values);

        ReduceLROnPlateau first = new ReduceLROnPlateau("val_loss", 0.5, 3, 0, 1e-4, 0, s -> { });
        Sequential m = model(0.1);
        List<Float> head = drive(first, m, 1.0, 0.9, 0.95);
        ReduceLROnPlateau resumed = new ReduceLROnPlateau("val_loss", 0.5, 3, 0, 1e-4, 0, s -> { });
        resumed.restore(first.best(), first.waitCount(), first.cooldownCounter());
        List<Float> tail = drive(resumed, m, 0.92, 0.93, 0.94, 0.95);
        List<Float> joined = new ArrayList<>(head);
        joined.addAll(tail);
        assertEquals(whole, joined);
        // without restore the counters restart and the reduction comes one epoch later
        ReduceLROnPlateau fresh = new ReduceLROnPlateau("val_loss", 0.5, 3, 0, 1e-4, 0, s -> { });
        Sequential m2 = model(0.1);
        drive(new ReduceLROnPlateau("val_loss", 0.5, 3, 0, 1e-4, 0, s -> { }), m2, 1.0, 0.9, 0.95);
        List<Float> restarted = drive(fresh, m2, 0.92, 0.93, 0.94, 0.95);
        assertEquals(false, restarted.equals(tail));
        assertThrows(IllegalArgumentException.class, () -> resumed.restore(1.0, -1, 0));
    }

    @Test
    void accuracyMonitorsAreMaximised() {
        Sequential m = model(0.1);
        ReduceLROnPlateau cb = new ReduceLROnPlateau("val_acc", 0.5, 1, 0, 1e-4, 0, s -> { });
        cb.setContext(new TrainingContext(m.optimizer(), new AtomicBoolean(), 0, 3));
        cb.onTrainBegin();
        Map<String, Double> logs = new HashMap<>(Map.of("val_acc", 0.5));
        cb.onEpochEnd(0, logs);
        logs.put("val_acc", 0.6);
        cb.onEpochEnd(1, logs);
        assertEquals(0.1f, (float) m.optimizer().lr());
        cb.onEpochEnd(2, logs);                               // no increase
        assertEquals(0.05f, (float) m.optimizer().lr());
    }

    @Test
    void rejectsFactorOfOneOrMore() {
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("val_loss", 1.0, 3, 0));
    }
}
