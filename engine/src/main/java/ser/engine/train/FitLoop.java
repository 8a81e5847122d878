package ser.engine.train;

import ser.engine.Batcher;
import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.layers.Layer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop behind {@code Sequential.fit}, as Keras 2.2.4's {@code training_arrays.fit_loop}: for each
 * epoch, shuffle, train batch by batch, then validate, with the callbacks called around each step.
 *
 * <p>Shuffling: epoch e visits the samples in the order of a Fisher-Yates pass with
 * {@code new Rng(Rng.hash(seed, SHUFFLE_STREAM, e))}, a function of (seed, e) only, so a run resumed at
 * {@code initialEpoch} shuffles exactly as an uninterrupted run.
 *
 * <p>Epoch logs: loss and acc are the sample-weighted means of the batch values (Keras weights by batch size);
 * val_loss and val_acc are {@code evaluate} on the validation data after the epoch's last update, only when the
 * epoch ran to its end; lr is the optimiser's rate.
 *
 * <p>A NaN or infinite batch loss stops the loop: quietly when a callback asked to stop ({@link TerminateOnNaN}),
 * otherwise with a {@link NonFiniteLossException} naming the first layer whose output was not finite.
 */
public final class FitLoop {

    /** Stream id of the per-epoch shuffle in {@link Rng#hash}. */
    public static final long SHUFFLE_STREAM = 0x5348554646L;

    private final Trainable model;
    private final FitSettings settings;
    private final Batcher batcher;

    public FitLoop(Trainable model, FitSettings settings) {
        this.model = model;
        this.settings = settings;
        this.batcher = new Batcher(model.inputShape());
    }

    // docs:begin fit-loop
    /** Trains on x [N, ...] with labels y [N]; returns the History of the epoch logs. */
    public History run(Tensor x, int[] y) {
        int n = x.dim(0);
        int batchSize = settings.batchSize();
        History history = new History();
        List<Callback> all = new ArrayList<>(settings.callbacks());
        all.add(history);
        CallbackList callbacks = new CallbackList(all);
        TrainingContext context = new TrainingContext(model.optimizer(), settings.stop(), settings.initialEpoch(),
                settings.epochs());
        callbacks.setContext(context);
        callbacks.onTrainBegin();
        int[] index = new int[n];
        for (int epoch = settings.initialEpoch(); epoch < settings.epochs() && !context.stopRequested(); epoch++) {
            context.setEpoch(epoch);
            callbacks.onEpochBegin(epoch);
            for (int i = 0; i < n; i++) {
                index[i] = i;
            }
            new Rng(Rng.hash(model.seed(), SHUFFLE_STREAM, epoch)).shuffle(index);
            double lossSum = 0;
            double accSum = 0;
            int seen = 0;
            boolean complete = true;
            int batches = (n + batchSize - 1) / batchSize;
            for (int batch = 0; batch < batches; batch++) {
                int start = batch * batchSize;
                int B = Math.min(batchSize, n - start);
                callbacks.onBatchBegin(batch);
                double[] r = model.trainOnBatch(batcher.gather(x, index, start, B),
                        batcher.gatherLabels(y, index, start, B));
                lossSum += r[0] * B;
                accSum += r[1] * B;
                seen += B;
                Map<String, Double> batchLogs = new LinkedHashMap<>();
                batchLogs.put("batch", (double) batch);
                batchLogs.put("size", (double) B);
                batchLogs.put("loss", r[0]);
                batchLogs.put("acc", r[1]);
                callbacks.onBatchEnd(batch, batchLogs);
                if (!Double.isFinite(r[0]) && !context.stopRequested()) {
                    throw new NonFiniteLossException(diagnose(epoch, batch, r[0]));
                }
                if (context.stopRequested()) {
                    complete = batch == batches - 1;
                    break;
                }
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / seen);
            logs.put("acc", accSum / seen);
            if (settings.xVal() != null && complete) {
                Evaluation v = model.evaluate(settings.xVal(), settings.yVal(), batchSize);
                logs.put("val_loss", v.loss());
                logs.put("val_acc", v.accuracy());
            }
            logs.put("lr", context.lr());
            callbacks.onEpochEnd(epoch, logs);
        }
        callbacks.onTrainEnd();
        return history;
    }
    // docs:end fit-loop

    /** Names the input or the first layer whose last output held a NaN or infinity. */
    private String diagnose(int epoch, int batch, double loss) {
        Tensor input = model.lastInput();
        if (input != null && !allFinite(input.data())) {
            return "fit: epoch " + (epoch + 1) + ", batch " + batch + ": loss is " + loss
                    + "; the input batch of shape " + input.shapeString() + " holds NaN or infinite values";
        }
        String where = "every layer output is finite";
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Tensor out = model.lastOutput(i);
            if (out != null && !allFinite(out.data())) {
                Layer l = layers.get(i);
                where = "first non-finite values in the output of " + l.name() + " (" + l.kerasClassName()
                        + ") of shape " + out.shapeString();
                break;
            }
        }
        return "fit: epoch " + (epoch + 1) + ", batch " + batch + ": loss is " + loss + "; " + where
                + " (weights left unchanged for this batch; add TerminateOnNaN to stop without an exception)";
    }

    private static boolean allFinite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
