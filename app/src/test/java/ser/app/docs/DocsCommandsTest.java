package ser.app.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ser.app.DocsExcerptsTest;

/**
 * Runs the commands of docs/ that a chapter marks runnable, so none of them can rot.
 *
 * <p>A fenced block directly after the line {@code <!-- runnable -->} is one of:
 * <ul>
 *   <li>{@code sh} with {@code java ... -jar app/target/app.jar COMMAND ...} lines: each is run as a child JVM on the
 *       test class path ({@code ser.app.Main} instead of the jar, which the test phase has not built yet), in a fresh
 *       temporary folder as working directory, and must exit with 0 within two minutes;</li>
 *   <li>{@code sh} with {@code ./mvnw ...} lines: these are <em>checked</em>, not run (Maven inside Maven's own
 *       test phase would rebuild the tree under itself): no offline flag ({@code -o} fails on a fresh clone), every
 *       {@code -pl} module exists, {@code -am} is given with {@code -pl}, {@code -Dtest} with {@code -am} comes with
 *       {@code -Dsurefire.failIfNoSpecifiedTests=false}, and every {@code -Dtest} class exists in the sources;</li>
 *   <li>{@code python}: run with {@code python3} in the repository root where NumPy is installed (skipped with the
 *       reason otherwise); it must exit with 0, so a snippet checks its own result with {@code assert}.</li>
 * </ul>
 */
class DocsCommandsTest {

    static final String MARKER = "<!-- runnable -->";

    record Block(Path file, int line, String language, List<String> commands) {
        String where(Path root) {
            return root.relativize(file) + ":" + line;
        }
    }

