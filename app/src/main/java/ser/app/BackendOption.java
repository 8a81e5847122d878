package ser.app;

import java.util.function.Consumer;
import picocli.CommandLine.Option;
import ser.engine.backend.ConvBackend;
import ser.kernels.Backends;

/** {@code --backend}: where the convolutions run, declared once for every command that runs a network ({@code @Mixin}). */
final class BackendOption {

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "cpu",
            description = "where convolutions run: cpu, reference (plain loops, slow), opencl, opencl:DEVICE (a name from 'devices') or auto (default ${DEFAULT-VALUE})")
    String name;

    /** The backend asked for; auto falls back to the CPU with one warning, opencl without a device is an error. */
    ConvBackend select(Consumer<String> warn) {
        return Backends.select(name, warn);
    }
}
