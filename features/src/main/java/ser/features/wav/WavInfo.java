package ser.features.wav;

/**
 * What the {@code fmt } and {@code data} chunks of a RIFF/WAVE file say, after validation.
 *
 * @param encoding      how one sample is stored
 * @param channels      interleaved channels per frame (1 or more)
 * @param sampleRate    frames per second
 * @param bitsPerSample container bits of one sample: 8, 16, 24, 32 (PCM) or 32, 64 (float)
 * @param blockAlign    bytes per frame = channels * bitsPerSample / 8
 * @param dataOffset    byte position of the first sample in the file
 * @param frames        whole frames in the {@code data} chunk (a trailing partial frame is ignored)
 */
public record WavInfo(Encoding encoding, int channels, int sampleRate, int bitsPerSample, int blockAlign,
                      long dataOffset, long frames) {

    /** Sample encodings we decode. */
    public enum Encoding {
        /** Integer PCM: unsigned for 8 bits, signed little-endian otherwise. */
        PCM,
        /** IEEE 754 little-endian float, 32 or 64 bits. */
        FLOAT
    }

    /** Length of the audio in seconds. */
    public double seconds() {
        return frames / (double) sampleRate;
    }
}
