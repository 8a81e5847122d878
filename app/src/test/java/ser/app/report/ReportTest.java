package ser.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path dir;

    @Test
    void metricsMatchScikitLearn() {
        // sklearn 1.9.1: accuracy_score, f1_score(average='macro'), precision_recall_fscore_support on
        // actual [0,0,1,1,2,2], predicted [0,1,1,1,2,0] -> 0.6667, 0.65556, P [.5 .6667 1], R [.5 1 .5]
        Metrics m = new Metrics(List.of("a", "b", "c"), new int[]{0, 0, 1, 1, 2, 2}, new int[]{0, 1, 1, 1, 2, 0});
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        assertEquals(0.6555555555555556, m.macroF1(), 1e-12);
        assertEquals(0.5, m.precision(0), 1e-12);
        assertEquals(2.0 / 3, m.precision(1), 1e-12);
        assertEquals(1.0, m.precision(2), 1e-12);
        assertEquals(0.5, m.recall(2), 1e-12);
        assertEquals(1, m.confusion[2][0]);
        // a class never seen nor predicted does not count in the macro average (sklearn: labels present) -> 0.4
        assertEquals(0.4, new Metrics(List.of("a", "b", "c"), new int[]{0, 0, 0}, new int[]{0, 0, 2}).macroF1(), 1e-12);
        assertTrue(m.report().contains("macro F1  0.6556"), m.report());
    }

    @Test
    void csvLogKeepsEarlierEpochsOnResumeAndPlotsAreWritten() throws IOException {
        Path csv = dir.resolve("training.csv");
        CsvLogger log = new CsvLogger(csv, 0);
        for (int e = 0; e < 3; e++) {
            Map<String, Double> logs = new HashMap<>(Map.of("loss", 1.0 / (e + 1), "acc", 0.5, "lr", 1e-4));
            if (e < 2) {
                logs.put("val_loss", 0.9);
                logs.put("val_acc", 0.6);
            }
            log.onEpochEnd(e, logs);
        }
        List<double[]> rows = CsvLogger.read(csv);
        assertEquals(3, rows.size());
        assertTrue(Double.isNaN(rows.get(2)[3]), "an epoch without validation has an empty val_loss");
        assertEquals(CsvLogger.HEADER, Files.readAllLines(csv).get(0));
        new CsvLogger(csv, 2);
        assertEquals(2, CsvLogger.read(csv).size(), "resuming at epoch 2 drops the rows of epoch 2 and later");

        Plots.curves(dir.resolve("curves.png"), rows);
        Plots.confusionHeatmap(dir.resolve("cm.png"), List.of("male_negative", "male_positive"), new int[][]{{3, 1}, {0, 4}}, "t");
        BufferedImage img = ImageIO.read(dir.resolve("curves.png").toFile());
        assertEquals(900, img.getWidth());
        assertTrue(ImageIO.read(dir.resolve("cm.png").toFile()).getHeight() > 100);
        String svg = Files.readString(dir.resolve("curves.svg"));
        assertTrue(svg.startsWith("<svg") || svg.startsWith("<?xml"), "curves.svg is an SVG document");
        for (String text : List.of("epoch (from 0, as in training.csv)", "training", "validation")) {
            assertTrue(svg.contains(">" + text + "<"), "curves.svg has the text '" + text + "'");
        }
        assertTrue(Files.readString(dir.resolve("cm.svg")).contains(">male_positive<"), "the class names are in the SVG");
    }

    @Test
    void progressLineShowsRateAndEta() {
        ProgressBar bar = new ProgressBar(System.err);
        bar.begin(3, 700, 768);
        String line = bar.line(384, 0.5, 2.0);
        assertTrue(line.startsWith("epoch 3/700 ["), line);
        assertTrue(line.contains("384/768 192.0 samples/s ETA 0:02 loss 0.5000"), line);
    }
}
