package ser.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Actor-disjoint cross-validation folds: each fold's test actors are held out entirely, and the validation actors
 * that choose the checkpoint come from the training side, so no speaker is on two sides of any split.
 * <pre>
 *   RAVDESS actors 01-20, five folds of four:  [1,2,3,4] [5,6,7,8] [9,10,11,12] [13,14,15,16] [17,18,19,20]
 *   (odd actors are male, even female: each fold has two of each)
 *   validation of fold k: the highest-numbered male and female actor among the remaining sixteen
 * </pre>
 */
public final class ActorFolds {

    /** One fold: test actors, validation actors, and the training actors (everyone else). */
    public record Fold(int index, List<Integer> test, List<Integer> validation, List<Integer> train) {
    }

    private ActorFolds() {
    }

    /** The five folds of four consecutive actors over 1..20. */
    public static List<List<Integer>> ravdessFive() {
        List<List<Integer>> folds = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            folds.add(List.of(4 * k + 1, 4 * k + 2, 4 * k + 3, 4 * k + 4));
        }
        return folds;
    }

    /**
     * Folds over the actors present: each group of test actors, validation = highest male and female left (or the
     * two highest of the one gender present).
     *
     * @throws IllegalArgumentException when a test actor is absent, a group repeats an actor, or too few actors remain
     */
    public static List<Fold> of(List<List<Integer>> testGroups, Set<Integer> actorsPresent) {
        List<Fold> folds = new ArrayList<>();
        Set<Integer> used = new TreeSet<>();
        for (int k = 0; k < testGroups.size(); k++) {
            List<Integer> test = testGroups.get(k);
            for (int a : test) {
                if (!actorsPresent.contains(a)) {
                    throw new IllegalArgumentException("fold " + (k + 1) + ": actor " + a + " has no recordings; actors present: "
                            + new TreeSet<>(actorsPresent));
                }
                if (!used.add(a)) {
                    throw new IllegalArgumentException("fold " + (k + 1) + ": actor " + a + " is already a test actor of another fold");
                }
            }
            folds.add(fold(k + 1, test, actorsPresent));
        }
        return folds;
    }

    /** One fold with the default validation actors taken from the training side. */
    public static Fold fold(int index, List<Integer> test, Set<Integer> actorsPresent) {
        Set<Integer> rest = new TreeSet<>(actorsPresent);
        rest.removeAll(test);
        List<Integer> val;
        try {
            val = defaultValidationActors(rest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fold " + index + " (test actors " + test + "): " + e.getMessage());
        }
        return fold(index, test, val, actorsPresent);
    }

    /**
     * The two highest-numbered actors of {@code actors} (odd numbers are male in RAVDESS): one male and one female
     * when both genders are there, else the two highest of the one gender.
     *
     * @throws IllegalArgumentException when only one gender is there and it has fewer than 3 actors
     */
    public static List<Integer> defaultValidationActors(Collection<Integer> actors) {
        TreeSet<Integer> male = new TreeSet<>();
        TreeSet<Integer> female = new TreeSet<>();
        for (int a : actors) {
            (a % 2 == 1 ? male : female).add(a);
        }
        List<Integer> val = new ArrayList<>();
        if (!male.isEmpty() && !female.isEmpty()) {
            val.add(male.last());
            val.add(female.last());
        } else {
            TreeSet<Integer> one = male.isEmpty() ? female : male;
            if (one.size() < 3) {
                throw new IllegalArgumentException("need at least 3 actors besides the test actors, found " + one);
            }
            val.add(one.last());
            val.add(one.lower(one.last()));
        }
        return val;
    }

    /** One fold with given validation actors. */
    public static Fold fold(int index, List<Integer> test, List<Integer> validation, Set<Integer> actorsPresent) {
        for (int a : validation) {
            if (test.contains(a)) {
                throw new IllegalArgumentException("fold " + index + ": actor " + a + " cannot be both a test and a validation actor");
            }
            if (!actorsPresent.contains(a)) {
                throw new IllegalArgumentException("fold " + index + ": validation actor " + a + " has no recordings");
            }
        }
        List<Integer> train = new ArrayList<>();
        for (int a : new TreeSet<>(actorsPresent)) {
            if (!test.contains(a) && !validation.contains(a)) {
                train.add(a);
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("fold " + index + ": no training actors left");
        }
        return new Fold(index, List.copyOf(test), List.copyOf(validation), List.copyOf(train));
    }
}
