package ser.app.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ser.model.io.FileDigest;

/**
 * Downloads one file over HTTP(S) into {@code target}, resumably and within a size bound.
 *
 * <p>Bytes go to {@code target.part}; when that exists a {@code Range: bytes=N-} request continues it. The
 * server's answer is believed only as far as it is consistent: a 206 must carry {@code Content-Range: bytes N-...}
 * starting exactly at the requested offset, a 416 only means "complete" when the part file already has the known
 * total size, and no response may carry more bytes than it announced, than the expected size, or (with no size
 * known) than {@code maxBytes}. Anything else stops the download with the URL named, before a wrong byte reaches
 * the part file where that can be known in advance, otherwise with the part file deleted.
 *
 * <p>When complete the part file is checked (its size against the expected or announced total, its MD5 when one
 * is given, and the {@link Check} the caller passes, e.g. that it is a readable zip) and only then renamed to the
 * target, so the target only ever holds a complete, verified file. A part file that fails a check is deleted: the
 * next run starts over instead of resuming damaged bytes.
 */
public final class Downloader {

    /** A check of the complete part file before it gets its final name; throws with the reason. */
    public interface Check {
        void verify(Path file) throws IOException;
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes\\s+\\*/(\\d+)");
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");

    private final int timeoutMillis;

    public Downloader(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** Throws IllegalArgumentException naming {@code what} unless {@code md5} is 32 hex digits. */
    public static String requireMd5(String what, String md5) {
        if (md5 == null || !MD5.matcher(md5).matches()) {
            throw new IllegalArgumentException(what + ": '" + md5 + "' is not an MD5 (32 hex digits) or 'none'");
        }
        return md5.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param expectedSize bytes, or -1 when unknown (then the server's announced length is used if given)
     * @param maxBytes     the most bytes accepted when {@code expectedSize} is unknown
     * @param expectedMd5  hex, or null to skip the check
     * @param check        run on the complete file before it is renamed (and on an existing target that no MD5 or
     *                     size can confirm); null for none
     * @param progress     receives the number of bytes on disk so far
     * @param totalSize    receives the total size once it is known
     * @return true when downloaded, false when the target was already complete
     */
    public boolean fetch(URI uri, Path target, long expectedSize, long maxBytes, String expectedMd5, Check check,
                         LongConsumer progress, LongConsumer totalSize) throws IOException {
        if (expectedMd5 != null) {
            requireMd5("expected MD5 of " + target.getFileName(), expectedMd5);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maximum download size must be positive, got " + maxBytes);
        }
        if (Files.isRegularFile(target) && alreadyComplete(target, expectedSize, expectedMd5, check)) {
            return false;
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long limit = expectedSize >= 0 ? expectedSize : maxBytes;
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (have > limit) {
            Files.delete(part);
            have = 0;
        }
        long total = expectedSize;
        if (expectedSize < 0 || have < expectedSize) {
            try {
                total = transfer(uri, part, have, expectedSize, limit, progress, totalSize);
            } catch (IOException e) {
                throw named(uri, e);
            }
        }
        long size = Files.size(part);
        if (total >= 0 && size != total) {
            throw new IOException(uri + ": connection ended after " + size + " of " + total
                    + " bytes (kept in " + part + "); run again to resume");
        }
        verifyOrDelete(uri, part, target, expectedMd5, check);
        ser.model.io.AtomicFile.sync(part);
        ser.model.io.AtomicFile.publish(part, target);
        return true;
    }

    private static boolean alreadyComplete(Path target, long expectedSize, String expectedMd5, Check check)
            throws IOException {
        if (expectedSize >= 0 && Files.size(target) != expectedSize) {
            return false;
        }
        if (expectedMd5 != null) {
            return expectedMd5.equalsIgnoreCase(md5(target));
        }
        if (check != null) {
            try {
                check.verify(target);
            } catch (IOException e) {
                return false;   // not what it should be: download it again
            }
        }
        return true;
    }

    /**
     * One request: continues {@code part} from {@code have} and returns the total size the file should have
     * (-1 when nothing says).
     */
    private long transfer(URI uri, Path part, long have, long expectedSize, long limit, LongConsumer progress,
                          LongConsumer totalSize) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(timeoutMillis);
        c.setReadTimeout(timeoutMillis);
        if (have > 0) {
            c.setRequestProperty("Range", "bytes=" + have + "-");
        }
        try {
            int status = c.getResponseCode();
            long length = c.getContentLengthLong();
            long total;
            boolean append;
            if (status == 206) {
                String range = c.getHeaderField("Content-Range");
                Matcher m = range == null ? null : CONTENT_RANGE.matcher(range.trim());
                if (m == null || !m.matches() || Long.parseLong(m.group(1)) != have) {
                    throw new IOException("asked for bytes from " + have + " but the server answered 206 with Content-Range '"
                            + range + "'; nothing was appended to " + part + ", run again");
                }
                total = m.group(3).equals("*") ? (length >= 0 ? have + length : -1) : Long.parseLong(m.group(3));
                long end = Long.parseLong(m.group(2));
                if (end < have || total >= 0 && end != total - 1) {
                    throw new IOException("inconsistent Content-Range '" + range + "'; nothing was appended to " + part);
                }
                append = have > 0;
            } else if (status == 200) {
                total = length;
                have = 0;
                append = false;
            } else if (status == 416 && have > 0) {
                String range = c.getHeaderField("Content-Range");
                Matcher m = range == null ? null : UNSATISFIED_RANGE.matcher(range.trim());
                long announced = m != null && m.matches() ? Long.parseLong(m.group(1)) : -1;
                long known = expectedSize >= 0 ? expectedSize : announced;
                if (known >= 0 && have == known) {
                    return known;   // the part file is already complete; it is verified below
                }
                Files.delete(part);
                throw new IOException("HTTP 416 (range not satisfiable) for bytes from " + have
                        + (known >= 0 ? ", the file has " + known + " bytes" : " and no size known")
                        + "; the partial download was deleted, run again to start over");
            } else {
                throw new IOException("HTTP " + status + " " + c.getResponseMessage());
            }
            if (expectedSize >= 0 && total >= 0 && total != expectedSize) {
                throw new IOException("server reports " + total + " bytes, expected " + expectedSize);
            }
            if (total > limit) {
                throw new IOException("server reports " + total + " bytes, more than the limit of " + limit
                        + " (--max-bytes)");
            }
            if (total < 0) {
                total = expectedSize;
            }
            if (total >= 0) {
                totalSize.accept(total);
            }
            // this response may carry at most what it announced, and the file at most its bound
            long allowed = Math.min(total >= 0 ? total : limit, limit) - have;
            if (length >= 0) {
                allowed = Math.min(allowed, length);
            }
            copyBounded(c, part, append, have, allowed, progress);
            return total;
        } finally {
            c.disconnect();
        }
    }

    private static void copyBounded(HttpURLConnection c, Path part, boolean append, long have, long allowed,
                                    LongConsumer progress) throws IOException {
        long received = 0;
        boolean tooMuch = false;
        try (InputStream in = c.getInputStream();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                     append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf, 0, (int) Math.min(buf.length, allowed - received + 1))) > 0; ) {
                if (received + r > allowed) {
                    tooMuch = true;
                    break;
                }
                try {
                    out.write(buf, 0, r);
                } catch (IOException e) {
                    throw new IOException(part + ": " + e.getMessage(), e);
                }
                received += r;
                progress.accept(have + received);
            }
        }
        if (tooMuch) {
            Files.delete(part);
            throw new IOException("the server sent more than the " + (have + allowed)
                    + " bytes it announced or that are expected; the partial download was deleted");
        }
    }

