package ser.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz}: a zip archive with one {@code NAME.npy} entry per array, as {@code np.savez} writes it
 * ({@code np.load(f)[NAME]} reads it back; names may contain '/', e.g. {@code conv1d_1/kernel}). Entries are
 * stored uncompressed like {@code np.savez}; reading also accepts deflated entries ({@code np.savez_compressed}).
 */
public final class Npz {

    private Npz() {
    }

    /** Reads every array, in archive order. Errors name the file and the array. */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    throw new IOException(file + ": entry " + name + " is not a .npy array");
                }
                String key = name.substring(0, name.length() - 4);
                arrays.put(key, Npy.read(zip, file + " array '" + key + "'"));
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(file + ": not a valid .npz (zip) file: " + e.getMessage());
        } catch (IllegalArgumentException e) {   // an entry name that is not UTF-8
            throw new IOException(file + ": not a valid .npz (zip) file: " + e.getMessage());
        }
        if (arrays.isEmpty()) {
            throw new IOException(file + ": not a .npz archive or holds no arrays");
        }
        return arrays;
    }

    /**
     * Writes the arrays atomically ({@link AtomicFile}: a temporary file beside {@code file}, fsynced, then renamed
     * over it), so a crash leaves either the old file or the new one, never a half-written one.
     */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        AtomicFile.write(file, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, NpyArray> a : arrays.entrySet()) {
                    byte[] bytes = Npy.toBytes(a.getValue());
                    ZipEntry e = new ZipEntry(a.getKey() + ".npy");
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(bytes.length);
                    e.setCompressedSize(bytes.length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(bytes);
                    e.setCrc(crc.getValue());
                    zip.putNextEntry(e);
                    zip.write(bytes);
                    zip.closeEntry();
                }
            }
        });
    }

    /** Reads a single .npy or every array of a .npz, by file extension. */
    public static Map<String, NpyArray> readAny(Path file) throws IOException {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".npy")) {
            try (InputStream in = Files.newInputStream(file)) {
                Map<String, NpyArray> m = new LinkedHashMap<>();
                m.put("x", Npy.read(in, file.toString()));
                return m;
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IOException(file + ": no such file");
            }
        }
        return read(file);
    }
}
