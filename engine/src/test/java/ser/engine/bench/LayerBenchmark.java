package ser.engine.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Dropout;
import ser.engine.layers.Layer;
import ser.engine.layers.MaxPooling1D;
import ser.engine.layers.Padding;

import java.util.concurrent.TimeUnit;

/**
 * Forward and backward of each layer of the notebook's network at its real shapes, batch 16 (input 259 x 1), on
 * the default backend ({@code CpuBackend.shared()}: all cores, {@code MatMuls.best}).
 *
 * <p>FLOPs counted (a multiply-add is 2):
 * <pre>
 *   Conv1D   forward  2*B*U*F*K*C + B*U*F (bias)      backward 2*B*T*C*K*F (input) + 2*B*U*F*K*C (weights) + B*U*F
 *   Dense    forward  2*B*N*units                      backward 4*B*N*units
 *   BatchNormalization (training) forward 8 per element (sum; subtract, square, add; subtract, multiply; scale,
 *            shift), backward 9 per element
 *   relu 1 per element each way; Dropout 1 per element each way; MaxPooling1D pool-1 comparisons per output
 *   forward, 1 add per output backward
 * </pre>
 * The element-wise layers are memory-bound: for them the time per operation is the telling number.
 * {@code conv1d_1_first} is conv1d_1 as a model runs it, as the first layer, whose backward skips dx.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp engine/target/test-classes:engine/target/classes:$(cat
 * engine/target/test-classpath.txt) org.openjdk.jmh.Main LayerBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LayerBenchmark {

    static final int B = 16;

    /** Layer names as in the notebook's summary, with their input shapes. */
    @Param({"conv1d_1", "conv1d_1_first", "conv1d_2", "conv1d_3", "conv1d_4", "conv1d_7", "conv1d_8", "batch_normalization_1",
            "activation_relu", "dropout_1", "max_pooling1d_1", "dense_1"})
    public String layer;

    Layer l;
    Tensor x;
    Tensor dy;
    long forwardFlops;
    long backwardFlops;

    @Setup
    public void setup() {
        Rng rng = new Rng(1);
        int[] in;
        switch (layer) {
            case "conv1d_1" -> in = conv(259, 1, 256);
            case "conv1d_1_first" -> {                 // as the first layer of a model: no input gradient
                in = conv(259, 1, 256);
                l.setInputGradientNeeded(false);
                backwardFlops = 2L * B * 259 * 256 * 8 + (long) B * 259 * 256;
            }
            case "conv1d_2" -> in = conv(259, 256, 256);
            case "conv1d_3" -> in = conv(32, 256, 128);
            case "conv1d_4" -> in = conv(32, 128, 128);
            case "conv1d_7" -> in = conv(4, 128, 64);
            case "conv1d_8" -> in = conv(4, 64, 64);
            case "batch_normalization_1" -> {
                in = new int[] {259, 256};
                l = new BatchNormalization();
                forwardFlops = 8L * B * 259 * 256;
                backwardFlops = 9L * B * 259 * 256;
            }
            case "activation_relu" -> {
                in = new int[] {259, 256};
                l = new Activation("relu");
                forwardFlops = (long) B * 259 * 256;
                backwardFlops = forwardFlops;
            }
            case "dropout_1" -> {
                in = new int[] {259, 256};
                l = new Dropout(0.25);
                forwardFlops = (long) B * 259 * 256;
                backwardFlops = forwardFlops;
            }
            case "max_pooling1d_1" -> {
                in = new int[] {259, 256};
                l = new MaxPooling1D(8);
                forwardFlops = 7L * B * 32 * 256;
                backwardFlops = (long) B * 32 * 256;
            }
            case "dense_1" -> {
                in = new int[] {256};
                l = new Dense(2);
                forwardFlops = 2L * B * 256 * 2;
                backwardFlops = 4L * B * 256 * 2;
            }
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        }
        int[] out = l.build(in, rng);
        x = random(rng, B, in);
        dy = random(rng, B, out);
        l.forward(x, true);                      // caches for backward
    }

    private int[] conv(int T, int C, int F) {
        l = new Conv1D(F, 8, Padding.SAME);
        long mac = (long) B * T * F * 8 * C;
        forwardFlops = 2 * mac + (long) B * T * F;
        backwardFlops = 4 * mac + (long) B * T * F;
        return new int[] {T, C};
    }

    static Tensor random(Rng rng, int batch, int[] perSample) {
        int[] shape = new int[perSample.length + 1];
        shape[0] = batch;
        System.arraycopy(perSample, 0, shape, 1, perSample.length);
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = rng.uniform(-1, 1);
        }
        return t;
    }

    @Benchmark
    public Tensor forward(Flops counter) {
        counter.flops += forwardFlops;
        return l.forward(x, true);
    }

    @Benchmark
    public Tensor backward(Flops counter) {
        counter.flops += backwardFlops;
        return l.backward(dy);
    }
}
