package ser.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against files written by NumPy itself (src/test/resources/numpy/make_npy_fixtures.py). */
class NpyTest {

    @TempDir
    Path dir;

    private static Path fixture(String name) {
        try {
            return Path.of(NpyTest.class.getResource("/numpy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] expectedF32() {
        float[] f = new float[6];
        for (int i = 0; i < 6; i++) {
            f[i] = (i - 2.5f) / 3;
        }
        return f;
    }

    @Test
    void readsNumpyArraysOfEverySupportedDtype() throws IOException {
        NpyArray f = Npy.read(fixture("f32_2x3.npy"));
        assertArrayEquals(new int[]{2, 3}, f.shape());
        assertArrayEquals(expectedF32(), f.floats());
        assertArrayEquals(new long[]{0, 1, -7, 1L << 40}, (long[]) Npy.read(fixture("i8.npy")).data());
        assertArrayEquals(new int[]{5, -6, 7}, Npy.read(fixture("i4_scalar_shape.npy")).ints());
        NpyArray u = Npy.read(fixture("u_names.npy"));
        assertEquals("<U13", u.descr());
        assertArrayEquals(new String[]{"male_negative", "male_positive", "ü"}, u.strings());
        assertArrayEquals(new int[]{2, 3, 4}, Npy.read(fixture("f32_3d.npy")).shape());
    }

    @Test
    void writesTheSameBytesAsNumpy() throws IOException {
        assertArrayEquals(Files.readAllBytes(fixture("f32_2x3.npy")), Npy.toBytes(NpyArray.ofFloats(expectedF32(), 2, 3)));
        assertArrayEquals(Files.readAllBytes(fixture("i8.npy")),
                Npy.toBytes(NpyArray.ofLongs(new long[]{0, 1, -7, 1L << 40}, 4)));
        assertArrayEquals(Files.readAllBytes(fixture("u_names.npy")),
                Npy.toBytes(NpyArray.ofStrings("male_negative", "male_positive", "ü")));
    }

    @Test
    void rejectsUnsupportedDtypeFortranOrderAndTruncationNamingTheFile() throws IOException {
        IOException e = assertThrows(IOException.class, () -> Npy.read(fixture("f64.npy")));
        assertTrue(e.getMessage().contains("f64.npy") && e.getMessage().contains("'<f8'"), e.getMessage());
        e = assertThrows(IOException.class, () -> Npy.read(fixture("fortran.npy")));
        assertTrue(e.getMessage().contains("Fortran"), e.getMessage());
        Path cut = dir.resolve("cut.npy");
        byte[] whole = Files.readAllBytes(fixture("f32_2x3.npy"));
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 5));
        e = assertThrows(IOException.class, () -> Npy.read(cut));
        assertTrue(e.getMessage().contains("cut.npy") && e.getMessage().contains("truncated"), e.getMessage());
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "hello");
        e = assertThrows(IOException.class, () -> Npy.read(text));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    @Test
    void readsNpzFromSavezAndSavezCompressedAndRoundTrips() throws IOException {
        Map<String, NpyArray> m = Npz.read(fixture("bundle.npz"));
        assertEquals(java.util.Set.of("x", "y", "labels"), m.keySet());
        assertArrayEquals(expectedF32(), m.get("x").floats());
        assertArrayEquals(new int[]{1, 0}, m.get("y").ints());
        assertArrayEquals(new String[]{"a", "bb"}, m.get("labels").strings());
        assertArrayEquals(expectedF32(), Npz.read(fixture("bundle_compressed.npz")).get("x").floats());

        Map<String, NpyArray> out = new LinkedHashMap<>();
        out.put("conv1d_1/kernel", NpyArray.ofFloats(new float[8 * 256], 8, 1, 256));
        out.put("labels", NpyArray.ofStrings("male_negative", "male_positive"));
        Path file = dir.resolve("w.npz");
        Npz.write(file, out);
        Map<String, NpyArray> back = Npz.read(file);
        assertArrayEquals(new int[]{8, 1, 256}, back.get("conv1d_1/kernel").shape());
        assertArrayEquals(new String[]{"male_negative", "male_positive"}, back.get("labels").strings());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "only w.npz, no temporary file left");
        }
    }

    @Test
    void aCorruptNpzIsAOneLineError() throws IOException {
        Path bad = dir.resolve("bad.npz");
        byte[] whole = Files.readAllBytes(fixture("bundle.npz"));
        Files.write(bad, java.util.Arrays.copyOf(whole, 300));
        IOException e = assertThrows(IOException.class, () -> Npz.read(bad));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

}
