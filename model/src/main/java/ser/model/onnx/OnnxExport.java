package ser.model.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ser.engine.models.Sequential;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Dropout;
import ser.engine.layers.Flatten;
import ser.engine.layers.GlobalAveragePooling1D;
import ser.engine.layers.Layer;
import ser.engine.layers.MaxPooling1D;

/**
 * A {@link Sequential} as an ONNX model (opset 13, IR version 7): the inference graph, the weights as initializers,
 * and free-form metadata (class names, feature settings) in {@code metadata_props}.
 *
 * <p>Layout. The graph's input {@code input} is (N, steps, channels), float32, as the engine and Keras take it;
 * the output {@code probabilities} is (N, classes). ONNX's Conv, MaxPool and BatchNormalization work on
 * channels-first (N, C, T), so the graph transposes once before the first of them, stays channels-first through the
 * convolutional part, and transposes back right before Flatten, so that the flattened vector has Keras' order
 * (t * C + c) and the Dense kernel needs no permutation:
 * <pre>
 *   engine / Keras                       ONNX nodes
 *   (start, or before a Conv1D/pool/BN)  Transpose(perm 0,2,1)                    (N,T,C) -> (N,C,T)
 *   Conv1D(F, K, same|valid)             Conv(W (F,C,K) = kernel (K,C,F) transposed, B = bias,
 *                                             pads [(K-1)/2, K-1-(K-1)/2] | [0, 0])
 *   Activation relu / softmax            Relu / Softmax(axis = the channel axis)
 *   MaxPooling1D(p, s)                   MaxPool(kernel_shape [p], strides [s])
 *   BatchNormalization                   BatchNormalization(scale gamma, B beta, mean, var, epsilon)
 *   Dropout                              (nothing: identity at inference)
 *   Flatten                              Transpose(perm 0,2,1) back to (N,T,C), Flatten(axis 1)
 *   GlobalAveragePooling1D               GlobalAveragePool (N,C,1), Flatten(axis 1)
 *   Dense                                Gemm(A, B = kernel (in, units), C = bias)
 * </pre>
 */
public final class OnnxExport {

    public static final int OPSET = 13;
    public static final int IR_VERSION = 7;
    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";

    // onnx.proto field numbers
    private static final int MODEL_IR_VERSION = 1, MODEL_PRODUCER_NAME = 2, MODEL_PRODUCER_VERSION = 3,
            MODEL_DOC = 6, MODEL_GRAPH = 7, MODEL_OPSET_IMPORT = 8, MODEL_METADATA = 14;
    private static final int OPSET_DOMAIN = 1, OPSET_VERSION = 2;
    private static final int ENTRY_KEY = 1, ENTRY_VALUE = 2;
    private static final int GRAPH_NODE = 1, GRAPH_NAME = 2, GRAPH_INITIALIZER = 5, GRAPH_INPUT = 11, GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1, NODE_OUTPUT = 2, NODE_NAME = 3, NODE_OP_TYPE = 4, NODE_ATTRIBUTE = 5;
    private static final int ATTR_NAME = 1, ATTR_F = 2, ATTR_I = 3, ATTR_INTS = 8, ATTR_TYPE = 20;
    private static final int ATTR_TYPE_FLOAT = 1, ATTR_TYPE_INT = 2, ATTR_TYPE_INTS = 7;
    private static final int TENSOR_DIMS = 1, TENSOR_DATA_TYPE = 2, TENSOR_NAME = 8, TENSOR_RAW_DATA = 9;
    private static final int TENSOR_FLOAT = 1;
    private static final int VALUE_NAME = 1, VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1, TENSOR_TYPE_ELEM = 1, TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1, DIM_VALUE = 1, DIM_PARAM = 2;

    private OnnxExport() {
    }

