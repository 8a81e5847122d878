package ser.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.concurrent.atomic.AtomicInteger;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;
import ser.features.FrameFeatures;
import ser.features.FrameParams;
import ser.features.SpeedPerturbation;

/**
 * Frame-level feature matrices ([T][C], see {@link FrameParams}) of many recordings on several threads, through
 * the same {@link FeatureCache} as the notebook's vectors (keyed by {@link FrameParams#key()}, so the two never
 * collide). Original recordings, or with a speed factor other than 1 the recordings played that much faster
 * ({@link SpeedPerturbation}, cached as the variant "speed=f"); SpecAugment works on the matrices during training.
 */
public final class FrameExtraction {

    private final FrameParams params;
    private final FeatureCache cache;
    private final int threads;
    private final double speed;

    /** @param cache may be null (no caching) */
    public FrameExtraction(FrameParams params, FeatureCache cache, int threads) {
        this(params, cache, threads, 1.0);
    }

    /** @param speed the speed perturbation factor, 1 for the recordings as they are */
    public FrameExtraction(FrameParams params, FeatureCache cache, int threads, double speed) {
        this.params = params;
        this.cache = cache;
        this.threads = Math.max(1, threads);
        this.speed = speed;
    }

    public FrameParams params() {
        return params;
    }

    /** One [T][C] matrix per file, in order; the first unreadable file stops it with its name. */
    public float[][] extract(List<Path> files, IntConsumer progress) throws IOException {
        ConcurrencyUtils.setNumberOfThreads(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "frame-features");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    float[] m = one(f);
                    progress.accept(done.incrementAndGet());
                    return m;
                }));
            }
            float[][] out = new float[files.size()][];
            for (int i = 0; i < out.length; i++) {
                try {
                    out[i] = futures.get(i).get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(files.get(i) + ": " + c.getMessage(), c);
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("feature extraction interrupted; finished entries are kept in the cache");
        } finally {
            pool.shutdownNow();
        }
    }

    private float[] one(Path wav) throws IOException {
        if (cache == null) {
            return SpeedPerturbation.matrix(wav, params, speed);
        }
        float[] m = cache.get(wav, FeatureCache.contentHash(wav), speed == 1 ? "" : "speed=" + speed,
                w -> SpeedPerturbation.matrix(w, params, speed));
        if (m.length != params.frames() * params.channels()) {
            throw new IOException(wav + ": cached features have " + m.length + " values, expected "
                    + params.frames() + " x " + params.channels());
        }
        return m;
    }
}
