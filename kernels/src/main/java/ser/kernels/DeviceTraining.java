package ser.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import ser.engine.Tensor;
import ser.engine.backend.ConvBackend;
import ser.engine.models.Sequential;
import ser.engine.train.Callback;
import ser.engine.train.FitLoop;
import ser.engine.train.FitSettings;
import ser.engine.train.History;

/**
 * {@code model.fit} with the whole training step on the device when the backend is an OpenCL one: the model's
 * epochs, batches, validation and callbacks run through the engine's {@link FitLoop} unchanged, with a
 * {@link DeviceTrainer} in the model's place. Before the callbacks of each epoch's end see the model (checkpoints,
 * logs), the weights come back to the host; so they do at the end.
 *
 * <p>Which backend does what: {@code opencl} trains on the device and stops on a device error (a checkpoint written
 * before it is intact); {@code auto} having picked a GPU trains on it and, on a device error, carries on on the
 * CPU from the last completed step ({@link CpuFallback}); any other backend is plain {@code model.fit}.
 */
public final class DeviceTraining {

    private DeviceTraining() {
    }

    /** Whether {@link #fit} would train on a device with this backend. */
    public static boolean onDevice(ConvBackend backend) {
        return device(backend) != null;
    }

    private static OpenClBackend device(ConvBackend backend) {
        if (backend instanceof OpenClBackend o) {
            return o;
        }
        if (backend instanceof FallbackBackend f && f.current() instanceof OpenClBackend o) {
            return o;
        }
        return null;
    }

    // docs:begin device-fit
    /** Trains model on x [N, ...] with labels y [N] as {@code model.fit}, on the backend's device if it has one. */
    public static History fit(Sequential model, ConvBackend backend, Tensor x, int[] y, FitSettings settings,
                              Consumer<String> warn) {
        return fit(model, backend, x, y, settings, warn, -1);
    }

    /** As above; failAtStep >= 0 makes that step fail as a lost device would (for tests of the fallback). */
    static History fit(Sequential model, ConvBackend backend, Tensor x, int[] y, FitSettings settings,
                       Consumer<String> warn, int failAtStep) {
        OpenClBackend device = device(backend);
        if (device == null) {
            return model.fit(x, y, settings);
        }
        if (x.dim(0) != y.length || settings.batchSize() < 1) {
            throw new IllegalArgumentException("fit: " + x.dim(0) + " samples, " + y.length + " labels, batch size "
                    + settings.batchSize());
        }
        checkLabels(y, model.classes(), "fit");   // a kernel would read outside its row, where the CPU throws
        if (settings.yVal() != null) {
            checkLabels(settings.yVal(), model.classes(), "fit (validation)");
        }
        String unsupported = DeviceTrainer.unsupported(model);
        if (unsupported != null) {   // the convolutions still run on the device, through the model's backend
            warn.accept(unsupported + "; training with only the convolutions on " + device.name());
            return model.fit(x, y, settings);
        }
        ConvBackend cpu = backend instanceof FallbackBackend f ? f.cpu() : null;
        DeviceTrainer opened;
        try {
            opened = DeviceTrainer.open(model, device, settings.batchSize());
        } catch (OpenClException e) {   // the model does not fit on the device, say
            if (cpu == null) {
                throw e;
            }
            warn.accept("OpenCL failed (" + e.getMessage().lines().findFirst().orElse("") + "); training on the CPU "
                    + "backend");
            model.setBackend(cpu);
            return model.fit(x, y, settings);
        }
        try (DeviceTrainer trainer = opened) {
            CpuFallback fallback = cpu != null ? new CpuFallback(trainer, cpu, warn) : null;
            if (fallback != null) {
                fallback.failAtStep(failAtStep);
            }
            Runnable toHost = fallback != null ? fallback::sync : trainer::toHost;
            List<Callback> callbacks = new ArrayList<>();
            callbacks.add(new Callback() {   // first, so checkpoints and logs see this epoch's weights
                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    toHost.run();
                }
            });
            callbacks.addAll(settings.callbacks());
            FitSettings onDevice = new FitSettings(settings.epochs(), settings.batchSize(), settings.initialEpoch(),
                    settings.xVal(), settings.yVal(), callbacks, settings.stop());
            History history;
            try {
                history = new FitLoop(fallback != null ? fallback : trainer, onDevice).run(x, y);
            } catch (RuntimeException e) {
                try {
                    if (fallback == null || !fallback.onCpu()) {
                        trainer.toHost();   // keep what was learnt, if the device still answers
                    }
                } catch (RuntimeException lost) {
                    e.addSuppressed(lost);
                }
                throw e;
            }
            if (fallback == null || !fallback.onCpu()) {
                trainer.toHost();   // also after a stop mid-epoch: the host model has the last step
            }
            return history;
        }
    }
    // docs:end device-fit

    private static void checkLabels(int[] labels, int classes, String what) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(what + ": label " + labels[i] + " of sample " + i
                        + " is outside [0, " + classes + ")");
            }
        }
    }
}
