package ser.app;

import java.nio.file.Path;
import ser.features.AudioFormatException;

/**
 * A recording whose window the model hears holds no sound (its peak is below {@link Predictor#SILENCE_DBFS}): any
 * label predicted from it would describe the microphone's noise floor, not a voice.
 */
public final class SilentRecordingException extends AudioFormatException {
    private static final long serialVersionUID = 1L;

    SilentRecordingException(Path file, String problem) {
        super(file, problem);
    }
}
