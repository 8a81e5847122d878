package ser.kernels;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import ser.engine.backend.ConvBackend;
import ser.engine.backend.CpuBackend;
import ser.engine.backend.ReferenceBackend;

/**
 * Chooses where the convolutions run, for {@code --backend cpu|opencl|auto}:
 * <ul>
 *   <li>{@code cpu}: the engine's CPU backend (matrix products on every core).</li>
 *   <li>{@code reference}: the engine's reference backend, the formulas as plain loops on one thread (slow; for
 *       checking and reading).</li>
 *   <li>{@code opencl}: an OpenCL device, a GPU if there is one, else any device (PoCL's CPU device counts);
 *       {@code opencl:NAME} takes the first device whose name contains NAME. Without a runtime, a device or a
 *       kernel build: {@link OpenClUnavailableException} with a one-line message.</li>
 *   <li>{@code auto}: an OpenCL GPU if there is one and its kernels build, else the CPU backend with one warning
 *       line saying why. A GPU that fails later in the run hands over to the CPU the same way
 *       ({@link FallbackBackend}).</li>
 * </ul>
 */
public final class Backends {

    private Backends() {
    }

    /**
     * The backend for {@code --backend MODE} (see the class comment), with the engine's shared CPU backend as the
     * CPU choice. Warnings (the reason auto did not use OpenCL, a device failing later) go to warn, one line each.
     *
     * @throws OpenClUnavailableException for opencl when no device can be used (one-line message)
     * @throws IllegalArgumentException   for an unknown mode
     */
    public static ConvBackend select(String mode, Consumer<String> warn) {
        return select(mode, warn, OpenClDevices::all, OpenClBackend::open, CpuBackend::shared);
    }

    // docs:begin select
    static ConvBackend select(String mode, Consumer<String> warn, Supplier<List<OpenClDevice>> devices,
                              Function<OpenClDevice, ConvBackend> open, Supplier<ConvBackend> cpu) {
        String m = mode == null ? "" : mode.trim().toLowerCase(java.util.Locale.ROOT);
        if (m.equals("cpu")) {
            return cpu.get();
        }
        if (m.equals("reference")) {
            return new ReferenceBackend();
        }
        if (m.equals("opencl") || m.startsWith("opencl:")) {
            String wanted = m.startsWith("opencl:") ? mode.trim().substring("opencl:".length()) : null;
            return openOrExplain(pick(devices.get(), wanted), open);
        }
        if (m.equals("auto")) {
            try {
                List<OpenClDevice> all = devices.get();
                OpenClDevice gpu = all.stream().filter(OpenClDevice::gpu).findFirst().orElse(null);
                if (gpu == null) {
                    warn.accept("no OpenCL GPU (found " + all + "); using the CPU backend");
                    return cpu.get();
                }
                return new FallbackBackend(openOrExplain(gpu, open), cpu.get(), warn);
            } catch (OpenClUnavailableException e) {
                warn.accept(e.getMessage() + "; using the CPU backend");
                return cpu.get();
            }
        }
        throw new IllegalArgumentException("backend '" + mode + "': expected cpu, reference, opencl, opencl:DEVICE or auto");
    }
    // docs:end select

    /** The named device, else the first GPU, else the first device. */
    private static OpenClDevice pick(List<OpenClDevice> all, String nameContains) {
        if (nameContains != null) {
            return all.stream().filter(d -> d.name().toLowerCase(java.util.Locale.ROOT)
                            .contains(nameContains.toLowerCase(java.util.Locale.ROOT))).findFirst()
                    .orElseThrow(() -> new OpenClUnavailableException("no OpenCL device name contains '"
                            + nameContains + "' (devices: " + all + ")"));
        }
        return all.stream().filter(OpenClDevice::gpu).findFirst().orElse(all.get(0));
    }

    /** Opens the backend; any OpenCL failure (a kernel that does not build included) becomes one line. */
    private static ConvBackend openOrExplain(OpenClDevice device, Function<OpenClDevice, ConvBackend> open) {
        try {
            return open.apply(device);
        } catch (KernelBuildException e) {
            throw new OpenClUnavailableException(e.getMessage().lines().findFirst().orElse("") + " ("
                    + firstError(e.buildLog()) + ")", e);
        } catch (OpenClException e) {
            throw new OpenClUnavailableException("cannot open device '" + device.name() + "': " + e.getMessage(), e);
        }
    }

    /** The first line of a build log that reports an error, else its first line. */
    static String firstError(String log) {
        String first = null;
        for (String line : log.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (first == null) {
                first = line.strip();
            }
            if (line.contains("error")) {
                return line.strip();
            }
        }
        return first == null ? "empty build log" : first;
    }
}
