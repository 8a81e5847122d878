package ser.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

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
 * {@code --backend opencl|auto}) re-launches this JVM once, unchanged, with {@code LD_PRELOAD} naming libjsig.
 * Linux only: elsewhere there is no {@code /proc/self/maps} and the variable means something else.
 */
final class SignalChaining {

    /** Set in the re-launched child so it never re-launches again; a user may set it to opt out. */
    static final String NO_RELAUNCH = "SER_NO_RELAUNCH";

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

    /**
     * Re-runs this JVM's exact command line with libjsig preloaded when {@code args} will touch OpenCL and libjsig
     * is not loaded yet. Returns the child's exit code, or empty when this process should run the command itself.
     */
    static OptionalInt relaunchIfNeeded(String[] args, PrintStream err) {
        if (!touchesOpenCl(args) || System.getenv(NO_RELAUNCH) != null || !Files.exists(Path.of("/proc/self/maps"))
                || libjsigLoaded()) {
            return OptionalInt.empty();
        }
        Optional<Path> jsig = libjsig();
        ProcessHandle.Info self = ProcessHandle.current().info();
        if (jsig.isEmpty() || self.command().isEmpty() || self.arguments().isEmpty()) {
            err.println("warning: cannot preload libjsig.so (" + (jsig.isEmpty() ? "not in " + System.getProperty("java.home")
                    : "own command line unknown") + "); an OpenCL driver may replace the JVM's signal handlers");
            return OptionalInt.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(self.command().get());
        command.addAll(List.of(self.arguments().get()));
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = pb.environment();
        String preload = env.get("LD_PRELOAD");
        env.put("LD_PRELOAD", preload == null || preload.isBlank() ? jsig.get().toString() : jsig.get() + ":" + preload);
        env.put(NO_RELAUNCH, "1");
        try {
            Process child = pb.start();
            // Ctrl-C reaches the child too (same process group); a signal sent to this process alone is passed on.
            // Either way this JVM waits, so the shell gets its prompt back only after the child has saved its model.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                child.destroy();
                try {
                    child.waitFor();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "ser-relaunch-wait"));
            return OptionalInt.of(child.waitFor());
        } catch (IOException e) {
            err.println("warning: could not re-launch with libjsig.so preloaded (" + e.getMessage() + "); going on without");
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(Main.INTERRUPTED);
        }
    }
}
