package ser.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import ser.data.RavdessIndex;

/**
 * {@code --data DIR}, the RAVDESS recordings a command reads, declared once for every command that takes it
 * ({@code @Mixin}). Without it ./data is used when it holds RAVDESS-named .wav files ({@link DataFolder}).
 */
final class DataOption {

    @Option(names = "--data", paramLabel = "DIR",
            description = "RAVDESS recordings: Actor_NN/*.wav folders or one folder of MM-VV-EE-II-SS-RR-AA.wav files (default ./data)")
    Path dir;

    /** Whether --data was given. */
    boolean given() {
        return dir != null;
    }

    /** The folder read: --data DIR, else ./data. */
    Path dirOrDefault() {
        return dir != null ? dir : DataFolder.DEFAULT;
    }

    /** The recordings of --data DIR, else of ./data; a one-line error when there are none. */
    RavdessIndex recordings(PrintWriter out, PrintWriter err) throws IOException {
        return DataFolder.resolve(dir, false, 0, out, err).index();
    }

    /** As {@link #recordings}, but without --data and without RAVDESS in ./data, the seeded synthetic corpus. */
    DataFolder.Resolved recordingsOrSynthetic(long seed, PrintWriter out, PrintWriter err) throws IOException {
        return DataFolder.resolve(dir, true, seed, out, err);
    }
}
