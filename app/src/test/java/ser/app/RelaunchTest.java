package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one re-launch that gives a plain {@code java -jar app.jar ...} the Vector API kernel (and libjsig for OpenCL). */
class RelaunchTest {

    /** A plain {@code java -jar} on Linux: no module, no libjsig, both available. */
    static final Relaunch.Jvm PLAIN = new Relaunch.Jvm(false, false, true, true, false);
    /** Started with {@code --add-modules jdk.incubator.vector} and {@code LD_PRELOAD=.../libjsig.so}. */
    static final Relaunch.Jvm WITH_FLAGS = new Relaunch.Jvm(false, true, true, true, true);

    static Relaunch.Plan plan(Relaunch.Jvm jvm, String... args) {
        return Relaunch.plan(args, jvm);
    }

    @Test
    void aPlainJvmRelaunchesOnceForWhatTheCommandNeeds() {
        assertEquals(new Relaunch.Plan(true, false), plan(PLAIN, "train"));
        assertEquals(new Relaunch.Plan(true, false), plan(PLAIN, "predict", "--model", "m", "a.wav"));
        assertEquals(new Relaunch.Plan(true, true), plan(PLAIN, "train", "--backend", "auto"), "both in one re-launch");
        assertEquals(new Relaunch.Plan(false, true), plan(PLAIN, "devices"), "devices multiplies no matrices");
        assertEquals(Relaunch.Plan.NONE, plan(PLAIN, "download"));
        assertEquals(Relaunch.Plan.NONE, plan(PLAIN, "summary"));
        assertEquals(Relaunch.Plan.NONE, plan(PLAIN));
        assertEquals(Relaunch.Plan.NONE, plan(PLAIN, "--help"));
        assertEquals(Relaunch.Plan.NONE, plan(PLAIN, "train", "-h"));
        assertEquals(new Relaunch.Plan(true, false), plan(PLAIN, "predict", "--", "-h"), "a file named -h");
    }

    @Test
    void flagsAlreadyInEffectOrAnOptOutMeanNoRelaunch() {
        assertEquals(Relaunch.Plan.NONE, plan(WITH_FLAGS, "train", "--backend", "opencl"));
        assertEquals(Relaunch.Plan.NONE, plan(WITH_FLAGS, "train"));
        Relaunch.Jvm moduleOnly = new Relaunch.Jvm(false, true, true, true, false);
        assertEquals(Relaunch.Plan.NONE, plan(moduleOnly, "train"));
        assertEquals(new Relaunch.Plan(false, true), plan(moduleOnly, "train", "--backend=opencl"));
        Relaunch.Jvm optedOut = new Relaunch.Jvm(true, false, true, true, false);
        assertEquals(Relaunch.Plan.NONE, plan(optedOut, "train", "--backend", "auto"));
    }

    @Test
    void aJdkWithoutTheModuleOrNotOnLinuxRelaunchesOnlyForWhatItCanGive() {
        Relaunch.Jvm noModule = new Relaunch.Jvm(false, false, false, true, false);
        assertEquals(Relaunch.Plan.NONE, plan(noModule, "train"));
        assertEquals(new Relaunch.Plan(false, true), plan(noModule, "train", "--backend", "auto"));
        Relaunch.Jvm notLinux = new Relaunch.Jvm(false, false, true, false, false);
        assertEquals(new Relaunch.Plan(true, false), plan(notLinux, "train", "--backend", "auto"));
    }

    @Test
    void theChildGetsTheModuleOptionBeforeEverythingElse() {
        List<String> original = List.of("-Xmx2g", "-jar", "app/target/app.jar", "train", "--epochs", "3");
        assertEquals(List.of("/jdk/bin/java", "--add-modules=jdk.incubator.vector", "-Xmx2g", "-jar",
                "app/target/app.jar", "train", "--epochs", "3"),
                Relaunch.childCommand("/jdk/bin/java", original, new Relaunch.Plan(true, true)));
        assertEquals(List.of("/jdk/bin/java", "-jar", "app.jar", "devices"),
                Relaunch.childCommand("/jdk/bin/java", List.of("-jar", "app.jar", "devices"), new Relaunch.Plan(false, true)));
    }

    /**
     * A JVM started without the flag ends up running the Vector API kernel and says so; the JVM's own notice of
     * the incubator module shows up once, from the child. Started with the flag it does not re-launch (the notice
     * would then appear twice), and with SER_NO_RELAUNCH=1 it runs the plain-Java kernel and says how to get the
     * other.
     */
    @Test
    void aPlainJavaCommandRunsTheVectorKernelAfterOneRelaunch() throws Exception {
        String[] command = {"evaluate", "--model", "/nonexistent-model-dir"};

        Run plain = java(false, false, command);
        assertEquals(2, plain.code, plain.toString());
        assertTrue(plain.out.contains("matmul: vector-"), plain.toString());
        assertEquals(1, plain.count("WARNING: Using incubator modules"), plain.toString());
        assertEquals(1, plain.count("error: "), "the command ran once\n" + plain);

        Run flagged = java(true, false, command);
        assertTrue(flagged.out.contains("matmul: vector-"), flagged.toString());
        assertEquals(1, flagged.count("WARNING: Using incubator modules"), "no re-launch\n" + flagged);

        Run optedOut = java(false, true, command);
        assertEquals(2, optedOut.code, optedOut.toString());
        assertTrue(optedOut.out.contains("matmul: scalar-blocked (plain Java; run with --add-modules jdk.incubator.vector"),
                optedOut.toString());
        assertFalse(optedOut.out.contains("incubator modules"), optedOut.toString());
    }

    private record Run(int code, String out) {
        int count(String s) {
            int n = 0;
            for (int i = out.indexOf(s); i >= 0; i = out.indexOf(s, i + 1)) {
                n++;
            }
            return n;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n" + out;
        }
    }

    private static Run java(boolean withFlag, boolean optOut, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (withFlag) {
            command.add("--add-modules=jdk.incubator.vector");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove(Relaunch.NO_RELAUNCH);
        pb.environment().remove("JDK_JAVA_OPTIONS");
        if (optOut) {
            pb.environment().put(Relaunch.NO_RELAUNCH, "1");
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
