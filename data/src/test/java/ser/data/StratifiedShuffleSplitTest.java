package ser.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compares with scikit-learn's own output, written by src/test/resources/sklearn/make_split_fixtures.py. */
class StratifiedShuffleSplitTest {

    @Test
    void matchesScikitLearnIndexForIndex() throws IOException {
        List<Map<String, String>> cases = readFixtures();
        assertEquals(5, cases.size());
        for (Map<String, String> c : cases) {
            List<String> labels = Arrays.asList(c.get("labels").split(" "));
            StratifiedShuffleSplit.Split s = new StratifiedShuffleSplit(Double.parseDouble(c.get("test_size")),
                    Long.parseLong(c.get("seed"))).split(labels);
            assertArrayEquals(ints(c.get("train")), s.train(), "train indices of case " + c.get("case"));
            assertArrayEquals(ints(c.get("test")), s.test(), "test indices of case " + c.get("case"));
        }
    }

    @Test
    void keepsClassProportionsAndCoversEverySampleOnce() {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 960; i++) {
            labels.add(i % 5 < 2 ? "male_positive" : "male_negative");
        }
        StratifiedShuffleSplit.Split s = new StratifiedShuffleSplit(0.2, 12).split(labels);
        assertEquals(768, s.train().length);
        assertEquals(192, s.test().length);
        long positivesInTest = Arrays.stream(s.test()).filter(i -> labels.get(i).equals("male_positive")).count();
        assertEquals(77, positivesInTest, "384 positives of 960: the test side gets 0.2 * 384 = 76.8 -> 77");
        boolean[] seen = new boolean[960];
        for (int i : s.train()) {
            seen[i] = true;
        }
        for (int i : s.test()) {
            assertEquals(false, seen[i], "index " + i + " on both sides");
            seen[i] = true;
        }
    }

    @Test
    void rejectsAClassWithOneMember() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StratifiedShuffleSplit(0.2, 1).split(List.of("a", "a", "a", "a", "a", "b")));
        assertEquals(true, e.getMessage().contains("only 1 member"), e.getMessage());
    }

    private static int[] ints(String s) {
        return Arrays.stream(s.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    private static List<Map<String, String>> readFixtures() throws IOException {
        List<Map<String, String>> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                StratifiedShuffleSplitTest.class.getResourceAsStream("/sklearn/split_fixtures.txt"), StandardCharsets.UTF_8))) {
            Map<String, String> c = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int sp = line.indexOf(' ');
                String key = line.substring(0, sp);
                if (key.equals("case")) {
                    c = new HashMap<>();
                    cases.add(c);
                }
                c.put(key, line.substring(sp + 1));
            }
        }
        return cases;
    }
}