    private static void verifyOrDelete(URI uri, Path part, Path target, String expectedMd5, Check check)
            throws IOException {
        if (expectedMd5 != null) {
            String md5 = md5(part);
            if (!md5.equalsIgnoreCase(expectedMd5)) {
                Files.delete(part);
                throw new IOException(uri + " -> " + target.getFileName() + ": MD5 " + md5 + " does not match the expected "
                        + expectedMd5 + "; the damaged download was deleted, run again");
            }
        }
        if (check != null) {
            try {
                check.verify(part);
            } catch (IOException e) {
                Files.delete(part);
                throw new IOException(uri + " -> " + target.getFileName() + ": the download is damaged (" + e.getMessage()
                        + "); it was deleted, run again", e);
            }
        }
    }

    /** The exception with the URL in its message (a bare "Read timed out" says nothing about where). */
    private static IOException named(URI uri, IOException e) {
        String m = e.getMessage();
        if (m != null && m.contains(uri.toString())) {
            return e;
        }
        String what = e instanceof java.net.SocketTimeoutException ? "timed out (" + m + ")"
                : m == null ? e.getClass().getSimpleName() : m;
        IOException n = new IOException(uri + ": " + what, e);
        return n;
    }

    /** The MD5 of a file, lower-case hex. */
    public static String md5(Path file) throws IOException {
        return FileDigest.hex(file, "MD5");
    }
}
