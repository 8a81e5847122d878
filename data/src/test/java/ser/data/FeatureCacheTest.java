package ser.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {

    @TempDir
    Path dir;

    @Test
    void secondLookupIsAHitAndKeysDependOnContentParamsAndVariant() throws IOException {
        Path wav = dir.resolve("a.wav");
        Files.write(wav, new byte[]{1, 2, 3});
        AtomicInteger calls = new AtomicInteger();
        FeatureCache.Extractor ex = p -> {
            calls.incrementAndGet();
            return new float[]{calls.get(), 2.5f, -1f};
        };
        FeatureCache cache = new FeatureCache(dir.resolve("cache"), "sr=44100");
        String h = FeatureCache.contentHash(wav);
        float[] first = cache.get(wav, h, "", ex);
        assertArrayEquals(first, cache.get(wav, h, "", ex));
        assertEquals(1, calls.get());
        cache.get(wav, h, "noise@1", ex);                                    // another variant: a miss
        new FeatureCache(dir.resolve("cache"), "sr=22050").get(wav, h, "", ex); // other params: a miss
        assertEquals(3, calls.get());
        // a renamed copy with the same content hits
        Path copy = dir.resolve("b.wav");
        Files.copy(wav, copy);
        assertArrayEquals(first, cache.get(copy, FeatureCache.contentHash(copy), "", ex));
        assertEquals(3, calls.get());
        assertEquals(2, cache.hits());
    }

    @Test
    void aDamagedEntryIsRecomputedAndAFailedExtractionKeepsFinishedEntries() throws IOException {
        Path a = dir.resolve("a.wav");
        Path b = dir.resolve("b.wav");
        Files.write(a, new byte[]{1});
        Files.write(b, new byte[]{2});
        FeatureCache cache = new FeatureCache(dir.resolve("cache"), "k");
        String ha = FeatureCache.contentHash(a);
        cache.get(a, ha, "", p -> new float[]{1, 2});
        assertThrows(IOException.class, () -> cache.get(b, FeatureCache.contentHash(b), "", p -> {
            throw new IOException("interrupted");
        }));
        // the finished entry survived the failure ...
        assertArrayEquals(new float[]{1, 2}, cache.get(a, ha, "", p -> new float[]{9}));
        // ... and a truncated entry is treated as a miss
        Path entry = cache.entry(ha, "");
        Files.write(entry, java.util.Arrays.copyOf(Files.readAllBytes(entry), 14));
        assertArrayEquals(new float[]{7}, cache.get(a, ha, "", p -> new float[]{7}));
        try (var s = Files.walk(dir.resolve("cache"))) {
            assertEquals(0, s.filter(p -> p.toString().endsWith(".tmp")).count(), "no temporary files left");
        }
    }

    /** An entry is readable like any file the user writes (0644 under the usual umask), not 0600. */
    @Test
    void entriesGetTheModeOfAnyNewFile() throws IOException {
        Path wav = dir.resolve("a.wav");
        Files.write(wav, new byte[]{1});
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x");
        FeatureCache cache = new FeatureCache(dir.resolve("cache"), "k");
        String h = FeatureCache.contentHash(wav);
        cache.get(wav, h, "", p -> new float[]{1});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(cache.entry(h, "")));
    }
}
