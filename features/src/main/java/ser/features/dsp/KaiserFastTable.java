package ser.features.dsp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * resampy 0.2.2's kaiser_fast table (8193 doubles, ISC-licensed numeric output of resampy, reproducible from
 * {@link ResampleFilter#compute}) stored as big-endian IEEE doubles in {@code resampy022_kaiser_fast.f64}.
 * The exact bits matter: the formula differs from them by up to 2.2e-16, enough to flip float32 roundings.
 */
final class KaiserFastTable {
    static final String RESOURCE = "resampy022_kaiser_fast.f64";
    static final int LENGTH = 16 * 512 + 1;

    private KaiserFastTable() {
    }

    static double[] load() {
        try (InputStream in = KaiserFastTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource ser/features/dsp/" + RESOURCE);
            DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in));
            double[] t = new double[LENGTH];
            for (int i = 0; i < LENGTH; i++) t[i] = data.readDouble();
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource ser/features/dsp/" + RESOURCE, e);
        }
    }
}
