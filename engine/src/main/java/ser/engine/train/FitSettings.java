package ser.engine.train;

import ser.engine.Tensor;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The arguments of {@code fit} besides the training data, with Keras' names and meanings:
 * <pre>
 *   FitSettings.builder().epochs(700).batchSize(16).validationData(xVal, yVal).initialEpoch(3)
 *           .callbacks(List.of(plateau, checkpoint)).build()
 * </pre>
 *
 * @param epochs         fit runs epochs initialEpoch .. epochs-1 (Keras' epochs: an index, not a count)
 * @param batchSize      samples per mini-batch; the last batch of an epoch is shorter when N is not a multiple
 * @param initialEpoch   first epoch to run (a resumed run passes the epochs already done)
 * @param xVal           validation inputs [M, inputShape...], or null for no validation
 * @param yVal           validation labels [M], null exactly when xVal is
 * @param callbacks      called in this order, then the History fit returns
 * @param stop           set it (from any thread) to end fit after the current batch; fit does not reset it
 */
public record FitSettings(int epochs, int batchSize, int initialEpoch, Tensor xVal, int[] yVal,
                          List<Callback> callbacks, AtomicBoolean stop) {

    public FitSettings {
        callbacks = List.copyOf(callbacks);
        if (stop == null) {
            stop = new AtomicBoolean();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Keras' defaults: 1 epoch, batch 32, no validation, no callbacks, initial epoch 0. */
    public static final class Builder {
        private int epochs = 1;
        private int batchSize = 32;
        private int initialEpoch = 0;
        private Tensor xVal;
        private int[] yVal;
        private List<Callback> callbacks = List.of();
        private AtomicBoolean stop;

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder initialEpoch(int initialEpoch) {
            this.initialEpoch = initialEpoch;
            return this;
        }

        /** Evaluated after every complete epoch into val_loss and val_acc; null, null for none. */
        public Builder validationData(Tensor xVal, int[] yVal) {
            this.xVal = xVal;
            this.yVal = yVal;
            return this;
        }

        public Builder callbacks(List<Callback> callbacks) {
            this.callbacks = callbacks == null ? List.of() : callbacks;
            return this;
        }

        /** A flag another thread may set to stop training after the current batch (e.g. on Ctrl-C). */
        public Builder stopFlag(AtomicBoolean stop) {
            this.stop = stop;
            return this;
        }

        public FitSettings build() {
            return new FitSettings(epochs, batchSize, initialEpoch, xVal, yVal, callbacks, stop);
        }
    }
}
