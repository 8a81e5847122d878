package ser.model.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a Keras 2 {@code .h5} file holds, read eagerly with jhdf (a pure-Java HDF5 reader) and closed again.
 *
 * <p>Keras 2 writes two kinds of file (keras/engine/saving.py):
 * <pre>
 *   model.save(path)                          model.save_weights(path)
 *   /  attrs keras_version, backend,          /  attrs layer_names, backend, keras_version
 *         model_config (JSON),                /conv1d_1       attrs weight_names = [conv1d_1/kernel:0, ...]
 *         training_config (JSON)              /conv1d_1/conv1d_1/kernel:0   float32 (5, 1, 128)
 *   /model_weights  attrs layer_names,        ...
 *         backend, keras_version
 *   /model_weights/conv1d_1  attrs weight_names
 *   /model_weights/conv1d_1/conv1d_1/kernel:0
 *   /optimizer_weights (optional, not read)
 * </pre>
 * Each weight name holds a '/', so h5py stores it as a nested group; layers without weights still have a group,
 * with an empty {@code weight_names}. Kernels keep Keras' layouts: Conv1D (kernel_size, in_channels, filters),
 * Dense (in, units).
 *
 * @param modelConfig the root {@code model_config} JSON, or null for a {@code save_weights} file
 * @param layers      every layer group named in {@code layer_names}, in that order
 */
public record KerasH5(Path file, String kerasVersion, String backend, String modelConfig, List<LayerWeights> layers) {

    /** One weight array: its name as stored (e.g. "conv1d_1/kernel:0"), shape and values in C order. */
    public record Array(String name, int[] shape, float[] values) {
        /** "kernel" for "conv1d_1/kernel:0": the part Keras' layer code names the variable by. */
        public String shortName() {
            String n = name.substring(name.lastIndexOf('/') + 1);
            int colon = n.indexOf(':');
            return colon < 0 ? n : n.substring(0, colon);
        }
    }

    /** A layer's group: its name and its weights in {@code weight_names} order. */
    public record LayerWeights(String name, List<Array> weights) {
    }

    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    /** True for a {@code model.save} file (it has the architecture); false for {@code save_weights}. */
    public boolean hasModelConfig() {
        return modelConfig != null;
    }

    /** The layer group called name, or null. */
    public LayerWeights layer(String name) {
        for (LayerWeights l : layers) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }

