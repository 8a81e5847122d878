package ser.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.data.Extraction.Item;
import ser.data.Extraction.Variant;
import ser.features.FeatureParams;
import ser.features.Features;

class ExtractionTest {

    @TempDir
    Path dir;

    @Test
    void cachedParallelAugmentedAndDeterministic() throws IOException {
        new SyntheticCorpus(1, 48000, 1.2, new int[]{1}, 1).write(dir.resolve("d"));
        List<RavdessFile> files = RavdessIndex.scan(dir.resolve("d"), s -> { }).files().subList(0, 3);
        List<Item> items = new ArrayList<>();
        for (Variant v : Variant.values()) {
            for (RavdessFile f : files) {
                items.add(new Item(f.path(), v));
            }
        }
        FeatureParams p = FeatureParams.NOTEBOOK;
        FeatureCache cache = new FeatureCache(dir.resolve("cache"), p.key());
        float[][] a = new Extraction(p, cache, 7, 2, Extraction.OnError.STOP, s -> { }).extract(items, d -> { });
        assertEquals(9, cache.misses());
        // the plain vector is exactly the features module's; the copies differ from it
        assertArrayEquals(Features.vector(files.get(0).path(), p), a[0], 0f);
        assertFalse(Arrays.equals(a[0], a[3]), "noise copy differs");
        assertFalse(Arrays.equals(a[0], a[6]), "pitch copy differs");
        // a second run (one thread, no cache) recomputes the same augmented copies
        float[][] b = new Extraction(p, null, 7, 1, Extraction.OnError.STOP, s -> { }).extract(items, d -> { });
        for (int i = 0; i < 9; i++) {
            assertArrayEquals(a[i], b[i], 0f, "item " + i);
        }
        new Extraction(p, cache, 7, 2, Extraction.OnError.STOP, s -> { }).extract(items, d -> { });
        assertEquals(9, cache.hits());
    }

    @Test
    void badFilesStopWithTheirNameOrAreSkipped() throws IOException {
        new SyntheticCorpus(1, 48000, 1.2, new int[]{1}, 1).write(dir.resolve("d"));
        Path bad = dir.resolve("d/03-01-01-01-01-01-01.wav");
        Files.writeString(bad, "RIFF but not really");
        Path good = RavdessIndex.scan(dir.resolve("d"), s -> { }).files().get(1).path();
        List<Item> items = List.of(new Item(good, Variant.ORIGINAL), new Item(bad, Variant.ORIGINAL));
        FeatureParams p = FeatureParams.NOTEBOOK;
        IOException e = assertThrows(IOException.class,
                () -> new Extraction(p, null, 0, 2, Extraction.OnError.STOP, s -> { }).extract(items, d -> { }));
        assertTrue(e.getMessage().contains("03-01-01-01-01-01-01.wav"), e.getMessage());
        List<String> warnings = new ArrayList<>();
        Extraction skip = new Extraction(p, null, 0, 2, Extraction.OnError.SKIP, warnings::add);
        float[][] x = skip.extract(items, d -> { });
        assertEquals(259, x[0].length);
        assertNull(x[1]);
        assertEquals(1, skip.skipped());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("skipped 1 of 2"), warnings.get(0));
    }
}
