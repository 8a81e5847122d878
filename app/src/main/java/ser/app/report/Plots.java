package ser.app.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** PNG charts drawn with java.awt; works without a display (java.awt.headless is set before first use). */
public final class Plots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** A confusion-matrix heatmap: rows actual, columns predicted, cell shade by row-normalised count. */
    public static void confusionHeatmap(Path png, List<String> names, int[][] confusion, String title) throws IOException {
        int k = names.size();
        int cell = Math.max(40, Math.min(90, 640 / Math.max(1, k)));
        int left = 170;
        int top = 60;
        int width = Math.max(left + k * cell + 30, 20 + 8 * title.length());
        int height = top + k * cell + 150;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 10, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int a = 0; a < k; a++) {
            int rowTotal = 0;
            for (int v : confusion[a]) {
                rowTotal += v;
            }
            for (int p = 0; p < k; p++) {
                double share = rowTotal == 0 ? 0 : (double) confusion[a][p] / rowTotal;
                int shade = (int) Math.round(255 * (1 - share));
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(left + p * cell, top + a * cell, cell, cell);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                String s = Integer.toString(confusion[a][p]);
                g.drawString(s, left + p * cell + (cell - fm.stringWidth(s)) / 2, top + a * cell + cell / 2 + 5);
            }
            g.setColor(Color.BLACK);
            g.drawString(names.get(a), left - 8 - fm.stringWidth(names.get(a)), top + a * cell + cell / 2 + 5);
        }
        g.setColor(Color.GRAY);
        g.drawRect(left, top, k * cell, k * cell);
        g.setColor(Color.BLACK);
        for (int p = 0; p < k; p++) {
            Graphics2D r = (Graphics2D) g.create();
            r.translate(left + p * cell + cell / 2 + 4, top + k * cell + 8);
            r.rotate(Math.PI / 4);
            r.drawString(names.get(p), 0, 0);
            r.dispose();
        }
        g.drawString("predicted", left + k * cell / 2 - 25, height - 10);
        g.drawString("actual", 10, top - 10);
        g.dispose();
        write(img, png);
    }

    /** Loss (left) and accuracy (right) per epoch, training and validation. */
    public static void curves(Path png, List<double[]> rows) throws IOException {
        // rows: {epoch, loss, acc, val_loss, val_acc, lr}
        BufferedImage img = new BufferedImage(1000, 420, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        panel(g, rows, 1, 3, "loss", 0, 500);
        panel(g, rows, 2, 4, "accuracy", 500, 500);
        g.dispose();
        write(img, png);
    }

    private static void panel(Graphics2D g, List<double[]> rows, int train, int val, String title, int x0, int w) {
        int left = x0 + 60;
        int right = x0 + w - 20;
        int top = 40;
        int bottom = 370;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] r : rows) {
            for (int c : new int[]{train, val}) {
                if (Double.isFinite(r[c])) {
                    min = Math.min(min, r[c]);
                    max = Math.max(max, r[c]);
                }
            }
        }
        if (!(min < max)) {
            min = Double.isFinite(min) ? min - 0.5 : 0;
            max = min + 1;
        }
        int n = rows.size();
        double firstEpoch = n == 0 ? 1 : rows.get(0)[0];
        double lastEpoch = n == 0 ? 1 : Math.max(firstEpoch + 1, rows.get(n - 1)[0]);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawRect(left, top, right - left, bottom - top);
        for (int i = 0; i <= 4; i++) {
            double v = min + (max - min) * i / 4;
            int y = (int) (bottom - (bottom - top) * i / 4.0);
            g.drawString(String.format(Locale.ROOT, "%.3f", v), x0 + 5, y + 4);
        }
        g.drawString("epoch " + (int) firstEpoch, left, bottom + 18);
        String last = "epoch " + (int) lastEpoch;
        g.drawString(last, right - g.getFontMetrics().stringWidth(last), bottom + 18);
        Color[] colors = {new Color(31, 119, 180), new Color(255, 127, 14)};
        int[] cols = {train, val};
        String[] labels = {"train", "validation"};
        for (int s = 0; s < 2; s++) {
            g.setColor(colors[s]);
            g.setStroke(new BasicStroke(2f));
            int px = -1;
            int py = -1;
            for (double[] r : rows) {
                if (!Double.isFinite(r[cols[s]])) {
                    px = -1;
                    continue;
                }
                int x = (int) (left + (right - left) * (r[0] - firstEpoch) / (lastEpoch - firstEpoch));
                int y = (int) (bottom - (bottom - top) * (r[cols[s]] - min) / (max - min));
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                } else {
                    g.fillOval(x - 2, y - 2, 4, 4);
                }
                px = x;
                py = y;
            }
            g.drawString(labels[s], right - 90, top + 18 + 16 * s);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static Graphics2D start(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }

    private static void write(BufferedImage img, Path png) throws IOException {
        Path dir = png.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = ser.model.io.Npz.newTempFile(dir, "." + png.getFileName());
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
