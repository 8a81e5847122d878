package ser.kernels;

/**
 * The OpenCL backend cannot be used here: no OpenCL runtime (ICD loader), no platform or device, or the kernels
 * do not build. The message is one line that says which, e.g.
 * {@code "OpenCL unavailable: no OpenCL runtime (libOpenCL not found: ...)"}.
 */
public final class OpenClUnavailableException extends RuntimeException {

    public OpenClUnavailableException(String reason) {
        super("OpenCL unavailable: " + reason);
    }

    public OpenClUnavailableException(String reason, Throwable cause) {
        super("OpenCL unavailable: " + reason, cause);
    }
}
