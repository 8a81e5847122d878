package ser.features.wav;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.features.Audio;
import ser.features.AudioFormatException;
import ser.features.FeatureParams;
import ser.features.Features;

class WavReaderTest {
    @TempDir
    Path dir;

    /** fmt · FLLR(4044 zeros) · data · LIST · bext(602) · _PMX(odd, + pad byte), like every RAVDESS file. */
    static TestWav ravdessLike(int channels, short[] interleaved) {
        byte[] list = "INFOICRD\u000b\u0000\u0000\u00002018-05-01\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
        byte[] pmx = new byte[31739];
        java.util.Arrays.fill(pmx, (byte) '<');
        return TestWav.create().fmt(1, channels, 48000, 16).chunk("FLLR", new byte[4044]).data(TestWav.int16(interleaved))
                .chunk("LIST", list).chunk("bext", new byte[602]).chunk("_PMX", pmx);
    }

    static short[] randomShorts(int n, long seed) {
        Random r = new Random(seed);
        short[] s = new short[n];
        for (int i = 0; i < n; i++) s[i] = (short) r.nextInt(65536);
        return s;
    }

    @Test
    void ravdessLayoutMonoWindow() throws IOException {
        short[] pcm = randomShorts(48000 * 4, 1); // 4 s
        TestWav wav = ravdessLike(1, pcm);
        byte[] bytes = wav.bytes();
        assertEquals(4096, indexOf(bytes, "data") + 8, "samples start at byte 4096 as in RAVDESS");
        assertEquals(indexOf(bytes, "_PMX") + 8 + 31739 + 1, bytes.length, "odd _PMX: the file ends with its pad byte");
        Path f = wav.write(dir.resolve("a.wav"));
        WavInfo info = WavReader.info(f);
        assertEquals(48000, info.sampleRate());
        assertEquals(pcm.length, info.frames());
        Audio.Clip clip = Audio.loadNative(f, 0.5, 3.0);
        assertEquals(144000, clip.samples().length);
        for (int i = 0; i < 144000; i++) assertEquals(pcm[24000 + i] / 32768f, clip.samples()[i], 0f);
    }

    @Test
    void stereoIsTheFloat32MeanOfChannels() throws IOException {
        short[] pcm = randomShorts(2 * 1000, 2);
        Path f = ravdessLike(2, pcm).write(dir.resolve("s.wav"));
        float[] mono = Audio.loadNative(f, 0, Double.POSITIVE_INFINITY).samples();
        assertEquals(1000, mono.length);
        for (int i = 0; i < 1000; i++) assertEquals((pcm[2 * i] / 32768f + pcm[2 * i + 1] / 32768f) / 2f, mono[i], 0f);
    }

