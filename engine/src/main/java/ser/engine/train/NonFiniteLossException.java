package ser.engine.train;

/**
 * Thrown by {@link FitLoop} when a batch loss is NaN or infinite and no callback asked to stop. The message names
 * the epoch, the batch and the first layer whose output held a non-finite value (or the input batch).
 */
public final class NonFiniteLossException extends ArithmeticException {

    public NonFiniteLossException(String message) {
        super(message);
    }
}
