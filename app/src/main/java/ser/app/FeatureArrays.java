package ser.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ser.data.Protocol;
import ser.data.ProtocolSplit;
import ser.model.io.NpyArray;
import ser.model.io.Npz;

/**
 * Feature vectors read from a --features file, checked: {@code x} float32 of shape (N, L), (N, L, 1) or (L,) for
 * one vector; {@code y} integer class indices (N,) when labels are needed; optional {@code labels} class-name
 * strings; optional {@code names} (N,) strings naming the rows. A wrong dtype or shape is a one-line error naming
 * the file and the array. For training, {@link #split} also reads the optional {@code actors} (N,) integers that
 * hold out speakers.
 */
record FeatureArrays(float[][] x, int[] y, List<String> classNames, String[] names, int length) {

    static FeatureArrays of(Path file, Map<String, NpyArray> arrays, boolean needLabels) {
        NpyArray x = arrays.get("x");
        if (x == null) {
            throw new UserError(file + ": no array 'x' (arrays present: " + arrays.keySet() + ")");
        }
        if (!x.isFloat32()) {
            throw new UserError(file + ": array 'x' has dtype " + x.descr() + ", expected float32 '<f4'"
                    + " (use x.astype(np.float32))");
        }
        int[] s = x.shape();
        int n;
        int length;
        if (s.length == 1) {
            n = 1;
            length = s[0];
        } else if (s.length == 2 || (s.length == 3 && s[2] == 1)) {
            n = s[0];
            length = s[1];
        } else {
            throw new UserError(file + ": array 'x' has shape " + Arrays.toString(s) + ", expected (N, L), (N, L, 1) or (L,)");
        }
        if (n == 0 || length == 0) {
            throw new UserError(file + ": array 'x' of shape " + Arrays.toString(s) + " is empty");
        }
        float[] flat = x.floats();
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * length, (i + 1) * length);
            for (float v : rows[i]) {
                if (!Float.isFinite(v)) {
                    throw new UserError(file + ": array 'x' row " + i + " holds NaN or infinite values");
                }
            }
        }
        String[] names = null;
        if (arrays.containsKey("names")) {
            NpyArray a = arrays.get("names");
            if (!a.isString() || a.size() != n) {
                throw new UserError(file + ": array 'names' must be " + n + " strings, got " + a.descr() + " "
                        + Arrays.toString(a.shape()));
            }
            names = a.strings();
        }
        int[] y = null;
        List<String> classNames = null;
        if (needLabels) {
            NpyArray ya = arrays.get("y");
            if (ya == null) {
                throw new UserError(file + ": no array 'y' of class indices (arrays present: " + arrays.keySet() + ")");
            }
            if (!ya.isInteger() || ya.shape().length != 1 || ya.shape()[0] != n) {
                throw new UserError(file + ": array 'y' must be integers of shape (" + n + ",), got " + ya.descr() + " "
                        + Arrays.toString(ya.shape()));
            }
            y = ya.ints();
            int max = Arrays.stream(y).max().orElse(0);
            int min = Arrays.stream(y).min().orElse(0);
            if (min < 0) {
                throw new UserError(file + ": array 'y' holds the negative class index " + min);
            }
            if (arrays.containsKey("labels")) {
                NpyArray la = arrays.get("labels");
                if (!la.isString() || la.shape().length != 1) {
                    throw new UserError(file + ": array 'labels' must be a 1-D array of strings, got " + la.descr());
                }
                classNames = List.of(la.strings());
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (String c : classNames) {
                    if (c.isBlank() || !seen.add(c)) {
                        throw new UserError(file + ": array 'labels' names class '" + c + "' "
                                + (c.isBlank() ? "with a blank name" : "twice") + " (labels " + classNames + ")");
                    }
                }
                if (max >= classNames.size()) {
                    throw new UserError(file + ": array 'y' holds class " + max + " but 'labels' names only "
                            + classNames.size() + " classes");
                }
            } else {
                java.util.BitSet used = new java.util.BitSet();
                for (int v : y) {
                    used.set(v);
                }
                int unused = used.nextClearBit(0);
                if (unused < max) {   // e.g. y = 7 alone would make 8 classes, 7 of them empty
                    throw new UserError(file + ": array 'y' uses class " + max + " but no row has class " + unused
                            + "; add an array 'labels' naming the classes");
                }
                classNames = new ArrayList<>();
                for (int c = 0; c <= Math.max(1, max); c++) {
                    classNames.add("class_" + c);
                }
            }
        }
        return new FeatureArrays(rows, y, classNames, names, length);
    }

    /**
     * The sets of a --features archive under a protocol: x, y, optional labels and names as above, and the
     * {@code actors} array that test and validation actors are held out by (required by --protocol clean and
     * by --test-actors).
     */
    static ProtocolSplit split(Path file, Protocol protocol, Set<Integer> testActors, boolean testActorsGiven,
                               List<Integer> validationActors, long splitSeed) throws IOException {
        Map<String, NpyArray> a = Npz.readAny(file);
        FeatureArrays f = of(file, a, true);
        // a class that no row has cannot be learned; evaluate accepts such a file (a test set may lack a class)
        boolean[] seen = new boolean[f.classNames().size()];
        for (int c : f.y()) {
            seen[c] = true;
        }
        for (int c = 0; c < seen.length; c++) {
            if (!seen[c]) {
                throw new UserError(file + ": array 'labels' names class '" + f.classNames().get(c) + "' (index " + c
                        + "), but no row of 'y' has it; a class without examples cannot be learned (labels "
                        + f.classNames() + ")");
            }
        }
        int[] actors = null;
        if (a.containsKey("actors")) {
            NpyArray act = a.get("actors");
            if (!act.isInteger() || act.shape().length != 1 || act.shape()[0] != f.x().length) {
                throw new UserError(file + ": array 'actors' must be integers of shape (" + f.x().length + ",), got "
                        + act.descr() + " " + Arrays.toString(act.shape()));
            }
            actors = act.ints();
        }
        if (protocol == Protocol.clean && actors == null) {
            throw new UserError(file + ": --protocol clean needs an 'actors' array (N integers) to hold out speakers");
        }
        if (testActorsGiven && actors == null) {
            throw new UserError(file + ": --test-actors needs an 'actors' array (N integers) in the archive");
        }
        return ProtocolSplit.ofRows(f.classNames(), f.length(), f.x(), f.y(), f.names(), actors, protocol,
                testActors, validationActors, splitSeed);
    }
}
