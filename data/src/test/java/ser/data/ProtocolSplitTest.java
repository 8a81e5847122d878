package ser.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.features.FeatureParams;

/** What each protocol puts on which side, from recordings and from feature rows. */
class ProtocolSplitTest {

    @TempDir
    Path dir;

    private static final List<String> CLASSES = List.of("a", "b");

    /** 40 rows of actors 1..8 (five each), classes alternating; x[i][0] = i so a row can be traced. */
    private static float[][] rowsX() {
        float[][] x = new float[40][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new float[]{i, 0, 0};
        }
        return x;
    }

    private static int[] rowsY() {
        int[] y = new int[40];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 2;
        }
        return y;
    }

    private static int[] rowsActors() {
        int[] a = new int[40];
        for (int i = 0; i < a.length; i++) {
            a[i] = 1 + i / 5;
        }
        return a;
    }

    private static Set<Integer> actorsOf(LabelledVectors v, int[] actors) {
        Set<Integer> s = new TreeSet<>();
        for (float[] row : v.x()) {
            s.add(actors[(int) row[0]]);
        }
        return s;
    }

    @Test
    void cleanRowsKeepEverySpeakerOnOneSide() {
        int[] actors = rowsActors();
        ProtocolSplit s = ProtocolSplit.ofRows(CLASSES, 3, rowsX(), rowsY(), null, actors, Protocol.clean,
                Set.of(7, 8), List.of(5, 6), 0);
        assertEquals(Set.of(1, 2, 3, 4), actorsOf(s.train(), actors));
        assertEquals(Set.of(5, 6), actorsOf(s.validation(), actors));
        assertEquals(Set.of(7, 8), actorsOf(s.test(), actors));
        assertEquals(List.of(5, 6), s.validationActors());
        assertEquals(40, s.train().size() + s.validation().size() + s.test().size());
        assertEquals("row 30", s.test().names().get(0));
        for (LabelledVectors v : List.of(s.train(), s.validation(), s.test())) {
            for (int i = 0; i < v.size(); i++) {
                assertEquals((int) v.x()[i][0] % 2, v.y()[i], "a row keeps its label");
            }
        }
    }

    @Test
    void notebookRowsAreTheStratifiedShuffleSplitOfEveryNonTestRow() {
        int[] actors = rowsActors();
        ProtocolSplit s = ProtocolSplit.ofRows(CLASSES, 3, rowsX(), rowsY(), null, actors, Protocol.notebook,
                Set.of(8), null, 12);
        assertEquals(Set.of(8), actorsOf(s.test(), actors));
        assertEquals(35, s.train().size() + s.validation().size());
        assertEquals(7, s.validation().size(), "20% of 35, rounded up as scikit-learn does");
        List<String> classOfRow = new ArrayList<>();
        for (int i = 0; i < 35; i++) {
            classOfRow.add(CLASSES.get(i % 2));
        }
        StratifiedShuffleSplit.Split expected = new StratifiedShuffleSplit(0.2, 12).split(classOfRow);
        for (int i = 0; i < expected.test().length; i++) {
            assertEquals(expected.test()[i], (int) s.validation().x()[i][0], "validation row " + i);
        }
        for (int i = 0; i < expected.train().length; i++) {
            assertEquals(expected.train()[i], (int) s.train().x()[i][0], "training row " + i);
        }
        assertEquals(List.of(), s.validationActors());
    }

    @Test
    void cleanRowsWithoutActorsOrValidationActorsAreRefused() {
        IllegalArgumentException noActors = assertThrows(IllegalArgumentException.class, () -> ProtocolSplit.ofRows(
                CLASSES, 3, rowsX(), rowsY(), null, null, Protocol.clean, Set.of(), List.of(1), 0));
        assertTrue(noActors.getMessage().contains("actor"), noActors.getMessage());
        IllegalArgumentException noVal = assertThrows(IllegalArgumentException.class, () -> ProtocolSplit.ofRows(
                CLASSES, 3, rowsX(), rowsY(), null, rowsActors(), Protocol.clean, Set.of(8), List.of(), 0));
        assertTrue(noVal.getMessage().contains("--val-actors"), noVal.getMessage());
    }

    @Test
    void aSetLeftEmptyIsOneClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtocolSplit.ofRows(
                CLASSES, 3, rowsX(), rowsY(), null, rowsActors(), Protocol.clean, Set.of(1, 2, 3, 4, 5, 6),
                List.of(7, 8), 0));
        assertEquals("no training vectors left (all files skipped or held out)", e.getMessage());
    }

    /**
     * From recordings, clean protocol: default validation actors are the two highest-numbered left (one per
     * gender), only training recordings get the noise and pitch copies, and a file the extraction skips is in no
     * set.
     */
    @Test
    void cleanRecordingsHoldOutValidationActorsAndAugmentOnlyTraining() throws IOException {
        Path data = dir.resolve("d");
        new SyntheticCorpus(3, 16000, 1.0, new int[]{1, 2, 3, 4, 5, 6}, 1).write(data);
        Path broken = data.resolve("Actor_01/03-01-05-01-01-01-01.wav");
        Files.writeString(broken, "RIFF but not really");
        List<RavdessFile> all = RavdessIndex.scan(data, s -> { }).files();
        LabelSet labels = LabelSet.of(8, Gender.BOTH, false);
        FeatureParams p = FeatureParams.NOTEBOOK;
        List<String> log = new ArrayList<>();
        Extraction extraction = new Extraction(p, null, 1, 2, Extraction.OnError.SKIP, log::add);
        ProtocolSplit s = ProtocolSplit.ofRecordings(all, labels, Set.of(5, 6), null, Protocol.clean, 12, extraction,
                p.length(), log::add, d -> { });

        assertEquals(List.of(3, 4), s.validationActors());
        int perActor = (int) all.stream().filter(f -> f.actor() == 2).count();
        assertEquals(3 * (2 * perActor - 1), s.train().size(), "actors 1 and 2, three copies each, one file skipped");
        assertEquals(2 * perActor, s.validation().size());
        assertEquals(2 * perActor, s.test().size());
        Set<String> names = new HashSet<>();
        s.train().names().forEach(n -> names.add(n.substring(0, n.indexOf(' '))));
        assertTrue(names.stream().allMatch(n -> n.endsWith("-01.wav") || n.endsWith("-02.wav")), names.toString());
        assertTrue(s.validation().names().stream().allMatch(n -> n.endsWith("-03.wav") || n.endsWith("-04.wav")));
        assertTrue(s.test().names().stream().allMatch(n -> n.endsWith("-05.wav") || n.endsWith("-06.wav")));
        assertTrue(s.train().names().stream().noneMatch(n -> n.startsWith(broken.getFileName().toString())));
        assertTrue(log.get(0).startsWith("extracting features: " + (3 * 2 * perActor + 4 * perActor) + " vectors"),
                log.get(0));
        assertEquals(labels.names(), s.classNames());
        assertEquals(p.length(), s.train().x()[0].length, "vectors have the notebook's length");
    }
}
