package ser.kernels;

/**
 * Where an OpenCL backend's time went: host-to-device copies, kernels (measured only while profiling is on,
 * since launches are otherwise asynchronous) and device-to-host copies, with the bytes moved each way.
 */
public record Profile(long uploadNanos, long kernelNanos, long downloadNanos, long bytesUp, long bytesDown) {

    @Override
    public String toString() {
        double total = uploadNanos + kernelNanos + downloadNanos;
        return String.format("upload %.1f ms (%.0f%%, %.1f MB), kernels %.1f ms (%.0f%%), download %.1f ms (%.0f%%, %.1f MB)",
                uploadNanos / 1e6, 100 * uploadNanos / total, bytesUp / 1e6, kernelNanos / 1e6,
                100 * kernelNanos / total, downloadNanos / 1e6, 100 * downloadNanos / total, bytesDown / 1e6);
    }
}
