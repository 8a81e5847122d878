package ser.app.docs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYDataImageAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import ser.app.report.Plots;
import ser.app.report.Plots.ColourScale;
import ser.data.ActorHoldout;
import ser.data.Gender;
import ser.data.LabelSet;
import ser.data.RavdessFile;
import ser.data.StratifiedShuffleSplit;
import ser.engine.models.Sequential;
import ser.engine.layers.Layer;
import ser.features.FeatureParams;
import ser.features.dsp.Decibels;
import ser.features.dsp.MelFilterbank;
import ser.features.dsp.Mfcc;
import ser.features.dsp.Stft;
import ser.model.NotebookNetwork;

/**
 * Draws every picture in docs/img with the project's own code, each as PNG and SVG. From the repository root:
 * <pre>
 * ./mvnw -B -q -pl app -am test -Dtest=DrawFiguresTest -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.figures=docs/img
 * </pre>
 * (without {@code -Ddocs.figures} the test draws them into a temporary folder and only checks them).
 *
 * <p>The MFCC pictures start from the 44.1 kHz samples of RAVDESS file 03-01-05-02-01-01-01 (actor 01, angry,
 * "Kids are talking by the door") in the features module's librosa fixtures, so those figures are derived from
 * RAVDESS and licensed CC BY-NC-SA 4.0. The network picture is drawn from {@link NotebookNetwork#build}, the
 * split picture from {@link StratifiedShuffleSplit} on the label sequence that {@code train --protocol notebook}
 * pools, the diagrams from the shapes named in the chapters.
 */
public final class DrawFigures {

