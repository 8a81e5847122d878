package ser.app;

import picocli.CommandLine.Option;
import ser.data.Extraction;

/** {@code --on-error}: what an unreadable recording does, declared once for every command that reads audio ({@code @Mixin}). */
final class OnErrorOption {

    @Option(names = "--on-error", paramLabel = "stop|skip", defaultValue = "stop",
            description = "unreadable audio: stop (naming the file) or skip it (and count) (default ${DEFAULT-VALUE})")
    String value;

    /** The extraction policy; a one-line error for anything but stop or skip. */
    Extraction.OnError policy() {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "skip" -> Extraction.OnError.SKIP;
            case "stop" -> Extraction.OnError.STOP;
            default -> throw new UserError("--on-error must be skip or stop, got '" + value + "'");
        };
    }
}
