package ser.features.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import ser.features.Audio;
import ser.features.FeatureParams;
import ser.features.Features;
import ser.features.Fixtures;
import ser.features.ResType;
import ser.features.dsp.Dct;
import ser.features.dsp.Decibels;
import ser.features.dsp.MelFilterbank;
import ser.features.dsp.Resampler;
import ser.features.dsp.Stft;
import ser.features.wav.TestWav;

/**
 * One benchmark per stage of the notebook's pipeline on one full RAVDESS clip (fixture 03-01-05-02-01-01-01:
 * 144000 samples at 48 kHz -> 132300 at 44.1 kHz -> 259 frames), single thread, milliseconds per clip.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp features/target/test-classes:features/target/classes:$(cat features/target/test-classpath.txt) \
 *      org.openjdk.jmh.Main StagesBenchmark -f 1 -wi 3 -i 5
 * </pre>
 * decodeWav reads a RAVDESS-layout WAV written from the fixture's samples (int16), so no dataset is needed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StagesBenchmark {
    private static final String FILE = "03-01-05-02-01-01-01";
    private final FeatureParams p = FeatureParams.NOTEBOOK;
    private float[] native48k, x44k;
    private double[] power, mel, logMel;
    private Stft stft;
    private MelFilterbank melFilterbank;
    private Dct dct;
    private Path wav;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        native48k = Fixtures.f32(FILE + ".native");
        x44k = Fixtures.f32(FILE + ".load44k");
        stft = new Stft(p.nFft(), p.hop());
        melFilterbank = new MelFilterbank(p.sampleRate(), p.nFft(), p.nMels(), p.fmin(), p.fmaxHz());
        dct = new Dct(p.nMels(), p.nMfcc());
        power = stft.power(x44k);
        mel = melFilterbank.apply(power, 259);
        logMel = Decibels.powerToDb(mel.clone(), p.topDb());
        // 0.5 s of silence, the fixture window, 0.5 s of silence: the notebook's window is exactly the fixture
        short[] pcm = new short[24000 + native48k.length + 24000];
        for (int i = 0; i < native48k.length; i++) pcm[24000 + i] = (short) Math.round(native48k[i] * 32768f);
        wav = Files.createTempFile("stages-benchmark", ".wav");
        java.nio.file.Files.write(wav, TestWav.create().fmt(1, 1, 48000, 16).chunk("FLLR", new byte[4044])
                .data(TestWav.int16(pcm)).chunk("LIST", new byte[34]).chunk("_PMX", new byte[31739]).bytes());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(wav);
    }

    @Benchmark
    public float[] decodeWav() throws IOException {
        return Audio.loadNative(wav, 0.5, 3.0).samples();
    }

    @Benchmark
    public float[] resampleKaiserFast() {
        return Resampler.resample(native48k, 48000, 44100, ResType.KAISER_FAST);
    }

    /** The one-output-at-a-time loop, for comparison with the 4-lane one above. */
    @Benchmark
    public float[] resampleKaiserFastReferenceLoop() {
        return Resampler.resampleReference(native48k, 48000, 44100, ResType.KAISER_FAST);
    }

    @Benchmark
    public double[] stftPower() {
        return stft.power(x44k);
    }

    @Benchmark
    public double[] melFilterbank() {
        return melFilterbank.apply(power, 259);
    }

    @Benchmark
    public double[] powerToDb() {
        return Decibels.powerToDb(mel.clone(), p.topDb());
    }

    @Benchmark
    public double[] dct() {
        return dct.apply(logMel, 259);
    }

    /** STFT -> mel -> dB -> DCT -> mean -> pad, from the 44.1 kHz samples. */
    @Benchmark
    public float[] featuresFromSamples() {
        return Features.vector(x44k, p);
    }

    /** Everything: WAV bytes -> 259 floats. */
    @Benchmark
    public float[] featuresFromWav() throws IOException {
        return Features.vector(wav, p);
    }
}
