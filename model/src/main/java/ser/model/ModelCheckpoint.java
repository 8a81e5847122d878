package ser.model;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import ser.engine.models.Sequential;
import ser.engine.train.Callback;
import ser.engine.train.TrainingContext;

/**
 * Keras' {@code ModelCheckpoint(filepath, monitor, save_best_only)} as a {@link SavedModel} folder. With
 * saveBestOnly the model is saved when the monitored value improves on the best so far ({@code current < best}
 * for losses, {@code >} for accuracies; NaN never improves, as {@code np.less} in Keras); otherwise after every
 * epoch that completed (its logs hold the monitored key; an epoch cut short by a stop request has no
 * validation values and is not saved, so a resume starts from a whole epoch). With saveBestOnly a missing
 * monitor key skips saving with one message, as Keras warns.
 */
public final class ModelCheckpoint implements Callback {

    private final Path dir;
    private final String monitor;
    private final boolean saveBestOnly;
    private final boolean withOptimizer;
    private final List<String> labels;
    private final JsonObject featureParams;
    private final BiFunction<Integer, Double, JsonObject> trainingState;
    private final Consumer<String> out;
    private final boolean minimise;
    private final Sequential model;
    private TrainingContext context;      // null outside fit
    private double best;
    private boolean warned;

    /**
     * @param model         the model to save (Keras hands it over with set_model; here it is given once)
     * @param trainingState given (epochs completed, best monitored value), returns the JSON saved as "training"
     * @param out           receives Keras-style lines such as "Epoch 00005: val_loss improved from ..."
     */
    public ModelCheckpoint(Sequential model, Path dir, String monitor, boolean saveBestOnly, boolean withOptimizer,
                           List<String> labels, JsonObject featureParams, BiFunction<Integer, Double, JsonObject> trainingState,
                           Consumer<String> out) {
        this.model = model;
        this.dir = dir;
        this.monitor = monitor;
        this.saveBestOnly = saveBestOnly;
        this.withOptimizer = withOptimizer;
        this.labels = List.copyOf(labels);
        this.featureParams = featureParams;
        this.trainingState = trainingState;
        this.out = out;
        this.minimise = !monitor.contains("acc");
        this.best = minimise ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** The best monitored value so far (to carry it across a resume). */
    public double best() {
        return best;
    }

    public void setBest(double best) {
        this.best = best;
    }

    @Override
    public void setContext(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double current = logs.get(monitor);
        if (saveBestOnly) {
            if (current == null) {
                if (!warned && (context == null || !context.stopRequested())) {   // a run stopped mid-epoch has no val_loss: say nothing
                    out.accept("ModelCheckpoint: can save best model only with " + monitor + " available, skipping");
                    warned = true;
                }
                return;
            }
            boolean improved = minimise ? current < best : current > best;
            if (!improved) {
                return;
            }
            out.accept(String.format(Locale.ROOT, "Epoch %05d: %s improved from %.5f to %.5f, saving model to %s",
                    epoch + 1, monitor, best, current, dir));
            best = current;
        } else if (current == null) {
            return;   // the epoch did not complete (stopped mid-epoch): keep the last complete state
        }
        try {
            SavedModel.save(dir, model, labels, featureParams, trainingState.apply(epoch + 1, best), withOptimizer);
        } catch (IOException e) {
            throw new UncheckedIOException("saving checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }
}
