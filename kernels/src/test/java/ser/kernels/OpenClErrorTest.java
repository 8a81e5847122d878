package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ser.engine.backend.ConvBackend;

/** The error paths on the real OpenCL runtime: a kernel that does not compile, and a machine without a platform. */
class OpenClErrorTest {

    static OpenClDevice device;

    @BeforeAll
    static void findDevice() {
        device = OpenClTestSupport.deviceOrSkip();
    }

    /** conv1d.cl with one line broken, as a driver that rejects some construct would see it. */
    static String brokenConv1d() {
        String source = OpenClContext.resource(OpenClBackend.PROGRAM);
        String broken = source.replace("float acc[RM][RN];", "float acc[RM][RN] = undeclared_on_this_driver;");
        assertFalse(broken.equals(source), "the line to break was not found in conv1d.cl");
        return broken;
    }

    @Test
    void aFailedBuildNamesProgramKernelAndDeviceAndCarriesTheLog() {
        try (OpenClContext cl = OpenClContext.create(device)) {
            KernelBuildException e = assertThrows(KernelBuildException.class, () -> cl.kernel("broken.cl",
                    "__kernel void broken(__global float *x) { x[0] = undefined_thing; }", "", "broken"));
            System.out.println("  build failure message:\n" + e.getMessage().indent(4));
            String first = e.getMessage().lines().findFirst().orElse("");
            assertTrue(first.startsWith("kernel 'broken' of broken.cl failed to build on device '" + device.name() + "'"),
                    first);
            assertTrue(first.contains("CL_BUILD_PROGRAM_FAILURE"), first);
            assertTrue(e.buildLog().contains("undefined_thing"), "build log: " + e.buildLog());
            assertTrue(e.getMessage().contains("undefined_thing"));
        }
    }

