package ser.engine.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The vector kernel at every vector length narrower than this machine's, each in its own JVM (one JVM runs one
 * vector species): 128 bits is ARM NEON's width, so an x86 machine tests that code path too, and an AVX-512
 * machine also tests AVX2's 256. {@link SpeciesProbe} checks every tile against the scalar FMA chain bit for bit.
 * A bad value of the property fails with one line naming it.
 */
class MatMulSpeciesTest {

    @Test
    void everyTileAtEveryNarrowerVectorLengthEqualsTheFmaChain() throws Exception {
        assumeTrue(MatMuls.vectorApiAvailable(), "needs --add-modules jdk.incubator.vector");
        int preferred = VectorMatMul.S.vectorBitSize();
        List<Integer> lengths = new ArrayList<>();
        for (int bits = 128; bits < preferred; bits *= 2) {
            lengths.add(bits);
        }
        assumeTrue(!lengths.isEmpty(), "the preferred vector is already 128 bits, tested in-process by MatMulTest");
        for (int bits : lengths) {
            Result r = probe("-D" + VectorMatMul.SPECIES_PROPERTY + "=" + bits, SpeciesProbe.class.getName());
            System.out.println("MatMulSpeciesTest: " + r.out.strip());
            assertEquals(0, r.exit, r.out + r.err);
            assertTrue(r.out.startsWith(bits + "-bit 4x3v 5x2v 6x2v 8x2v 12x2v"), r.out);
        }
    }

    @Test
    void aForcedTileIsWhatTheKernelRuns() throws Exception {
        assumeTrue(MatMuls.vectorApiAvailable(), "needs --add-modules jdk.incubator.vector");
        Result r = probe("-D" + RegisterTile.PROPERTY + "=12x2v", DescriptionProbe.class.getName());
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("vector-12x" + 2 * VectorMatMul.L), r.out);
        Result bad = probe("-D" + RegisterTile.PROPERTY + "=9x9v", DescriptionProbe.class.getName());
        assertTrue(bad.exit != 0, bad.out);
        assertTrue(bad.err.contains("ser.matmul.tile=9x9v is not a register tile"), bad.err);
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result probe(String property, String mainClass) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", property, "-cp",
                System.getProperty("java.class.path"), mainClass);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "probe JVM did not finish");
        return new Result(p.exitValue(), out, err);
    }
}
