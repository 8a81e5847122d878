package ser.app.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The project's charts, drawn with JFreeChart and written twice: {@code NAME.png} (raster) and {@code NAME.svg}
 * (vector, through JFreeSVG). Both files are written atomically (temporary file, then rename).
 *
 * <p>The axes choose round tick units themselves ({@link NumberAxis#setStandardTickUnits}), every axis has a
 * title, and the legend sits below the plot area, so it never covers data. The same helpers draw the figures in
 * docs/ ({@code DrawFigures} in the app tests), so the tutorial's pictures and a run's pictures look alike.
 * Works without a display: {@code java.awt.headless} is set before AWT is first used.
 */
public final class Plots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** matplotlib's "tab10" colours: blue, orange, green, red, purple, brown, pink, grey, olive, cyan. */
    public static final Color[] TAB10 = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    public static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    public static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private Plots() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // The two charts of a training run

    /**
     * Loss (top) and accuracy (bottom) per epoch, training and validation, on one shared epoch axis; a dashed
     * line marks the epoch with the lowest val_loss (the model kept in {@code best/}).
     *
     * @param png  where the PNG goes; the SVG is written beside it ({@code curves.svg})
     * @param rows one row per epoch as {@link CsvLogger#read} returns it: {epoch, loss, acc, val_loss, val_acc, lr}
     */
    public static void curves(Path png, List<double[]> rows) throws IOException {
        NumberAxis epoch = integerAxis("epoch (from 0, as in training.csv)");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epoch);
        plot.setGap(12);
        XYPlot loss = linePlot(numberAxis("loss (cross-entropy)"), series(rows, 1, "training"), series(rows, 3, "validation"));
        XYPlot acc = linePlot(numberAxis("accuracy"), series(rows, 2, "training"), series(rows, 4, "validation"));
        for (int i = 0; i < 2; i++) {
            acc.getRenderer().setSeriesVisibleInLegend(i, false);   // one legend entry per colour
        }
        epoch.setLowerMargin(0.01);
        epoch.setUpperMargin(0.01);
        int best = bestEpoch(rows);
        if (best >= 0) {
            for (XYPlot p : List.of(loss, acc)) {
                ValueMarker m = new ValueMarker(best, Color.GRAY,
                        new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{4f, 4f}, 0f));
                if (p == loss) {
                    m.setLabel("lowest val_loss (best/): epoch " + best);
                    m.setLabelFont(TICK);
                    m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                    m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
                    m.setLabelOffset(new RectangleInsets(4, 4, 4, 4));
                    m.setLabelBackgroundColor(new Color(255, 255, 255, 220));
                }
                p.addDomainMarker(m);
            }
        }
        plot.add(loss, 1);
        plot.add(acc, 1);
        JFreeChart chart = chart("Training history (" + rows.size() + " epochs)", plot, true);
        save(chart, png, 900, 640);
    }

    /** The epoch with the lowest finite val_loss (the first one on ties), or -1 when none has one. */
    static int bestEpoch(List<double[]> rows) {
        int best = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double[] r : rows) {
            if (Double.isFinite(r[3]) && r[3] < bestLoss) {
                bestLoss = r[3];
                best = (int) r[0];
            }
        }
        return best;
    }

    private static XYSeries series(List<double[]> rows, int column, String name) {
        XYSeries s = new XYSeries(name, false, true);
        for (double[] r : rows) {
            s.add(r[0], Double.isFinite(r[column]) ? r[column] : null);   // a gap where an epoch has no value
        }
        return s;
    }

    /**
     * A confusion-matrix heatmap: rows actual (top to bottom in class order), columns predicted; a cell's shade is
     * its share of the actual class (its row), the number in it is the count.
     *
     * @param png where the PNG goes; the SVG is written beside it
     */
    public static void confusionHeatmap(Path png, List<String> names, int[][] confusion, String title) throws IOException {
        int k = names.size();
        DefaultXYZDataset data = new DefaultXYZDataset();
        double[][] xyz = new double[3][k * k];
        XYPlot plot = new XYPlot();
        for (int a = 0; a < k; a++) {
            int rowTotal = 0;
            for (int v : confusion[a]) {
                rowTotal += v;
            }
            for (int p = 0; p < k; p++) {
                double share = rowTotal == 0 ? 0 : (double) confusion[a][p] / rowTotal;
                xyz[0][a * k + p] = p;
                xyz[1][a * k + p] = a;
                xyz[2][a * k + p] = share;
                XYTextAnnotation count = new XYTextAnnotation(Integer.toString(confusion[a][p]), p, a);
                count.setFont(new Font(Font.SANS_SERIF, Font.BOLD, k > 6 ? 12 : 15));
                count.setPaint(share > 0.5 ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(count);
            }
        }
        data.addSeries("share", xyz);
        String[] labels = names.toArray(new String[0]);
        SymbolAxis predicted = symbolAxis("predicted", labels);
        predicted.setVerticalTickLabels(k > 3);
        SymbolAxis actual = symbolAxis("actual", labels);
        actual.setInverted(true);                                     // row 0 at the top, as a printed matrix
        XYBlockRenderer cells = new XYBlockRenderer();
        PaintScale blues = new ColourScale(ColourScale.BLUES, 0, 1);
        cells.setPaintScale(blues);
        plot.setDataset(data);
        plot.setDomainAxis(predicted);
        plot.setRangeAxis(actual);
        plot.setRenderer(cells);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlinePaint(Color.GRAY);
        JFreeChart chart = chart(title, plot, false);
        PaintScaleLegend bar = colourBar(blues, "share of the actual class (row)");
        ((NumberAxis) bar.getAxis()).setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.2));
        chart.addSubtitle(bar);
        int side = Math.max(320, Math.min(720, 80 * k));
        save(chart, png, side + 300, side + 220);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Building blocks, also used by the docs' figures

    /** A chart with the project's style: a title, white background, the legend (if any) below the plot area. */
    public static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(6, 6, 6, 12));
        TextTitle t = chart.getTitle();
        if (t != null) {
            t.setPadding(new RectangleInsets(4, 4, 8, 4));
        }
        LegendTitle l = chart.getLegend();
        if (l != null) {
            l.setPosition(RectangleEdge.BOTTOM);                    // outside the plot area: never over data
            l.setItemFont(LABEL);
            l.setFrame(BlockBorder.NONE);
        }
        if (plot instanceof XYPlot xy) {
            style(xy);
        } else if (plot instanceof CombinedDomainXYPlot c) {
            for (Object p : c.getSubplots()) {
                style((XYPlot) p);
            }
        }
        return chart;
    }

    /** Light grey grid on white; axis labels and tick fonts of the project. */
    public static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setDomainGridlineStroke(new BasicStroke(0.8f));
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        plot.setOutlinePaint(Color.GRAY);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    /** A number axis with round ticks (1, 2, 5 x 10^n), a title, and no forced zero. */
    public static NumberAxis numberAxis(String title) {
        NumberAxis a = new NumberAxis(title);
        a.setAutoRangeIncludesZero(false);
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICK);
        return a;
    }

    /** A number axis whose ticks are whole numbers (epochs, coefficients, frames). */
    public static NumberAxis integerAxis(String title) {
        NumberAxis a = numberAxis(title);
        a.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        return a;
    }

    /** An axis with one named tick per integer position 0..names-1. */
    public static SymbolAxis symbolAxis(String title, String[] names) {
        SymbolAxis a = new SymbolAxis(title, names);
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICK);
        a.setGridBandsVisible(false);
        return a;
    }

    /** An XY plot of lines, one per series, coloured in {@link #TAB10} order, 2 px wide, no dots. */
    public static XYPlot linePlot(NumberAxis y, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.length; i++) {
            data.addSeries(series[i]);
            r.setSeriesPaint(i, TAB10[i % TAB10.length]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot p = new XYPlot(data, null, y, r);
        style(p);
        return p;
    }

    /** A vertical colour bar at the right of a chart, with its own round-ticked axis. */
    public static PaintScaleLegend colourBar(PaintScale scale, String title) {
        NumberAxis axis = numberAxis(title);
        axis.setRange(scale.getLowerBound(), scale.getUpperBound());
        PaintScaleLegend bar = new PaintScaleLegend(scale, axis);
        bar.setPosition(RectangleEdge.RIGHT);
        bar.setStripWidth(14);
        bar.setAxisOffset(4);
        bar.setMargin(new RectangleInsets(30, 12, 40, 0));
        bar.setSubdivisionCount(256);
        bar.setBackgroundPaint(Color.WHITE);
        return bar;
    }

    /**
     * A colour map from anchor colours, linearly interpolated between a lower and an upper bound; values outside
     * are clamped to the end colours.
     */
    public static final class ColourScale implements PaintScale {
        /** matplotlib's viridis at five anchors: dark blue, blue, teal, green, yellow (perceptually ordered). */
        public static final int[] VIRIDIS = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};
        /** White to dark blue (matplotlib "Blues"). */
        public static final int[] BLUES = {0xf7fbff, 0xc6dbef, 0x6baed6, 0x2171b5, 0x08306b};
        /** Blue, white at the centre, red (ColorBrewer RdBu reversed): for signed values. */
        public static final int[] DIVERGING = {0x2166ac, 0x92c5de, 0xf7f7f7, 0xf4a582, 0xb2182b};

        private final int[] anchors;
        private final double lo;
        private final double hi;

        public ColourScale(int[] anchors, double lo, double hi) {
            if (!(lo < hi)) {
                throw new IllegalArgumentException("colour scale needs lo < hi, got " + lo + ", " + hi);
            }
            this.anchors = anchors.clone();
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public double getLowerBound() {
            return lo;
        }

        @Override
        public double getUpperBound() {
            return hi;
        }

        @Override
        public Paint getPaint(double value) {
            return colour(value);
        }

        public Color colour(double value) {
            double t = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, (value - lo) / (hi - lo)));
            double x = t * (anchors.length - 1);
            int i = Math.min((int) x, anchors.length - 2);
            double f = x - i;
            int a = anchors[i];
            int b = anchors[i + 1];
            int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
            int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
            int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
            return new Color(r, g, bl);
        }

        /** A rows x cols row-major matrix as an image, row 0 at the bottom (as a spectrogram is read). */
        public BufferedImage image(double[] m, int rows, int cols) {
            BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    img.setRGB(c, rows - 1 - r, colour(m[r * cols + c]).getRGB());
                }
            }
            return img;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Writing

    /** Writes a chart as {@code png} and as the SVG beside it (same name, {@code .svg}), width x height pixels. */
    public static void save(JFreeChart chart, Path png, int width, int height) throws IOException {
        drawing(png, width, height, g -> chart.draw(g, new Rectangle2D.Double(0, 0, width, height)));
    }

    /**
     * Runs one drawing twice, onto a PNG image and onto an SVG canvas, and writes both: {@code png} and the
     * {@code .svg} beside it. The drawing sees an antialiased Graphics2D with a white background.
     */
    public static void drawing(Path png, int width, int height, Consumer<Graphics2D> draw) throws IOException {
        String name = png.getFileName().toString();
        if (!name.endsWith(".png")) {
            throw new IllegalArgumentException("expected a .png path, got " + png);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        prepare(g, width, height);
        draw.accept(g);
        g.dispose();
        SVGGraphics2D svg = new SVGGraphics2D(width, height);
        prepare(svg, width, height);
        draw.accept(svg);
        Path svgPath = png.resolveSibling(name.substring(0, name.length() - 4) + ".svg");
        writeAtomically(png, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
        });
        String text = svg.getSVGDocument();
        writeAtomically(svgPath, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    private static void prepare(Graphics2D g, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
    }

    private interface Writer {
        void write(Path tmp) throws IOException;
    }

    private static void writeAtomically(Path target, Writer writer) throws IOException {
        ser.model.io.AtomicFile.write(target, writer::write);
    }
}
