package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ser.engine.Tensor;
import ser.engine.backend.ConvBackend;
import ser.engine.backend.CpuBackend;
import ser.engine.concurrent.WorkerPool;
import ser.engine.layers.Layer;
import ser.engine.layers.Weight;
import ser.engine.models.Sequential;
import ser.engine.optim.SGD;
import ser.engine.train.Callback;
import ser.engine.train.FitSettings;

/**
 * The notebook network trained with the whole step on the device ({@link DeviceTraining}) against the CPU
 * backend's {@code model.fit} from the same seed: per-batch losses within 1e-5 relative, the validation metrics
 * likewise, and every saved weight (including BatchNormalization's moving statistics and the SGD velocities)
 * within 1e-4 of its tensor's largest magnitude. The device run is also repeated, and must give the same bits,
 * and a run whose device fails mid-epoch must carry on on the CPU and end where the CPU run ends.
 */
class DeviceTrainerTest {

    static final double LOSS_TOLERANCE = 1e-5, WEIGHT_TOLERANCE = 1e-4;
    static OpenClBackend opencl;
    static WorkerPool pool;

    @BeforeAll
    static void open() {
        opencl = OpenClTestSupport.sharedBackend();
        pool = new WorkerPool(2);
    }

    @AfterAll
    static void close() {
        if (pool != null) {
            pool.close();
        }
    }

    record Run(List<Double> losses, List<Map<String, Double>> epochs, List<String> names, List<float[]> weights,
               double seconds) {
    }

    /** epochs of the notebook network at widths (f1, f2, f3) on samples, with a validation set of a quarter. */
    static Run train(ConvBackend backend, boolean device, int samples, int batch, int epochs, int f1, int f2, int f3,
                     int failAtStep) {
        int[] labels = new int[samples];
        Tensor x = TrainingEpochTest.dataset(labels, samples);
        int nVal = samples / 4;
        int[] yVal = new int[nVal];
        Tensor xVal = TrainingEpochTest.dataset(yVal, nVal);
        Sequential model = TrainingEpochTest.notebookNetwork(TrainingEpochTest.SEED, f1, f2, f3);
        model.setBackend(backend instanceof FallbackBackend ? new CpuBackend(pool) : backend);
        model.compile(new SGD(0.01, 0.9, 0, false));
        List<Double> losses = new ArrayList<>();
        List<Map<String, Double>> epochLogs = new ArrayList<>();
        FitSettings settings = FitSettings.builder().epochs(epochs).batchSize(batch).validationData(xVal, yVal)
                .callbacks(List.of(new Callback() {
                    @Override
                    public void onBatchEnd(int b, Map<String, Double> logs) {
                        losses.add(logs.get("loss"));
                    }

                    @Override
                    public void onEpochEnd(int epoch, Map<String, Double> logs) {
                        epochLogs.add(Map.copyOf(logs));
                    }
                })).build();
        long start = System.nanoTime();
        if (device) {
            DeviceTraining.fit(model, backend, x, labels, settings, s -> System.out.println("  warning: " + s), failAtStep);
        } else {
            model.fit(x, labels, settings);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %d epoch(s) of %d samples (widths %d/%d/%d) %s: %.1f s%n", epochs, samples, f1, f2, f3,
                device ? "on the device" : "on the CPU backend", seconds);
        List<String> names = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        for (Layer l : model.layers()) {
            for (Weight w : l.weights()) {
                names.add(w.path());
                weights.add(w.value().data().clone());
            }
            for (Map.Entry<String, Tensor> s : l.state().entrySet()) {
                names.add(l.name() + "/" + s.getKey());
                weights.add(s.getValue().data().clone());
            }
        }
        SGD sgd = (SGD) model.optimizer();
        for (Map.Entry<String, float[]> v : sgd.velocities().entrySet()) {
            names.add(v.getKey() + " (velocity)");
            weights.add(v.getValue().clone());
        }
        names.add("iterations");
        weights.add(new float[] {sgd.iterations()});
        return new Run(losses, epochLogs, names, weights, seconds);
    }