    static final String CLIP = "03-01-05-02-01-01-01";
    static final Color ZERO = new Color(0xe8e8e8);
    static final Font MONO = new Font(Font.MONOSPACED, Font.PLAIN, 12);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 13);

    private final Path root;
    private final Path out;
    final List<String> written = new ArrayList<>();

    DrawFigures(Path root, Path out) {
        this.root = root;
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        DrawFigures d = new DrawFigures(root, Path.of(args.length > 0 ? args[0] : "docs/img"));
        d.all();
        System.out.println("wrote " + d.written.size() + " figures (PNG and SVG) to " + d.out.toAbsolutePath());
    }

    void all() throws IOException {
        Files.createDirectories(out);
        mfccFigures();
        network();
        conv1dForward();
        conv1dBackward();
        batchnormGraph();
        gemmBlocking();
        splitCopies();
    }

    private Path png(String name) {
        written.add(name);
        return out.resolve(name + ".png");
    }

    // ---------------------------------------------------------------------------------------------- mfcc.md

    void mfccFigures() throws IOException {
        FeatureParams p = FeatureParams.NOTEBOOK;
        float[] x = fixture(CLIP + ".load44k");
        Mfcc.Stages s = new Mfcc(p).stages(x);
        int frames = s.frames();
        double seconds = x.length / (double) p.sampleRate();

        // 1. waveform: min/max of each of 1200 columns, drawn as one zigzag line (the envelope)
        XYSeries wave = new XYSeries("samples", false, true);
        int columns = 800;
        for (int c = 0; c < columns; c++) {
            int a = (int) ((long) c * x.length / columns);
            int b = (int) ((long) (c + 1) * x.length / columns);
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = a; i < b; i++) {
                lo = Math.min(lo, x[i]);
                hi = Math.max(hi, x[i]);
            }
            wave.add((a + 0.25 * (b - a)) / p.sampleRate(), lo);
            wave.add((a + 0.75 * (b - a)) / p.sampleRate(), hi);
        }
        NumberAxis amp = Plots.numberAxis("amplitude");
        XYPlot wp = Plots.linePlot(amp, wave);
        ((XYLineAndShapeRenderer) wp.getRenderer()).setSeriesStroke(0, new BasicStroke(0.8f));
        NumberAxis time = Plots.numberAxis("time (s)");
        time.setRange(0, seconds);
        wp.setDomainAxis(time);
        Plots.save(Plots.chart("Waveform: 3 s from offset 0.5 s, resampled to 44.1 kHz (132,300 samples)", wp, false),
                png("waveform"), 900, 320);

        // 2. power spectrogram in dB, linear frequency axis
        Stft stft = new Stft(p.nFft(), p.hop());
        double[] power = stft.power(x);
        int bins = stft.bins();
        double[] spec = new double[bins * frames];                     // [bin][frame]
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < bins; k++) {
                spec[k * frames + t] = power[t * bins + k];
            }
        }
        Decibels.powerToDb(spec, 80);
        image(spec, bins, frames, 0, seconds, 0, p.sampleRate() / 2000.0, "time (s)", "frequency (kHz)", "dB",
                "Power spectrogram |STFT|² in dB (n_fft 2048, hop 512, Hann, top_db 80)", false, png("spectrogram"));

        // 3. log-mel spectrogram
        image(s.logMel(), p.nMels(), frames, 0, seconds, -0.5, p.nMels() - 0.5, "time (s)", "mel band", "dB",
                "Log-mel spectrogram: 128 Slaney bands, dB, top_db 80", true, png("mel"));

        // 4. MFCC: c0 as its own trace (it is the band-average loudness, an order of magnitude larger), c1..c12
        //    as a heatmap with integer coefficient ticks and a symmetric colour scale
        int nm = p.nMfcc();
        double[] m = s.mfcc();
        XYSeries c0 = new XYSeries("c0", false, true);
        for (int t = 0; t < frames; t++) {
            c0.add(t * p.hop() / (double) p.sampleRate(), m[t]);
        }
        XYPlot top = Plots.linePlot(Plots.numberAxis("c0"), c0);
        double[] rest = new double[(nm - 1) * frames];
        double absMax = 0;
        for (int i = 0; i < rest.length; i++) {
            rest[i] = m[frames + i];
            absMax = Math.max(absMax, Math.abs(rest[i]));
        }
        double limit = Math.ceil(absMax / 10) * 10;
        ColourScale div = new ColourScale(ColourScale.DIVERGING, -limit, limit);
        NumberAxis coef = Plots.integerAxis("coefficient");
        coef.setRange(0.5, nm - 0.5);
        XYPlot bottom = new XYPlot(new XYSeriesCollection(), null, coef, new XYLineAndShapeRenderer());
        bottom.addAnnotation(new XYDataImageAnnotation(div.image(rest, nm - 1, frames), 0, 0.5,
                frames * p.hop() / (double) p.sampleRate(), nm - 1, true));
        NumberAxis mt = Plots.numberAxis("time (s)");
        mt.setRange(0, frames * p.hop() / (double) p.sampleRate());
        CombinedDomainXYPlot mfcc = new CombinedDomainXYPlot(mt);
        mfcc.setGap(10);
        mfcc.add(top, 1);
        mfcc.add(bottom, 3);
        JFreeChart mc = Plots.chart("MFCC (orthonormal DCT-II of the log-mel columns): c0 above, c1 to c12 below", mfcc, false);
        mc.addSubtitle(Plots.colourBar(div, "c1..c12"));
        Plots.save(mc, png("mfcc"), 900, 460);

        // 5. the notebook's feature vector
        double[] mean = Mfcc.frameMean(m, nm, frames);
        XYSeries f = new XYSeries("mean over 13 coefficients", false, true);
        for (int t = 0; t < frames; t++) {
            f.add(t, mean[t]);
        }
        XYPlot fp = Plots.linePlot(Plots.numberAxis("mean MFCC"), f);
        fp.setDomainAxis(Plots.integerAxis("frame t (hop 512: t x 11.6 ms)"));
        fp.getDomainAxis().setRange(0, frames - 1);
        ((XYLineAndShapeRenderer) fp.getRenderer()).setSeriesPaint(0, Plots.TAB10[3]);
        Plots.save(Plots.chart("The notebook's feature: mean of the 13 coefficients per frame (" + frames + " values)",
                fp, false), png("feature"), 900, 320);

        melFilters(p);
    }

    /**
     * Top: every 8th filter on a mel axis, where the triangles are equally spaced and equally wide. Bottom: the
     * first 12 filters in Hz as the FFT bins sample them (dots): bins are 21.5 Hz apart, the triangles' peaks
     * 31 Hz apart, so a peak falls between bins and its sampled height jumps from filter to filter.
     */
    void melFilters(FeatureParams p) throws IOException {
        MelFilterbank fb = new MelFilterbank(p.sampleRate(), p.nFft(), p.nMels(), p.fmin(), p.fmaxHz());
        double[][] w = fb.weights();
        int bins = w[0].length;
        double binHz = p.sampleRate() / p.nFft();
        XYSeriesCollection onMel = new XYSeriesCollection();
        XYLineAndShapeRenderer r1 = new XYLineAndShapeRenderer(true, false);
        int n = 0;
        for (int i = 0; i < p.nMels(); i += 8) {
            XYSeries s = new XYSeries("band " + i, false, true);
            for (int k = 0; k < bins; k++) {
                boolean near = w[i][k] > 0 || (k > 0 && w[i][k - 1] > 0) || (k + 1 < bins && w[i][k + 1] > 0);
                if (near) {
                    s.add(MelFilterbank.hzToMel(k * binHz), w[i][k] * 1000);
                }
            }
            onMel.addSeries(s);
            r1.setSeriesPaint(n, new ColourScale(ColourScale.VIRIDIS, 0, 1).colour(i / (double) p.nMels()));
            r1.setSeriesStroke(n++, new BasicStroke(1.4f));
        }
        NumberAxis mel = Plots.numberAxis("mel (Slaney scale: linear below 1 kHz, logarithmic above)");
        mel.setRange(0, MelFilterbank.hzToMel(p.fmaxHz()));
        XYPlot top = new XYPlot(onMel, mel, Plots.numberAxis("weight x 1000"), r1);
        for (double hz : new double[]{500, 1000, 2000, 4000, 8000, 16000}) {
            ValueMarker mk = new ValueMarker(MelFilterbank.hzToMel(hz), Color.GRAY, new BasicStroke(0.8f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{3f, 3f}, 0f));
            mk.setLabel(hz >= 1000 ? (int) (hz / 1000) + " kHz" : (int) hz + " Hz");
            mk.setLabelFont(Plots.TICK);
            mk.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            mk.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            mk.setLabelBackgroundColor(Color.WHITE);
            top.addDomainMarker(mk);
        }
        JFreeChart c1 = Plots.chart("Every 8th of the 128 Slaney mel filters, on a mel axis: equally spaced", top, false);

        XYSeriesCollection low = new XYSeriesCollection();
        XYLineAndShapeRenderer r2 = new XYLineAndShapeRenderer(true, true);
        int maxBin = (int) Math.ceil(700 / binHz);
        for (int i = 0; i < 12; i++) {
            XYSeries s = new XYSeries("band " + i, false, true);
            for (int k = 0; k <= maxBin; k++) {
                if (w[i][k] > 0 || (k > 0 && w[i][k - 1] > 0) || w[i][k + 1] > 0) {
                    s.add(k * binHz, w[i][k] * 1000);
                }
            }
            low.addSeries(s);
            r2.setSeriesPaint(i, Plots.TAB10[i % Plots.TAB10.length]);
            r2.setSeriesStroke(i, new BasicStroke(1.2f));
            r2.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        }
        NumberAxis hz = Plots.numberAxis("frequency (Hz); dots: FFT bins, k x 21.5 Hz");
        hz.setRange(0, 700);
        XYPlot bottom = new XYPlot(low, hz, Plots.numberAxis("weight x 1000"), r2);
        JFreeChart c2 = Plots.chart("The first 12 filters as the bins sample them: peaks 31 Hz apart, bins 21.5 Hz apart",
                bottom, false);
        Plots.style(bottom);
        Plots.style(top);
        Plots.drawing(png("mel_filters"), 900, 640, g -> {
            c1.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, 900, 340));
            c2.draw(g, new java.awt.geom.Rectangle2D.Double(0, 340, 900, 300));
        });
    }

    /** A rows x cols matrix (row 0 at the bottom) as an image over [x0, x1] x [y0, y1], with a colour bar. */
    static void image(double[] m, int rows, int cols, double x0, double x1, double y0, double y1, String xTitle,
                      String yTitle, String barTitle, String title, boolean integerY, Path png) throws IOException {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : m) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        ColourScale scale = new ColourScale(ColourScale.VIRIDIS, Math.floor(lo / 10) * 10, Math.ceil(hi / 10) * 10);
        NumberAxis x = Plots.numberAxis(xTitle);
        x.setRange(x0, x1);
        NumberAxis y = integerY ? Plots.integerAxis(yTitle) : Plots.numberAxis(yTitle);
        y.setRange(y0, y1);
        XYPlot plot = new XYPlot(new XYSeriesCollection(), x, y, new XYLineAndShapeRenderer());
        plot.addAnnotation(new XYDataImageAnnotation(scale.image(m, rows, cols), x0, y0, x1 - x0, y1 - y0, true));
        JFreeChart chart = Plots.chart(title, plot, false);
        chart.addSubtitle(Plots.colourBar(scale, barTitle));
        Plots.save(chart, png, 900, 360);
    }

    /** A librosa fixture of the features module (one '#' header line, then one value per line), as floats. */
    float[] fixture(String name) throws IOException {
        Path dir = root.resolve("features/src/test/resources/librosa");
        Path plain = dir.resolve(name + ".txt");
        Path gz = dir.resolve(name + ".txt.gz");
        InputStream in = Files.exists(plain) ? Files.newInputStream(plain) : new GZIPInputStream(Files.newInputStream(gz));
        List<Float> values = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    values.add((float) Double.parseDouble(line));
                }
            }
        }
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------- network.md

    /** The notebook network for 259 inputs and 2 classes, one box per layer: name, config, output shape, params. */
    void network() throws IOException {
        Sequential model = NotebookNetwork.build(1, 259, 2);
        List<Layer> layers = model.layers();
        int rowH = 30;
        int width = 980;
        int height = 90 + (layers.size() + 1) * rowH + 40;
        long total = 0;
        for (Layer l : layers) {
            total += l.paramCount();
        }
        long totalParams = total;
        Plots.drawing(png("network"), width, height, g -> {
            g.setFont(Plots.TITLE);
            g.drawString("The notebook network for 259 inputs and 2 classes: every layer, its output and its weights",
                    20, 28);
            g.setFont(SMALL);
            g.setColor(Color.DARK_GRAY);
            g.drawString("layer (Keras class and arguments)", 40, 62);
            g.drawString("output shape", 635, 62);
            g.drawString("parameters", 890, 62);
            int y = 72;
            row(g, y, rowH, new Color(0xf0f0f0), "input", "", "(259, 1)", "", 0, 259);
            for (Layer l : layers) {
                y += rowH;
                int[] s = l.outputShape();
                String shape = s.length == 1 ? "(" + s[0] + ")" : "(" + s[0] + ", " + s[1] + ")";
                int steps = s.length == 1 ? s[0] : s[0];
                row(g, y, rowH, colour(l.kerasClassName()), l.name(), l.kerasClassName() + "(" + l.config() + ")",
                        shape, l.paramCount() == 0 ? "" : String.format(Locale.ROOT, "%,d", l.paramCount()),
                        s.length == 1 ? 0 : s[1], steps);
            }
            y += rowH + 26;
            g.setColor(Color.BLACK);
            g.setFont(BOLD);
            String sum = String.format(Locale.ROOT, "total %,d parameters", totalParams);
            g.drawString(sum, 960 - g.getFontMetrics().stringWidth(sum), y);
            g.setFont(SMALL);
            g.setColor(Color.DARK_GRAY);
            g.drawString("bar: output length (grey, of 259) and channels (colour, of 256)", 40, y);
        });
    }

    private static void row(Graphics2D g, int y, int h, Color c, String name, String config, String shape,
                            String params, int channels, int steps) {
        g.setColor(c);
        g.fillRoundRect(30, y, 590, h - 4, 8, 8);
        g.setColor(Color.GRAY);
        g.drawRoundRect(30, y, 590, h - 4, 8, 8);
        g.setColor(Color.BLACK);
        g.setFont(BOLD);
        g.drawString(name, 40, y + h - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(config, 215, y + h - 12);
        g.setFont(MONO);
        g.drawString(shape, 635, y + h - 12);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(params, 960 - fm.stringWidth(params), y + h - 12);
        // two small bars: output length of 259 and channels of 256
        g.setColor(new Color(0xbbbbbb));
        g.fillRect(740, y + 5, (int) Math.round(100.0 * steps / 259), 8);
        g.setColor(Plots.TAB10[0]);
        g.fillRect(740, y + 15, (int) Math.round(100.0 * channels / 256), 8);
    }

    private static Color colour(String kerasClass) {
        return switch (kerasClass) {
            case "Conv1D" -> new Color(0xc6dbef);
            case "BatchNormalization" -> new Color(0xfdd0a2);
            case "Activation" -> new Color(0xf7f7f7);
            case "Dropout" -> new Color(0xe5e5e5);
            case "MaxPooling1D" -> new Color(0xc7e9c0);
            case "Dense" -> new Color(0xdadaeb);
            default -> new Color(0xf0f0f0);
        };
    }

    // ---------------------------------------------------------------------------------------------- conv1d.md

    /** Example sizes of the conv1d pictures: T 5 steps, C 2 channels, K 4 taps, padding 'same' (1 left, 2 right). */
    static final int T = 5;
    static final int C = 2;
    static final int K = 4;
    static final int P = (K - 1) / 2;
    static final int U = T;
    static final int TP = U + K - 1;
    static final Color[] WINDOW = {Plots.TAB10[0], Plots.TAB10[1], Plots.TAB10[2], Plots.TAB10[3], Plots.TAB10[4]};

    /**
     * Left: the padded input xp [Tp, C] with the windows of three output steps (K rows each, overlapping). Middle:
     * the same floats in memory, row-major, where each window is K*C consecutive floats starting at u*C. Right:
     * the matrix A [U x K*C] that im2col would copy out, which the multiply instead reads in place.
     */
    void conv1dForward() throws IOException {
        int cell = 34;
        Plots.drawing(png("conv1d_im2col"), 1100, 500, g -> {
            g.setFont(Plots.TITLE);
            g.drawString("Conv1D forward: overlapping windows of the padded input are the rows of one matrix product", 20, 26);
            // left: xp grid
            int x0 = 40;
            int y0 = 80;
            g.setFont(BOLD);
            g.drawString("padded input xp [Tp = " + TP + ", C = " + C + "]", x0 - 10, y0 - 16);
            for (int t = 0; t < TP; t++) {
                for (int c = 0; c < C; c++) {
                    int src = t - P;
                    boolean pad = src < 0 || src >= T;
                    cellBox(g, x0 + c * cell, y0 + t * cell, cell, pad ? ZERO : Color.WHITE,
                            pad ? "0" : "x" + src + "," + c);
                }
                g.setFont(SMALL);
                g.setColor(Color.DARK_GRAY);
                g.drawString(Integer.toString(t), x0 - 18, y0 + t * cell + 22);
            }
            // brackets for windows u = 0, 1, 2
            for (int u = 0; u < 3; u++) {
                g.setColor(WINDOW[u]);
                g.setStroke(new BasicStroke(3f));
                int bx = x0 + C * cell + 10 + u * 26;
                g.drawLine(bx, y0 + u * cell + 3, bx, y0 + (u + K) * cell - 3);
                g.drawLine(bx - 5, y0 + u * cell + 3, bx, y0 + u * cell + 3);
                g.drawLine(bx - 5, y0 + (u + K) * cell - 3, bx, y0 + (u + K) * cell - 3);
                g.setFont(SMALL);
                g.drawString("u=" + u, bx - 4, y0 + (u + K) * cell + 14);
            }
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.DARK_GRAY);
            g.setFont(SMALL);
            g.drawString(P + " zero row left, " + (K - 1 - P) + " right ('same', K = " + K + ")", x0 - 10, y0 + TP * cell + 58);
            g.drawString("window of step u: rows u .. u+K-1", x0 - 10, y0 + TP * cell + 74);

            // middle: memory strip (vertical, one float per cell)
            int mx = 360;
            int my = 80;
            int small = 17;
            g.setColor(Color.BLACK);
            g.setFont(BOLD);
            g.drawString("xp in memory (row-major)", mx - 40, my - 16);
            for (int i = 0; i < TP * C; i++) {
                int t = i / C;
                int c = i % C;
                int src = t - P;
                boolean pad = src < 0 || src >= T;
                g.setColor(pad ? ZERO : Color.WHITE);
                g.fillRect(mx, my + i * small, 60, small);
                g.setColor(Color.GRAY);
                g.drawRect(mx, my + i * small, 60, small);
                g.setColor(Color.BLACK);
                g.setFont(MONO);
                g.drawString(pad ? "0" : "x" + src + "," + c, mx + 6, my + i * small + 13);
                g.setColor(Color.DARK_GRAY);
                g.setFont(SMALL);
                g.drawString(Integer.toString(i), mx - 22, my + i * small + 13);
            }
            for (int u = 0; u < U; u++) {
                g.setColor(WINDOW[u]);
                g.setStroke(new BasicStroke(4f));
                int bx = mx + 70 + u * 9;
                g.drawLine(bx, my + u * C * small + 2, bx, my + (u * C + K * C) * small - 2);
            }
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.DARK_GRAY);
            g.drawString("row u of A starts at offset u*C", mx - 40, my + TP * C * small + 22);
            g.drawString("and is K*C = " + K * C + " consecutive floats", mx - 40, my + TP * C * small + 38);

            // right: A [U x K*C] and W [K*C x F]
            int ax = 590;
            int ay = 120;
            int aw = 56;
            g.setColor(Color.BLACK);
            g.setFont(BOLD);
            g.drawString("A [U = " + U + " x K*C = " + K * C + "] (im2col would copy this)", ax, ay - 40);
            for (int u = 0; u < U; u++) {
                for (int j = 0; j < K * C; j++) {
                    int t = u + j / C;
                    int c = j % C;
                    int src = t - P;
                    boolean pad = src < 0 || src >= T;
                    Color tint = tint(WINDOW[u], pad ? 0.08 : 0.25);
                    g.setColor(tint);
                    g.fillRect(ax + j * aw, ay + u * cell, aw, cell);
                    g.setColor(Color.GRAY);
                    g.drawRect(ax + j * aw, ay + u * cell, aw, cell);
                    g.setColor(Color.BLACK);
                    g.setFont(MONO);
                    String label = pad ? "0" : "x" + src + "," + c;
                    g.drawString(label, ax + j * aw + (aw - g.getFontMetrics().stringWidth(label)) / 2, ay + u * cell + 22);
                }
                g.setColor(WINDOW[u]);
                g.setFont(SMALL);
                g.drawString("u=" + u, ax - 36, ay + u * cell + 22);
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(SMALL);
            for (int j = 0; j < K * C; j++) {
                String h = "k" + (j / C) + ",c" + (j % C);
                g.drawString(h, ax + j * aw + (aw - g.getFontMetrics().stringWidth(h)) / 2, ay - 8);
            }
            int ey = ay + U * cell + 40;
            g.setColor(Color.BLACK);
            g.setFont(Plots.LABEL);
            g.drawString("y [U x F] = A [U x K*C] . W [K*C x F]  (+ bias)", ax, ey);
            g.drawString("row k*C + c of W is kernel[k, c, :]", ax, ey + 22);
            g.drawString("one product for the whole batch: B*U rows,", ax, ey + 44);
            g.drawString("row (b, u) of A starts at xp[(b*Tp + u)*C]; neighbouring", ax, ey + 66);
            g.drawString("rows share K-1 of their K input rows, so nothing is copied", ax, ey + 88);
        });
    }

    /**
     * Backward to the input: dy [U, F] padded with K-1-p zeros on the left, windows of K rows, and the kernel
     * taps in reverse order (each tap transposed to F x C).
     */
    void conv1dBackward() throws IOException {
        int cell = 44;
        int left = K - 1 - P;
        int td = T + K - 1;
        int f = 2;
        Plots.drawing(png("conv1d_backward"), 1000, 520, g -> {
            g.setFont(Plots.TITLE);
            g.drawString("Conv1D backward to the input: padded dy windows times the flipped kernel", 20, 26);
            int x0 = 60;
            int y0 = 80;
            g.setFont(BOLD);
            g.drawString("dyp [T+K-1 = " + td + ", F = " + f + "]", x0 - 20, y0 - 16);
            for (int t = 0; t < td; t++) {
                for (int c = 0; c < f; c++) {
                    int src = t - left;
                    boolean pad = src < 0 || src >= U;
                    cellBox(g, x0 + c * cell, y0 + t * cell, cell, pad ? ZERO : Color.WHITE,
                            pad ? "0" : "dy" + src + "," + c);
                }
            }
            for (int t = 0; t < 3; t++) {
                g.setColor(WINDOW[t]);
                g.setStroke(new BasicStroke(3f));
                int bx = x0 + f * cell + 10 + t * 26;
                g.drawLine(bx, y0 + t * cell + 3, bx, y0 + (t + K) * cell - 3);
                g.setFont(SMALL);
                g.drawString("t=" + t, bx - 4, y0 + (t + K) * cell + 14);
            }
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.DARK_GRAY);
            g.setFont(SMALL);
            g.drawString("K-1-p = " + left + " zeros left, p = " + P + " right", x0 - 20, y0 + td * cell + 58);

            // the kernel taps and their flipped order
            int kx = 330;
            int ky = 90;
            g.setColor(Color.BLACK);
            g.setFont(BOLD);
            g.drawString("kernel taps W[k] (C x F)", kx, ky - 20);
            g.drawString("Wflip: taps reversed, each transposed (F x C)", kx + 250, ky - 20);
            for (int k = 0; k < K; k++) {
                cellBox(g, kx, ky + k * 50, 120, 40, tint(Plots.TAB10[k + 5], 0.35), "W[" + k + "]");
                int flipped = K - 1 - k;
                cellBox(g, kx + 290, ky + k * 50, 120, 40, tint(Plots.TAB10[flipped + 5], 0.35), "W[" + flipped + "]ᵀ");
                g.setColor(Color.GRAY);
                arrow(g, kx + 124, ky + k * 50 + 20, kx + 286, ky + (flipped) * 50 + 20);
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(SMALL);
            g.drawString("row k'*F + f of Wflip, k' = K-1-k", kx + 290, ky + K * 50 + 10);
            int ey = ky + K * 50 + 60;
            g.setColor(Color.BLACK);
            g.setFont(Plots.LABEL);
            g.drawString("dx [T x C] = D [T x K*F] . Wflip [K*F x C]", kx - 10, ey);
            g.drawString("row t of D is dyp rows t .. t+K-1, K*F consecutive floats", kx - 10, ey + 22);
            g.drawString("Substituting k' = K-1-k in dx[t,c] = sum dy[t+p-k, f] W[k,c,f] gives u + K-1-p = t + k'.",
                    kx - 10, ey + 44);
        });
    }

    // ---------------------------------------------------------------------------------------------- batchnorm.md

    /**
     * The BatchNormalization forward graph for one channel and the three ways dy reaches dx: directly through
     * x_hat, through the mean, and through the variance.
     */
    void batchnormGraph() throws IOException {
        Plots.drawing(png("batchnorm_graph"), 1000, 430, g -> {
            g.setFont(Plots.TITLE);
            g.drawString("BatchNormalization (training, one channel over the N = B*T values): forward and the three backward paths",
                    20, 26);
            int y = 150;
            int[] xs = {40, 200, 380, 560, 740, 880};
            String[] names = {"x_n", "μ = mean(x)", "σ² = mean((x-μ)²)", "x̂_n = (x_n-μ)/√(σ²+ε)", "y_n = γ x̂_n + β", "loss"};
            int[] ws = {70, 120, 150, 160, 120, 80};
            int[] ys = {y, y - 70, y - 70, y, y, y};
            for (int i = 0; i < names.length; i++) {
                cellBox(g, xs[i], ys[i], ws[i], 40, i == 0 ? new Color(0xc6dbef) : new Color(0xf4f4f4), names[i]);
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.5f));
            arrow(g, xs[0] + ws[0], y + 10, xs[1], ys[1] + 30);             // x -> mu
            arrow(g, xs[1] + ws[1], ys[1] + 20, xs[2], ys[2] + 20);         // mu -> var
            arrow(g, xs[0] + ws[0], y + 14, xs[2] + 10, ys[2] + 40);        // x -> var
            arrow(g, xs[0] + ws[0], y + 24, xs[3], y + 24);                 // x -> xhat
            arrow(g, xs[1] + ws[1] / 2, ys[1] + 40, xs[3] + 20, y);         // mu -> xhat
            arrow(g, xs[2] + ws[2], ys[2] + 30, xs[3] + 100, y);            // var -> xhat
            arrow(g, xs[3] + ws[3], y + 20, xs[4], y + 20);
            arrow(g, xs[4] + ws[4], y + 20, xs[5], y + 20);
            // backward paths, below
            int by = 260;
            Color[] path = {Plots.TAB10[3], Plots.TAB10[2], Plots.TAB10[4]};
            g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[]{7f, 5f}, 0f));
            g.setColor(Color.GRAY);
            curve(g, xs[5] + 40, y + 40, xs[4] + 60, y + 40, 30);
            curve(g, xs[4] + 60, y + 40, xs[3] + 110, y + 40, 30);
            g.setColor(path[0]);
            curve(g, xs[3] + 80, y + 40, xs[0] + 35, y + 40, 60);
            g.setColor(path[1]);
            curve(g, xs[1] + 60, ys[1], xs[0] + 20, y, -40);
            g.setColor(path[2]);
            curve(g, xs[2] + 75, ys[2], xs[0] + 50, y, -90);
            g.setStroke(new BasicStroke(1f));
            g.setFont(SMALL);
            g.setColor(Color.DARK_GRAY);
            g.drawString("dy_n", xs[5] - 10, y + 72);
            g.drawString("dx̂_n = γ dy_n", xs[4] - 20, y + 72);
            g.setFont(Plots.LABEL);
            String[] terms = {
                "1. direct, through x̂_n:        dx̂_n / √(σ²+ε)",
                "2. through μ (every x̂ moves):   − mean(dx̂) / √(σ²+ε)",
                "3. through σ² (the spread):     − x̂_n · mean(dx̂ · x̂) / √(σ²+ε)"};
            for (int i = 0; i < 3; i++) {
                g.setColor(path[i]);
                g.fillRect(40, by + 20 + i * 26, 24, 6);
                g.setColor(Color.BLACK);
                g.drawString(terms[i], 74, by + 28 + i * 26);
            }
            g.drawString("dx_n = sum of the three = (dx̂_n − mean(dx̂) − x̂_n · mean(dx̂ · x̂)) / √(σ²+ε),"
                    + "   where dx̂_n = γ dy_n", 40, by + 28 + 3 * 26 + 10);
            g.setColor(Color.DARK_GRAY);
            g.setFont(SMALL);
            g.drawString("dγ = sum_n dy_n x̂_n,  dβ = sum_n dy_n (no path back through them)", 40, by + 28 + 4 * 26 + 12);
        });
    }

    // ---------------------------------------------------------------------------------------------- making-it-fast.md

    /** C += A . B cut into cache-sized blocks: A blocks MC x KC, B strips KC x NR, the MR x NR register tile. */
    void gemmBlocking() throws IOException {
        Plots.drawing(png("gemm_blocking"), 1040, 580, g -> {
            g.setFont(Plots.TITLE);
            g.drawString("The blocked matrix multiply C += A · B: which piece lives in which memory", 20, 26);
            // B above C, A left of C: the rows of A meet the columns of B in C
            int ax = 40, aw = 260, ah = 290;
            int bx = 330, by = 50, bw = 300, bh = 170;
            int cx = 330, cy = by + bh + 20, cw = 300, ch = ah;
            int ay = cy;
            // A
            outline(g, ax, ay, aw, ah, "A  (M x K)", new Color(0xfafafa));
            int kcA = aw * 2 / 5;
            int mc = ah / 3;
            g.setColor(tint(Plots.TAB10[0], 0.35));
            g.fillRect(ax + kcA, ay + mc, kcA, mc);
            g.setColor(Plots.TAB10[0]);
            g.drawRect(ax + kcA, ay + mc, kcA, mc);
            g.setColor(tint(Plots.TAB10[3], 0.7));
            int mr = 16;
            g.fillRect(ax + kcA, ay + mc + 2 * mr, kcA, mr);
            label(g, "A block MC x KC", ax + kcA + 4, ay + mc + 16, Plots.TAB10[0]);
            label(g, "A strip MR x KC", ax + kcA + 4, ay + mc + 3 * mr + 14, Plots.TAB10[3]);
            // B
            outline(g, bx, by, bw, bh, "B  (K x N)", new Color(0xfafafa));
            int kcB = bh * 2 / 5;
            g.setColor(tint(Plots.TAB10[1], 0.25));
            g.fillRect(bx, by + kcB, bw, kcB);
            g.setColor(Plots.TAB10[1]);
            g.drawRect(bx, by + kcB, bw, kcB);
            int nr = 28;
            g.setColor(tint(Plots.TAB10[2], 0.7));
            g.fillRect(bx + 3 * nr, by + kcB, nr, kcB);
            label(g, "KC rows of B, packed in NR-wide strips", bx + 4, by + kcB + 14, Plots.TAB10[1]);
            label(g, "B strip KC x NR", bx + 4 * nr + 4, by + kcB + kcB - 6, Plots.TAB10[2]);
            // C
            outline(g, cx, cy, cw, ch, "C  (M x N)", new Color(0xfafafa));
            g.setColor(tint(Plots.TAB10[4], 0.18));
            g.fillRect(cx, cy + mc, cw, mc);
            g.setColor(Plots.TAB10[4]);
            g.drawRect(cx, cy + mc, cw, mc);
            label(g, "unit of C: MC rows (one thread)", cx + 4, cy + mc + 14, Plots.TAB10[4]);
            g.setColor(new Color(0x333333));
            g.fillRect(cx + 3 * nr, cy + mc + 2 * mr, nr, mr);
            label(g, "register tile MR x NR", cx + 4 * nr + 6, cy + mc + 3 * mr - 2, Color.BLACK);
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{3f, 3f}, 0f));
            g.drawLine(ax + kcA + kcA, ay + mc + 2 * mr + mr / 2, cx + 3 * nr, cy + mc + 2 * mr + mr / 2);
            g.drawLine(bx + 3 * nr + nr / 2, by + kcB + kcB, cx + 3 * nr + nr / 2, cy + mc + 2 * mr);
            g.setStroke(new BasicStroke(1f));
            // memory legend
            int lx = 680;
            int ly = 90;
            g.setColor(Color.BLACK);
            g.setFont(BOLD);
            g.drawString("where each piece stays while it is used", lx, ly);
            String[][] rows = {
                {"register tile MR x NR of C", "vector registers", "summed over all KC of a block"},
                {"B strip KC x NR", "L1 / L2", "reused by every A strip of the block"},
                {"A block MC x KC", "L2 (per core)", "reused by every B strip"},
                {"unit of C, MC x N", "L2", "stays over the whole sum over K"},
                {"packed B, K x N", "L3 (shared)", "packed once, read by both threads"}};
            Color[] cs = {new Color(0x333333), Plots.TAB10[2], Plots.TAB10[0], Plots.TAB10[4], Plots.TAB10[1]};
            for (int i = 0; i < rows.length; i++) {
                int yy = ly + 30 + i * 62;
                g.setColor(tint(cs[i], i == 0 ? 1 : 0.5));
                g.fillRect(lx, yy - 12, 14, 14);
                g.setColor(Color.BLACK);
                g.setFont(BOLD);
                g.drawString(rows[i][0], lx + 22, yy);
                g.setFont(SMALL);
                g.drawString(rows[i][1], lx + 22, yy + 18);
                g.setColor(Color.DARK_GRAY);
                g.drawString(rows[i][2], lx + 22, yy + 34);
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(SMALL);
            g.drawString("MR, NR, KC, MC per ISA: the table in the text.", lx, ly + 30 + 5 * 62);
        });
    }

    // ---------------------------------------------------------------------------------------------- data.md

    /**
     * The notebook protocol on the label sequence of the 8 male training actors of the shared copy (actors 01-15
     * odd; 17 and 19 held out), 2 classes: originals, then the noise copies, then the pitch copies, split 80/20
     * by the stratified shuffle split (random_state 12). One square per copy, coloured by its side.
     */
    void splitCopies() throws IOException {
        LabelSet labels = LabelSet.of(2, Gender.MALE);
        List<RavdessFile> files = new ArrayList<>();
        for (String name : ravdessNames(1, 20)) {
            RavdessFile f = RavdessFile.parse(Path.of(name));
            if (Gender.MALE.accepts(f.actor()) && labels.label(f).isPresent()) {
                files.add(f);
            }
        }
        List<RavdessFile> train = ActorHoldout.split(files, Set.of(17, 19)).rest();
        int n = train.size();
        List<String> pooled = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            for (RavdessFile f : train) {
                pooled.add(labels.label(f).orElseThrow());
            }
        }
        StratifiedShuffleSplit.Split split = new StratifiedShuffleSplit(0.2, 12).split(pooled);
        Set<Integer> val = new HashSet<>();
        for (int i : split.test()) {
            val.add(i);
        }
        int[] valCopies = new int[n];                                  // how many of clip i's 3 copies are in validation
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < 3; v++) {
                valCopies[i] += val.contains(v * n + i) ? 1 : 0;
            }
        }
        int withValCopy = 0;
        int seenInTraining = 0;
        for (int i = 0; i < n; i++) {
            if (valCopies[i] > 0) {
                withValCopy++;
                if (valCopies[i] < 3) {
                    seenInTraining++;
                }
            }
        }
        int valSize = split.test().length;
        int valWithTwin = 0;                                            // validation vectors whose clip is also in training
        for (int i : split.test()) {
            if (valCopies[i % n] < 3) {
                valWithTwin++;
            }
        }
        int shown = 40;
        int cell = 20;
        int width = 1000;
        int height = 340;
        int twins = valWithTwin;
        int clips = n;
        int fullyVal = withValCopy - seenInTraining;
        Plots.drawing(png("split_copies"), width, height, g -> {
            g.setFont(Plots.TITLE);
            g.drawString("The notebook protocol: each clip's three copies are split one by one, so most validation"
                    + " clips are also in training", 20, 26);
            int x0 = 130;
            int y0 = 70;
            String[] rowNames = {"original", "noise copy", "pitch copy"};
            for (int v = 0; v < 3; v++) {
                g.setColor(Color.BLACK);
                g.setFont(SMALL);
                g.drawString(rowNames[v], 30, y0 + v * cell + 15);
                for (int i = 0; i < shown; i++) {
                    boolean inVal = val.contains(v * n + i);
                    Color c = inVal ? Plots.TAB10[1] : tint(Plots.TAB10[0], 0.55);
                    g.setColor(c);
                    g.fillRect(x0 + i * cell, y0 + v * cell, cell - 2, cell - 2);
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(SMALL);
            g.drawString("clip 0 .. " + (shown - 1) + " of " + clips + " (actor 01's first 40 kept clips; every clip has"
                    + " its three copies in one column)", x0, y0 + 3 * cell + 16);
            for (int i = 0; i < shown; i++) {
                if (valCopies[i] > 0 && valCopies[i] < 3) {
                    g.setColor(Plots.TAB10[3]);
                    g.setStroke(new BasicStroke(2f));
                    g.drawRect(x0 + i * cell - 2, y0 - 2, cell + 1, 3 * cell + 1);
                }
            }
            g.setStroke(new BasicStroke(1f));
            int ly = y0 + 3 * cell + 50;
            g.setColor(tint(Plots.TAB10[0], 0.55));
            g.fillRect(x0, ly, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString("training (80%)", x0 + 20, ly + 12);
            g.setColor(Plots.TAB10[1]);
            g.fillRect(x0 + 150, ly, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString("validation (20%)", x0 + 170, ly + 12);
            g.setColor(Plots.TAB10[3]);
            g.setStroke(new BasicStroke(2f));
            g.drawRect(x0 + 320, ly, 14, 14);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.BLACK);
            g.drawString("a clip on both sides", x0 + 340, ly + 12);
            g.setFont(Plots.LABEL);
            int ty = ly + 50;
            g.drawString(String.format(Locale.ROOT, "%d clips x 3 copies = %d vectors: %d training, %d validation.",
                    clips, 3 * clips, 3 * clips - valSize, valSize), 30, ty);
            g.drawString(String.format(Locale.ROOT, "%d of the %d validation vectors (%.0f%%) are copies of a clip"
                    + " whose other copy the network trains on;", twins, valSize, 100.0 * twins / valSize), 30, ty + 22);
            g.drawString(String.format(Locale.ROOT, "only %d clips have all three copies in validation. So validation"
                    + " accuracy mostly measures recognition of clips already heard,", fullyVal), 30, ty + 44);
            g.drawString("not of new speakers: 96.9% there after 700 epochs, 63.75% on the held-out actors 17 and 19.", 30, ty + 66);
        });
        splitCounts = new int[]{clips, valSize, twins, fullyVal};
    }

    /** Counts of the last split picture: clips, validation vectors, validation vectors with a training twin, clips fully in validation. */
    int[] splitCounts;

    /** Every RAVDESS speech file name of actors first..last (60 each: neutral has one intensity), sorted. */
    static List<String> ravdessNames(int first, int last) {
        TreeSet<String> names = new TreeSet<>();
        for (int a = first; a <= last; a++) {
            for (int e = 1; e <= 8; e++) {
                for (int i = 1; i <= (e == 1 ? 1 : 2); i++) {
                    for (int s = 1; s <= 2; s++) {
                        for (int r = 1; r <= 2; r++) {
                            names.add(String.format(Locale.ROOT, "Actor_%02d/03-01-%02d-%02d-%02d-%02d-%02d.wav",
                                    a, e, i, s, r, a));
                        }
                    }
                }
            }
        }
        return new ArrayList<>(names);
    }

    // ---------------------------------------------------------------------------------------------- drawing helpers

    static void cellBox(Graphics2D g, int x, int y, int size, Color fill, String text) {
        cellBox(g, x, y, size, size, fill, text);
    }

    static void cellBox(Graphics2D g, int x, int y, int w, int h, Color fill, String text) {
        g.setColor(fill);
        g.fillRect(x, y, w, h);
        g.setColor(Color.GRAY);
        g.drawRect(x, y, w, h);
        g.setColor(Color.BLACK);
        g.setFont(w > 60 ? SMALL : MONO);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, x + (w - fm.stringWidth(text)) / 2, y + h / 2 + fm.getAscent() / 2 - 1);
    }

    static void outline(Graphics2D g, int x, int y, int w, int h, String name, Color fill) {
        g.setColor(fill);
        g.fillRect(x, y, w, h);
        g.setColor(Color.GRAY);
        g.drawRect(x, y, w, h);
        g.setColor(Color.BLACK);
        g.setFont(BOLD);
        g.drawString(name, x + 6, y + h - 8);
    }

    static void label(Graphics2D g, String text, int x, int y, Color c) {
        g.setFont(SMALL);
        g.setColor(c.darker());
        g.drawString(text, x, y);
    }

    static void arrow(Graphics2D g, int x1, int y1, int x2, int y2) {
        g.drawLine(x1, y1, x2, y2);
        double a = Math.atan2(y2 - y1, x2 - x1);
        Path2D head = new Path2D.Double();
        head.moveTo(x2, y2);
        head.lineTo(x2 - 9 * Math.cos(a - 0.4), y2 - 9 * Math.sin(a - 0.4));
        head.lineTo(x2 - 9 * Math.cos(a + 0.4), y2 - 9 * Math.sin(a + 0.4));
        head.closePath();
        g.fill(head);
    }

    /** A quadratic curve from (x1,y1) to (x2,y2) bulging by {@code bend} pixels, with an arrow head at the end. */
    static void curve(Graphics2D g, int x1, int y1, int x2, int y2, int bend) {
        Path2D p = new Path2D.Double();
        double mx = (x1 + x2) / 2.0;
        double my = (y1 + y2) / 2.0 + bend;
        p.moveTo(x1, y1);
        p.quadTo(mx, my, x2, y2);
        g.draw(p);
        double a = Math.atan2(y2 - my, x2 - mx);
        Path2D head = new Path2D.Double();
        head.moveTo(x2, y2);
        head.lineTo(x2 - 11 * Math.cos(a - 0.4), y2 - 11 * Math.sin(a - 0.4));
        head.lineTo(x2 - 11 * Math.cos(a + 0.4), y2 - 11 * Math.sin(a + 0.4));
        head.closePath();
        java.awt.Stroke s = g.getStroke();
        g.setStroke(new BasicStroke(1f));
        g.fill(head);
        g.setStroke(s);
    }

    static Color tint(Color c, double amount) {
        return new Color((int) Math.round(255 - (255 - c.getRed()) * amount),
                (int) Math.round(255 - (255 - c.getGreen()) * amount), (int) Math.round(255 - (255 - c.getBlue()) * amount));
    }

}
