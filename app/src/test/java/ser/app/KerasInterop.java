package ser.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where the interop tests find their files and tools; each finder returns null when the thing is absent. */
final class KerasInterop {

    private KerasInterop() {
    }

    static Path fixture(String name) {
        return DocsExcerptsTest.repoRoot().resolve("model/src/test/resources/keras").resolve(name);
    }

    /** A folder of the shared tree (shared/models/..., shared/datasets/...) above the working directory, or null. */
    static Path shared(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared").resolve(relative);
            if (Files.exists(c)) {
                return c;
            }
        }
        return null;
    }

    private static String python;
    private static boolean pythonChecked;

    /** A python3 that imports numpy, h5py and torch (Debian's python3-h5py, python3-torch), or null. */
    static synchronized String python() {
        if (!pythonChecked) {
            pythonChecked = true;
            for (String candidate : List.of("python3", "/usr/bin/python3")) {
                try {
                    if (run(List.of(candidate, "-c", "import numpy, h5py, torch"), null).startsWith("ok")) {
                        python = candidate;
                        break;
                    }
                } catch (IOException e) {
                    // not there: try the next
                }
            }
        }
        return python;
    }

    /** Runs a command; returns "ok\n" + stdout on exit 0, else "failed: " + output. */
    static String run(List<String> command, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Path err = Files.createTempFile("interop", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "failed: timed out";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        String e = Files.readString(err);
        Files.deleteIfExists(err);
        return p.exitValue() == 0 ? "ok\n" + out : "failed: " + out + e;
    }
}
