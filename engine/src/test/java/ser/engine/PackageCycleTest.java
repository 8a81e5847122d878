package ser.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The engine's packages form a layered graph: a reader can start at the bottom ({@code ser.engine}: Tensor, Rng)
 * and meet each package only after everything it uses. A package that uses one that uses it back breaks that, so
 * this test reads every main source file, collects which {@code ser.engine} packages each package refers to
 * (imports and fully qualified names in code, not in comments) and fails on any cycle, naming it.
 */
class PackageCycleTest {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    // a qualified reference to a class: ser.engine[.sub...].ClassName
    private static final Pattern REFERENCE = Pattern.compile("\\b(ser\\.engine(?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*");

    @Test
    void noPackageOfTheEngineDependsOnItself() throws IOException {
        Map<String, Set<String>> uses = packageGraph(Path.of("src/main/java"));
        assertFalse(uses.isEmpty(), "no sources found under src/main/java");
        List<String> cycle = findCycle(uses);
        assertEquals(List.of(), cycle, "package cycle: " + String.join(" -> ", cycle));
    }

    @Test
    void theCheckFindsACycleWhenThereIsOne() {
        Map<String, Set<String>> uses = new TreeMap<>();
        uses.put("a", Set.of("b"));
        uses.put("b", Set.of("c"));
        uses.put("c", Set.of("a"));
        assertEquals(List.of("a", "b", "c", "a"), findCycle(uses));
        uses.put("c", Set.of());
        assertEquals(List.of(), findCycle(uses));
    }

    static Map<String, Set<String>> packageGraph(Path root) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path f : files) {
            String code = withoutComments(Files.readString(f));
            Matcher pm = PACKAGE.matcher(code);
            if (!pm.find()) {
                continue;
            }
            String pkg = pm.group(1);
            Set<String> out = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher rm = REFERENCE.matcher(code.substring(pm.end()));
            while (rm.find()) {
                if (!rm.group(1).equals(pkg)) {
                    out.add(rm.group(1));
                }
            }
        }
        return uses;
    }

    /** The first cycle met in a depth-first walk, as a closed path (first = last), or an empty list. */
    static List<String> findCycle(Map<String, Set<String>> uses) {
        Set<String> done = new TreeSet<>();
        for (String start : uses.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            List<String> c = walk(start, uses, path, done);
            if (!c.isEmpty()) {
                return c;
            }
        }
        return List.of();
    }

    private static List<String> walk(String p, Map<String, Set<String>> uses, Deque<String> path, Set<String> done) {
        if (path.contains(p)) {
            List<String> c = new ArrayList<>();
            boolean in = false;
            for (var it = path.descendingIterator(); it.hasNext(); ) {
                String q = it.next();
                in |= q.equals(p);
                if (in) {
                    c.add(q);
                }
            }
            c.add(p);
            return c;
        }
        if (done.contains(p)) {
            return List.of();
        }
        path.push(p);
        for (String q : uses.getOrDefault(p, Set.of())) {
            List<String> c = walk(q, uses, path, done);
            if (!c.isEmpty()) {
                return c;
            }
        }
        path.pop();
        done.add(p);
        return List.of();
    }

    /** Drops block and line comments (javadoc links are not dependencies); string literals are kept as code. */
    private static String withoutComments(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }
}
