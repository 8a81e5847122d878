package ser.engine.train;

import ser.engine.optim.Optimizer;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a {@link Callback} sees of a running {@link FitLoop}: the epoch range, the current epoch, the optimiser's
 * learning rate (to read and to set, as ReduceLROnPlateau does) and a stop request. It is deliberately not the
 * model: a callback that needs the model (a checkpoint saving it) is given it when it is made.
 *
 * <p>The stop request is an {@link AtomicBoolean}, so any thread may set it (the app's Ctrl-C hook does) and the
 * training thread sees it at the end of the current batch (Keras' {@code model.stop_training}, without the data
 * race of a plain field).
 */
public final class TrainingContext {

    private final Optimizer optimizer;
    private final AtomicBoolean stop;
    private final int initialEpoch;
    private final int epochs;
    private int epoch;

    /** The loop makes one per fit; tests make one to drive a callback by hand. */
    public TrainingContext(Optimizer optimizer, AtomicBoolean stop, int initialEpoch, int epochs) {
        this.optimizer = optimizer;
        this.stop = stop;
        this.initialEpoch = initialEpoch;
        this.epochs = epochs;
        this.epoch = initialEpoch;
    }

    /** The epoch running now, counted from 0 (the one onEpochBegin announced). */
    public int epoch() {
        return epoch;
    }

    void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    /** First epoch of this fit (Keras' initial_epoch; above 0 when a run resumes). */
    public int initialEpoch() {
        return initialEpoch;
    }

    /** Epoch count at which fit ends (Keras' epochs: the last epoch run is epochs - 1). */
    public int epochs() {
        return epochs;
    }

    /** The optimiser's current base learning rate. */
    public double lr() {
        return optimizer.lr();
    }

    /** Sets the optimiser's base learning rate (from the next update on). */
    public void setLr(double lr) {
        optimizer.setLr(lr);
    }

    /** Asks fit to stop after the current batch; safe from any thread. */
    public void requestStop() {
        stop.set(true);
    }

    /** Whether a stop was requested (by a callback or another thread). */
    public boolean stopRequested() {
        return stop.get();
    }
}
