package ser.features.docs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import javax.imageio.ImageIO;
import ser.features.FeatureParams;
import ser.features.Fixtures;
import ser.features.dsp.Decibels;
import ser.features.dsp.MelFilterbank;
import ser.features.dsp.Mfcc;
import ser.features.dsp.Stft;

/**
 * Draws the pictures of docs/mfcc.md with the project's own pipeline (java.awt, headless):
 * <pre>
 * ./mvnw -q -B -o test-compile -pl features
 * java -Djava.awt.headless=true -cp features/target/test-classes:features/target/classes:$(cat features/target/test-classpath.txt) \
 *      ser.features.docs.DrawFigures docs/img
 * </pre>
 * Input: the 44.1 kHz samples of RAVDESS file 03-01-05-02-01-01-01 (actor 01, angry, "Kids are talking by the
 * door") from the librosa fixtures, so the figures are derived from RAVDESS and licensed CC BY-NC-SA 4.0.
 */
public final class DrawFigures {
    static final String FILE = "03-01-05-02-01-01-01";
    static final int W = 900, H = 320, LEFT = 70, RIGHT = 20, TOP = 36, BOTTOM = 46;

    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args.length > 0 ? args[0] : "docs/img");
        Files.createDirectories(out);
        FeatureParams p = FeatureParams.NOTEBOOK;
        float[] x = Fixtures.f32(FILE + ".load44k");
        Mfcc.Stages s = new Mfcc(p).stages(x);
        int frames = s.frames();
        double seconds = x.length / (double) p.sampleRate();

        // 1. waveform
        BufferedImage img = canvas();
        Graphics2D g = axes(img, "Waveform: 3 s from offset 0.5 s, resampled to 44.1 kHz", "time (s)", "amplitude",
                0, seconds, -1, 1);
        g.setColor(new Color(0x1f77b4));
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        for (int px = 0; px < pw; px++) { // min/max envelope per pixel column
            int a = (int) ((long) px * x.length / pw), b = (int) ((long) (px + 1) * x.length / pw);
            float lo = 1, hi = -1;
            for (int i = a; i < b; i++) {
                lo = Math.min(lo, x[i]);
                hi = Math.max(hi, x[i]);
            }
            g.drawLine(LEFT + px, TOP + (int) ((1 - hi) / 2 * ph), LEFT + px, TOP + (int) ((1 - lo) / 2 * ph));
        }
        write(img, out.resolve("waveform.png"));

        // 2. power spectrogram in dB (what the mel filters see), linear frequency axis
        Stft stft = new Stft(p.nFft(), p.hop());
        double[] power = stft.power(x);
        int bins = stft.bins();
        double[] spec = new double[bins * frames]; // band-major for drawing, [bin][frame]
        for (int t = 0; t < frames; t++) for (int k = 0; k < bins; k++) spec[k * frames + t] = power[t * bins + k];
        Decibels.powerToDb(spec, 80);
        heatmap(spec, bins, frames, "Power spectrogram |STFT|^2 in dB (n_fft 2048, hop 512, Hann, top_db 80)",
                "time (s)", "frequency (kHz)", seconds, p.sampleRate() / 2000.0, out.resolve("spectrogram.png"), false);

        // 3. mel spectrogram in dB
        heatmap(s.logMel(), p.nMels(), frames, "Log-mel spectrogram: 128 Slaney bands, dB, top_db 80", "time (s)",
                "mel band", seconds, p.nMels(), out.resolve("mel.png"), false);

        // 4. MFCC
        heatmap(s.mfcc(), p.nMfcc(), frames, "MFCC: first 13 coefficients of the orthonormal DCT-II", "time (s)",
                "coefficient", seconds, p.nMfcc(), out.resolve("mfcc.png"), true);

        // 5. the notebook's feature vector
        double[] mean = Mfcc.frameMean(s.mfcc(), p.nMfcc(), frames);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : mean) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        lo = Math.floor(lo / 10) * 10;
        hi = Math.ceil(hi / 10) * 10;
        img = canvas();
        g = axes(img, "The notebook's feature: mean of the 13 coefficients per frame (259 values)", "frame", "mean MFCC",
                0, 259, lo, hi);
        g.setColor(new Color(0xd62728));
        g.setStroke(new BasicStroke(1.5f));
        for (int t = 1; t < frames; t++) {
            g.drawLine(LEFT + (t - 1) * pw / 259, TOP + (int) ((hi - mean[t - 1]) / (hi - lo) * ph),
                    LEFT + t * pw / 259, TOP + (int) ((hi - mean[t]) / (hi - lo) * ph));
        }
        write(img, out.resolve("feature.png"));

        // 6. the mel filterbank (every 8th band), linear frequency axis up to 8 kHz
        MelFilterbank fb = new MelFilterbank(p.sampleRate(), p.nFft(), p.nMels(), p.fmin(), p.fmaxHz());
        double[][] w = fb.weights();
        double wMax = 0;
        for (double[] band : w) for (double v : band) wMax = Math.max(wMax, v);
        img = canvas();
        g = axes(img, "Slaney mel filters (every 8th of 128), area-normalised: narrow bands are taller", "frequency (kHz)",
                "weight (x1000)", 0, 8, 0, wMax * 1000);
        g.setStroke(new BasicStroke(1.2f));
        int maxBin = (int) (8000.0 * p.nFft() / p.sampleRate());
        for (int i = 0; i < p.nMels(); i += 8) {
            g.setColor(viridis(i / (double) p.nMels()));
            for (int k = 1; k <= maxBin; k++) {
                if (w[i][k - 1] == 0 && w[i][k] == 0) continue;
                g.drawLine(LEFT + (k - 1) * pw / maxBin, TOP + (int) ((1 - w[i][k - 1] / wMax) * ph),
                        LEFT + k * pw / maxBin, TOP + (int) ((1 - w[i][k] / wMax) * ph));
            }
        }
        write(img, out.resolve("mel_filters.png"));
        System.out.println("wrote 6 figures to " + out.toAbsolutePath());
    }

    /** rows x cols band-major matrix as an image, row 0 at the bottom; diverging colours when {@code signed}. */
    static void heatmap(double[] m, int rows, int cols, String title, String xLabel, String yLabel, double xMax,
                        double yMax, Path file, boolean signed) throws IOException {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : m) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        BufferedImage img = canvas();
        Graphics2D g = axes(img, title, xLabel, yLabel, 0, xMax, 0, yMax);
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        for (int py = 0; py < ph; py++) {
            int r = (int) ((long) (ph - 1 - py) * rows / ph);
            for (int px = 0; px < pw; px++) {
                int c = (int) ((long) px * cols / pw);
                double v = m[r * cols + c];
                Color color;
                if (signed) { // scale c0 (very negative) separately would hide the rest: clip at the 13-row range
                    double a = Math.max(Math.abs(lo), Math.abs(hi));
                    double q = Math.max(-1, Math.min(1, v / Math.min(a, 150)));
                    color = diverging(q);
                } else {
                    color = viridis((v - lo) / (hi - lo));
                }
                img.setRGB(LEFT + px, TOP + py, color.getRGB());
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, "colour: %.0f .. %.0f%s", lo, hi, signed ? " (clipped at +-150)" : " dB"),
                W - RIGHT - 230, TOP - 8);
        write(img, file);
    }

    static BufferedImage canvas() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        return img;
    }

    /** Frame, title, labels and 5 ticks per axis; returns the graphics clipped to nothing, antialiased. */
    static Graphics2D axes(BufferedImage img, String title, String xLabel, String yLabel, double x0, double x1, double y0, double y1) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        g.setColor(Color.BLACK);
        g.drawRect(LEFT - 1, TOP - 1, pw + 1, ph + 1);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 13f));
        g.drawString(title, LEFT, TOP - 14);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        for (int i = 0; i <= 5; i++) {
            int px = LEFT + i * pw / 5, py = TOP + ph - i * ph / 5;
            g.drawLine(px, TOP + ph, px, TOP + ph + 4);
            g.drawLine(LEFT - 5, py, LEFT - 1, py);
            g.drawString(tick(x0 + i * (x1 - x0) / 5), px - 10, TOP + ph + 18);
            String yt = tick(y0 + i * (y1 - y0) / 5);
            g.drawString(yt, LEFT - 8 - g.getFontMetrics().stringWidth(yt), py + 4);
        }
        g.drawString(xLabel, LEFT + pw / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, H - 8);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(yLabel, -(TOP + ph / 2 + r.getFontMetrics().stringWidth(yLabel) / 2), 16);
        return g;
    }

    static String tick(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? String.valueOf((long) Math.rint(v)) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Perceptually ordered dark blue -> green -> yellow (viridis anchor colours, linearly interpolated). */
    static Color viridis(double t) {
        int[] anchors = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};
        return interpolate(anchors, t);
    }

    /** Blue (negative) -> white (0) -> red (positive), q in [-1, 1]. */
    static Color diverging(double q) {
        return interpolate(new int[] {0x2166ac, 0x92c5de, 0xf7f7f7, 0xf4a582, 0xb2182b}, (q + 1) / 2);
    }

    static Color interpolate(int[] anchors, double t) {
        double x = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (anchors.length - 1);
        int i = Math.min((int) x, anchors.length - 2);
        double f = x - i;
        int a = anchors[i], b = anchors[i + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int gr = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return new Color(r, gr, bl);
    }

    static void write(BufferedImage img, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
