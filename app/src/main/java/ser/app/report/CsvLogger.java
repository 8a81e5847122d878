package ser.app.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ser.engine.train.Callback;

/**
 * Keras' {@code CSVLogger}: one row per epoch, {@code epoch,loss,acc,val_loss,val_acc,lr}, epoch counted from 0 as
 * Keras writes it; a missing value (no validation in an interrupted epoch) is an empty field. Each row is appended
 * and flushed at once, so the log survives a crash. On resume, rows from the resumed epoch on are dropped first.
 */
public final class CsvLogger implements Callback {

    public static final String HEADER = "epoch,loss,acc,val_loss,val_acc,lr";
    private static final String[] KEYS = {"loss", "acc", "val_loss", "val_acc", "lr"};

    private final Path file;

    /** Starts a new log, or keeps the rows of epochs before {@code initialEpoch} of an existing one. */
    public CsvLogger(Path file, int initialEpoch) throws IOException {
        this.file = file;
        List<String> keep = new ArrayList<>();
        keep.add(HEADER);
        if (initialEpoch > 0 && Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(",", -1);
                if (f.length == 6 && f[0].matches("\\d+") && Integer.parseInt(f[0]) < initialEpoch) {
                    keep.add(line);
                }
            }
        }
        ser.model.io.AtomicFile.writeString(file, String.join("\n", keep) + "\n");
    }

    /**
     * Starts the log over from a checkpoint's own copy of its rows ({@link #row}, epochs before the checkpoint's):
     * the file then matches the checkpoint exactly, whether a kill cost it a row (after the checkpoint was saved,
     * before the row was appended) or left it rows of epochs that no checkpoint holds. Written to a temporary file
     * and renamed, so a kill during the rebuild leaves the old log.
     */
    public CsvLogger(Path file, List<String> checkpointRows) throws IOException {
        this.file = file;
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.addAll(checkpointRows);
        ser.model.io.AtomicFile.writeString(file, String.join("\n", lines) + "\n");
    }

    /** The CSV row of one epoch, without the line end: what the log appends and a checkpoint keeps a copy of. */
    public static String row(int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder().append(epoch);
        for (String k : KEYS) {
            Double v = logs.get(k);
            sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.8g", v));
        }
        return sb.toString();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        String sb = row(epoch, logs) + "\n";
        ser.model.io.KillSwitch.point("append epoch " + epoch + " to " + file.getFileName());
        try {
            Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads rows back as {epoch, loss, acc, val_loss, val_acc, lr}, NaN for empty fields. */
    public static List<double[]> read(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split(",", -1);
            if (f.length != 6 || !f[0].matches("\\d+")) {
                continue;
            }
            double[] r = new double[6];
            for (int i = 0; i < 6; i++) {
                r[i] = f[i].isEmpty() ? Double.NaN : Double.parseDouble(f[i]);
            }
            rows.add(r);
        }
        return rows;
    }
}
