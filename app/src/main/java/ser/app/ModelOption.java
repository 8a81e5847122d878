package ser.app;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import ser.model.SavedModel;

/**
 * {@code --model DIR}, declared once for every command that reads a saved model ({@code @Mixin}). DIR may be a
 * saved model or a training output folder (then its best/ is used).
 */
final class ModelOption {

    @Option(names = "--model", paramLabel = "DIR", description = "a saved model, or a train --out folder (its best/ is used)")
    Path dir;

    /** Whether --model was given. */
    boolean given() {
        return dir != null;
    }

    /** The model of --model DIR; a one-line error when it is missing or not a saved model. */
    SavedModel.Loaded load() throws IOException {
        return load(dir);
    }

    static SavedModel.Loaded load(Path dir) throws IOException {
        if (dir == null) {
            throw new UserError("--model DIR is required");
        }
        if (!SavedModel.exists(dir) && SavedModel.exists(dir.resolve("best"))) {
            return SavedModel.load(dir.resolve("best"));
        }
        return SavedModel.load(dir);
    }
}
