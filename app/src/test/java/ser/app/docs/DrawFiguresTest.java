package ser.app.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.app.DocsExcerptsTest;

/**
 * Draws every docs figure (into a temporary folder, or into {@code -Ddocs.figures=docs/img} to regenerate them) and
 * checks that each one is a readable PNG with an SVG beside it, that docs/img holds each of them and some chapter
 * shows it, and that every picture a chapter shows exists.
 */
class DrawFiguresTest {

    @TempDir
    Path tmp;

    @Test
    void everyFigureIsDrawnAndEveryPictureInTheDocsExists() throws IOException {
        Path root = DocsExcerptsTest.root();
        String target = System.getProperty("docs.figures");
        Path out = target == null || target.isBlank() ? tmp : root.resolve(target);
        DrawFigures d = new DrawFigures(root, out);
        d.all();
        assertTrue(d.written.size() >= 12, "figures drawn: " + d.written);
        for (String name : d.written) {
            BufferedImage img = ImageIO.read(out.resolve(name + ".png").toFile());
            assertTrue(img != null && img.getWidth() > 300, name + ".png is an image");
            String svg = Files.readString(out.resolve(name + ".svg"));
            assertTrue(svg.contains("<svg"), name + ".svg is an SVG document");
            assertTrue(Files.exists(root.resolve("docs/img/" + name + ".png")),
                    "docs/img/" + name + ".png is missing: regenerate with -Ddocs.figures=docs/img");
        }
        // the notebook protocol of the split picture: 320 clips x 3 = 960 vectors, 192 of them validation
        assertEquals(320, d.splitCounts[0]);
        assertEquals(192, d.splitCounts[1]);
        assertTrue(d.splitCounts[2] > 150, "most validation vectors have a twin in training: " + d.splitCounts[2]);

        Pattern image = Pattern.compile("!\\[[^]]*]\\((img/[^)\\s]+)\\)");
        List<String> missing = new ArrayList<>();
        for (Path md : DocsExcerptsTest.markdown(root)) {
            Matcher m = image.matcher(Files.readString(md));
            while (m.find()) {
                if (!Files.exists(md.getParent().resolve(m.group(1)))) {
                    missing.add(root.relativize(md) + ": " + m.group(1));
                }
            }
        }
        assertTrue(missing.isEmpty(), "pictures shown but missing: " + missing);

        // and the other way round: a figure the project draws is shown by some chapter
        Pattern shown = Pattern.compile("img/([A-Za-z0-9_.-]+)\\.png");
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Path md : DocsExcerptsTest.markdown(root)) {
            Matcher m = shown.matcher(Files.readString(md));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        List<String> unshown = d.written.stream().filter(n -> !used.contains(n)).toList();
        assertTrue(unshown.isEmpty(), "figures drawn but shown by no chapter: " + unshown);
    }
}
