package ser.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --features FILE}: feature vectors computed elsewhere (e.g. by librosa itself) instead of audio, declared
 * once for every command that takes it ({@code @Mixin}). The arrays are read by {@link FeatureArrays}.
 */
final class FeaturesOption {

    @Option(names = "--features", paramLabel = "FILE",
            description = "vectors instead of audio: .npz with x float32 (N, L) and, to train or evaluate, y int (N);"
                    + " optional names, labels, actors; predict also takes .npy (L,) or (N, L)")
    Path file;

    /** Whether --features was given. */
    boolean given() {
        return file != null;
    }
}
