package ser.data;

import java.util.Locale;

/** Which actors a run keeps: RAVDESS actors with odd numbers are male, even numbers female. */
public enum Gender {
    MALE, FEMALE, BOTH;

    /** True when this filter keeps the actor. */
    public boolean accepts(int actor) {
        return switch (this) {
            case MALE -> actor % 2 == 1;
            case FEMALE -> actor % 2 == 0;
            case BOTH -> true;
        };
    }

    /** "male" or "female" for one actor: the prefix of the notebook's labels. */
    public static String of(int actor) {
        return actor % 2 == 1 ? "male" : "female";
    }

    /** Parses male|female|both (any case) with a one-line error naming the value. */
    public static Gender parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gender must be male, female or both, got '" + s + "'");
        }
    }
}
