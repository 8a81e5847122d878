package ser.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;
import ser.features.dsp.Mfcc;

/**
 * The notebook's feature vector:
 * <pre>
 * X, sr = librosa.load(path, res_type='kaiser_fast', duration=3, sr=44100, offset=0.5)
 * feature = np.mean(librosa.feature.mfcc(y=X, sr=sr, n_mfcc=13), axis=0)
 * </pre>
 * then cut or zero-padded to {@code p.length()} values (the notebook builds a DataFrame of these rows and calls
 * {@code fillna(0)}, so a short clip's missing frames are 0). Thread-safe: each thread keeps its own FFT plans.
 */
public final class Features {
    private static final ThreadLocal<Map<FeatureParams, Mfcc>> PIPELINES = ThreadLocal.withInitial(HashMap::new);

    private Features() {
    }

    /** WAV file to feature vector. A clip with no samples after the offset is an {@link AudioFormatException}. */
    public static float[] vector(Path wav, FeatureParams p) throws IOException {
        float[] samples = Audio.load(wav, p);
        if (samples.length == 0) {
            throw new AudioFormatException(wav, "no audio after offset " + p.offset() + " s (the file is shorter)");
        }
        return vector(samples, p);
    }

    /**
     * Feature vectors of many files on {@code threads} threads, in the order of {@code files}. Parallelism is over
     * files, so JTransforms' own thread pool is set to 1 thread (a process-wide JTransforms setting; its 2048-point
     * transforms would not use more threads anyway).
     *
     * @return [files.size()][p.length()]
     * @throws IOException the first failing file's error, in list order
     */
    public static float[][] vectors(List<Path> files, FeatureParams p, int threads) throws IOException {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        ConcurrencyUtils.setNumberOfThreads(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "features");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<float[]>> futures = new ArrayList<>(files.size());
            for (Path f : files) futures.add(pool.submit(() -> vector(f, p)));
            float[][] out = new float[files.size()][];
            for (int i = 0; i < out.length; i++) {
                try {
                    out[i] = futures.get(i).get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    throw new IllegalStateException(files.get(i) + ": " + e.getCause(), e.getCause());
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while extracting features");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Mono samples at {@code p.sampleRate()} to feature vector of length {@code p.length()}. */
    // docs:begin feature-vector
    public static float[] vector(float[] samples, FeatureParams p) {
        if (samples.length == 0) throw new IllegalArgumentException("cannot compute features of 0 samples");
        return padOrTrim(frameMeans(samples, p), p.length());
    }
    // docs:end feature-vector

    /** The per-frame means before padding, in float64: length {@code 1 + len(samples) / hop}. */
    public static double[] frameMeans(float[] samples, FeatureParams p) {
        Mfcc mfcc = pipeline(p);
        Mfcc.Stages s = mfcc.stages(samples);
        return Mfcc.frameMean(s.mfcc(), p.nMfcc(), s.frames());
    }

    /** The MFCC pipeline for {@code p}, one per thread. */
    public static Mfcc pipeline(FeatureParams p) {
        return PIPELINES.get().computeIfAbsent(p, Mfcc::new);
    }

    /** v cut or zero-padded to {@code length} values, as float32 (the notebook's fixed-length vector). */
    static float[] padOrTrim(double[] v, int length) {
        float[] out = new float[length];
        for (int i = 0; i < Math.min(length, v.length); i++) out[i] = (float) v[i];
        return out;
    }
}
