package ser.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feature vectors on disk, one small file per (recording, feature parameters, variant). The key is
 * SHA-256(SHA-256(file content) + "\n" + paramsKey + "\n" + variant), so a renamed or moved recording still hits,
 * an edited one misses, and changing any feature parameter misses. Each entry is written to a temporary file and
 * renamed into place as soon as it is computed, so an interrupted extraction keeps every finished entry and the
 * next run resumes; a damaged entry (wrong size or header) is treated as a miss and rewritten.
 *
 * <p>Entry layout: the 8 ASCII bytes {@code SERF32v1}, an int32 length n, then n float32 values, all
 * little-endian.
 */
public final class FeatureCache {

    /** Computes one feature vector; called on a miss. */
    @FunctionalInterface
    public interface Extractor {
        float[] extract(Path wav) throws IOException;
    }

    private static final byte[] MAGIC = "SERF32v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Path dir;
    private final String paramsKey;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();

    /** @param paramsKey a stable text of every feature parameter (FeatureParams.key()) */
    public FeatureCache(Path dir, String paramsKey) {
        this.dir = dir;
        this.paramsKey = paramsKey;
    }

    public Path dir() {
        return dir;
    }

    public int hits() {
        return hits.get();
    }

    public int misses() {
        return misses.get();
    }

    /** The SHA-256 of a file's content, lower-case hex. */
    public static String contentHash(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The cache file of an entry (which may not exist yet). */
    public Path entry(String contentHash, String variant) {
        MessageDigest md = sha256();
        md.update((contentHash + "\n" + paramsKey + "\n" + variant).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String key = HexFormat.of().formatHex(md.digest());
        return dir.resolve(key.substring(0, 2)).resolve(key + ".f32");
    }

    /**
     * The cached vector of {@code wav} for {@code variant} ("" for the plain recording, e.g. "noise@seed" for an
     * augmented copy), computing and storing it on a miss.
     */
    public float[] get(Path wav, String contentHash, String variant, Extractor extractor) throws IOException {
        Path file = entry(contentHash, variant);
        float[] cached = read(file);
        if (cached != null) {
            hits.incrementAndGet();
            return cached;
        }
        float[] v = extractor.extract(wav);
        write(file, v);
        misses.incrementAndGet();
        return v;
    }

    /** Reads an entry, or null when it is missing or damaged. */
    static float[] read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
        if (bytes.length < 12) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte m : MAGIC) {
            if (b.get() != m) {
                return null;
            }
        }
        int n = b.getInt();
        if (n < 0 || bytes.length != 12 + 4L * n) {
            return null;
        }
        float[] v = new float[n];
        b.asFloatBuffer().get(v);
        return v;
    }

    private static void write(Path file, float[] v) throws IOException {
        Files.createDirectories(file.getParent());
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(v.length);
        b.asFloatBuffer().put(v);
        // A plain new file has the mode of any new file (0644 under the usual umask), not createTempFile's 0600;
        // pid and thread make the name unique among writers. No fsync: an entry cut short by a power cut fails
        // read()'s length check and is computed again.
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp");
        try {
            Files.write(tmp, b.array(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