    @Test
    void aBrokenConvolutionKernelFailsOpenclAndFallsBackForAuto() {
        String broken = brokenConv1d();
        // The real device, presented as a GPU so that auto tries it too.
        OpenClDevice asGpu = new OpenClDevice(device.platform(), device.device(), device.platformName(), device.name(),
                true, "GPU", device.computeUnits(), device.globalMemBytes(), device.localMemBytes(),
                device.maxWorkGroupSize(), device.maxWorkItemSizes());
        List<String> warnings = new ArrayList<>();
        ReferenceBackend cpu = new ReferenceBackend();

        OpenClUnavailableException e = assertThrows(OpenClUnavailableException.class,
                () -> Backends.select("opencl", warnings::add, () -> List.of(asGpu),
                        d -> OpenClBackend.open(d, broken), () -> cpu));
        System.out.println("  --backend opencl with a broken kernel: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertTrue(e.getMessage().contains("kernel 'conv1d_forward' of conv1d.cl failed to build on device '"
                + device.name() + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("undeclared_on_this_driver"), e.getMessage());

        ConvBackend auto = Backends.select("auto", warnings::add, () -> List.of(asGpu), d -> OpenClBackend.open(d, broken),
                () -> cpu);
        System.out.println("  --backend auto with a broken kernel warns: " + warnings);
        assertEquals(cpu, auto);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).endsWith("; using the CPU backend"), warnings.get(0));
    }

    @Test
    void autoOnThisMachinePicksTheGpuOnlyIfThereIsOne() {
        List<String> warnings = new ArrayList<>();
        ReferenceBackend cpu = new ReferenceBackend();
        ConvBackend b = Backends.select("auto", warnings::add, OpenClDevices::all, OpenClBackend::open, () -> cpu);
        try {
            boolean hasGpu = OpenClDevices.all().stream().anyMatch(OpenClDevice::gpu);
            System.out.println("  auto on this machine: " + b.name() + " " + warnings);
            if (hasGpu) {
                assertTrue(b.name().startsWith("opencl:"), b.name());
            } else {
                assertEquals(cpu, b, "PoCL's CPU device is not a GPU: auto must choose the CPU backend");
                assertEquals(1, warnings.size());
            }
        } finally {
            b.close();
        }
    }

    @Test
    void aDriverThatRejectsTheLargeTileGetsTheNextOne() {
        // As a driver short of registers or local memory would: the 64x64 tile does not build, 32x32 does.
        String source = "#if TM > 32\n#error \"this driver cannot build a tile this large\"\n#endif\n"
                + OpenClContext.resource(OpenClBackend.PROGRAM);
        try (OpenClBackend b = OpenClBackend.open(device, source)) {
            System.out.println("  with the 64x64 tile rejected: tile " + b.tiles());
            assertEquals(TileConfig.CANDIDATES.get(1), b.tiles());
            SplittableRandom rng = OpenClTestSupport.freshRandom("aDriverThatRejectsTheLargeTileGetsTheNextOne");
            float[] x = OpenClTestSupport.uniform(rng, 2 * 9 * 3);
            float[] w = OpenClTestSupport.uniform(rng, 8 * 3 * 5);
            float[] bias = OpenClTestSupport.uniform(rng, 5);
            float[] y = new float[2 * 9 * 5];
            b.conv1dForward(x, w, bias, y, 2, 9, 3, 5, 8, 3, 9);
            double[][] ref = ReferenceConv.forward(x, w, bias, 2, 9, 3, 5, 8, 3, 9);
            Accuracy.check("forward with the 32x32 tile", y, ref[0], ref[1]);
        }
    }

    @Test
    void aBufferTooLargeForTheDeviceNamesRoleSizeAndDevice() {
        try (OpenClContext cl = OpenClContext.create(device)) {
            OpenClException e = assertThrows(OpenClException.class, () -> cl.buffers().get("x", 1L << 50));
            System.out.println("  oversized buffer: " + e.getMessage());
            assertTrue(e.getMessage().startsWith("CL_"), e.getMessage());
            assertTrue(e.getMessage().contains("clCreateBuffer(x, 1125899906842624 bytes"), e.getMessage());
            assertTrue(e.getMessage().endsWith("on device '" + device.name() + "'"), e.getMessage());
        }
    }

    @Test
    void kernelsRunOnAGpuWhenThereIsOne() {
        boolean hasGpu = OpenClDevices.all().stream().anyMatch(OpenClDevice::gpu);
        String message = "no OpenCL GPU on this machine: the OpenCL tests ran on '" + device.name() + "' ("
                + device.type() + ") instead, and no GPU figure was measured";
        if (!hasGpu) {
            System.out.println("SKIPPING GPU check: " + message);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(hasGpu, message);
        assertTrue(device.gpu(), "with a GPU present the tests must run on it, not on " + device);
    }

    @Test
    void listingShowsPlatformDeviceComputeUnitsAndMemory() {
        List<String> lines = OpenClDevices.list();
        lines.forEach(l -> System.out.println("  device: " + l));
        assertTrue(lines.stream().anyMatch(l -> l.contains(device.name()) && l.contains(device.platformName())
                && l.contains(device.computeUnits() + " compute units") && l.contains("MiB global memory")));
    }

    /**
     * A JVM whose ICD loader sees no driver (OCL_ICD_VENDORS pointing at an empty folder) must report "no OpenCL
     * platform" on one line, fall back for auto and refuse opencl.
     */
    @Test
    void withoutAPlatformAutoFallsBackAndOpenclRefuses() throws Exception {
        Path empty = Files.createTempDirectory("no-icd");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    SelectionProbe.class.getName());
            pb.environment().put("OCL_ICD_VENDORS", empty.toString());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            System.out.println("  probe without a platform:\n" + out.indent(4));
            assertTrue(out.contains("auto -> reference"), out);
            assertTrue(out.contains("warn: OpenCL unavailable: no OpenCL platform"), out);
            assertTrue(out.contains("opencl -> OpenClUnavailableException: OpenCL unavailable: no OpenCL platform"), out);
            assertTrue(out.contains("list -> [OpenCL unavailable: no OpenCL platform"), out);
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    /** Run in a child JVM by the test above; prints what selection did. */
    static final class SelectionProbe {
        public static void main(String[] args) {
            System.out.println("auto -> " + Backends.select("auto", m -> System.out.println("warn: " + m),
                    OpenClDevices::all, OpenClBackend::open, ReferenceBackend::new).name());
            try {
                Backends.select("opencl", m -> System.out.println("warn: " + m), OpenClDevices::all,
                        OpenClBackend::open, ReferenceBackend::new);
                System.out.println("opencl -> no exception");
            } catch (OpenClUnavailableException e) {
                System.out.println("opencl -> OpenClUnavailableException: " + e.getMessage());
            }
            System.out.println("list -> " + OpenClDevices.list());
        }
    }
}
