package ser.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ActorFoldsTest {

    private static Set<Integer> actors(int from, int to) {
        Set<Integer> s = new TreeSet<>();
        for (int a = from; a <= to; a++) s.add(a);
        return s;
    }

    @Test
    void fiveFoldsOfTwoMenAndTwoWomenWithValidationFromTheTrainingSide() {
        List<ActorFolds.Fold> folds = ActorFolds.of(ActorFolds.ravdessFive(), actors(1, 20));
        assertEquals(5, folds.size());
        Set<Integer> tested = new HashSet<>();
        for (ActorFolds.Fold f : folds) {
            assertEquals(2, f.test().stream().filter(a -> a % 2 == 1).count(), "two male test actors " + f);
            assertEquals(2, f.test().stream().filter(a -> a % 2 == 0).count(), "two female test actors " + f);
            assertEquals(1, f.validation().stream().filter(a -> a % 2 == 1).count(), f.toString());
            Set<Integer> all = new HashSet<>(f.test());
            all.addAll(f.validation());
            all.addAll(f.train());
            assertEquals(20, all.size(), "test, validation and training are disjoint and cover everyone: " + f);
            assertEquals(14, f.train().size());
            tested.addAll(f.test());
        }
        assertEquals(actors(1, 20), tested, "every actor is tested exactly once");
        assertEquals(List.of(19, 20), folds.get(0).validation());
        assertEquals(List.of(15, 16), folds.get(4).validation());
    }

    @Test
    void badFoldsAreOneLineErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActorFolds.of(List.of(List.of(1, 2), List.of(2, 3)), actors(1, 20)));
        assertEquals("fold 2: actor 2 is already a test actor of another fold", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ActorFolds.of(List.of(List.of(21)), actors(1, 20)));
        assertTrue(e.getMessage().startsWith("fold 1: actor 21 has no recordings"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ActorFolds.fold(1, List.of(1, 2), List.of(2), actors(1, 4)));
        assertEquals("fold 1: actor 2 cannot be both a test and a validation actor", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ActorFolds.fold(1, List.of(1, 2), actors(1, 4)));
        assertEquals("fold 1: no training actors left", e.getMessage());
    }

    @Test
    void labelsWithoutGenderPrefixAreTheEmotionsAlone() {
        assertEquals(List.of("angry", "calm", "disgust", "fearful", "happy", "neutral", "sad", "surprised"),
                LabelSet.of(8, Gender.BOTH, false).names());
        assertEquals(16, LabelSet.of(8, Gender.BOTH).names().size(), "the notebook's 16 gender-prefixed classes stay");
        assertEquals(List.of("negative", "positive"), LabelSet.of(2, Gender.BOTH, false).names());
    }
}
