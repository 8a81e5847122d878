package ser.engine.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs {@link FallbackProbe} in a fresh JVM started without the Vector API module, the way a user who forgets
 * the flag runs the program: it must pick the plain-Java kernel, compute the right product and print nothing else
 * (no stack trace, no warning from the engine).
 */
class MatMulFallbackTest {

    @Test
    void jvmWithoutTheVectorModuleUsesTheScalarKernel() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FallbackProbe.class.getName());
        pb.redirectErrorStream(false);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        System.out.println("MatMulFallbackTest: child JVM printed: " + out.strip().replace('\n', '|'));
        assertEquals(0, p.exitValue(), "probe failed: " + err);
        assertEquals("", err.strip(), "the fallback must print nothing on stderr");
        List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), out);
        String[] first = lines.get(0).split(" ");
        assertEquals("scalar-blocked", first[0]);
        assertTrue(Float.parseFloat(first[1]) == 0f, "scalar must equal simple exactly, worst error " + first[1]);
        assertTrue(lines.get(1).contains("--add-modules jdk.incubator.vector"), lines.get(1));
    }
}
