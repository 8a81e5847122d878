package ser.engine.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import ser.engine.NotebookNet;
import ser.engine.Rng;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Layer;
import ser.engine.optim.SGD;

import java.util.concurrent.TimeUnit;

/**
 * One full training step of the notebook's network (input 259 x 1, 2 classes, batch 16, SGD lr 1e-4): forward,
 * fused loss, backward, update, as {@code fit} runs it.
 *
 * <p>FLOPs counted: for every Conv1D 2*B*U*F*K*C forward plus twice that backward (input and weights), for the
 * Dense layer 2*B*N*units forward plus twice that backward; element-wise layers, biases and the update are not
 * counted (under 1% of the total). For the notebook network that is 15.14 GFLOP per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class TrainStepBenchmark {

    Sequential model;
    Tensor x;
    int[] labels;
    long stepFlops;

    @Setup
    public void setup() {
        model = NotebookNet.build(1, 259, 2);
        model.compile(new SGD(1e-4));
        Rng rng = new Rng(2);
        x = Tensor.zeros(16, 259, 1);
        labels = new int[16];
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = rng.uniform(-1, 1);
        }
        for (int i = 0; i < 16; i++) {
            labels[i] = i % 2;
        }
        stepFlops = countFlops(model, 16);
    }

    /** 3 x (2 * multiply-adds) of every Conv1D and Dense layer. */
    static long countFlops(Sequential model, int batch) {
        long mac = 0;
        for (Layer l : model.layers()) {
            int[] in = l.inputShape();
            int[] out = l.outputShape();
            if (l instanceof Conv1D c) {
                mac += (long) batch * out[0] * c.filters() * c.kernelSize() * in[1];
            } else if (l instanceof Dense d) {
                mac += (long) batch * in[0] * d.units();
            }
        }
        return 3 * 2 * mac;
    }

    @Benchmark
    public double trainStep(Flops counter) {
        counter.flops += stepFlops;
        return model.trainOnBatch(x, labels)[0];
    }
}
