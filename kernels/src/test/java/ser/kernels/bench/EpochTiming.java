package ser.kernels.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ser.engine.Tensor;
import ser.engine.backend.ConvBackend;
import ser.engine.backend.CpuBackend;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Dropout;
import ser.engine.layers.Flatten;
import ser.engine.layers.MaxPooling1D;
import ser.engine.layers.Padding;
import ser.engine.models.Sequential;
import ser.engine.optim.SGD;
import ser.engine.train.Callback;
import ser.engine.train.FitSettings;
import ser.kernels.DeviceTraining;
import ser.kernels.OpenClBackend;
import ser.kernels.OpenClDevice;
import ser.kernels.OpenClDevices;
import ser.kernels.Profile;

/**
 * Epoch time of the notebook's fit with the whole step on the OpenCL device beside the CPU backend, the share of
 * the device run spent copying, and how far the two runs' losses are apart. Not a JMH benchmark: the unit is an
 * epoch, run as the app runs it (FitLoop, validation in inference mode). Each run trains {@code epochs} epochs from
 * the same seed and reports the last (the first includes JIT warm-up and kernel builds). The split into copies and
 * kernels comes from one more device epoch with profiling on (every launch waits for its kernel).
 *
 * <pre>
 * java -cp kernels/target/test-classes:kernels/target/classes:$(cat kernels/target/test-classpath.txt) \
 *     ser.kernels.bench.EpochTiming [train samples] [validation samples] [width] [epochs]
 * </pre>
 * Defaults: the notebook's 1920 / 480 samples of length 259, width 1 (256/128/64 filters), 2 epochs, batch 16.
 */
public final class EpochTiming {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1920;
        int nVal = args.length > 1 ? Integer.parseInt(args[1]) : 480;
        double width = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int f1 = (int) Math.round(256 * width), f2 = (int) Math.round(128 * width), f3 = (int) Math.round(64 * width);
        OpenClDevice device = OpenClDevices.all().stream().filter(OpenClDevice::gpu).findFirst()
                .orElse(OpenClDevices.all().get(0));
        int[] y = new int[n], yVal = new int[nVal];
        Tensor x = data(y, n, 1), xVal = data(yVal, nVal, 2);
        System.out.printf("%d + %d samples, widths %d/%d/%d, batch 16, %d epochs (the last is timed); device %s%n",
                n, nVal, f1, f2, f3, epochs, device.describeLine());
        Result cpu = run(CpuBackend.shared(), x, y, xVal, yVal, epochs, f1, f2, f3);
        System.out.printf("cpu backend:   epoch %.2f s (last epoch loss %.6f, val_loss %.6f)%n", cpu.lastEpochSeconds,
                cpu.epochLoss, cpu.valLoss);
        try (OpenClBackend cl = OpenClBackend.open(device)) {
            Result dev = run(cl, x, y, xVal, yVal, epochs, f1, f2, f3);
            System.out.printf("device:        epoch %.2f s (last epoch loss %.6f, val_loss %.6f)%n",
                    dev.lastEpochSeconds, dev.epochLoss, dev.valLoss);
            cl.setProfiling(true);
            cl.resetProfile();
            long start = System.nanoTime();
            run(cl, x, y, xVal, yVal, 1, f1, f2, f3);
            double profiled = (System.nanoTime() - start) / 1e9;
            Profile p = cl.profile();
            double copies = (p.uploadNanos() + p.downloadNanos()) / 1e9;
            // profiling adds a wait per launch, so the copies are given as a share of both epochs
            System.out.printf("device, profiled epoch %.2f s: %s; transfers %.1f%% of the profiled epoch, %.1f%% of "
                    + "the unprofiled one%n", profiled, p, 100 * copies / profiled, 100 * copies / dev.lastEpochSeconds);
            double worst = 0;
            for (int i = 0; i < cpu.losses.size(); i++) {
                worst = Math.max(worst, Math.abs(cpu.losses.get(i) - dev.losses.get(i)) / Math.abs(cpu.losses.get(i)));
            }
            System.out.printf("device / cpu epoch time %.2f; 700 epochs on the device: %.1f min; worst per-batch loss "
                            + "difference over %d batches %.2e (relative)%n", dev.lastEpochSeconds / cpu.lastEpochSeconds,
                    700 * dev.lastEpochSeconds / 60, cpu.losses.size(), worst);
        }
    }

    record Result(double lastEpochSeconds, double epochLoss, double valLoss, List<Double> losses) {
    }

    static Result run(ConvBackend backend, Tensor x, int[] y, Tensor xVal, int[] yVal, int epochs, int f1, int f2,
                      int f3) {
        Sequential m = network(f1, f2, f3, 8);
        m.setBackend(backend);
        m.compile(new SGD(1e-4, 0.9, 0, false));
        List<Double> losses = new ArrayList<>();
        double[] last = new double[3];
        long[] epochStart = {0};
        FitSettings s = FitSettings.builder().epochs(epochs).batchSize(16).validationData(xVal, yVal)
                .callbacks(List.of(new Callback() {
                    @Override
                    public void onEpochBegin(int epoch) {
                        epochStart[0] = System.nanoTime();
                    }

                    @Override
                    public void onBatchEnd(int batch, Map<String, Double> logs) {
                        losses.add(logs.get("loss"));
                    }

                    @Override
                    public void onEpochEnd(int epoch, Map<String, Double> logs) {
                        last[0] = (System.nanoTime() - epochStart[0]) / 1e9;
                        last[1] = logs.get("loss");
                        last[2] = logs.get("val_loss");
                    }
                })).build();
        DeviceTraining.fit(m, backend, x, y, s, System.err::println);
        return new Result(last[0], last[1], last[2], losses);
    }

    /** The notebook network (ser.model.NotebookNetwork's layers, written out: kernels does not depend on model). */
    static Sequential network(int f1, int f2, int f3, int classes) {
        Sequential m = new Sequential(42, 259, 1);
        m.add(new Conv1D(f1, 8, Padding.SAME)).add(new Activation("relu"));
        m.add(new Conv1D(f1, 8, Padding.SAME)).add(new BatchNormalization()).add(new Activation("relu"));
        m.add(new Dropout(0.25)).add(new MaxPooling1D(8));
        for (int i = 0; i < 3; i++) {
            m.add(new Conv1D(f2, 8, Padding.SAME)).add(new Activation("relu"));
        }
        m.add(new Conv1D(f2, 8, Padding.SAME)).add(new BatchNormalization()).add(new Activation("relu"));
        m.add(new Dropout(0.25)).add(new MaxPooling1D(8));
        m.add(new Conv1D(f3, 8, Padding.SAME)).add(new Activation("relu"));
        m.add(new Conv1D(f3, 8, Padding.SAME)).add(new Activation("relu"));
        m.add(new Flatten()).add(new Dense(classes)).add(new Activation("softmax"));
        return m;
    }

    /** Random feature vectors with a class-dependent tone (8 classes), like the notebook's 259 MFCC means. */
    static Tensor data(int[] labels, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * 259];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 8;
            for (int t = 0; t < 259; t++) {
                x[i * 259 + t] = (float) (0.5 * Math.sin(0.05 * (labels[i] + 1) * t) + 0.3 * rng.nextGaussian());
            }
        }
        return Tensor.of(x, n, 259, 1);
    }
}
