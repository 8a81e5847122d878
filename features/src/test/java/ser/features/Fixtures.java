package ser.features;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the librosa 0.6.3 golden fixtures in src/test/resources/librosa (format: one '#' header line, then one value
 * per line for 1-D arrays or one comma-separated row per line for 2-D arrays; .txt.gz is gzip of the same).
 */
public final class Fixtures {
    /** The 8 RAVDESS files of the fixture set (actors 01-20). */
    public static final List<String> FILES = List.of(
            "03-01-02-01-02-02-13", "03-01-03-01-02-01-20", "03-01-05-02-01-01-01", "03-01-01-01-01-01-02",
            "03-01-04-02-02-01-08", "03-01-06-01-01-02-11", "03-01-07-02-01-01-16", "03-01-08-01-02-02-19");
    /** Files whose mel spectrogram fixture is kept (the mel files are the largest; three cover mono, stereo, short). */
    public static final List<String> MEL_FILES = List.of("03-01-02-01-02-02-13", "03-01-03-01-02-01-20", "03-01-05-02-01-01-01");
    /** Files with the 48 kHz (no resampling) fixtures. */
    public static final List<String> FILES_48K = List.of("03-01-02-01-02-02-13", "03-01-05-02-01-01-01");

    /** A 2-D fixture: row-major values, rows x cols. */
    public record Matrix(int rows, int cols, double[] values) {
        public double at(int r, int c) {
            return values[r * cols + c];
        }
    }

    private Fixtures() {
    }

    public static boolean exists(String name) {
        return Fixtures.class.getResource("/librosa/" + name + ".txt") != null
                || Fixtures.class.getResource("/librosa/" + name + ".txt.gz") != null;
    }

    public static float[] f32(String name) {
        Matrix m = matrix(name);
        float[] v = new float[m.values.length];
        for (int i = 0; i < v.length; i++) v[i] = (float) m.values[i];
        return v;
    }

    public static double[] f64(String name) {
        return matrix(name).values;
    }

    /** Parses every value with Double.parseDouble (exact for both %.9g float32 and %.17g float64). */
    public static Matrix matrix(String name) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(name), StandardCharsets.US_ASCII), 1 << 16)) {
            String header = in.readLine();
            if (header == null || !header.startsWith("#")) throw new IllegalStateException(name + ": missing '#' header");
            List<double[]> rows = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) continue;
                String[] parts = line.split(",");
                double[] row = new double[parts.length];
                for (int i = 0; i < parts.length; i++) row[i] = Double.parseDouble(parts[i]);
                rows.add(row);
            }
            int cols = rows.get(0).length;
            if (cols == 1) { // 1-D: one value per line
                double[] v = new double[rows.size()];
                for (int i = 0; i < v.length; i++) v[i] = rows.get(i)[0];
                return new Matrix(1, v.length, v);
            }
            double[] v = new double[rows.size() * cols];
            for (int r = 0; r < rows.size(); r++) System.arraycopy(rows.get(r), 0, v, r * cols, cols);
            return new Matrix(rows.size(), cols, v);
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream plain = Fixtures.class.getResourceAsStream("/librosa/" + name + ".txt");
        if (plain != null) return plain;
        InputStream gz = Fixtures.class.getResourceAsStream("/librosa/" + name + ".txt.gz");
        if (gz == null) throw new IllegalStateException("fixture not found: librosa/" + name + ".txt[.gz]");
        return new GZIPInputStream(gz, 1 << 16);
    }
}
