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
import ser.engine.NotebookNet;
import ser.engine.Rng;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.optim.SGD;

import java.util.concurrent.TimeUnit;

/**
 * Inference throughput of the notebook's network: {@code predict} over 480 samples (the validation split) at a
 * given batch size, in samples per second (the score times 480). The PyTorch figure to set beside it is
 * {@code infer_b16_samples_per_s} / {@code infer_b1_samples_per_s} of tools/torch_reference.py, run right after.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp engine/target/test-classes:engine/target/classes:$(cat
 *      engine/target/test-classpath.txt) org.openjdk.jmh.Main PredictBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PredictBenchmark {

    static final int SAMPLES = 480;

    @Param({"16", "1"})
    public int batch;

    Sequential model;
    Tensor x;

    @Setup
    public void setup() {
        model = NotebookNet.build(1, 259, 2);
        model.compile(new SGD(1e-4));
        Rng rng = new Rng(3);
        x = Tensor.zeros(SAMPLES, 259, 1);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = rng.uniform(-1, 1);
        }
    }

    /** One call predicts 480 samples: multiply the score by 480 for samples/s. */
    @Benchmark
    public float predict480() {
        return model.predict(x, batch)[SAMPLES - 1][0];
    }
}
