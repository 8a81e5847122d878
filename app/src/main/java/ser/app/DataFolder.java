package ser.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import ser.data.RavdessIndex;
import ser.data.SyntheticCorpus;

/**
 * Finds the recordings a command works on. An explicit --data must hold RAVDESS-named .wav files (else a
 * one-line error). Without --data, ./data is used when it holds them; otherwise (train only) the synthetic
 * corpus is written under runs/ and used, with a boxed notice saying so and how to get RAVDESS. (./data is also
 * the Maven module folder of ser.data; RAVDESS unpacked there lands in data/Actor_NN, which git ignores.)
 */
final class DataFolder {

    static final Path DEFAULT = Path.of("data");
    /** Where the synthetic corpus of a seed goes (generator version and seed in the name, so none is reused wrongly). */
    static Path synthetic(long seed) {
        return Path.of("runs", "synthetic-ravdess-v" + SyntheticCorpus.VERSION + "-seed" + seed);
    }

    record Resolved(RavdessIndex index, boolean synthetic) {
    }

    private DataFolder() {
    }

    static Resolved resolve(Path given, boolean allowSynthetic, long seed, PrintWriter out, PrintWriter err) throws IOException {
        if (given != null) {
            return new Resolved(explicit(given, err), false);
        }
        if (Files.isDirectory(DEFAULT)) {
            RavdessIndex index = RavdessIndex.scan(DEFAULT, s -> { });
            if (!index.files().isEmpty()) {
                if (index.skipped() > 0) {
                    err.println("warning: skipped " + index.skipped() + " .wav files under " + DEFAULT
                            + " that are not RAVDESS names");
                }
                return new Resolved(index, false);
            }
        }
        if (!allowSynthetic) {
            throw new UserError("no RAVDESS recordings in ./data; pass --data DIR (run 'download' to fetch RAVDESS)");
        }
        SyntheticCorpus corpus = SyntheticCorpus.standard(seed);
        Path folder = synthetic(seed);
        notice(out, corpus.names().size(), folder);
        int written = corpus.write(folder);
        if (written > 0) {
            out.println("wrote " + written + " synthetic clips to " + folder);
        }
        return new Resolved(RavdessIndex.scan(folder, err::println), true);
    }

    static RavdessIndex explicit(Path dir, PrintWriter err) {
        if (!Files.exists(dir)) {
            throw new UserError("--data " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError("--data " + dir + " is not a folder");
        }
        RavdessIndex index = RavdessIndex.scan(dir, err::println);
        if (index.files().isEmpty()) {
            throw new UserError("--data " + dir + " holds no RAVDESS recordings (MM-VV-EE-II-SS-RR-AA.wav)"
                    + (index.skipped() > 0 ? "; " + index.skipped() + " .wav files with other names were skipped" : ""));
        }
        return index;
    }

    private static void notice(PrintWriter out, int clips, Path folder) {
        String[] lines = {
                "NO RAVDESS DATA FOUND: TRAINING ON A SYNTHETIC CORPUS",
                "",
                clips + " generated clips (seeded; prosody differs per emotion) in " + folder + ".",
                "They only show that the pipeline runs; numbers on them say nothing",
                "about real emotional speech.",
                "",
                "To train on RAVDESS (the notebook's data), either",
                "  java -jar app/target/app.jar download            (Zenodo, ~200 MB, into ./data)",
                "or, where the shared copy exists,",
                "  ../shared/datasets/ravdess-speech/unpack data",
                "then run train again, or pass --data DIR.",
        };
        int width = 0;
        for (String l : lines) {
            width = Math.max(width, l.length());
        }
        out.println("+" + "-".repeat(width + 4) + "+");
        for (String l : lines) {
            out.println("|  " + l + " ".repeat(width - l.length()) + "  |");
        }
        out.println("+" + "-".repeat(width + 4) + "+");
        out.flush();
    }
}
