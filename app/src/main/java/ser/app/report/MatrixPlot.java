package ser.app.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Feature matrices [T][C] as stacked heat maps, time to the right and channel 0 at the bottom, each panel scaled to
 * its own 1st..99th percentile (blue low, white middle, red high), with the value range printed beside its title.
 */
public final class MatrixPlot {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private MatrixPlot() {
    }

    /** One panel per matrix, all [frames][channels] row-major. */
    public static void panels(Path png, String title, List<String> panelTitles, List<float[]> matrices, int frames,
                              int channels) throws IOException {
        int px = 3;
        int rowH = Math.max(2, Math.min(4, 320 / channels));
        int left = 20;
        int panelH = channels * rowH;
        int width = left + frames * px + 20;
        int height = 40 + matrices.size() * (panelH + 40);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 10, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k < matrices.size(); k++) {
            float[] m = matrices.get(k);
            float[] sorted = m.clone();
            java.util.Arrays.sort(sorted);
            double lo = sorted[(int) (0.01 * (sorted.length - 1))];
            double hi = sorted[(int) (0.99 * (sorted.length - 1))];
            double mid = (lo + hi) / 2;
            int top = 40 + k * (panelH + 40) + 18;
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%s   (colour range %.3g .. %.3g)", panelTitles.get(k), lo, hi), left, top - 5);
            for (int t = 0; t < frames; t++) {
                for (int c = 0; c < channels; c++) {
                    double v = m[t * channels + c];
                    double s = hi > lo ? Math.max(-1, Math.min(1, (v - mid) / ((hi - lo) / 2))) : 0;
                    int r = s < 0 ? (int) (255 * (1 + s)) : 255;
                    int b = s > 0 ? (int) (255 * (1 - s)) : 255;
                    int gr = (int) (255 * (1 - Math.abs(s)));
                    g.setColor(new Color(r, gr, b));
                    g.fillRect(left + t * px, top + (channels - 1 - c) * rowH, px, rowH);
                }
            }
            g.setColor(Color.GRAY);
            g.drawRect(left, top, frames * px, panelH);
        }
        g.dispose();
        ser.model.io.AtomicFile.write(png, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
