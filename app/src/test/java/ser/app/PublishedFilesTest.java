package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file a command writes for the user goes through {@code ser.model.io.AtomicFile} (temporary file, fsync,
 * rename, folder fsync; failures name the target). This test reads the main sources of every module and fails on a
 * direct write of any other file: a write is allowed only into the temporary file that AtomicFile (or a downloader
 * or unzipper with the same pattern) hands out, named {@code tmp} or {@code part}, or in the places listed here with
 * the reason they need not be atomic.
 */
class PublishedFilesTest {

    static final Pattern WRITE = Pattern.compile(
            "Files\\.(write|writeString|newOutputStream|newBufferedWriter)\\(\\s*([A-Za-z_][A-Za-z0-9_.]*)|ImageIO\\.write\\([^,]+,[^,]+,\\s*([A-Za-z_][A-Za-z0-9_]*)");

    /** File name -> why its direct write is fine. */
    static final Map<String, String> EXCEPTIONS = Map.of(
            "AtomicFile.java", "the helper itself",
            "CsvLogger.java", "appends one row per epoch; a lost row is rebuilt from the checkpoint on resume");

    @Test
    void everyWriteOfAUserFileGoesThroughAtomicFile() throws IOException {
        Path root = DocsExcerptsTest.repoRoot();
        List<String> direct = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")
                    && !f.toString().contains("/target/")).toList()) {
                if (EXCEPTIONS.containsKey(p.getFileName().toString())) {
                    continue;
                }
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = WRITE.matcher(lines.get(i));
                    while (m.find()) {
                        String target = m.group(2) != null ? m.group(2) : m.group(3);
                        if (!target.equals("tmp") && !target.equals("part")) {
                            direct.add(root.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), direct, "write these through AtomicFile.write/writeString/writeBytes");
    }
}
