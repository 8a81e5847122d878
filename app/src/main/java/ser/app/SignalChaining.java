package ser.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Keeps HotSpot's signal handlers in charge in a JVM that loads an OpenCL driver.
 *
 * <p>PoCL, through the LLVM it embeds, installs its own SIGSEGV and SIGBUS handlers (flags SA_RESETHAND) and a
 * SIGFPE handler while it enumerates devices. HotSpot relies on SIGSEGV for safepoint polls and implicit null
 * checks, and an LLVM handler that resets the disposition to the default while it runs leaves a window in which a
 * JVM thread's fault kills the process: "Segmentation fault", no hs_err file. {@code java -Xcheck:jni} shows it
 * ("Warning: SIGSEGV handler modified!").
 *
 * <p>HotSpot's remedy is signal chaining: with {@code libjsig.so} preloaded, a library's {@code sigaction} on a
 * signal the JVM owns is recorded instead of installed, and the JVM passes it only the signals that are not its
 * own. A preload only works from process start, so a command line that will touch OpenCL ({@code devices},
 * {@code --backend opencl|auto}) re-launches this JVM once with {@code LD_PRELOAD} naming libjsig ({@link Relaunch},
 * which also adds the Vector API module in the same re-launch). Linux only: elsewhere there is no
 * {@code /proc/self/maps} and the variable means something else.
 */
final class SignalChaining {

    private SignalChaining() {
    }

    /** Whether this command line will load an OpenCL driver: {@code devices}, or {@code --backend opencl|auto}. */
    static boolean touchesOpenCl(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            String backend = a.startsWith("--backend=") ? a.substring("--backend=".length())
                    : a.equals("--backend") && i + 1 < args.length ? args[i + 1] : null;
            if (backend != null && (backend.equals("opencl") || backend.equals("auto"))) {
                return true;
            }
        }
        return args.length > 0 && args[0].equals("devices");
    }

    /** Whether libjsig is mapped into this process. */
    static boolean libjsigLoaded() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).contains("/libjsig.so");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** HotSpot's signal-chaining library of the running JDK, if it ships one. */
    static Optional<Path> libjsig() {
        Path home = Path.of(System.getProperty("java.home"));
        for (Path p : List.of(home.resolve("lib/libjsig.so"), home.resolve("lib/server/libjsig.so"))) {
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** One line for {@code devices}: whether this JVM is protected. */
    static String status() {
        return libjsigLoaded() ? "signal chaining: on (libjsig preloaded; the JVM keeps its signal handlers)"
                : "signal chaining: off (an OpenCL driver may replace the JVM's signal handlers; see docs/opencl.md)";
    }
}
