package ser.app.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One updating line on stderr per epoch: {@code epoch 3/700 [=====>    ] 480/768 55.2 samples/s ETA 0:05
 * loss 0.6931}. Redraws at most 10 times a second; {@link #finish} ends the line.
 */
public final class ProgressBar {

    private final PrintStream out;
    private long start;
    private long lastDraw;
    private int epoch;
    private int epochs;
    private int total;

    public ProgressBar(PrintStream out) {
        this.out = out;
    }

    public void begin(int epoch, int epochs, int totalSamples) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.total = totalSamples;
        this.start = System.nanoTime();
        this.lastDraw = 0;
    }

    /** Redraws for {@code done} samples of this epoch; {@code loss} is the running mean. */
    public void update(int done, double loss) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        out.print("\r" + line(done, loss, (now - start) / 1e9));
        out.flush();
    }

    /** The text of the bar; public so it can be tested. */
    public String line(int done, double loss, double seconds) {
        int width = 24;
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 && done < total ? ">" : filled > 0 ? "=" : "")
                + " ".repeat(width - filled);
        double rate = seconds > 0 ? done / seconds : 0;
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        return String.format(Locale.ROOT, "epoch %d/%d [%s] %d/%d %.1f samples/s ETA %d:%02d loss %.4f  ", epoch, epochs,
                bar, done, total, rate, eta / 60, eta % 60, loss);
    }

    public void finish() {
        out.print("\r");
        out.flush();
    }
}
