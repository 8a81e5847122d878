package ser.app.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Extracts a zip archive into a folder after checking every entry first, within bounds.
 *
 * <p>Refused before anything is written: an entry whose normalised path would land outside the folder (absolute,
 * or with "..", the "zip-slip" attack), more entries than {@link Limits#maxEntries}, or declared sizes adding up to
 * more than {@link Limits#maxTotalBytes}. Because a zip's declared sizes can lie, the bytes actually inflated are
 * counted too, and an entry that inflates past its declared size, past the total bound, or to more than
 * {@link Limits#maxRatio} times its compressed size (a "zip bomb") stops the extraction with its name; the file
 * being written is removed. Files are written to a temporary name and renamed; existing files of the same size are
 * kept, so an interrupted extraction can simply be run again. Every entry's size and CRC-32 are checked as it is
 * read ({@link ZipFile} checks neither), so a damaged archive never yields a silently wrong file.
 */
public final class SafeUnzip {

    /**
     * Bounds on one archive. RAVDESS' speech archive holds 1,440 WAVs (about 0.6 GB unpacked, compression ratio
     * about 1.1: PCM audio barely deflates); {@link #DEFAULT} leaves a wide margin above both archives.
     *
     * @param maxEntries    the most entries (files and folders)
     * @param maxTotalBytes the most bytes written in all
     * @param maxRatio      the largest inflated/compressed ratio of one entry larger than 1 MiB
     */
    public record Limits(int maxEntries, long maxTotalBytes, double maxRatio) {
        public static final Limits DEFAULT = new Limits(20_000, 4L << 30, 100);
    }

    private static final long RATIO_FLOOR = 1 << 20;   // small entries (headers, text) may deflate well

    private SafeUnzip() {
    }

    /** @return the number of files written, with {@link Limits#DEFAULT} */
    public static int extract(Path zip, Path target) throws IOException {
        return extract(zip, target, Limits.DEFAULT);
    }

    /** @return the number of files written */
    public static int extract(Path zip, Path target, Limits limits) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            precheck(z, root, zip, limits);
            Files.createDirectories(root);
            int written = 0;
            long[] total = {0};
            for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                Path out = resolve(root, e.getName(), zip);
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                if (Files.isRegularFile(out) && e.getSize() >= 0 && Files.size(out) == e.getSize()) {
                    total[0] += e.getSize();
                    continue;
                }
                Files.createDirectories(out.getParent());
                Path tmp = ser.model.io.AtomicFile.newTempFile(out.getParent(), "." + out.getFileName());
                try (InputStream in = z.getInputStream(e); OutputStream o = Files.newOutputStream(tmp)) {
                    copyBounded(in, o, e, zip, limits, total, null);
                    o.close();
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

    /**
     * Reads every entry of the archive (checking each one's size and CRC-32, which {@link ZipFile} does not) within
     * the limits, writing nothing: what a download whose MD5 is unknown is checked with before it is kept.
     */
    public static void verify(Path zip, Limits limits) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            precheck(z, Path.of("/").toAbsolutePath(), zip, limits);
            long[] total = {0};
            byte[] sink = new byte[1 << 16];
            for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (!e.isDirectory()) {
                    try (InputStream in = z.getInputStream(e)) {
                        copyBounded(in, null, e, zip, limits, total, sink);
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(zip + ": not a valid zip archive: " + e.getMessage());
        }
    }

    private static void precheck(ZipFile z, Path root, Path zip, Limits limits) throws IOException {
        int entries = 0;
        long declared = 0;
        for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            resolve(root, e.getName(), zip);
            if (++entries > limits.maxEntries()) {
                throw new IOException(zip + ": more than " + limits.maxEntries() + " entries; refusing the archive");
            }
            if (e.getSize() > 0) {
                declared += e.getSize();
            }
            if (declared > limits.maxTotalBytes()) {
                throw new IOException(zip + ": entries declare more than " + limits.maxTotalBytes()
                        + " bytes unpacked; refusing the archive");
            }
        }
    }

    /** Copies one entry (to {@code out}, or into {@code sink} when out is null), counting what it inflates to. */
    private static void copyBounded(InputStream in, OutputStream out, ZipEntry e, Path zip, Limits limits,
                                    long[] total, byte[] sink) throws IOException {
        byte[] buf = sink != null ? sink : new byte[1 << 16];
        long n = 0;
        long compressed = e.getCompressedSize();
        CRC32 crc = new CRC32();
        for (int r; (r = in.read(buf)) > 0; ) {
            crc.update(buf, 0, r);
            n += r;
            total[0] += r;
            if (e.getSize() >= 0 && n > e.getSize()) {
                throw new IOException(zip + ": entry '" + e.getName() + "' inflates past its declared size of "
                        + e.getSize() + " bytes; refusing the archive");
            }
            if (total[0] > limits.maxTotalBytes()) {
                throw new IOException(zip + ": unpacks to more than " + limits.maxTotalBytes() + " bytes (at entry '"
                        + e.getName() + "'); refusing the rest of the archive");
            }
            if (n > RATIO_FLOOR && compressed > 0 && n > limits.maxRatio() * compressed) {
                throw new IOException(zip + ": entry '" + e.getName() + "' inflates more than "
                        + (long) limits.maxRatio() + " times its compressed size of " + compressed
                        + " bytes (a zip bomb?); refusing the rest of the archive");
            }
            if (out != null) {
                out.write(buf, 0, r);
            }
        }
        if (e.getSize() >= 0 && n != e.getSize() || e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
            throw new IOException(zip + ": entry '" + e.getName() + "' is damaged (" + n + " of " + e.getSize()
                    + " bytes, CRC-32 " + Long.toHexString(crc.getValue()) + " where the archive says "
                    + Long.toHexString(e.getCrc()) + ")");
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
