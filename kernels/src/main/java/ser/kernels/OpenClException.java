package ser.kernels;

import org.jocl.CL;

/**
 * An OpenCL call failed. The message names the CL_* status, the call, and the device and kernel involved,
 * e.g. {@code "CL_OUT_OF_RESOURCES (-5) in clEnqueueNDRangeKernel(conv1d_forward) on device 'pthread-...'"}.
 */
public class OpenClException extends RuntimeException {

    private final int status;

    public OpenClException(int status, String call, String device) {
        this(status, OpenClStatus.name(status) + " (" + status + ") in " + call + " on device '" + device + "'");
    }

    protected OpenClException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The OpenCL status code, e.g. -5 for CL_OUT_OF_RESOURCES. */
    public int status() {
        return status;
    }

    /** Throws unless status is CL_SUCCESS. */
    static void check(int status, String call, String device) {
        if (status != CL.CL_SUCCESS) {
            throw new OpenClException(status, call, device);
        }
    }
}
