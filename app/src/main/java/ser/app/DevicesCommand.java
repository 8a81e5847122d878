package ser.app;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import ser.kernels.OpenClDevices;

/** Lists the OpenCL devices --backend opencl could use. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List OpenCL devices (for --backend opencl).")
final class DevicesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> devices = OpenClDevices.list();
        if (devices.isEmpty()) {
            spec.commandLine().getOut().println("no OpenCL devices found (training runs on the CPU backend)");
        }
        devices.forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().println(SignalChaining.status());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
