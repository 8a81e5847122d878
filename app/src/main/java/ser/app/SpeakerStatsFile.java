package ser.app;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import ser.features.FrameParams;
import ser.features.Normalisation;
import ser.model.io.AtomicFile;

/**
 * One speaker's normalisation statistics as a JSON file, so a voice is enrolled once and reused:
 * <pre>
 *   {"format": "ser-speaker-stats", "features": "&lt;FrameParams key&gt;", "channels": C,
 *    "mean": [C values], "std": [C values], "source": "the folder they came from"}
 * </pre>
 * Only "mean" and "std" are required when reading (a file written by hand works); "channels" and "features",
 * when present, must match the model's, so statistics of other features are refused rather than applied.
 */
final class SpeakerStatsFile {

    static final String FORMAT = "ser-speaker-stats";

    private SpeakerStatsFile() {
    }

    /** Writes atomically ({@link AtomicFile}: a temporary file, then a rename). */
    static void write(Path file, Normalisation.Stats s, FrameParams frames, Path source) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("features", frames.key());
        o.addProperty("channels", s.channels());
        JsonObject st = RecipeRun.statsJson(s);
        o.add("mean", st.get("mean"));
        o.add("std", st.get("std"));
        o.addProperty("source", source.toString());
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        AtomicFile.writeString(abs, new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n");
    }

    /** Reads statistics for a model of these frame features; any mismatch is a one-line error naming the file. */
    static Normalisation.Stats read(Path file, FrameParams frames) throws IOException {
        String where = "--speaker-stats " + file;
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new UserError(where + ": not a JSON object (" + Main.oneLine(e) + ")");
        }
        if (o.has("channels") && o.get("channels").getAsInt() != frames.channels()) {
            throw new UserError(where + ": statistics of " + o.get("channels").getAsInt() + " channels, the model takes "
                    + frames.channels());
        }
        if (o.has("features") && !o.get("features").getAsString().equals(frames.key())) {
            throw new UserError(where + ": statistics of other features (" + o.get("features").getAsString()
                    + "); the model takes " + frames.key());
        }
        return RecipeRun.statsFromJson(o, frames.channels(), where);
    }
}
