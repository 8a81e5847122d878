package ser.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ser.engine.Tensor;
import ser.features.SpecAugment;

/** Each epoch every training clip is one of its versions (original, or one per speed factor), drawn by seed. */
class AugmentEachEpochTest {

    static final int N = 40, T = 4, C = 2;

    /** Clip i of version v holds the value 100 v + i everywhere. */
    static float[] version(int v) {
        float[] a = new float[N * T * C];
        for (int i = 0; i < N; i++) java.util.Arrays.fill(a, i * T * C, (i + 1) * T * C, 100 * v + i);
        return a;
    }

    static float[][] epochs(long seed, int count) {
        Tensor x = Tensor.of(version(0), N, T, C);
        RecipeRun.AugmentEachEpoch cb = new RecipeRun.AugmentEachEpoch(x, new float[][] {version(1), version(2)},
                SpecAugment.NONE, T, C, 1, seed);
        float[][] out = new float[count][];
        for (int e = 0; e < count; e++) {
            cb.onEpochBegin(e);
            out[e] = x.data().clone();
        }
        return out;
    }

    @Test
    void everyClipIsOneOfItsVersionsAndAllAreUsed() {
        float[][] seen = epochs(7, 3);
        Set<Integer> versions = new HashSet<>();
        for (float[] d : seen) {
            for (int i = 0; i < N; i++) {
                float v = d[i * T * C];
                int version = Math.round((v - i) / 100);
                assertEquals(100 * version + i, v, "clip " + i + " is its own, in one version");
                for (int k = 0; k < T * C; k++) assertEquals(v, d[i * T * C + k]);
                versions.add(version);
            }
        }
        assertEquals(Set.of(0, 1, 2), versions);
        assertTrue(!java.util.Arrays.equals(seen[0], seen[1]), "another draw each epoch");
    }

    @Test
    void theSameSeedDrawsTheSameVersions() {
        float[][] a = epochs(7, 2);
        float[][] b = epochs(7, 2);
        for (int e = 0; e < 2; e++) assertArrayEquals(a[e], b[e]);
        assertTrue(!java.util.Arrays.equals(a[0], epochs(8, 1)[0]), "another seed, other versions");
    }
}
