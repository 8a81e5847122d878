package ser.features;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import ser.features.dsp.Resampler;
import ser.features.wav.WavInfo;
import ser.features.wav.WavReader;

/**
 * {@code librosa.load(path, sr, offset, duration, res_type)} for WAV files (librosa 0.6.3 semantics):
 * <ul>
 *   <li>the window starts at frame {@code round(sr_native * offset)} and holds {@code round(sr_native * duration)}
 *       frames (round half to even, as numpy), clipped at the end of the file;</li>
 *   <li>samples are scaled to float32 ({@code int16 / 32768} etc., see {@link WavReader}) and channels are averaged
 *       in float32;</li>
 *   <li>the window is resampled to {@code sr} with resampy 0.2.x's filter ({@link Resampler}) and zero-padded to
 *       {@code ceil(N * sr / sr_native)} samples.</li>
 * </ul>
 * An offset at or past the end of the file gives an empty array, as librosa does. (librosa 0.6.3 decodes through
 * audioread, which reduces 24/32-bit and float files to 16 bits first; this reader keeps their full precision, as
 * librosa 0.7+ with soundfile does. RAVDESS is 16-bit, where both agree exactly.)
 */
public final class Audio {

    private Audio() {
    }

    /** Mono samples at their native rate, as {@code librosa.load(path, sr=None, ...)}. */
    public record Clip(float[] samples, int sampleRate, int channels, long fileFrames) {
        public double seconds() {
            return samples.length / (double) sampleRate;
        }
    }

    /** Mono float32 samples at {@code p.sampleRate()} from the window {@code p.offset()}, {@code p.duration()}. */
    // docs:begin audio-load
    public static float[] load(Path wav, FeatureParams p) throws IOException {
        Clip clip = loadNative(wav, p.offset(), p.duration());
        if (clip.samples().length == 0 || clip.sampleRate() == p.sampleRate()) return clip.samples();
        try {
            return Resampler.resample(clip.samples(), clip.sampleRate(), p.sampleRate(), p.resType());
        } catch (IllegalArgumentException e) {
            throw new AudioFormatException(wav, e.getMessage());
        }
    }
    // docs:end audio-load

    /**
     * The window {@code [offset, offset + duration)} seconds at the file's own rate, channels averaged.
     *
     * @param duration seconds, {@code Double.POSITIVE_INFINITY} for "to the end"
     */
    public static Clip loadNative(Path wav, double offset, double duration) throws IOException {
        if (!(offset >= 0) || Double.isInfinite(offset)) throw new IllegalArgumentException("offset must be finite and >= 0, got " + offset);
        if (!(duration > 0)) throw new IllegalArgumentException("duration must be > 0, got " + duration);
        if (java.nio.file.Files.isDirectory(wav)) {
            throw new AudioFormatException(wav, "is a folder, not a WAV file");
        }
        try (FileChannel ch = FileChannel.open(wav, StandardOpenOption.READ)) {
            return loadNative(wav, ch, offset, duration);
        }
    }

    /**
     * As {@link #loadNative(Path, double, double)} from an open channel (a file, or WAV bytes in memory);
     * {@code name} only labels error messages.
     */
    public static Clip loadNative(Path name, SeekableByteChannel ch, double offset, double duration) throws IOException {
        if (!(offset >= 0) || Double.isInfinite(offset)) throw new IllegalArgumentException("offset must be finite and >= 0, got " + offset);
        if (!(duration > 0)) throw new IllegalArgumentException("duration must be > 0, got " + duration);
        WavInfo info = WavReader.info(name, ch);
        long start = (long) Math.rint(info.sampleRate() * offset);
        long frames = Double.isInfinite(duration) ? Long.MAX_VALUE : (long) Math.rint(info.sampleRate() * duration);
        float[] mono = WavReader.readMono(name, ch, info, start, frames);
        return new Clip(mono, info.sampleRate(), info.channels(), info.frames());
    }
}
