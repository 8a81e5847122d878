package ser.engine.train;

import java.util.Map;

/**
 * Hooks called by the training loop ({@link FitLoop}), as Keras' {@code keras.callbacks.Callback}; every hook is a
 * no-op by default. Epochs and batches are counted from 0, as Keras passes them.
 *
 * <p>Keys of the logs map:
 * <ul>
 *   <li>onBatchEnd: {@code batch}, {@code size}, {@code loss}, {@code acc} of that batch.</li>
 *   <li>onEpochEnd: {@code loss}, {@code acc} (sample-weighted means over the epoch's batches), {@code val_loss},
 *       {@code val_acc} (when validation data was given and the epoch finished), {@code lr} (the optimiser's base
 *       rate at the end of the epoch). Callbacks may add keys; later callbacks and the History see them.</li>
 * </ul>
 */
public interface Callback {

    /**
     * Called once before {@link #onTrainBegin} with the context of this fit: learning rate, stop request, epochs
     * (where Keras calls {@code set_model}; a callback gets the running loop's context, not the model).
     */
    default void setContext(TrainingContext context) {
    }

    default void onTrainBegin() {
    }

    default void onTrainEnd() {
    }

    default void onEpochBegin(int epoch) {
    }

    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    default void onBatchBegin(int batch) {
    }

    default void onBatchEnd(int batch, Map<String, Double> logs) {
    }
}