    @Test
    void manyChannelsAreAveragedLeftToRight() throws IOException {
        float[] v = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, -1f};
        Path f = TestWav.create().fmt(3, 6, 8000, 32).data(TestWav.float32(v)).write(dir.resolve("6ch.wav"));
        float sum = 0.1f;
        for (int k = 1; k < 6; k++) sum += v[k];
        assertEquals(sum / 6, Audio.loadNative(f, 0, 1).samples()[0], 0f);
    }

    @Test
    void everySampleFormatScalesLikeLibrosa() throws IOException {
        Path p8 = TestWav.create().fmt(1, 1, 8000, 8).data(new byte[] {0, (byte) 128, (byte) 255, 64}).write(dir.resolve("8.wav"));
        assertArrayEquals(new float[] {-1f, 0f, 127 / 128f, -0.5f}, read(p8));
        Path p24 = TestWav.create().fmt(1, 1, 8000, 24).data(TestWav.int24(-8388608, 8388607, 1, -1)).write(dir.resolve("24.wav"));
        assertArrayEquals(new float[] {-1f, 8388607 / 8388608f, 1 / 8388608f, -1 / 8388608f}, read(p24));
        Path p32 = TestWav.create().fmt(1, 1, 8000, 32).data(TestWav.int32(Integer.MIN_VALUE, 1 << 30, -7)).write(dir.resolve("32.wav"));
        assertArrayEquals(new float[] {-1f, 0.5f, (float) (-7 / 2147483648.0)}, read(p32));
        Path f32 = TestWav.create().fmt(3, 1, 8000, 32).data(TestWav.float32(0.25f, -2f)).write(dir.resolve("f32.wav"));
        assertArrayEquals(new float[] {0.25f, -2f}, read(f32));
        Path f64 = TestWav.create().fmt(3, 1, 8000, 64).data(TestWav.float64(0.1, -0.3)).write(dir.resolve("f64.wav"));
        assertArrayEquals(new float[] {(float) 0.1, (float) -0.3}, read(f64));
        Path ext = TestWav.create().fmtExtensible(1, 2, 8000, 16).data(TestWav.int16((short) 16384, (short) 0)).write(dir.resolve("ext.wav"));
        assertArrayEquals(new float[] {0.25f}, read(ext));
        Path extF = TestWav.create().fmtExtensible(3, 1, 8000, 32).data(TestWav.float32(0.75f)).write(dir.resolve("extf.wav"));
        assertArrayEquals(new float[] {0.75f}, read(extF));
    }

    /** LIST/INFO and fact before fmt, JUNK between, odd chunk sizes with pad bytes: all skipped. */
    @Test
    void otherChunksAreSkipped() throws IOException {
        Path f = TestWav.create().chunk("LIST", "INFOINAM\u0003\u0000\u0000\u0000ab\u0000".getBytes(StandardCharsets.ISO_8859_1))
                .chunk("fact", new byte[] {2, 0, 0, 0}).chunk("JUNK", new byte[7]).fmt(1, 1, 16000, 16)
                .chunk("odd ", new byte[3]).data(TestWav.int16((short) 100, (short) -100)).write(dir.resolve("c.wav"));
        assertArrayEquals(new float[] {100 / 32768f, -100 / 32768f}, read(f));
    }

    @Test
    void missingFinalPadByteIsTolerated() throws IOException {
        Path f = TestWav.create().fmt(1, 1, 8000, 16).data(TestWav.int16((short) 5)).chunk("_PMX", new byte[3], 3, false)
                .write(dir.resolve("nopad.wav"));
        assertArrayEquals(new float[] {5 / 32768f}, read(f));
    }

    /** librosa: s_start = round(sr * offset), length round(sr * duration), numpy rounding (half to even). */
    @Test
    void offsetAndDurationRoundHalfToEven() throws IOException {
        short[] pcm = new short[100];
        for (int i = 0; i < 100; i++) pcm[i] = (short) i;
        Path f = TestWav.create().fmt(1, 1, 10, 16).data(TestWav.int16(pcm)).write(dir.resolve("r.wav"));
        float[] a = Audio.loadNative(f, 0.25, 0.45).samples(); // start round(2.5) = 2, length round(4.5) = 4
        assertArrayEquals(new float[] {2 / 32768f, 3 / 32768f, 4 / 32768f, 5 / 32768f}, a);
        float[] b = Audio.loadNative(f, 0.35, 0.15).samples(); // start round(3.5) = 4, length round(1.5) = 2
        assertArrayEquals(new float[] {4 / 32768f, 5 / 32768f}, b);
        assertEquals(5, Audio.loadNative(f, 9.5, 3).samples().length, "clipped at the end of the file");
    }

    @Test
    void offsetPastTheEndGivesEmptyAudioAndAFeatureError() throws IOException {
        Path f = TestWav.create().fmt(1, 1, 48000, 16).data(TestWav.int16(new short[4800])).write(dir.resolve("short.wav"));
        assertEquals(0, Audio.load(f, FeatureParams.NOTEBOOK).length, "librosa.load returns an empty array");
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Features.vector(f, FeatureParams.NOTEBOOK));
        assertTrue(e.getMessage().contains("short.wav") && e.getMessage().contains("no audio after offset"), e.getMessage());
    }

    @Test
    void emptyDataChunk() throws IOException {
        Path f = TestWav.create().fmt(1, 1, 48000, 16).data(new byte[0]).write(dir.resolve("empty.wav"));
        assertEquals(0, WavReader.info(f).frames());
        assertEquals(0, Audio.loadNative(f, 0, 3).samples().length);
        assertThrows(AudioFormatException.class, () -> Features.vector(f, FeatureParams.NOTEBOOK.withWindow(0, 3)));
    }

    @Test
    void tooShortToResampleNamesTheFile() throws IOException {
        Path f = TestWav.create().fmt(1, 1, 48000, 16).data(TestWav.int16((short) 1)).write(dir.resolve("one.wav"));
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Audio.load(f, FeatureParams.NOTEBOOK.withWindow(0, 3)));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void badInputGivesOneLineErrorsNamingTheFile() throws IOException {
        expectError(new byte[0], "not a RIFF/WAVE file");
        expectError("RIFF\u0004\u0000\u0000\u0000AVI ".getBytes(StandardCharsets.ISO_8859_1), "not a RIFF/WAVE file");
        expectError("RIFX\u0004\u0000\u0000\u0000WAVE".getBytes(StandardCharsets.ISO_8859_1), "unsupported container 'RIFX'");
        expectError("ID3\u0003garbage garbage".getBytes(StandardCharsets.ISO_8859_1), "not a RIFF/WAVE file");
        expectError(TestWav.create().data(TestWav.int16((short) 1)).bytes(), "no fmt chunk");
        expectError(TestWav.create().fmt(1, 1, 8000, 16).bytes(), "no data chunk");
        expectError(TestWav.create().fmt(1, 1, 8000, 16).chunk("data", new byte[10], 1_000_000_000L, true).bytes(),
                "data chunk at byte 36 claims 1000000000 bytes but only 10 remain");
        expectError(TestWav.create().chunk("LIST", new byte[10], 5000, true).fmt(1, 1, 8000, 16).data(new byte[2]).bytes(),
                "truncated chunk 'LIST' at byte 12");
        expectError(TestWav.create().chunk("fmt ", new byte[10], 16, true).bytes(), "truncated fmt chunk");
        expectError(TestWav.create().fmt(1, 0, 8000, 16, 2).data(new byte[2]).bytes(), "0 channels");
        expectError(TestWav.create().fmt(1, 1, 0, 16).data(new byte[2]).bytes(), "absurd sample rate 0 Hz");
        expectError(TestWav.create().fmt(1, 1, 2_000_000_000, 16).data(new byte[2]).bytes(), "absurd sample rate 2000000000 Hz");
        expectError(TestWav.create().fmt(7, 1, 8000, 8).data(new byte[2]).bytes(), "unsupported format tag 7 (mu-law)");
        expectError(TestWav.create().fmt(6, 1, 8000, 8).data(new byte[2]).bytes(), "unsupported format tag 6 (A-law)");
        expectError(TestWav.create().fmt(2, 1, 8000, 4, 256).data(new byte[2]).bytes(), "unsupported format tag 2 (Microsoft ADPCM)");
        expectError(TestWav.create().fmt(0x11, 1, 8000, 4, 256).data(new byte[2]).bytes(), "unsupported format tag 17 (IMA ADPCM)");
        expectError(TestWav.create().fmt(0x55, 2, 44100, 0, 1).data(new byte[2]).bytes(), "unsupported format tag 85 (MP3)");
        expectError(TestWav.create().fmtExtensible(7, 1, 8000, 8).data(new byte[2]).bytes(), "unsupported format tag 7 (mu-law)");
        expectError(TestWav.create().fmt(1, 1, 8000, 12, 2).data(new byte[2]).bytes(), "unsupported 12-bit PCM");
        expectError(TestWav.create().fmt(3, 1, 8000, 16).data(new byte[2]).bytes(), "unsupported 16-bit float");
        expectError(TestWav.create().fmt(1, 2, 8000, 16, 2).data(new byte[4]).bytes(), "block align 2 does not match 2 channels x 16 bits");
        expectError(TestWav.create().chunk("fmt ", new byte[8]).data(new byte[2]).bytes(), "fmt chunk too short");
    }

    @Test
    void missingFileIsAnIoErrorNamingIt() {
        Path f = dir.resolve("nope.wav");
        IOException e = assertThrows(IOException.class, () -> WavReader.info(f));
        assertTrue(e.getMessage().contains("nope.wav"), e.getMessage());
    }

    private void expectError(byte[] bytes, String expected) throws IOException {
        Path f = dir.resolve("bad.wav");
        java.nio.file.Files.write(f, bytes);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Audio.loadNative(f, 0, 1), expected);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), "names the file: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private float[] read(Path f) throws IOException {
        return Audio.loadNative(f, 0, Double.POSITIVE_INFINITY).samples();
    }

    private static int indexOf(byte[] b, String s) {
        byte[] t = s.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + t.length <= b.length; i++) {
            for (int j = 0; j < t.length; j++) if (b[i + j] != t[j]) continue outer;
            return i;
        }
        return -1;
    }
}
