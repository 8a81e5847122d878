package ser.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import ser.features.Audio;
import ser.features.Augment;
import ser.features.FeatureParams;
import ser.features.Features;

/**
 * Computes the notebook's feature vector for many (recording, variant) items on several threads, through a
 * {@link FeatureCache}. Variants: {@link Variant#ORIGINAL}; {@link Variant#NOISE} and {@link Variant#PITCH}, the
 * notebook's two augmented copies, made by {@link Augment} on the loaded clip (after offset and duration, as the
 * notebook augments what librosa.load returned) before the MFCC. Each augmented copy is seeded from the run's seed
 * and the recording's content hash, so it is the same on every run, thread count and machine.
 *
 * <p>A file that cannot be read either stops the extraction with an {@link IOException} naming it
 * ({@link OnError#STOP}) or is skipped and counted, with one warning line at the end ({@link OnError#SKIP}).
 */
public final class Extraction {

    /** What to compute for a recording. */
    public enum Variant {
        ORIGINAL, NOISE, PITCH
    }

    /** What to do with a file that cannot be read or decoded. */
    public enum OnError {
        SKIP, STOP
    }

    /** One vector to compute. */
    public record Item(Path wav, Variant variant) {
    }

    private final FeatureParams params;
    private final FeatureCache cache;
    private final long augmentSeed;
    private final int threads;
    private final OnError onError;
    private final Consumer<String> warn;
    private int skipped;

    /**
     * @param cache   may be null (no caching)
     * @param threads worker threads, at least 1
     */
    public Extraction(FeatureParams params, FeatureCache cache, long augmentSeed, int threads, OnError onError,
                      Consumer<String> warn) {
        this.params = params;
        this.cache = cache;
        this.augmentSeed = augmentSeed;
        this.threads = Math.max(1, threads);
        this.onError = onError;
        this.warn = warn;
    }

    /** Items skipped by the last {@link #extract} call. */
    public int skipped() {
        return skipped;
    }

    /**
     * Vectors of length {@code params.length()} in the order of {@code items}; an entry is null when its file was
     * skipped.
     *
     * @param progress receives the number of items finished so far (from worker threads)
     */
    public float[][] extract(List<Item> items, IntConsumer progress) throws IOException {
        float[][] out = new float[items.size()][];
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "features");
            t.setDaemon(true);
            return t;
        });
        List<Future<float[]>> futures = new ArrayList<>();
        try {
            for (Item item : items) {
                futures.add(pool.submit(() -> {
                    float[] v = vector(item);
                    progress.accept(done.incrementAndGet());
                    return v;
                }));
            }
            skipped = 0;
            String first = null;
            for (int i = 0; i < items.size(); i++) {
                try {
                    out[i] = futures.get(i).get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof IOException || cause instanceof IllegalArgumentException)) {
                        // a bug, not a bad file: never skipped
                        throw new IllegalStateException("feature extraction of " + items.get(i).wav() + " failed: "
                                + cause, cause);
                    }
                    String msg = cause.getMessage();
                    if (!msg.contains(items.get(i).wav().getFileName().toString())) {
                        msg = items.get(i).wav() + ": " + msg;
                    }
                    if (onError == OnError.STOP) {
                        throw new IOException(msg + " (use --on-error skip to skip unreadable files)", cause);
                    }
                    skipped++;
                    if (first == null) {
                        first = msg;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("feature extraction interrupted; finished entries are kept in the cache");
                }
            }
            if (skipped > 0) {
                warn.accept("warning: skipped " + skipped + " of " + items.size() + " feature items that could not be"
                        + " read, e.g. " + first);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private float[] vector(Item item) throws IOException {
        String hash = FeatureCache.contentHash(item.wav());
        FeatureCache.Extractor compute = wav -> compute(wav, item.variant(), hash);
        if (cache == null) {
            return compute.extract(item.wav());
        }
        String variant = item.variant() == Variant.ORIGINAL ? "" : item.variant().name().toLowerCase(java.util.Locale.ROOT) + "@" + augmentSeed;
        return cache.get(item.wav(), hash, variant, compute);
    }

    private float[] compute(Path wav, Variant variant, String contentHash) throws IOException {
        if (variant == Variant.ORIGINAL) {
            return Features.vector(wav, params);
        }
        float[] samples = Audio.load(wav, params);
        if (samples.length == 0) {
            throw new IOException(wav + ": no audio after offset " + params.offset() + " s");
        }
        // one seed per (run seed, recording content, variant)
        long seed = augmentSeed * 0x9E3779B97F4A7C15L ^ Long.parseUnsignedLong(contentHash.substring(0, 15), 16)
                ^ (variant.ordinal() * 0xBF58476D1CE4E5B9L);
        Augment augment = new Augment(seed);
        float[] changed = variant == Variant.NOISE ? augment.noise(samples) : augment.pitchShift(samples, params.sampleRate());
        return Features.vector(changed, params);
    }
}
