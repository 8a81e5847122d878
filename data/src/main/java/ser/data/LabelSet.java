package ser.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The notebook's label sets. Each label is the actor's gender, an underscore and an emotion group, e.g.
 * {@code male_positive}:
 * <pre>
 *   2 classes: positive = calm, happy;  negative = sad, angry, fearful
 *   3 classes: neutral = neutral, calm; positive = happy; negative = sad, angry, fearful
 *   5 classes: calm, happy, sad, angry, fearful
 *   8 classes: all eight emotions
 * </pre>
 * Emotions outside the set (the notebook's "none") are dropped. With {@link Gender#BOTH} both prefixes occur, so
 * "2 classes" gives 4 output units, exactly as in the notebook. Class indices follow the sorted label names, as
 * scikit-learn's LabelEncoder (and np.unique in the split) order them.
 */
public final class LabelSet {

    private final int groups;
    private final Gender gender;
    private final Map<Emotion, String> group = new EnumMap<>(Emotion.class);
    private final List<String> names;
    private final boolean genderPrefix;

    private LabelSet(int groups, Gender gender, boolean genderPrefix) {
        this.groups = groups;
        this.gender = gender;
        this.genderPrefix = genderPrefix;
        switch (groups) {
            case 2 -> {
                put("positive", Emotion.CALM, Emotion.HAPPY);
                put("negative", Emotion.SAD, Emotion.ANGRY, Emotion.FEARFUL);
            }
            case 3 -> {
                put("neutral", Emotion.NEUTRAL, Emotion.CALM);
                put("positive", Emotion.HAPPY);
                put("negative", Emotion.SAD, Emotion.ANGRY, Emotion.FEARFUL);
            }
            case 5 -> {
                for (Emotion e : new Emotion[]{Emotion.CALM, Emotion.HAPPY, Emotion.SAD, Emotion.ANGRY, Emotion.FEARFUL}) {
                    put(e.label(), e);
                }
            }
            case 8 -> {
                for (Emotion e : Emotion.values()) {
                    put(e.label(), e);
                }
            }
            default -> throw new IllegalArgumentException("--labels must be 2, 3, 5 or 8, got " + groups);
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String prefix : prefixes(gender)) {
            for (String g : group.values()) {
                sorted.add(genderPrefix ? prefix + "_" + g : g);
            }
        }
        this.names = List.copyOf(sorted);
    }

    private void put(String name, Emotion... emotions) {
        for (Emotion e : emotions) {
            group.put(e, name);
        }
    }

    private static List<String> prefixes(Gender gender) {
        return switch (gender) {
            case MALE -> List.of("male");
            case FEMALE -> List.of("female");
            case BOTH -> List.of("female", "male");
        };
    }

    /** A label set of 2, 3, 5 or 8 emotion groups for the gender filter. */
    public static LabelSet of(int groups, Gender gender) {
        return new LabelSet(groups, gender, true);
    }

    /**
     * With {@code genderPrefix} false the labels are the emotion groups alone ("angry", not "male_angry"), for any
     * gender filter: 8 classes over both genders instead of the notebook's 16.
     */
    public static LabelSet of(int groups, Gender gender, boolean genderPrefix) {
        return new LabelSet(groups, gender, genderPrefix);
    }

    /** Whether labels carry the actor's gender ("male_" / "female_"), as in the notebook. */
    public boolean genderPrefix() {
        return genderPrefix;
    }

    /** The number of emotion groups asked for (2, 3, 5 or 8). */
    public int groups() {
        return groups;
    }

    public Gender gender() {
        return gender;
    }

    /** Sorted label names; a class index is a position in this list. */
    public List<String> names() {
        return names;
    }

    /** The number of output classes: groups times the number of genders kept. */
    public int classes() {
        return names.size();
    }

    /** The label of a recording, or empty when its emotion or actor is dropped. */
    public Optional<String> label(RavdessFile f) {
        String g = group.get(f.emotion());
        if (g == null || !gender.accepts(f.actor())) {
            return Optional.empty();
        }
        return Optional.of(genderPrefix ? f.gender() + "_" + g : g);
    }

    /** The class index of a recording, or -1 when it is dropped. */
    public int index(RavdessFile f) {
        return label(f).map(names::indexOf).orElse(-1);
    }

    /** The recordings this label set keeps, in their order. */
    public List<RavdessFile> keep(List<RavdessFile> files) {
        List<RavdessFile> kept = new ArrayList<>();
        for (RavdessFile f : files) {
            if (index(f) >= 0) {
                kept.add(f);
            }
        }
        return kept;
    }
}
