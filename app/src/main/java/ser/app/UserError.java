package ser.app;

/** A problem with the user's input (arguments, data, model files): one line on stderr and exit code 2. */
public final class UserError extends RuntimeException {

    public UserError(String message) {
        super(message);
    }
}
