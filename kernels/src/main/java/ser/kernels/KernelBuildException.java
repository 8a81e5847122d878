package ser.kernels;

/**
 * An OpenCL program did not compile on a device. The message names the program, the kernel that was asked for
 * and the device, and ends with the compiler's build log.
 */
public final class KernelBuildException extends OpenClException {

    private final String buildLog;

    public KernelBuildException(int status, String program, String kernel, String device, String options,
                                String buildLog) {
        super(status, "kernel '" + kernel + "' of " + program + " failed to build on device '" + device + "': "
                + OpenClStatus.name(status) + " (" + status + ")" + (options.isEmpty() ? "" : ", options '" + options + "'")
                + "\nbuild log:\n" + (buildLog.isBlank() ? "(empty)" : buildLog.strip()));
        this.buildLog = buildLog;
    }

    /** The compiler's output for the device, as returned by CL_PROGRAM_BUILD_LOG. */
    public String buildLog() {
        return buildLog;
    }
}
