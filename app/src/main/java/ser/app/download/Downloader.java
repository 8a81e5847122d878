package ser.app.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;
import ser.model.io.FileDigest;

/**
 * Downloads one file over HTTP(S) into {@code target}, resumably: bytes go to {@code target.part}; when that
 * exists a {@code Range: bytes=N-} request continues it (a server answering 200 instead of 206 restarts it). When
 * complete the size and MD5 are checked (either may be unknown) and the part file is renamed to the target, so
 * the target only ever holds a complete, verified file.
 */
public final class Downloader {

    private final int timeoutMillis;

    public Downloader(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * @param expectedSize bytes, or -1 when unknown (the server's length is used if given)
     * @param expectedMd5  lower-case hex, or null to skip the check
     * @param progress     receives the number of bytes on disk so far
     * @return true when downloaded, false when the target was already complete
     */
    public boolean fetch(URI uri, Path target, long expectedSize, String expectedMd5, LongConsumer progress,
                         LongConsumer totalSize) throws IOException {
        if (Files.isRegularFile(target) && (expectedSize < 0 || Files.size(target) == expectedSize)
                && (expectedMd5 == null || expectedMd5.equalsIgnoreCase(md5(target)))) {
            return false;
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (expectedSize >= 0 && have > expectedSize) {
            Files.delete(part);
            have = 0;
        }
        if (expectedSize < 0 || have < expectedSize) {
            URL url = uri.toURL();
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            if (have > 0) {
                c.setRequestProperty("Range", "bytes=" + have + "-");
            }
            int status = c.getResponseCode();
            boolean append;
            if (status == 206) {
                append = true;
            } else if (status == 200) {
                append = false;
                have = 0;
            } else if (status == 416 && have > 0) {
                append = true;   // the part file is already complete
            } else {
                throw new IOException(uri + ": HTTP " + status + " " + c.getResponseMessage());
            }
            long length = c.getContentLengthLong();
            long total = length >= 0 && status != 416 ? have + length : expectedSize;
            if (expectedSize >= 0 && total >= 0 && total != expectedSize) {
                throw new IOException(uri + ": server reports " + total + " bytes, expected " + expectedSize);
            }
            if (total >= 0) {
                totalSize.accept(total);
            }
            if (status != 416) {
                try (InputStream in = c.getInputStream();
                     OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                             append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                    byte[] buf = new byte[1 << 16];
                    for (int r; (r = in.read(buf)) > 0; ) {
                        out.write(buf, 0, r);
                        have += r;
                        progress.accept(have);
                    }
                }
            }
            if (expectedSize < 0 && total >= 0 && have != total) {
                throw new IOException(uri + ": connection ended after " + have + " of " + total + " bytes; run again to resume");
            }
        }
        long size = Files.size(part);
        if (expectedSize >= 0 && size != expectedSize) {
            throw new IOException(part + ": " + size + " bytes, expected " + expectedSize + "; run again to resume");
        }
        if (expectedMd5 != null) {
            String md5 = md5(part);
            if (!md5.equalsIgnoreCase(expectedMd5)) {
                Files.delete(part);
                throw new IOException(target.getFileName() + ": MD5 " + md5 + " does not match the expected "
                        + expectedMd5 + "; the damaged download was deleted, run again");
            }
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** The MD5 of a file, lower-case hex. */
    public static String md5(Path file) throws IOException {
        return FileDigest.hex(file, "MD5");
    }
}
