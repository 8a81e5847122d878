package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ser.kernels.OpenClDevices;

/** The app re-launches itself with libjsig preloaded before it touches OpenCL (see {@link SignalChaining}). */
class SignalChainingTest {

    @Test
    void onlyCommandLinesThatLoadAnOpenClDriverRelaunch() {
        assertTrue(SignalChaining.touchesOpenCl(new String[] {"devices"}));
        assertTrue(SignalChaining.touchesOpenCl(new String[] {"train", "--backend", "opencl"}));
        assertTrue(SignalChaining.touchesOpenCl(new String[] {"evaluate", "--model", "m", "--backend=auto"}));
        assertFalse(SignalChaining.touchesOpenCl(new String[] {"train", "--backend", "cpu"}));
        assertFalse(SignalChaining.touchesOpenCl(new String[] {"train"}));
        assertFalse(SignalChaining.touchesOpenCl(new String[] {"predict", "--model", "devices", "a.wav"}));
        assertFalse(SignalChaining.touchesOpenCl(new String[] {"predict", "--", "--backend=opencl"}));
        assertFalse(SignalChaining.touchesOpenCl(new String[] {}));
    }

    @Test
    void theDevicesCommandRunsInAJvmWithLibjsigEvenWhenStartedWithout() throws Exception {
        assumeLinuxWithLibjsig();
        Run r = java(List.of(), Main.class.getName(), "devices");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("signal chaining: on"), r.toString());
    }

    /**
     * Without the re-launch PoCL's LLVM replaces HotSpot's SIGSEGV handler, which {@code -Xcheck:jni} reports; with
     * it the handlers stay HotSpot's. The first half shows the check can fail; it needs PoCL, the driver it was
     * found with. (Under -Xcheck:jni JOCL's info queries come back empty, so the probe's device listing fails
     * there; the driver is loaded all the same, which is all this needs.)
     */
    @Test
    void withTheRelaunchPoclNoLongerReplacesTheJvmsSignalHandlers() throws Exception {
        assumeLinuxWithLibjsig();
        assumeTrue(OpenClDevices.list().stream().anyMatch(d -> d.startsWith("Portable Computing Language")),
                "needs PoCL: " + OpenClDevices.list());
        Run without = java(List.of(Relaunch.NO_RELAUNCH + "=1"), SignalChainingProbe.class.getName());
        assertTrue(without.out.contains("handler modified"), "PoCL did not replace a handler this time?\n" + without);

        Run with = java(List.of(), SignalChainingProbe.class.getName());
        assertEquals(0, with.code, with.toString());
        assertTrue(with.out.contains("signal chaining: on"), with.toString());
        assertFalse(with.out.contains("handler modified"), with.toString());
    }

    private static void assumeLinuxWithLibjsig() {
        assumeTrue(Files.exists(Path.of("/proc/self/maps")), "signal chaining is Linux-only");
        assumeTrue(SignalChaining.libjsig().isPresent(), "this JDK ships no libjsig.so");
    }

    private record Run(int code, String out) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out;
        }
    }

    /** A child JVM started the way a user would, without the LD_PRELOAD the test JVM itself runs with. */
    private static Run java(List<String> extraEnv, String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xcheck:jni", "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("LD_PRELOAD");
        pb.environment().remove(Relaunch.NO_RELAUNCH);
        for (String kv : extraEnv) {
            pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
