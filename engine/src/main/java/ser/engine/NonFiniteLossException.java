package ser.engine;

/**
 * Thrown by {@link Sequential#fit} when a batch loss is NaN or infinite and no callback stopped training. The
 * message names the epoch, the batch and the first layer whose output held a non-finite value.
 */
public final class NonFiniteLossException extends ArithmeticException {

    public NonFiniteLossException(String message) {
        super(message);
    }
}
