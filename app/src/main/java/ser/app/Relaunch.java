package ser.app;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Starts the command in a second JVM, once, when this one lacks what the command line needs and only a JVM start
 * can give:
 * <ul>
 *   <li>the Vector API module {@code jdk.incubator.vector}, which backs the fast matrix multiply. JDK 17 adds a
 *       module to the boot layer only from the command line ({@code --add-modules}); a jar manifest may carry
 *       {@code Add-Exports}, {@code Add-Opens} and {@code Launcher-Agent-Class} but not {@code Add-Modules}, so plain
 *       {@code java -jar app.jar train} would run the plain-Java kernel, several times slower;</li>
 *   <li>{@code libjsig.so} preloaded, for a command line that will load an OpenCL driver ({@link SignalChaining}).</li>
 * </ul>
 * The child gets this JVM's exact command line with {@code --add-modules=jdk.incubator.vector} put in front of it
 * and/or {@code LD_PRELOAD} naming libjsig, and {@code SER_NO_RELAUNCH=1} so that it never re-launches again. This
 * process passes the child's exit code on. Nothing is re-launched when the flags are already in effect
 * ({@code java --add-modules jdk.incubator.vector -jar app.jar ...}, with {@code LD_PRELOAD} for OpenCL), when
 * {@code SER_NO_RELAUNCH} is set, or for a command line that needs neither (help, {@code download}, ...).
 */
final class Relaunch {

    /** Set in the re-launched child so it never re-launches again; a user may set it to opt out. */
    static final String NO_RELAUNCH = "SER_NO_RELAUNCH";

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** The JVM option the child gets when the module is missing. */
    static final String ADD_VECTOR_MODULE = "--add-modules=" + VECTOR_MODULE;

    /** Commands that never multiply matrices: they gain nothing from the Vector API module. */
    private static final Set<String> NO_MATMUL = Set.of("help", "download", "summary", "devices", "features");

    private Relaunch() {
    }

    /** What a re-launched JVM would add: the Vector API module, libjsig preloaded, or neither. */
    record Plan(boolean addVectorModule, boolean preloadLibjsig) {
        static final Plan NONE = new Plan(false, false);

        boolean any() {
            return addVectorModule || preloadLibjsig;
        }
    }

    /** What this JVM has, as far as the decision goes (a seam for tests, which play other JVMs). */
    record Jvm(boolean optedOut, boolean vectorModuleLoaded, boolean vectorModuleInJdk, boolean linux,
               boolean libjsigLoaded) {

        static Jvm current() {
            return new Jvm(System.getenv(NO_RELAUNCH) != null,
                    ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(),
                    ModuleFinder.ofSystem().find(VECTOR_MODULE).isPresent(),
                    Files.exists(Path.of("/proc/self/maps")),
                    SignalChaining.libjsigLoaded());
        }
    }

    /**
     * Whether the command line runs a network (train, evaluate, predict, ...), so that the matrix-multiply kernel
     * matters: every command except help ({@code -h}, {@code --help}, {@code -V}, {@code --version}, {@code help},
     * none at all) and those in {@link #NO_MATMUL}.
     */
    static boolean multipliesMatrices(String[] args) {
        if (args.length == 0 || NO_MATMUL.contains(args[0])) {
            return false;
        }
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return false;
            }
        }
        return true;
    }

    /** The decision: what a child JVM must add for this command line, given this JVM. */
    static Plan plan(String[] args, Jvm jvm) {
        if (jvm.optedOut()) {
            return Plan.NONE;
        }
        boolean vector = multipliesMatrices(args) && !jvm.vectorModuleLoaded() && jvm.vectorModuleInJdk();
        boolean jsig = SignalChaining.touchesOpenCl(args) && jvm.linux() && !jvm.libjsigLoaded();
        return new Plan(vector, jsig);
    }

    /** The child's command: the same executable and arguments, with the module option first if the plan says so. */
    static List<String> childCommand(String executable, List<String> arguments, Plan plan) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        if (plan.addVectorModule()) {
            command.add(ADD_VECTOR_MODULE);
        }
        command.addAll(arguments);
        return command;
    }

    /**
     * Re-runs this JVM's command line in a child JVM when {@link #plan} asks for it. Returns the child's exit code,
     * or empty when this process should run the command itself.
     */
    static OptionalInt ifNeeded(String[] args, PrintStream err) {
        Plan plan = plan(args, Jvm.current());
        Optional<Path> jsig = Optional.empty();
        if (plan.preloadLibjsig()) {
            jsig = SignalChaining.libjsig();
            if (jsig.isEmpty()) {
                err.println("warning: cannot preload libjsig.so (not in " + System.getProperty("java.home")
                        + "); an OpenCL driver may replace the JVM's signal handlers");
                plan = new Plan(plan.addVectorModule(), false);
            }
        }
        if (!plan.any()) {
            return OptionalInt.empty();
        }
        ProcessHandle.Info self = ProcessHandle.current().info();
        if (self.command().isEmpty() || self.arguments().isEmpty()) {
            err.println("warning: cannot re-launch (own command line unknown); going on without "
                    + (plan.addVectorModule() ? ADD_VECTOR_MODULE + " " : "")
                    + (plan.preloadLibjsig() ? "libjsig.so preloaded" : ""));
            return OptionalInt.empty();
        }
        ProcessBuilder pb = new ProcessBuilder(childCommand(self.command().get(), List.of(self.arguments().get()), plan))
                .inheritIO();
        Map<String, String> env = pb.environment();
        if (plan.preloadLibjsig()) {
            String preload = env.get("LD_PRELOAD");
            env.put("LD_PRELOAD", preload == null || preload.isBlank() ? jsig.get().toString()
                    : jsig.get() + ":" + preload);
        }
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
            err.println("warning: could not re-launch (" + e.getMessage() + "); going on in this JVM");
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(Main.INTERRUPTED);
        }
    }
}
