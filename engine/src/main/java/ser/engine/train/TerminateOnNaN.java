package ser.engine.train;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Stops training when a batch loss is NaN or infinite (Keras' {@code TerminateOnNaN}), printing which epoch and batch
 * produced it. Without this callback {@link FitLoop} throws instead (see there).
 */
public final class TerminateOnNaN implements Callback {

    private final Consumer<String> out;
    private TrainingContext context;
    private int epoch;
    private String message;

    public TerminateOnNaN() {
        this(System.out::println);
    }

    public TerminateOnNaN(Consumer<String> out) {
        this.out = out;
    }

    @Override
    public void setContext(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onEpochBegin(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && (loss.isNaN() || loss.isInfinite())) {
            message = "Epoch " + (epoch + 1) + ", batch " + batch + ": invalid loss " + loss + ", terminating training";
            out.accept(message);
            context.requestStop();
        }
    }

    /** The message printed when training was stopped, or null. */
    public String message() {
        return message;
    }
}
