package ser.app.report;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import ser.engine.train.Callback;

/**
 * Keras' verbose=1 output: a progress bar during each epoch (on stderr, when enabled) and one line per epoch,
 * {@code Epoch 3/700 - 12.3s - 41.2 samples/s - loss: 0.6931 - acc: 0.5000 - val_loss: ... - lr: 1.0000e-04}.
 */
public final class EpochPrinter implements Callback {

    private final PrintWriter out;
    private final ProgressBar bar;
    private final int epochs;
    private final int samples;
    private long start;
    private int seen;
    private double lossSum;

    /** @param bar null for no progress bar */
    public EpochPrinter(PrintWriter out, ProgressBar bar, int epochs, int samples) {
        this.out = out;
        this.bar = bar;
        this.epochs = epochs;
        this.samples = samples;
    }

    @Override
    public void onEpochBegin(int epoch) {
        start = System.nanoTime();
        seen = 0;
        lossSum = 0;
        if (bar != null) {
            bar.begin(epoch + 1, epochs, samples);
        }
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        int size = logs.getOrDefault("size", 0.0).intValue();
        seen += size;
        lossSum += logs.getOrDefault("loss", 0.0) * size;
        if (bar != null) {
            bar.update(seen, seen == 0 ? 0 : lossSum / seen);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (bar != null) {
            bar.finish();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d - %.1fs - %.1f samples/s", epoch + 1,
                epochs, seconds, seen / Math.max(seconds, 1e-9)));
        for (String k : new String[]{"loss", "acc", "val_loss", "val_acc"}) {
            Double v = logs.get(k);
            if (v != null) {
                sb.append(String.format(Locale.ROOT, " - %s: %.4f", k, v));
            }
        }
        Double lr = logs.get("lr");
        if (lr != null) {
            sb.append(String.format(Locale.ROOT, " - lr: %.4e", lr));
        }
        out.println(sb);
        out.flush();
    }
}
