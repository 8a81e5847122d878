package ser.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small, seeded, emotional-speech-like corpus written as RAVDESS-named 16-bit mono WAV files, so the normal
 * pipeline (index, labels, features, training) runs when the real RAVDESS is not present. It is a stand-in for
 * a demonstration, not a substitute for real speech.
 *
 * <p>Each clip is a sequence of syllables ("Kids are talking by the door" has 7) after a short silence. A syllable
 * is a voiced vowel: harmonics of the pitch f0(t) with amplitudes {@code k^-tilt} (spectral tilt) shaped by three
 * formant resonances of a randomly chosen vowel, under a raised-cosine envelope, plus breath noise. Per emotion
 * the prosody differs ({@link Prosody}): pitch level and range, syllable rate (tempo), energy, jitter (random
 * wobble of f0) and tilt; strong intensity raises energy and range. Odd actors get a male voice (f0 near 115 Hz),
 * even actors a female voice (near 210 Hz), each actor with its own offset.
 */
public final class SyntheticCorpus {

    /** Prosody of one emotion; f0 and range are relative to the actor's base pitch. */
    public record Prosody(double f0Scale, double range, double syllablesPerSecond, double energy, double jitter,
                          double tilt, double breath) {
    }

    /** The prosody table, indexed by emotion code - 1 (neutral .. surprised). */
    public static final Prosody[] PROSODY = {
            new Prosody(1.00, 0.10, 4.0, 0.45, 0.004, 1.5, 0.02),  // neutral
            new Prosody(0.92, 0.06, 3.0, 0.30, 0.003, 1.9, 0.03),  // calm: low, flat, slow, soft, dark
            new Prosody(1.30, 0.40, 5.2, 0.70, 0.008, 1.0, 0.02),  // happy: high, wide, fast, bright
            new Prosody(0.85, 0.04, 2.4, 0.22, 0.020, 2.2, 0.06),  // sad: low, flat, slow, quiet, dark, shaky
            new Prosody(1.35, 0.25, 5.8, 0.95, 0.025, 0.6, 0.03),  // angry: high, loud, fast, very bright
            new Prosody(1.55, 0.20, 6.5, 0.55, 0.045, 1.2, 0.10),  // fearful: very high, fast, trembling, breathy
            new Prosody(0.95, 0.15, 3.4, 0.60, 0.020, 1.3, 0.05),  // disgust
            new Prosody(1.60, 0.50, 4.6, 0.80, 0.010, 1.0, 0.03),  // surprised: highest, widest range
    };

    /** Vowel formants (F1, F2, F3) in Hz for a male voice; a female voice scales them by 1.15. */
    private static final double[][] VOWELS = {
            {730, 1090, 2440}, {270, 2290, 3010}, {530, 1840, 2480}, {570, 840, 2410}, {300, 870, 2240},
    };

    /** Bumped whenever the generator changes, so a folder of clips from an older generator is not reused. */
    public static final int VERSION = 2;

    private final long seed;
    private final int sampleRate;
    private final double seconds;
    private final int[] actors;
    private final int clipsPerEmotion;

    /**
     * @param actors          actor numbers (odd male, even female)
     * @param clipsPerEmotion clips per actor and emotion, 1..8 (intensity x statement x repetition; neutral has
     *                        only normal intensity, so it gets at most 4)
     */
    public SyntheticCorpus(long seed, int sampleRate, double seconds, int[] actors, int clipsPerEmotion) {
        if (clipsPerEmotion < 1 || clipsPerEmotion > 8) {
            throw new IllegalArgumentException("clipsPerEmotion must be 1..8, got " + clipsPerEmotion);
        }
        this.seed = seed;
        this.sampleRate = sampleRate;
        this.seconds = seconds;
        this.actors = actors.clone();
        this.clipsPerEmotion = clipsPerEmotion;
    }

    /**
     * The default demonstration corpus: actors 13..24 (so the notebook's test actors 21 and 23 exist), all eight
     * emotions, 3 clips each where possible, 3.5 s at 48 kHz: 12 x (3 + 7 x 3) = 288 clips, about 97 MB.
     */
    public static SyntheticCorpus standard(long seed) {
        return new SyntheticCorpus(seed, 48000, 3.5, new int[]{13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}, 3);
    }