    /**
     * Serialises the model.
     *
     * @param metadata key/value strings for {@code metadata_props} (e.g. "labels" as JSON), in order
     * @throws IllegalArgumentException naming the layer when a layer has no ONNX mapping here
     */
    public static byte[] toBytes(Sequential model, Map<String, String> metadata) {
        Graph g = new Graph();
        int[] in = model.inputShape();
        String x = INPUT;
        boolean channelsFirst = false;
        for (Layer l : model.layers()) {
            String n = l.name();
            if (l instanceof Conv1D conv) {
                if (!channelsFirst) {
                    x = g.node("Transpose", n + "/to_channels_first", List.of(x), List.of(Attr.ints("perm", 0, 2, 1)));
                    channelsFirst = true;
                }
                // docs:begin onnx-conv-kernel
                int k = conv.kernelSize();
                int c = conv.kernel().value().shape()[1];
                int f = conv.filters();
                float[] kernel = conv.kernel().value().data();   // (K, C, F)
                float[] w = new float[f * c * k];                 // (F, C, K)
                for (int kk = 0; kk < k; kk++) {
                    for (int cc = 0; cc < c; cc++) {
                        for (int ff = 0; ff < f; ff++) {
                            w[(ff * c + cc) * k + kk] = kernel[(kk * c + cc) * f + ff];
                        }
                    }
                }
                String wName = g.initializer(n + "/kernel", w, f, c, k);
                String bName = g.initializer(n + "/bias", conv.bias().value().data(), f);
                // docs:end onnx-conv-kernel
                int left = conv.padLeft();
                int right = conv.inputShape()[0] == conv.outputShape()[0] ? k - 1 - left : 0;
                x = g.node("Conv", n, List.of(x, wName, bName), List.of(Attr.ints("kernel_shape", k),
                        Attr.ints("pads", left, right), Attr.ints("strides", 1), Attr.ints("dilations", 1)));
            } else if (l instanceof MaxPooling1D pool) {
                if (!channelsFirst) {
                    x = g.node("Transpose", n + "/to_channels_first", List.of(x), List.of(Attr.ints("perm", 0, 2, 1)));
                    channelsFirst = true;
                }
                x = g.node("MaxPool", n, List.of(x), List.of(Attr.ints("kernel_shape", pool.poolSize()),
                        Attr.ints("strides", pool.strides())));
            } else if (l instanceof BatchNormalization bn) {
                if (!channelsFirst && l.inputShape().length == 2) {
                    x = g.node("Transpose", n + "/to_channels_first", List.of(x), List.of(Attr.ints("perm", 0, 2, 1)));
                    channelsFirst = true;
                }
                int ch = bn.gamma().size();
                x = g.node("BatchNormalization", n, List.of(x,
                        g.initializer(n + "/gamma", bn.gamma().value().data(), ch),
                        g.initializer(n + "/beta", bn.beta().value().data(), ch),
                        g.initializer(n + "/moving_mean", bn.movingMean().value().data(), ch),
                        g.initializer(n + "/moving_variance", bn.movingVariance().value().data(), ch)),
                        List.of(Attr.f("epsilon", (float) bn.epsilon()), Attr.f("momentum", (float) bn.momentum())));
            } else if (l instanceof Activation a) {
                if (a.activation().equals("relu")) {
                    x = g.node("Relu", n, List.of(x), List.of());
                } else {
                    // softmax over Keras' last axis: the channels, i.e. axis 1 while channels-first
                    x = g.node("Softmax", n, List.of(x), List.of(Attr.i("axis", channelsFirst ? 1 : -1)));
                }
            } else if (l instanceof Dropout) {
                continue;
            } else if (l instanceof Flatten) {
                if (channelsFirst) {
                    x = g.node("Transpose", n + "/to_channels_last", List.of(x), List.of(Attr.ints("perm", 0, 2, 1)));
                    channelsFirst = false;
                }
                x = g.node("Flatten", n, List.of(x), List.of(Attr.i("axis", 1)));
            } else if (l instanceof GlobalAveragePooling1D gap) {
                if (gap.maskPadding()) {   // GlobalAveragePool averages every step; the padding mask has no ONNX op here
                    throw new IllegalArgumentException(n + ": GlobalAveragePooling1D with mask_padding cannot be exported"
                            + " to ONNX (GlobalAveragePool would also average the padded frames)");
                }
                if (!channelsFirst) {
                    x = g.node("Transpose", n + "/to_channels_first", List.of(x), List.of(Attr.ints("perm", 0, 2, 1)));
                }
                x = g.node("GlobalAveragePool", n, List.of(x), List.of());               // (N, C, 1)
                x = g.node("Flatten", n + "/flatten", List.of(x), List.of(Attr.i("axis", 1)));
                channelsFirst = false;
            } else if (l instanceof Dense d) {
                int[] ks = d.kernel().value().shape();
                x = g.node("Gemm", n, List.of(x, g.initializer(n + "/kernel", d.kernel().value().data(), ks[0], ks[1]),
                        g.initializer(n + "/bias", d.bias().value().data(), ks[1])), List.of());
            } else {
                throw new IllegalArgumentException("ONNX export: layer " + n + " (" + l.kerasClassName()
                        + ") has no ONNX mapping");
            }
        }
        if (channelsFirst) {
            x = g.node("Transpose", "to_channels_last", List.of(x), List.of(Attr.ints("perm", 0, 2, 1)));
        }
        g.rename(x, OUTPUT);

        ProtoWriter graph = new ProtoWriter();
        for (ProtoWriter node : g.nodes) {
            graph.message(GRAPH_NODE, node);
        }
        graph.string(GRAPH_NAME, "ser_sequential");
        for (ProtoWriter t : g.initializers) {
            graph.message(GRAPH_INITIALIZER, t);
        }
        graph.message(GRAPH_INPUT, valueInfo(INPUT, in));
        graph.message(GRAPH_OUTPUT, valueInfo(OUTPUT, model.outputShape()));

        ProtoWriter m = new ProtoWriter();
        m.varint(MODEL_IR_VERSION, IR_VERSION);
        m.string(MODEL_PRODUCER_NAME, "ser");
        m.string(MODEL_PRODUCER_VERSION, "0.1.0");
        m.string(MODEL_DOC, "Speech emotion classifier: input (N, steps, channels) float32 feature vectors, output "
                + "(N, classes) softmax probabilities; class names and feature settings in metadata_props.");
        m.message(MODEL_GRAPH, graph);
        m.message(MODEL_OPSET_IMPORT, new ProtoWriter().string(OPSET_DOMAIN, "").varint(OPSET_VERSION, OPSET));
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            m.message(MODEL_METADATA, new ProtoWriter().string(ENTRY_KEY, e.getKey()).string(ENTRY_VALUE, e.getValue()));
        }
        return m.toByteArray();
    }

    /** Writes the model to file atomically (temporary file beside it, then rename). */
    public static void write(Path file, Sequential model, Map<String, String> metadata) throws IOException {
        byte[] bytes = toBytes(model, metadata);
        ser.model.io.AtomicFile.writeBytes(file, bytes);
    }

    /** A float32 tensor value-info with a symbolic batch axis "N" and the given per-sample dims. */
    private static ProtoWriter valueInfo(String name, int[] perSample) {
        ProtoWriter shape = new ProtoWriter();
        shape.message(SHAPE_DIM, new ProtoWriter().string(DIM_PARAM, "N"));
        for (int d : perSample) {
            shape.message(SHAPE_DIM, new ProtoWriter().varint(DIM_VALUE, d));
        }
        ProtoWriter tensorType = new ProtoWriter().varint(TENSOR_TYPE_ELEM, TENSOR_FLOAT).message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoWriter().string(VALUE_NAME, name).message(VALUE_TYPE, new ProtoWriter().message(TYPE_TENSOR, tensorType));
    }

    /** A node attribute: name, type and value. */
    private record Attr(ProtoWriter proto) {
        static Attr ints(String name, long... v) {
            return new Attr(new ProtoWriter().string(ATTR_NAME, name).packedInt64(ATTR_INTS, v).varint(ATTR_TYPE, ATTR_TYPE_INTS));
        }

        static Attr i(String name, long v) {
            return new Attr(new ProtoWriter().string(ATTR_NAME, name).varint(ATTR_I, v).varint(ATTR_TYPE, ATTR_TYPE_INT));
        }

        static Attr f(String name, float v) {
            return new Attr(new ProtoWriter().string(ATTR_NAME, name).float32(ATTR_F, v).varint(ATTR_TYPE, ATTR_TYPE_FLOAT));
        }
    }

    /** Nodes and initializers collected in order; each node's single output is named after the node. */
    private static final class Graph {
        final List<ProtoWriter> nodes = new ArrayList<>();
        final List<ProtoWriter> initializers = new ArrayList<>();
        private final List<String[]> nodeIo = new ArrayList<>();
        private final List<String> opTypes = new ArrayList<>();
        private final List<List<Attr>> attrs = new ArrayList<>();
        private final Map<String, Integer> outputs = new LinkedHashMap<>();

        /** Adds a node and returns its output's name. */
        String node(String op, String name, List<String> inputs, List<Attr> attributes) {
            String out = name + "/out";
            String[] io = new String[inputs.size() + 2];
            io[0] = name;
            io[1] = out;
            for (int i = 0; i < inputs.size(); i++) {
                io[i + 2] = inputs.get(i);
            }
            nodeIo.add(io);
            opTypes.add(op);
            attrs.add(attributes);
            outputs.put(out, nodeIo.size() - 1);
            nodes.add(null);
            rebuild(nodeIo.size() - 1);
            return out;
        }

        /** Gives the last node's output its final name (the graph output). */
        void rename(String from, String to) {
            Integer i = outputs.remove(from);
            if (i == null) {
                throw new IllegalArgumentException("ONNX export: the model has no layers to export");
            }
            nodeIo.get(i)[1] = to;
            rebuild(i);
        }

        private void rebuild(int i) {
            String[] io = nodeIo.get(i);
            ProtoWriter p = new ProtoWriter();
            for (int k = 2; k < io.length; k++) {
                p.string(NODE_INPUT, io[k]);
            }
            p.string(NODE_OUTPUT, io[1]).string(NODE_NAME, io[0]).string(NODE_OP_TYPE, opTypes.get(i));
            for (Attr a : attrs.get(i)) {
                p.message(NODE_ATTRIBUTE, a.proto());
            }
            nodes.set(i, p);
        }

        /** A float32 initializer in C order, stored as raw little-endian bytes; returns its name. */
        String initializer(String name, float[] values, long... dims) {
            byte[] raw = new byte[values.length * 4];
            for (int i = 0; i < values.length; i++) {
                int b = Float.floatToIntBits(values[i]);
                raw[4 * i] = (byte) b;
                raw[4 * i + 1] = (byte) (b >>> 8);
                raw[4 * i + 2] = (byte) (b >>> 16);
                raw[4 * i + 3] = (byte) (b >>> 24);
            }
            initializers.add(new ProtoWriter().packedInt64(TENSOR_DIMS, dims).varint(TENSOR_DATA_TYPE, TENSOR_FLOAT)
                    .string(TENSOR_NAME, name).bytes(TENSOR_RAW_DATA, raw));
            return name;
        }
    }
}
