package ser.data;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One RAVDESS recording, named {@code MM-VV-EE-II-SS-RR-AA.wav}: modality (01 full-AV, 02 video-only,
 * 03 audio-only), vocal channel (01 speech, 02 song), emotion (01..08), intensity (01 normal, 02 strong; neutral
 * has no strong), statement (01, 02), repetition (01, 02), actor (01..24, odd male, even female).
 */
public record RavdessFile(Path path, int modality, int vocalChannel, Emotion emotion, int intensity,
                          int statement, int repetition, int actor) {

    private static final Pattern NAME =
            Pattern.compile("(\\d\\d)-(\\d\\d)-(\\d\\d)-(\\d\\d)-(\\d\\d)-(\\d\\d)-(\\d\\d)\\.wav", Pattern.CASE_INSENSITIVE);

    /** "male" or "female". */
    public String gender() {
        return Gender.of(actor);
    }

    /** The file name without folder, e.g. 03-01-06-01-02-01-12.wav. */
    public String name() {
        return path.getFileName().toString();
    }

    /**
     * Parses and validates a file name.
     *
     * @throws IllegalArgumentException with the reason when the name does not follow the scheme or a field is out
     *                                  of range
     */
    public static RavdessFile parse(Path path) {
        String name = path.getFileName().toString();
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + ": not of the form MM-VV-EE-II-SS-RR-AA.wav");
        }
        int[] f = new int[7];
        for (int i = 0; i < 7; i++) {
            f[i] = Integer.parseInt(m.group(i + 1));
        }
        check(name, "modality", f[0], 1, 3);
        check(name, "vocal channel", f[1], 1, 2);
        check(name, "emotion", f[2], 1, 8);
        check(name, "intensity", f[3], 1, 2);
        check(name, "statement", f[4], 1, 2);
        check(name, "repetition", f[5], 1, 2);
        check(name, "actor", f[6], 1, 24);
        if (f[2] == 1 && f[3] == 2) {
            throw new IllegalArgumentException(name + ": neutral (emotion 01) has no strong intensity (02)");
        }
        return new RavdessFile(path, f[0], f[1], Emotion.ofCode(f[2]), f[3], f[4], f[5], f[6]);
    }

    private static void check(String name, String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(String.format("%s: %s %02d is outside %02d..%02d", name, field, value, min, max));
        }
    }
}
