package ser.app.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Extracts a zip archive into a folder after checking every entry first: an entry whose normalised path would
 * land outside the folder (absolute, or with "..", the "zip-slip" attack) makes the whole archive refused before
 * anything is written. Files are written to a temporary name and renamed; existing files of the same size are
 * kept, so an interrupted extraction can simply be run again.
 */
public final class SafeUnzip {

    private SafeUnzip() {
    }

    /** @return the number of files written */
    public static int extract(Path zip, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
                resolve(root, en.nextElement().getName(), zip);
            }
            Files.createDirectories(root);
            int written = 0;
            for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                Path out = resolve(root, e.getName(), zip);
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                if (Files.isRegularFile(out) && e.getSize() >= 0 && Files.size(out) == e.getSize()) {
                    continue;
                }
                Files.createDirectories(out.getParent());
                Path tmp = Files.createTempFile(out.getParent(), "." + out.getFileName(), ".tmp");
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                written++;
            }
            return written;
        } catch (java.util.zip.ZipException e) {
            throw new IOException(zip + ": not a valid zip archive: " + e.getMessage());
        }
    }

    private static Path resolve(Path root, String name, Path zip) throws IOException {
        Path out = root.resolve(name).normalize();
        if (name.startsWith("/") || name.startsWith("\\") || !out.startsWith(root) || out.equals(root) && !name.endsWith("/")) {
            throw new IOException(zip + ": entry '" + name + "' would be written outside " + root + "; refusing the archive");
        }
        return out;
    }
}
