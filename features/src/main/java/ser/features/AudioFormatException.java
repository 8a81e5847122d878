package ser.features;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be decoded as audio we support: not RIFF/WAVE, truncated, lying sizes, a compressed format, or
 * no samples where the caller asked for them. The message is one line and names the file.
 */
public class AudioFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public AudioFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public AudioFormatException(String message) {
        super(message);
    }
}
