package ser.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import ser.engine.Tensor;
import ser.engine.backend.ConvBackend;
import ser.engine.layers.Layer;
import ser.engine.models.Sequential;
import ser.engine.optim.Optimizer;
import ser.engine.train.Evaluation;
import ser.engine.train.Trainable;

/**
 * Device training that survives the device: when a step fails with an {@link OpenClException} (device lost, out of
 * memory), the run carries on on the CPU from the last completed step, and says so in one line.
 *
 * <p>The device holds the only copy of the current weights, so the host copy of the last completed step is rebuilt:
 * the host model still holds the state of the last {@link #sync()} (the end of the previous epoch), and the steps
 * since then are replayed on the CPU from the batches kept for this purpose (one epoch of inputs, a few MB). The
 * replayed steps draw the same dropout masks and see the same learning rate, so the run goes on as it would have on
 * the device, up to the float rounding of the two backends.
 */
final class CpuFallback implements Trainable {

    private record Batch(Tensor x, int[] y) {
    }

    private final DeviceTrainer device;
    private final Sequential model;
    private final ConvBackend cpu;
    private final Consumer<String> warn;
    private final List<Batch> sinceSync = new ArrayList<>();
    private long iterationsAtSync;
    private float[] stepsAtSync;   // BatchNormalization's local_step of each layer that has one
    private boolean onCpu;
    private int failAtStep = -1;   // for tests: the step (counted from the start) that fails as a lost device would
    private int steps;

    CpuFallback(DeviceTrainer device, ConvBackend cpu, Consumer<String> warn) {
        this.device = device;
        this.model = device.model();
        this.cpu = cpu;
        this.warn = warn;
        remember();
    }

    /** Makes step n (0-based, counted over the whole run) fail with the error a lost device gives. */
    void failAtStep(int n) {
        failAtStep = n;
    }

    /** Whether the run has moved to the CPU. */
    boolean onCpu() {
        return onCpu;
    }

    /** Brings the host model up to date (weights from the device) and makes it the new point to replay from. */
    void sync() {
        if (!onCpu) {
            device.toHost();
        }
        remember();
    }

    private void remember() {
        sinceSync.clear();
        iterationsAtSync = model.optimizer().iterations();
        List<float[]> steps = new ArrayList<>();
        for (Layer l : model.layers()) {
            Tensor t = l.state().get("local_step");
            if (t != null) {
                steps.add(t.data().clone());
            }
        }
        stepsAtSync = new float[steps.size()];
        for (int i = 0; i < stepsAtSync.length; i++) {
            stepsAtSync[i] = steps.get(i)[0];
        }
    }

    @Override
    public double[] trainOnBatch(Tensor x, int[] y) {
        if (onCpu) {
            return model.trainOnBatch(x, y);
        }
        try {
            if (steps == failAtStep) {
                throw new OpenClException(-5 /* CL_OUT_OF_RESOURCES */, "a simulated device failure at step " + steps);
            }
            double[] r = device.trainOnBatch(x, y);
            sinceSync.add(new Batch(Tensor.of(x.data().clone(), x.shape()), y.clone()));
            steps++;
            return r;
        } catch (OpenClException e) {
            moveToCpu(e);
            return model.trainOnBatch(x, y);
        }
    }

    /** Rewinds the host model's counters to the last sync, replays the steps since on the CPU, and stays there. */
    private void moveToCpu(OpenClException e) {
        warn.accept("OpenCL failed (" + e.getMessage().lines().findFirst().orElse("") + "); continuing on the CPU "
                + "backend from the last completed step (replaying " + sinceSync.size() + " steps of this epoch)");
        onCpu = true;
        try {
            device.close();
        } catch (RuntimeException ignored) {   // the device is already in trouble; the CPU carries on
        }
        model.optimizer().setIterations(iterationsAtSync);
        int i = 0;
        for (Layer l : model.layers()) {
            Tensor t = l.state().get("local_step");
            if (t != null) {
                t.data()[0] = stepsAtSync[i++];
            }
        }
        model.setBackend(cpu);
        for (Batch b : sinceSync) {
            model.trainOnBatch(b.x(), b.y());
        }
        sinceSync.clear();
    }

    @Override
    public Evaluation evaluate(Tensor x, int[] y, int batchSize) {
        if (!onCpu) {
            try {
                return device.evaluate(x, y, batchSize);
            } catch (OpenClException e) {
                moveToCpu(e);
            }
        }
        return model.evaluate(x, y, batchSize);
    }

    @Override
    public long seed() {
        return model.seed();
    }

    @Override
    public int[] inputShape() {
        return model.inputShape();
    }

    @Override
    public Optimizer optimizer() {
        return model.optimizer();
    }

    @Override
    public List<Layer> layers() {
        return model.layers();
    }

    @Override
    public Tensor lastInput() {
        return onCpu ? model.lastInput() : device.lastInput();
    }

    @Override
    public Tensor lastOutput(int i) {
        return onCpu ? model.lastOutput(i) : device.lastOutput(i);
    }
}
