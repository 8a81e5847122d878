package ser.app;

import java.io.IOException;
import java.nio.file.Path;
import ser.model.SavedModel;

/** Loads --model DIR; DIR may be a saved model or a training output folder (then its best/ is used). */
final class ModelOption {

    private ModelOption() {
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
