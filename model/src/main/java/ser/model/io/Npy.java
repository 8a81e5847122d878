package ser.model.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format, version 1.0: the magic {@code \x93NUMPY}, bytes 1 and 0, a little-endian uint16
 * header length, then an ASCII Python dict {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 259), }}
 * padded with spaces and a newline so the data starts at a multiple of 64 bytes (with room for the first
 * dimension to grow to 21 digits, as NumPy 1.24+ writes it), then the values in C order.
 * Reading accepts versions 1.0, 2.0 and 3.0 (uint32 header length) and the dtypes {@code <f4, <i4, <i8, <Un};
 * anything else is rejected with a one-line message naming the source and the dtype.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Writes one array as .npy v1.0 bytes. */
    public static byte[] toBytes(NpyArray a) {
        StringBuilder shape = new StringBuilder("(");
        int[] s = a.shape();
        for (int i = 0; i < s.length; i++) {
            shape.append(s[i]).append(s.length == 1 ? "," : (i + 1 < s.length ? ", " : ""));
        }
        shape.append(")");
        String dict = "{'descr': '" + a.descr() + "', 'fortran_order': False, 'shape': " + shape + ", }";
        if (s.length > 0) {
            // NumPy leaves room for the first dimension to grow to 21 digits (appending in place); same bytes
            dict += " ".repeat(21 - String.valueOf(s[0]).length());
        }
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >>> 8);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload(a));
        return out.toByteArray();
    }

    private static byte[] payload(NpyArray a) {
        Object d = a.data();
        if (d instanceof float[] f) {
            ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(f);
            return b.array();
        } else if (d instanceof int[] v) {
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(v);
            return b.array();
        } else if (d instanceof long[] v) {
            ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(v);
            return b.array();
        }
        String[] strings = (String[]) d;
        int width = Integer.parseInt(a.descr().substring(2));
        ByteBuffer b = ByteBuffer.allocate(4 * width * strings.length).order(ByteOrder.LITTLE_ENDIAN);
        for (String s : strings) {
            int[] cps = s.codePoints().toArray();
            if (cps.length > width) {
                throw new IllegalArgumentException("string '" + s + "' is longer than dtype " + a.descr());
            }
            for (int i = 0; i < width; i++) {
                b.putInt(i < cps.length ? cps[i] : 0);
            }
        }
        return b.array();
    }

    /** Writes one array to a file atomically ({@link AtomicFile}). */
    public static void write(Path file, NpyArray a) throws IOException {
        AtomicFile.writeBytes(file, toBytes(a));
    }

    /** Reads a .npy file; {@code source} names it in error messages. */
    public static NpyArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads one array.
     *
     * @param source names the file (and array) in error messages
     * @throws IOException with a one-line message when the bytes are not a supported .npy array
     */
    public static NpyArray read(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new IOException(source + ": not a NumPy .npy file (bad magic)");
        }
        int major = magic[6];
        int headerLength;
        if (major == 1) {
            byte[] l = in.readNBytes(2);
            if (l.length < 2) {
                throw new IOException(source + ": truncated .npy header");
            }
            headerLength = (l[0] & 0xff) | (l[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] l = in.readNBytes(4);
            if (l.length < 4) {
                throw new IOException(source + ": truncated .npy header");
            }
            headerLength = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new IOException(source + ": unsupported .npy format version " + major);
        }
        if (headerLength < 0 || headerLength > 1 << 20) {
            throw new IOException(source + ": implausible .npy header length " + headerLength);
        }
        byte[] headerBytes = in.readNBytes(headerLength);
        if (headerBytes.length < headerLength) {
            throw new IOException(source + ": truncated .npy header");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeM = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeM.find()) {
            throw new IOException(source + ": malformed .npy header " + header.trim().replaceAll("\\p{Cntrl}", "?"));
        }
        if (fortran.group(1).equals("True")) {
            throw new IOException(source + ": Fortran-order arrays are not supported; save with np.ascontiguousarray");
        }
        int[] shape = parseShape(shapeM.group(1), source);
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IOException(source + ": negative dimension in .npy shape " + Arrays.toString(shape));
            }
            n = d == 0 || n == 0 ? 0 : n > Integer.MAX_VALUE / d ? Integer.MAX_VALUE : n * d;   // saturates: too large below
        }
        String dt = descr.group(1);
        int itemSize;
        if (dt.equals("<f4") || dt.equals("<i4")) {
            itemSize = 4;
        } else if (dt.equals("<i8")) {
            itemSize = 8;
        } else if (dt.matches("<U\\d+")) {
            itemSize = 4 * Integer.parseInt(dt.substring(2));
        } else {
            throw new IOException(source + ": dtype '" + dt + "' is not supported (float32 '<f4', int32 '<i4',"
                    + " int64 '<i8' or unicode '<U'); for float64 use x.astype(np.float32)");
        }
        long bytes = n * itemSize;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IOException(source + ": array of " + n + " values is too large");
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw new IOException(source + ": truncated: shape " + Arrays.toString(shape) + " of " + dt + " needs "
                    + bytes + " data bytes, found " + data.length);
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        switch (dt) {
            case "<f4" -> {
                float[] f = new float[(int) n];
                b.asFloatBuffer().get(f);
                return new NpyArray(dt, shape, f);
            }
            case "<i4" -> {
                int[] v = new int[(int) n];
                b.asIntBuffer().get(v);
                return new NpyArray(dt, shape, v);
            }
            case "<i8" -> {
                long[] v = new long[(int) n];
                b.asLongBuffer().get(v);
                return new NpyArray(dt, shape, v);
            }
            default -> {
                int width = itemSize / 4;
                String[] s = new String[(int) n];
                for (int i = 0; i < n; i++) {
                    StringBuilder sb = new StringBuilder();
                    for (int k = 0; k < width; k++) {
                        int cp = b.getInt();
                        if (cp != 0) {
                            sb.appendCodePoint(cp);
                        }
                    }
                    s[i] = sb.toString();
                }
                return new NpyArray(dt, shape, s);
            }
        }
    }

    private static int[] parseShape(String text, String source) throws IOException {
        String t = text.trim();
        if (t.isEmpty()) {
            return new int[0];
        }
        String[] parts = t.split(",");
        int count = 0;
        int[] shape = new int[parts.length];
        for (String p : parts) {
            if (p.isBlank()) {
                continue;
            }
            try {
                shape[count++] = Integer.parseInt(p.trim().replace("L", ""));
            } catch (NumberFormatException e) {
                throw new IOException(source + ": malformed .npy shape (" + text + ")");
            }
        }
        return Arrays.copyOf(shape, count);
    }
}
