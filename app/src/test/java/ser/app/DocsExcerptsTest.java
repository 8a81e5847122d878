package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps every code excerpt in docs/ equal to the real source, so the tutorial cannot drift from the code.
 *
 * <p>In a source file a region is marked with two comment lines, {@code // docs:begin NAME} and
 * {@code // docs:end NAME} (the region is the lines between them, with their common indentation removed).
 * In a Markdown file the line {@code <!-- excerpt: path/from/repo/root/File.java#NAME -->} must be followed
 * directly by a fenced code block holding exactly that region. Every fenced {@code java} block in docs/ must
 * be such an excerpt.
 *
 * <p>After editing code, run with {@code -Ddocs.update=true} to rewrite the blocks from the sources.
 */
public class DocsExcerptsTest {

    private static final Pattern MARKER = Pattern.compile("<!-- excerpt: ([^#\\s]+)#([\\w.-]+) -->");

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs")) || p != null && !Files.exists(p.resolve("pom.xml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (a folder with docs/ and pom.xml)");
        }
        return p;
    }

    /** The lines between "docs:begin NAME" and "docs:end NAME" in file, de-indented. */
    static String region(Path file, String name) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            if (t.matches("(//|#|<!--)\\s*docs:begin " + Pattern.quote(name) + "\\b.*")) {
                if (begin >= 0) {
                    throw new IllegalStateException(file + ": region '" + name + "' begins twice");
                }
                begin = i;
            } else if (t.matches("(//|#|<!--)\\s*docs:end " + Pattern.quote(name) + "\\b.*")) {
                end = i;
            }
        }
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(file + ": no region '" + name + "' (docs:begin/docs:end markers)");
        }
        List<String> body = lines.subList(begin + 1, end);
        int indent = Integer.MAX_VALUE;
        for (String l : body) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String l : body) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString();
    }

    /** The repository root, for other docs tests. */
    public static Path root() {
        return repoRoot();
    }

    /** Every Markdown file under docs/, sorted. */
    public static List<Path> markdown(Path root) throws IOException {
        return markdownFiles(root);
    }

    static List<Path> markdownFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
            return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    @Test
    void everyExcerptMatchesItsSource() throws IOException {
        Path root = repoRoot();
        boolean update = Boolean.getBoolean("docs.update");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path md : markdownFiles(root)) {
            List<String> lines = new ArrayList<>(Files.readAllLines(md, StandardCharsets.UTF_8));
            boolean changed = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher m = MARKER.matcher(line.trim());
                if (line.trim().startsWith("```java") && (i == 0 || !MARKER.matcher(lines.get(i - 1).trim()).matches())) {
                    problems.add(root.relativize(md) + ":" + (i + 1) + ": a java block without an excerpt marker");
                }
                if (!m.matches()) {
                    continue;
                }
                String where = root.relativize(md) + ":" + (i + 1);
                if (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("```")) {
                    problems.add(where + ": excerpt marker not followed by a fenced block");
                    continue;
                }
                int close = i + 2;
                while (close < lines.size() && !lines.get(close).startsWith("```")) {
                    close++;
                }
                if (close >= lines.size()) {
                    problems.add(where + ": fenced block never closed");
                    continue;
                }
                String actual = String.join("\n", lines.subList(i + 2, close)) + (close > i + 2 ? "\n" : "");
                String expected;
                try {
                    expected = region(root.resolve(m.group(1)), m.group(2));
                } catch (IOException | IllegalStateException e) {
                    problems.add(where + ": " + e.getMessage());
                    continue;
                }
                checked++;
                if (!expected.equals(actual)) {
                    if (update) {
                        List<String> replacement = List.of(expected.split("\n", -1)).subList(0, expected.split("\n", -1).length - 1);
                        for (int k = close - 1; k >= i + 2; k--) {
                            lines.remove(k);
                        }
                        lines.addAll(i + 2, replacement);
                        changed = true;
                    } else {
                        problems.add(where + ": excerpt of " + m.group(1) + "#" + m.group(2)
                                + " differs from the source (run the test with -Ddocs.update=true)");
                    }
                }
            }
            if (changed) {
                Files.write(md, lines, StandardCharsets.UTF_8);
            }
        }
        System.out.println("docs excerpts checked: " + checked);
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    @Test
    void regionExtractionRemovesCommonIndentation() throws IOException {
        Path tmp = Files.createTempFile("region", ".java");
        Files.writeString(tmp, "class A {\n    // docs:begin x\n    int a;\n\n      int b;\n    // docs:end x\n}\n");
        assertEquals("int a;\n\n  int b;\n", region(tmp, "x"));
        Files.delete(tmp);
    }

    @Test
    void aChangedSourceIsCaught() throws IOException {
        Path tmp = Files.createTempFile("region", ".java");
        Files.writeString(tmp, "// docs:begin y\nint c = 1;\n// docs:end y\n");
        assertTrue(!region(tmp, "y").equals("int c = 2;\n"));
        Files.delete(tmp);
    }
}