    /**
     * Reads a Keras 2 file.
     *
     * @throws IOException one line naming the file and what is wrong: not HDF5, truncated or damaged, written by
     *                     Keras 1, or without the groups and attributes Keras writes
     */
    public static KerasH5 read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        long superblock = signatureOffset(file);
        if (superblock < 0) {
            throw new IOException(file + ": not an HDF5 file (no HDF5 signature); Keras .h5 files start with \\x89HDF");
        }
        long declared = declaredLength(file, superblock);
        long actual = Files.size(file);
        if (declared > actual) {
            throw new IOException(file + ": truncated: its HDF5 superblock declares " + declared + " bytes, the file has "
                    + actual);
        }
        try (HdfFile h5 = new HdfFile(file)) {
            return read(file, h5);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // jhdf reports a cut-off or corrupt file as one of its HdfExceptions or as a buffer/index exception
            throw new IOException(file + ": cannot be read as HDF5, probably truncated or damaged ("
                    + oneLine(e) + ")");
        }
    }

    private static KerasH5 read(Path file, HdfFile h5) throws IOException {
        String modelConfig = stringAttribute(h5, "model_config");
        Group weights = h5;
        Node mw = h5.getChildren().get("model_weights");
        if (mw != null) {
            if (!(mw instanceof Group g)) {
                throw new IOException(file + ": model_weights is not a group");
            }
            weights = g;
        } else if (modelConfig != null) {
            throw new IOException(file + ": has a model_config but no model_weights group (saved without weights?)");
        }
        String where = weights == h5 ? "the root group" : "model_weights";
        List<String> layerNames = stringList(weights, "layer_names");
        if (layerNames == null) {
            throw new IOException(file + ": " + where + " has no layer_names attribute; not a Keras weights file");
        }
        String version = stringAttribute(weights, "keras_version");
        if (version == null) {
            version = stringAttribute(h5, "keras_version");
        }
        if (version == null || version.startsWith("1.")) {
            throw new IOException(file + ": written by Keras 1 (" + (version == null ? "no keras_version attribute"
                    : "keras_version " + version) + "); this import reads Keras 2 files: load it in Keras 2 and save it again");
        }
        String backend = stringAttribute(weights, "backend");
        List<LayerWeights> layers = new ArrayList<>();
        for (String name : layerNames) {
            Node n = weights.getChildren().get(name);
            if (!(n instanceof Group lg)) {
                throw new IOException(file + ": layer '" + name + "' is listed in layer_names but has no group in " + where);
            }
            List<String> weightNames = stringList(lg, "weight_names");
            if (weightNames == null) {
                throw new IOException(file + ": layer '" + name + "' has no weight_names attribute");
            }
            List<Array> arrays = new ArrayList<>();
            for (String wn : weightNames) {
                Node d;
                try {
                    d = lg.getByPath(wn);
                } catch (RuntimeException e) {
                    d = null;
                }
                if (!(d instanceof Dataset ds)) {
                    throw new IOException(file + ": array '" + name + "/" + wn + "' is named in weight_names but missing");
                }
                arrays.add(new Array(wn, ds.getDimensions(), floats(file, name + "/" + wn, ds)));
            }
            layers.add(new LayerWeights(name, List.copyOf(arrays)));
        }
        return new KerasH5(file, version, backend, modelConfig, List.copyOf(layers));
    }

    private static float[] floats(Path file, String what, Dataset ds) throws IOException {
        Object data = ds.isEmpty() ? new float[0] : ds.getDataFlat();
        float[] f;
        if (data instanceof float[] fl) {
            f = fl;
        } else if (data instanceof double[] d) {
            f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
        } else {
            throw new IOException(file + ": array '" + what + "' holds " + ds.getJavaType() + ", not floating-point weights");
        }
        // a diverged Keras run saves NaN weights without complaint; they would make every answer NaN
        for (int i = 0; i < f.length; i++) {
            if (!Float.isFinite(f[i])) {
                throw new IOException(file + ": array '" + what + "' holds " + f[i] + " at flat index " + i + " (shape "
                        + java.util.Arrays.toString(ds.getDimensions()) + "); the model cannot give finite answers");
            }
        }
        return f;
    }

    /** A scalar string attribute (h5py writes Python bytes as fixed-length strings), or null when absent. */
    private static String stringAttribute(Node node, String name) {
        Attribute a = node.getAttributes().get(name);
        if (a == null || a.isEmpty()) {
            return null;
        }
        Object d = a.getData();
        if (d instanceof String s) {
            return s;
        }
        if (d instanceof String[] s && s.length == 1) {
            return s[0];
        }
        return null;
    }

    /** A list-of-strings attribute; an empty list is stored by h5py as an empty float64 array. Null when absent. */
    private static List<String> stringList(Node node, String name) {
        Attribute a = node.getAttributes().get(name);
        if (a == null) {
            return null;
        }
        if (a.isEmpty() || a.getSize() == 0) {
            return List.of();
        }
        Object d = a.getData();
        if (d instanceof String[] s) {
            return List.of(s);
        }
        if (d instanceof String s) {
            return List.of(s);
        }
        return null;
    }

    /** Where the superblock starts: byte 0, 512, 1024, 2048, ... (after a user block); -1 when there is none. */
    private static long signatureOffset(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4096);
            for (int at = 0; at + SIGNATURE.length <= head.length; at = at == 0 ? 512 : at * 2) {
                if (Arrays.equals(Arrays.copyOfRange(head, at, at + SIGNATURE.length), SIGNATURE)) {
                    return at;
                }
            }
        }
        return -1;
    }

    /**
     * The end-of-file address the superblock records (HDF5 file format spec, "Superblock"), plus where the superblock
     * starts: the length the file must have. Versions 0 and 1 keep it after the base and free-space addresses at
     * byte 24 (28 for version 1) of the superblock, versions 2 and 3 after the base and extension addresses at
     * byte 12. Addresses are little-endian, "size of offsets" bytes wide. Returns -1 when it cannot tell.
     */
    private static long declaredLength(Path file, long superblock) throws IOException {
        byte[] sb;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(superblock);
            sb = in.readNBytes(64);
        }
        if (sb.length < 14) {
            return Long.MAX_VALUE;
        }
        int version = sb[8] & 0xff;
        int offsets = version <= 1 ? sb[13] & 0xff : sb[9] & 0xff;
        int fieldsStart = version == 0 ? 24 : version == 1 ? 28 : version <= 3 ? 12 : -1;
        if (fieldsStart < 0 || offsets < 1 || offsets > 8) {
            return -1;
        }
        int eofAt = fieldsStart + 2 * offsets;
        if (eofAt + offsets > sb.length) {
            return Long.MAX_VALUE;
        }
        long eof = 0;
        for (int i = offsets - 1; i >= 0; i--) {
            eof = (eof << 8) | (sb[eofAt + i] & 0xff);
        }
        return eof == -1L ? -1 : superblock + eof;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