    /** Every runnable block of docs/, with backslash-continued lines joined. */
    static List<Block> blocks(Path root) throws IOException {
        List<Block> out = new ArrayList<>();
        for (Path md : DocsExcerptsTest.markdown(root)) {
            List<String> lines = Files.readAllLines(md, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).trim().equals(MARKER)) {
                    continue;
                }
                if (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("```")) {
                    throw new IllegalStateException(root.relativize(md) + ":" + (i + 1)
                            + ": a runnable marker must be followed directly by a fenced block");
                }
                String language = lines.get(i + 1).substring(3).trim();
                List<String> commands = new ArrayList<>();
                StringBuilder current = new StringBuilder();
                int k = i + 2;
                for (; k < lines.size() && !lines.get(k).startsWith("```"); k++) {
                    String l = lines.get(k);
                    if (language.equals("python")) {
                        commands.add(l);
                        continue;
                    }
                    if (l.isBlank() || l.trim().startsWith("#")) {
                        continue;
                    }
                    if (l.endsWith("\\")) {
                        current.append(l, 0, l.length() - 1).append(' ');
                    } else {
                        current.append(l);
                        commands.add(current.toString().trim());
                        current.setLength(0);
                    }
                }
                out.add(new Block(md, i + 2, language, commands));
                i = k;
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyRunnableBlockOfTheDocs() throws IOException {
        Path root = DocsExcerptsTest.root();
        List<Block> blocks = blocks(root);
        assertFalse(blocks.isEmpty(), "the docs mark some commands runnable");
        return blocks.stream().map(b -> DynamicTest.dynamicTest(b.where(root) + " (" + b.language() + ")", () -> run(root, b)));
    }

    /**
     * A fenced block directly after {@code <!-- output: COMMAND ARGS -->} must be exactly what
     * {@code java -jar app/target/app.jar COMMAND ARGS} prints on stdout (run in this JVM through {@code Main.run});
     * {@code -Ddocs.update=true} rewrites the blocks. For quick, deterministic commands only ({@code summary}).
     */
    @org.junit.jupiter.api.Test
    void everyOutputBlockIsTheCommandsRealOutput() throws IOException {
        Path root = DocsExcerptsTest.root();
        boolean update = Boolean.getBoolean("docs.update");
        java.util.regex.Pattern marker = java.util.regex.Pattern.compile("<!-- output: ([^>]+) -->");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path md : DocsExcerptsTest.markdown(root)) {
            List<String> lines = new ArrayList<>(Files.readAllLines(md, StandardCharsets.UTF_8));
            boolean changed = false;
            for (int i = 0; i < lines.size(); i++) {
                java.util.regex.Matcher m = marker.matcher(lines.get(i).trim());
                if (!m.matches()) {
                    continue;
                }
                String where = root.relativize(md) + ":" + (i + 1);
                int close = i + 2;
                while (close < lines.size() && !lines.get(close).startsWith("```")) {
                    close++;
                }
                if (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("```") || close >= lines.size()) {
                    problems.add(where + ": an output marker must be followed by a closed fenced block");
                    continue;
                }
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
                int code = ser.app.Main.run(m.group(1).trim().split("\\s+"),
                        new java.io.PrintStream(out, true, StandardCharsets.UTF_8), new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
                if (code != 0) {
                    problems.add(where + ": '" + m.group(1) + "' exited with " + code + ": " + err.toString(StandardCharsets.UTF_8));
                    continue;
                }
                List<String> expected = List.of(out.toString(StandardCharsets.UTF_8).stripTrailing().split("\n", -1));
                List<String> actual = lines.subList(i + 2, close);
                checked++;
                if (!expected.equals(actual)) {
                    if (update) {
                        List<String> copy = new ArrayList<>(lines.subList(0, i + 2));
                        copy.addAll(expected);
                        copy.addAll(lines.subList(close, lines.size()));
                        lines = copy;
                        changed = true;
                    } else {
                        problems.add(where + ": the block differs from the output of '" + m.group(1)
                                + "' (run with -Ddocs.update=true to rewrite it)");
                    }
                }
            }
            if (changed) {
                Files.write(md, lines, StandardCharsets.UTF_8);
            }
        }
        System.out.println("docs output blocks checked: " + checked);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    static void run(Path root, Block b) throws Exception {
        if (b.language().equals("python")) {
            Assumptions.assumeTrue(numpyPresent(), "python3 with NumPy is not installed here");
            Result r = exec(List.of("python3", "-"), root, String.join("\n", b.commands()) + "\n", 120);
            assertEquals(0, r.code, b.where(root) + ": the snippet failed:\n" + r.output);
            return;
        }
        assertEquals("sh", b.language(), b.where(root) + ": runnable blocks are sh or python");
        for (String line : b.commands()) {
            for (String command : line.split("&&")) {
                List<String> words = new ArrayList<>();
                for (String w : command.trim().split("\\s+")) {
                    words.add(w.replace("'", "").replace("\"", ""));   // the shell's quotes (no spaces inside them here)
                }
                if (words.get(0).equals("./mvnw")) {
                    checkMaven(root, b, words);
                } else if (words.get(0).equals("java")) {
                    runJava(root, b, words);
                } else {
                    fail(b.where(root) + ": a runnable command starts with ./mvnw or java, not: " + command);
                }
            }
        }
    }

    static void checkMaven(Path root, Block b, List<String> words) throws IOException {
        String where = b.where(root) + ": " + String.join(" ", words);
        assertFalse(words.contains("-o") || words.contains("--offline") || words.stream().anyMatch(w -> w.matches("-[A-Za-z]*o[A-Za-z]*") && !w.startsWith("--")),
                where + ": offline mode fails on a fresh clone whose ~/.m2 is empty");
        int pl = words.indexOf("-pl");
        if (pl >= 0) {
            for (String module : words.get(pl + 1).split(",")) {
                assertTrue(Files.exists(root.resolve(module).resolve("pom.xml")), where + ": no module " + module);
            }
            assertTrue(words.contains("-am"), where + ": with -pl, -am builds the modules it needs on a fresh clone");
        }
        if (words.contains("-am") && words.stream().anyMatch(w -> w.startsWith("-Dtest="))) {
            assertTrue(words.contains("-Dsurefire.failIfNoSpecifiedTests=false"), where
                    + ": with -am and -Dtest, the modules built along have none of the tests and fail the build"
                    + " unless -Dsurefire.failIfNoSpecifiedTests=false");
        }
        for (String w : words) {
            if (w.startsWith("-Dtest=")) {
                for (String pattern : w.substring(7).split(",")) {
                    String cls = pattern.split("#")[0];
                    assertTrue(testClassExists(root, cls), where + ": no test class matches " + cls);
                }
            }
        }
    }

    static boolean testClassExists(Path root, String pattern) throws IOException {
        String regex = pattern.replace(".", "\\.").replace("*", ".*");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().contains(File.separator + "src" + File.separator + "test" + File.separator))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".java"))
                    .anyMatch(n -> n.substring(0, n.length() - 5).matches(regex));
        }
    }

    static void runJava(Path root, Block b, List<String> words) throws Exception {
        int jar = words.indexOf("-jar");
        assertTrue(jar > 0 && words.get(jar + 1).equals("app/target/app.jar"),
                b.where(root) + ": a runnable java command runs app/target/app.jar");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(words.subList(1, jar));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("ser.app.Main");
        cmd.addAll(words.subList(jar + 2, words.size()));
        Path dir = Files.createTempDirectory("docs-command");
        Result r = exec(cmd, dir, "", 120);
        assertEquals(0, r.code, b.where(root) + ": " + String.join(" ", words) + " exited with " + r.code + ":\n" + r.output);
    }

    record Result(int code, String output) {
    }

    static Result exec(List<String> cmd, Path dir, String stdin, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Path log = Files.createTempFile("docs-command", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out after " + seconds + " s\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        Files.deleteIfExists(log);
        return new Result(p.exitValue(), output);
    }

    static boolean numpyPresent() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