    /** The RAVDESS names of every clip, in generation order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (int actor : actors) {
            for (Emotion e : Emotion.values()) {
                int made = 0;
                // order: repetition fastest, then statement, then intensity, as in the real corpus
                for (int intensity = 1; intensity <= 2 && made < clipsPerEmotion; intensity++) {
                    if (e == Emotion.NEUTRAL && intensity == 2) {
                        break;
                    }
                    for (int statement = 1; statement <= 2 && made < clipsPerEmotion; statement++) {
                        for (int rep = 1; rep <= 2 && made < clipsPerEmotion; rep++) {
                            names.add(String.format("03-01-%02d-%02d-%02d-%02d-%02d.wav", e.code, intensity, statement,
                                    rep, actor));
                            made++;
                        }
                    }
                }
            }
        }
        return names;
    }

    /**
     * Writes every clip to {@code dir/Actor_NN/NAME.wav}; clips already present with the right size are kept, so a
     * second call is quick. Each file is written to a temporary name and renamed.
     *
     * @return the number of clips written (not counting those kept)
     */
    public int write(Path dir) throws IOException {
        int written = 0;
        int frames = (int) Math.round(seconds * sampleRate);
        long expectedSize = 44 + 2L * frames;
        for (String name : names()) {
            RavdessFile f = RavdessFile.parse(Path.of(name));
            Path folder = dir.resolve(String.format("Actor_%02d", f.actor()));
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file) && Files.size(file) == expectedSize) {
                continue;
            }
            Files.createDirectories(folder);
            float[] x = clip(f);
            Path tmp = folder.resolve("." + name + "." + ProcessHandle.current().pid() + ".tmp");   // mode as any new file
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writeWav(out, x, sampleRate);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written++;
        }
        return written;
    }

    /** The samples of one clip in [-1, 1]; deterministic for (seed, name). */
    public float[] clip(RavdessFile f) {
        String name = f.name();
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + name.hashCode());
        // the actor's voice: base pitch and formant scale; stable across that actor's clips
        SplittableRandom actorRnd = new SplittableRandom(seed * 7919L + f.actor());
        boolean male = f.actor() % 2 == 1;
        double base = (male ? 115 : 210) * (0.9 + 0.2 * actorRnd.nextDouble());
        double formantScale = (male ? 1.0 : 1.15) * (0.95 + 0.1 * actorRnd.nextDouble());
        Prosody p = PROSODY[f.emotion().code - 1];
        double strong = f.intensity() == 2 ? 1.0 : 0.0;
        double energy = p.energy() * (1 + 0.35 * strong) * (0.9 + 0.2 * rnd.nextDouble());
        double range = p.range() * (1 + 0.3 * strong);
        double rate = p.syllablesPerSecond() * (0.9 + 0.2 * rnd.nextDouble());
        double f0Level = base * p.f0Scale() * (0.97 + 0.06 * rnd.nextDouble());

        int n = (int) Math.round(seconds * sampleRate);
        float[] x = new float[n];
        double start = 0.45 + 0.35 * rnd.nextDouble();
        int syllables = 7;
        double t = start;
        double phase = 0;
        double jitterState = 0;
        for (int s = 0; s < syllables; s++) {
            double dur = (0.7 + 0.5 * rnd.nextDouble()) / rate;
            double voiced = dur * (0.65 + 0.2 * rnd.nextDouble());
            double accent = range * (2 * rnd.nextDouble() - 1);
            double[] vowel = VOWELS[rnd.nextInt(VOWELS.length)];
            double declination = 1 - 0.12 * s / syllables;
            int i0 = (int) (t * sampleRate);
            int i1 = Math.min(n, (int) ((t + voiced) * sampleRate));
            double[] amp = new double[64];
            for (int i = i0; i < i1; i++) {
                double u = (i - i0) / (double) Math.max(1, i1 - i0);     // 0..1 within the syllable
                // f0 wobble: a slow random walk whose spread is about the emotion's jitter
                jitterState = 0.995 * jitterState + 0.2 * p.jitter() * (2 * rnd.nextDouble() - 1);
                double f0 = f0Level * declination * (1 + accent * Math.sin(Math.PI * u)) * (1 + jitterState);
                int harmonics = Math.min(amp.length, (int) (4000 / f0));
                if ((i - i0) % 64 == 0) {
                    double power = 0;
                    for (int k = 1; k <= harmonics; k++) {
                        amp[k - 1] = Math.pow(k, -p.tilt()) * formantGain(k * f0, vowel, formantScale);
                        power += amp[k - 1] * amp[k - 1];
                    }
                    // unit power, so loudness is set by energy alone and tilt only shapes the spectrum
                    double norm = 1 / Math.sqrt(power / 2);
                    for (int k = 1; k <= harmonics; k++) {
                        amp[k - 1] *= norm;
                    }
                }
                phase += 2 * Math.PI * f0 / sampleRate;
                if (phase > 2 * Math.PI) {
                    phase -= 2 * Math.PI;
                }
                // sum_k amp_k sin(k phase) by the recurrence sin(k p) = 2 cos(p) sin((k-1) p) - sin((k-2) p)
                double c2 = 2 * Math.cos(phase);
                double sPrev = 0;
                double sCur = Math.sin(phase);
                double v = 0;
                for (int k = 1; k <= harmonics; k++) {
                    v += amp[k - 1] * sCur;
                    double sNext = c2 * sCur - sPrev;
                    sPrev = sCur;
                    sCur = sNext;
                }
                double env = 0.5 - 0.5 * Math.cos(2 * Math.PI * u);
                // breath noise at a level relative to the voice (as in whispery or tense phonation)
                double breath = p.breath() * (2 * rnd.nextDouble() - 1);
                x[i] += (float) (energy * env * 0.2 * (v + breath));
            }
            t += dur;
        }
        // a quiet noise floor everywhere, like a studio recording
        for (int i = 0; i < n; i++) {
            x[i] += (float) (3e-4 * (2 * rnd.nextDouble() - 1));
            x[i] = Math.max(-1f, Math.min(1f, x[i]));
        }
        return x;
    }

    /** Sum of three resonance peaks (F1..F3, bandwidths 80, 120, 160 Hz) at frequency f, plus a floor. */
    private static double formantGain(double f, double[] vowel, double scale) {
        double g = 0.05;
        double[] bw = {80, 120, 160};
        for (int j = 0; j < 3; j++) {
            double d = (f - vowel[j] * scale) / bw[j];
            g += 1.0 / (1 + d * d);
        }
        return g;
    }

    /** Writes a canonical 44-byte-header PCM WAV, 16-bit mono. */
    public static void writeWav(OutputStream out, float[] x, int sampleRate) throws IOException {
        int dataBytes = 2 * x.length;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
        b.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(2 * sampleRate);
        b.putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (float v : x) {
            b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767));
        }
        out.write(b.array());
    }
}
