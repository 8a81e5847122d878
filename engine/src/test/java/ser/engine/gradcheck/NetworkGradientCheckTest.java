package ser.engine.gradcheck;

import org.junit.jupiter.api.Test;
import ser.engine.NotebookNet;
import ser.engine.Rng;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Dropout;
import ser.engine.layers.Flatten;
import ser.engine.layers.Layer;
import ser.engine.layers.MaxPooling1D;
import ser.engine.layers.Padding;
import ser.engine.layers.Weight;
import ser.engine.optim.SGD;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole notebook network at reduced width: the analytic gradients of the mean cross-entropy with respect to
 * the input and every trainable weight (from {@link Sequential#computeGradients}, float32) against central
 * differences of an independent double-precision forward of the same network (BN in training mode, the dropout
 * masks the engine drew).
 */
class NetworkGradientCheckTest {

    /**
     * Double-precision forward of a built model from operand values (input first, then trainable weights in
     * model order), using the dropout masks of the model's last training forward.
     */
    static double reference(Sequential model, List<float[]> masks, double[][] v, int B, int[] labels) {
        int[] shape = model.inputShape();            // per sample
        double[] h = v[0];
        int next = 1;
        int maskIndex = 0;
        for (Layer layer : model.layers()) {
            int T = shape.length == 2 ? shape[0] : 0;
            int C = shape[shape.length - 1];
            if (layer instanceof Conv1D conv) {
                h = Ref.conv1d(h, B, T, C, v[next], v[next + 1], conv.filters(), conv.kernelSize(),
                        conv.padding() == Padding.SAME);
                next += 2;
            } else if (layer instanceof BatchNormalization bn) {
                h = Ref.batchNormTrain(h, C, v[next], v[next + 1], bn.epsilon());
                next += 2;
            } else if (layer instanceof Activation a) {
                h = "relu".equals(a.activation()) ? Ref.relu(h) : Ref.softmax(h, C);
            } else if (layer instanceof Dropout d) {
                h = Ref.dropout(h, masks.get(maskIndex++), d.rate());
            } else if (layer instanceof MaxPooling1D p) {
                h = Ref.maxPool(h, B, T, C, p.poolSize());
            } else if (layer instanceof Flatten) {
                h = h.clone();
            } else if (layer instanceof Dense d) {
                h = Ref.dense(h, B, h.length / B, v[next], v[next + 1], d.units());
                next += 2;
            } else {
                throw new IllegalStateException("no reference for " + layer.name());
            }
            shape = layer.outputShape();
        }
        return Ref.crossEntropy(h, labels, shape[0]);
    }

    static GradCheck.Report check(Sequential model, Tensor x, int[] labels, String label) {
        return check(model, x, labels, label, ops -> { });
    }

    /** As check, with mutate applied to the analytic gradients first (to show a corrupted backward is caught). */
    static GradCheck.Report check(Sequential model, Tensor x, int[] labels, String label,
                                  java.util.function.Consumer<List<GradCheck.Operand>> mutate) {
        model.setComputeInputGradient(true);
        model.computeGradients(x, labels);
        List<float[]> masks = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (l instanceof Dropout d) {
                masks.add(d.lastMask().data().clone());
            }
        }
        List<GradCheck.Operand> ops = new ArrayList<>();
        ops.add(new GradCheck.Operand("input", x.data().clone(), inputGradient(model, x, labels)));
        for (Weight w : model.trainableWeights()) {
            ops.add(new GradCheck.Operand(w.path(), w.value().data().clone(), w.grad().data().clone()));
        }
        mutate.accept(ops);
        int B = x.dim(0);
        return GradCheck.check(label, ops, v -> reference(model, masks, v, B, labels));
    }

    /** dL/dx: the first layer's backward output after computeGradients (recomputed so it is not a reused buffer). */
    static float[] inputGradient(Sequential model, Tensor x, int[] labels) {
        model.computeGradients(x, labels);
        return model.lastInputGradient().data().clone();
    }

    /** A check of all-zero gradients proves nothing (a dead ReLU stack gives exactly that): demand real signal. */
    static void assertNotVacuous(GradCheck.Report r) {
        for (String name : List.of("input", "conv1d_1/kernel", "batch_normalization_2/gamma", "dense_1/kernel")) {
            assertTrue(r.scale().get(name) > 1e-4, name + " has no gradient signal: " + r);
        }
    }

    @Test
    void narrowNotebookNetwork() {
        int B = 2;
        int length = 70;                              // 70 -> 8 -> 1 through two pools of 8: not divisible
        int classes = 3;
        Sequential model = NotebookNet.build(42, length, classes, 6, 5, 4, 8, 8, 0.25);
        model.compile(new SGD(0.01));
        Rng rng = new Rng(43);
        Tensor x = Tensor.of(LayerCases.uniform(rng, B * length), B, length, 1);
        int[] labels = {0, 2};
        GradCheck.Report r = check(model, x, labels, "notebook network (6/5/4 filters, T=70, B=2)");
        System.out.println(r);
        assertTrue(r.passed(), r.toString());
        assertNotVacuous(r);
    }

    @Test
    void narrowNotebookNetworkBatchOne() {
        int length = 64;                              // 64 -> 8 -> 1
        Sequential model = NotebookNet.build(1, length, 2, 4, 4, 4, 8, 8, 0.25);
        model.compile(new SGD(0.01));
        Rng rng = new Rng(8);
        Tensor x = Tensor.of(LayerCases.uniform(rng, length), 1, length, 1);
        GradCheck.Report r = check(model, x, new int[] {1}, "notebook network (4/4/4 filters, T=64, B=1)");
        System.out.println(r);
        assertTrue(r.passed(), r.toString());
        assertNotVacuous(r);
    }
}
