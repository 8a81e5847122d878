package ser.engine.train;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Multiplies the learning rate by factor when the monitored value has not improved for patience epochs, with Keras
 * 2.2.4's rules ({@code keras.callbacks.ReduceLROnPlateau}):
 * <ul>
 *   <li>mode 'auto': monitors containing "acc" must increase, others (loss) must decrease; improvement means
 *       {@code current < best - minDelta} (min) or {@code current > best + minDelta} (max), minDelta = 1e-4;</li>
 *   <li>on improvement best = current and wait = 0; otherwise, unless in cooldown, wait += 1 and when
 *       wait >= patience and lr > minLr: lr = max(lr * factor, minLr), cooldown counter = cooldown, wait = 0;</li>
 *   <li>while the cooldown counter is positive it is decremented and wait is reset each epoch;</li>
 *   <li>logs["lr"] is set to the rate before any reduction this epoch; a missing monitor key only warns.</li>
 * </ul>
 */
public final class ReduceLROnPlateau implements Callback {

    private final String monitor;
    private final double factor;
    private final int patience;
    private final double minLr;
    private final double minDelta;
    private final int cooldown;
    private final boolean minimise;
    private final Consumer<String> out;

    private TrainingContext context;
    private double best;
    private int wait;
    private int cooldownCounter;
    private boolean restored; // true after restore(): the next onTrainBegin keeps the state

    /** Keras defaults for the rest: mode auto, min_delta 1e-4, cooldown 0, messages to standard output. */
    public ReduceLROnPlateau(String monitor, double factor, int patience, double minLr) {
        this(monitor, factor, patience, minLr, 1e-4, 0, System.out::println);
    }

    public ReduceLROnPlateau(String monitor, double factor, int patience, double minLr, double minDelta,
                             int cooldown, Consumer<String> out) {
        if (!(factor < 1.0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0, got " + factor);
        }
        if (monitor == null || monitor.isEmpty() || patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: need a monitor and patience, cooldown >= 0, got monitor="
                    + monitor + ", patience=" + patience + ", cooldown=" + cooldown);
        }
        this.monitor = monitor;
        this.factor = factor;
        this.patience = patience;
        this.minLr = minLr;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minimise = !monitor.contains("acc");
        this.out = out;
        reset();
    }

    private void reset() {
        best = minimise ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        wait = 0;
        cooldownCounter = 0;
    }

    @Override
    public void setContext(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onTrainBegin() {
        if (!restored) {
            reset();
        }
        restored = false;
    }

    /**
     * Continues a run that stopped after some epochs (the app's {@code --resume}): the next {@link #onTrainBegin}
     * keeps this state instead of resetting it, so the plateau counts on as if the run had never stopped. Keras
     * itself resets these counters on every {@code fit} call.
     */
    public void restore(double best, int wait, int cooldownCounter) {
        if (wait < 0 || cooldownCounter < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau.restore: wait and cooldownCounter must be >= 0, got "
                    + wait + " and " + cooldownCounter);
        }
        this.best = best;
        this.wait = wait;
        this.cooldownCounter = cooldownCounter;
        this.restored = true;
    }

    // docs:begin reduce-lr
    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("lr", context.lr());
        Double current = logs.get(monitor);
        if (current == null) {
            out.accept("ReduceLROnPlateau: monitor '" + monitor + "' is not in the logs " + logs.keySet()
                    + "; learning rate unchanged");
            return;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        boolean improved = minimise ? current < best - minDelta : current > best + minDelta;
        if (improved) {
            best = current;
            wait = 0;
        } else if (cooldownCounter <= 0) {
            wait++;
            if (wait >= patience) {
                double oldLr = context.lr();
                if (oldLr > minLr) {
                    double newLr = Math.max(oldLr * factor, minLr);
                    context.setLr(newLr);
                    out.accept(String.format("Epoch %05d: ReduceLROnPlateau reducing learning rate to %s.",
                            epoch + 1, (float) newLr));
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }
    // docs:end reduce-lr

    /** Epochs without improvement so far. */
    public int waitCount() {
        return wait;
    }

    public double best() {
        return best;
    }

    /** Epochs left in the cool-down after the last reduction. */
    public int cooldownCounter() {
        return cooldownCounter;
    }
}
