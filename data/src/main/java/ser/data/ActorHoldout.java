package ser.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Splits recordings by actor: the named actors form the test set, everyone else the rest. */
public record ActorHoldout(List<RavdessFile> rest, List<RavdessFile> test) {

    /**
     * @throws IllegalArgumentException when a test actor has no recording among {@code files} (a typo, or an
     *                                  actor the data does not hold, such as 21..24 in the shared copy)
     */
    public static ActorHoldout split(List<RavdessFile> files, Set<Integer> testActors) {
        return split(files, testActors, "--test-actors");
    }

    /** As {@link #split(List, Set)}; {@code option} names the actors in the error message, e.g. "--val-actors". */
    public static ActorHoldout split(List<RavdessFile> files, Set<Integer> testActors, String option) {
        List<RavdessFile> rest = new ArrayList<>();
        List<RavdessFile> test = new ArrayList<>();
        Set<Integer> seen = new TreeSet<>();
        for (RavdessFile f : files) {
            if (testActors.contains(f.actor())) {
                test.add(f);
                seen.add(f.actor());
            } else {
                rest.add(f);
            }
        }
        Set<Integer> missing = new TreeSet<>(testActors);
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            Set<Integer> present = new TreeSet<>();
            files.forEach(f -> present.add(f.actor()));
            throw new IllegalArgumentException(option + " " + missing + " have no recordings in the selection;"
                    + " actors present: " + present);
        }
        return new ActorHoldout(rest, test);
    }
}
