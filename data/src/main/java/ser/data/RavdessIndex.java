package ser.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every RAVDESS recording under a folder. The tree is walked to any depth; files are kept in path order so a run
 * sees the same order on every machine. A {@code .wav} whose name is not a valid RAVDESS name (or whose actor
 * field disagrees with an enclosing {@code Actor_NN} folder) is skipped and counted, and one warning line says how
 * many with the first example. Actor folders are optional: a flat folder of RAVDESS names works too.
 */
public final class RavdessIndex {

    private static final Pattern ACTOR_FOLDER = Pattern.compile("Actor_(\\d\\d)");

    private final Path root;
    private final List<RavdessFile> files;
    private final int skipped;

    private RavdessIndex(Path root, List<RavdessFile> files, int skipped) {
        this.root = root;
        this.files = Collections.unmodifiableList(files);
        this.skipped = skipped;
    }

    /**
     * Walks {@code root}.
     *
     * @param warn receives at most one line, when some .wav names were skipped
     * @throws IllegalArgumentException when root is not a readable folder
     */
    public static RavdessIndex scan(Path root, Consumer<String> warn) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("data folder " + root + " does not exist or is not a folder");
        }
        List<Path> wavs;
        try (Stream<Path> s = Files.walk(root)) {
            wavs = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wav"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot list data folder " + root + ": " + e.getMessage());
        }
        List<RavdessFile> files = new ArrayList<>();
        int skipped = 0;
        String firstReason = null;
        for (Path p : wavs) {
            try {
                RavdessFile f = RavdessFile.parse(p);
                checkActorFolder(f);
                files.add(f);
            } catch (IllegalArgumentException e) {
                skipped++;
                if (firstReason == null) {
                    firstReason = e.getMessage();
                }
            }
        }
        if (skipped > 0) {
            warn.accept("warning: skipped " + skipped + " .wav file(s) under " + root
                    + " that are not RAVDESS names, e.g. " + firstReason);
        }
        return new RavdessIndex(root, files, skipped);
    }

    private static void checkActorFolder(RavdessFile f) {
        Path parent = f.path().getParent();
        if (parent == null || parent.getFileName() == null) {
            return;
        }
        Matcher m = ACTOR_FOLDER.matcher(parent.getFileName().toString());
        if (m.matches() && Integer.parseInt(m.group(1)) != f.actor()) {
            throw new IllegalArgumentException(f.name() + ": actor " + f.actor() + " does not match its folder "
                    + parent.getFileName());
        }
    }

    /** The folder that was scanned. */
    public Path root() {
        return root;
    }

    /** Valid recordings in path order. */
    public List<RavdessFile> files() {
        return files;
    }

    /** How many .wav files had names that are not valid RAVDESS names. */
    public int skipped() {
        return skipped;
    }

    /** The valid recordings that pass the filter, in path order. */
    public List<RavdessFile> filter(Predicate<RavdessFile> keep) {
        return files.stream().filter(keep).toList();
    }
}
