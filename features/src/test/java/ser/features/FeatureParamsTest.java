package ser.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.features.wav.TestWav;

class FeatureParamsTest {
    @TempDir
    Path dir;

    @Test
    void notebookDefaultsAndStableKey() {
        FeatureParams p = FeatureParams.NOTEBOOK;
        assertEquals(44100, p.sampleRate());
        assertEquals(22050.0, p.fmaxHz());
        assertEquals(259, p.length());
        assertEquals("sr=44100,offset=0.5,duration=3.0,res_type=kaiser_fast,n_fft=2048,hop=512,n_mels=128,fmin=0.0,"
                + "fmax=sr/2,n_mfcc=13,top_db=80.0,length=259", p.key());
        // a record with fmax NaN still equals its copy (records compare doubles like Double.compare), so the
        // per-thread pipeline cache finds it
        assertEquals(p, new FeatureParams(44100, 0.5, 3.0, ResType.KAISER_FAST, 2048, 512, 128, 0, Double.NaN, 13, 80, 259));
        assertNotEquals(p.key(), p.withResType(ResType.KAISER_BEST).key());
        assertEquals(48000.0 / 2, p.withSampleRate(48000).fmaxHz());
    }

    @Test
    void invalidValuesAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureParams.NOTEBOOK.withSampleRate(0));
        assertTrue(e.getMessage().contains("sampleRate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeatureParams.NOTEBOOK.withWindow(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> FeatureParams.NOTEBOOK.withWindow(0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureParams(44100, 0.5, 3, ResType.KAISER_FAST, 2048, 512, 128, 0, Double.NaN, 200, 80, 259));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureParams(44100, 0.5, 3, ResType.KAISER_FAST, 2047, 512, 128, 0, Double.NaN, 13, 80, 259));
    }

    /** Features.vectors on 2 threads gives, in order, exactly what Features.vector gives file by file. */
    @Test
    void batchEqualsOneByOneInOrder() throws IOException {
        Random r = new Random(3);
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            short[] pcm = new short[48000 * (1 + f % 3)];
            for (int i = 0; i < pcm.length; i++) pcm[i] = (short) (3000 * Math.sin(i * (0.01 + 0.01 * f)) + r.nextGaussian() * 300);
            files.add(TestWav.create().fmt(1, 1, 48000, 16).data(TestWav.int16(pcm)).write(dir.resolve("f" + f + ".wav")));
        }
        FeatureParams p = FeatureParams.NOTEBOOK;
        float[][] batch = Features.vectors(files, p, 2);
        for (int f = 0; f < files.size(); f++) assertArrayEquals(Features.vector(files.get(f), p), batch[f], "file " + f);
        // a 1 s file from offset 0.5 s: 0.5 s of audio, 1 + 22050 / 512 = 44 frames, zeros after
        assertEquals(0f, batch[0][44]);
        assertTrue(batch[0][43] != 0f);
    }

    @Test
    void batchReportsTheFirstBadFile() throws IOException {
        Path good = TestWav.create().fmt(1, 1, 48000, 16).data(TestWav.int16(new short[48000])).write(dir.resolve("good.wav"));
        Path bad = TestWav.create().fmt(7, 1, 48000, 8).data(new byte[100]).write(dir.resolve("mulaw.wav"));
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Features.vectors(List.of(good, bad), FeatureParams.NOTEBOOK, 2));
        assertTrue(e.getMessage().contains("mulaw.wav") && e.getMessage().contains("unsupported format tag 7"), e.getMessage());
    }
}
