package ser.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cache DIR}: the feature cache, declared once for every command that extracts features ({@code @Mixin}). */
final class CacheOption {

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "runs/feature-cache",
            description = "feature cache, keyed by file content and feature parameters (default ${DEFAULT-VALUE})")
    Path dir;
}