    static void compare(String label, Run cpu, Run dev) {
        assertEquals(cpu.losses().size(), dev.losses().size(), "batches");
        double worst = 0;
        for (int b = 0; b < cpu.losses().size(); b++) {
            double a = cpu.losses().get(b), c = dev.losses().get(b);
            double rel = Math.abs(a - c) / Math.abs(a);
            worst = Math.max(worst, rel);
            assertTrue(rel <= LOSS_TOLERANCE, label + " batch " + b + ": loss cpu " + a + " vs device " + c
                    + ", relative difference " + rel);
        }
        for (int e = 0; e < cpu.epochs().size(); e++) {
            for (String key : List.of("loss", "acc", "val_loss", "val_acc")) {
                double a = cpu.epochs().get(e).get(key), c = dev.epochs().get(e).get(key);
                assertEquals(a, c, LOSS_TOLERANCE * Math.max(Math.abs(a), 1e-3), label + " epoch " + e + " " + key);
            }
        }
        assertEquals(cpu.names(), dev.names());
        double worstWeight = 0;
        for (int i = 0; i < cpu.weights().size(); i++) {
            float[] a = cpu.weights().get(i), c = dev.weights().get(i);
            double max = 0, diff = 0;
            for (int j = 0; j < a.length; j++) {
                max = Math.max(max, Math.abs(a[j]));
                diff = Math.max(diff, Math.abs(a[j] - c[j]));
            }
            // a bias feeding BatchNormalization has a gradient of zero up to rounding: floor the scale at 1e-3
            double rel = diff / Math.max(max, 1e-3);
            worstWeight = Math.max(worstWeight, rel);
            assertTrue(rel <= WEIGHT_TOLERANCE, label + ": " + cpu.names().get(i) + " differs by " + diff
                    + " (largest " + max + ")");
        }
        System.out.printf("  %s: %d batches, worst loss difference %.2e (relative), worst weight difference %.2e "
                + "(of the tensor's largest); last loss cpu %.9f device %.9f%n", label, cpu.losses().size(), worst,
                worstWeight, cpu.losses().get(cpu.losses().size() - 1), dev.losses().get(dev.losses().size() - 1));
    }

    @Test
    void oneEpochAtReducedWidthEqualsTheCpuBackendAndRepeatsBitForBit() {
        // widths 32/16/8 of the notebook's 256/128/64; lengths 259 -> 32 -> 4 and the batch of 16 are the notebook's
        Run cpu = train(new CpuBackend(pool), false, 64, 16, 1, 32, 16, 8, -1);
        Run dev = train(opencl, true, 64, 16, 1, 32, 16, 8, -1);
        compare("reduced widths, one epoch", cpu, dev);
        Run again = train(opencl, true, 64, 16, 1, 32, 16, 8, -1);
        assertEquals(dev.losses(), again.losses(), "a second device run gives the same losses, bit for bit");
        for (int i = 0; i < dev.weights().size(); i++) {
            assertTrue(java.util.Arrays.equals(dev.weights().get(i), again.weights().get(i)),
                    dev.names().get(i) + " differs between two device runs");
        }
        assertTrue(Math.abs(cpu.losses().get(0) - cpu.losses().get(3)) > 1e-3, "the epoch must actually train");
    }

    @Test
    void fullWidthEqualsTheCpuBackendOverTwoBatches() {
        // the notebook's widths on 4 samples in batches of 2: every full-size kernel, in seconds on PoCL
        Run cpu = train(new CpuBackend(pool), false, 4, 2, 1, 256, 128, 64, -1);
        Run dev = train(opencl, true, 4, 2, 1, 256, 128, 64, -1);
        compare("full widths", cpu, dev);
    }

    @Test
    void aDeviceThatFailsMidEpochHandsOverToTheCpuFromTheLastStep() {
        // 32 samples in batches of 16: 2 steps an epoch; step 3 (the second of epoch 2) fails, so epoch 1 comes
        // from the device and step 2 is replayed on the CPU from the host copy taken at the end of epoch 1
        Run cpu = train(new CpuBackend(pool), false, 32, 16, 3, 32, 16, 8, -1);
        FallbackBackend auto = new FallbackBackend(opencl, new CpuBackend(pool), s -> { });
        Run dev = train(auto, true, 32, 16, 3, 32, 16, 8, 3);
        compare("device failing at step 3 of 6", cpu, dev);
    }

    @Test
    void aLabelOutsideTheClassesIsRefusedBeforeAnyKernelReadsIt() {
        int[] labels = new int[16];
        Tensor x = TrainingEpochTest.dataset(labels, 16);
        labels[5] = 8;   // 8 classes: 0..7
        Sequential model = TrainingEpochTest.notebookNetwork(1, 8, 8, 8);
        model.compile(new SGD(0.01));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DeviceTraining.fit(model, opencl, x, labels, FitSettings.builder().epochs(1).batchSize(16).build(),
                        s -> { }));
        assertEquals("fit: label 8 of sample 5 is outside [0, 8)", e.getMessage());
    }
}
