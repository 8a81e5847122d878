package ser.engine.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Callbacks called in order, as Keras' {@code CallbackList}: the loop calls this one, it calls each of them. */
public final class CallbackList {

    private final List<Callback> callbacks;

    public CallbackList(List<Callback> callbacks) {
        this.callbacks = new ArrayList<>(callbacks);
    }

    public void setContext(TrainingContext context) {
        for (Callback cb : callbacks) {
            cb.setContext(context);
        }
    }

    public void onTrainBegin() {
        for (Callback cb : callbacks) {
            cb.onTrainBegin();
        }
    }

    public void onTrainEnd() {
        for (Callback cb : callbacks) {
            cb.onTrainEnd();
        }
    }

    public void onEpochBegin(int epoch) {
        for (Callback cb : callbacks) {
            cb.onEpochBegin(epoch);
        }
    }

    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        for (Callback cb : callbacks) {
            cb.onEpochEnd(epoch, logs);
        }
    }

    public void onBatchBegin(int batch) {
        for (Callback cb : callbacks) {
            cb.onBatchBegin(batch);
        }
    }

    public void onBatchEnd(int batch, Map<String, Double> logs) {
        for (Callback cb : callbacks) {
            cb.onBatchEnd(batch, logs);
        }
    }
}
