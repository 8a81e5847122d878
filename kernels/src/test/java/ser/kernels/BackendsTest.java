package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import ser.engine.backend.ConvBackend;

/**
 * ConvBackend selection and the CPU fallback, with stand-ins for the device list and the device backend so every
 * branch runs whether or not this machine has OpenCL (the real runtime is exercised in OpenClErrorTest).
 */
class BackendsTest {

    static final OpenClDevice FAKE_CPU = fake("fake-cpu", false);
    static final OpenClDevice FAKE_GPU = fake("fake-gpu", true);

    static OpenClDevice fake(String name, boolean gpu) {
        return new OpenClDevice(null, null, "Fake Platform", name, gpu, gpu ? "GPU" : "CPU", 4, 1L << 30, 64 << 10,
                1024, new long[] {1024, 1024, 64});
    }

    final List<String> warnings = new ArrayList<>();
    final ReferenceBackend cpu = new ReferenceBackend();
    final Supplier<ConvBackend> cpuSupplier = () -> cpu;

    static Supplier<List<OpenClDevice>> noRuntime() {
        return () -> {
            throw new OpenClUnavailableException("no OpenCL runtime: JOCL could not load libOpenCL.so (test)");
        };
    }

    /** A device backend that records which device it was opened on. */
    static Function<OpenClDevice, ConvBackend> opener(List<OpenClDevice> opened) {
        return d -> {
            opened.add(d);
            return new ReferenceBackend() {
                @Override
                public String name() {
                    return "opencl:" + d.name();
                }
            };
        };
    }

    @Test
    void cpuNeverTouchesOpenCl() {
        ConvBackend b = Backends.select("cpu", warnings::add, noRuntime(), d -> {
            throw new AssertionError("opened a device");
        }, cpuSupplier);
        assertSame(cpu, b);
        assertTrue(warnings.isEmpty());
    }

    @Test
    void autoWithoutRuntimeWarnsOnceAndUsesCpu() {
        ConvBackend b = Backends.select("auto", warnings::add, noRuntime(), opener(new ArrayList<>()), cpuSupplier);
        assertSame(cpu, b);
        System.out.println("  auto without runtime warns: " + warnings);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("OpenCL unavailable: no OpenCL runtime"), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("using the CPU backend"), warnings.get(0));
        assertFalse(warnings.get(0).contains("\n"));
    }

    @Test
    void openclWithoutRuntimeThrowsOneLine() {
        OpenClUnavailableException e = assertThrows(OpenClUnavailableException.class,
                () -> Backends.select("opencl", warnings::add, noRuntime(), opener(new ArrayList<>()), cpuSupplier));
        assertTrue(e.getMessage().startsWith("OpenCL unavailable: no OpenCL runtime"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(warnings.isEmpty());
    }

    @Test
    void autoIgnoresCpuDevicesButOpenclTakesThem() {
        List<OpenClDevice> opened = new ArrayList<>();
        ConvBackend auto = Backends.select("auto", warnings::add, () -> List.of(FAKE_CPU), opener(opened), cpuSupplier);
        assertSame(cpu, auto, "auto must not pick an OpenCL CPU device (PoCL)");
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("no OpenCL GPU"), warnings.get(0));
        assertTrue(opened.isEmpty());

        ConvBackend explicit = Backends.select("opencl", warnings::add, () -> List.of(FAKE_CPU), opener(opened), cpuSupplier);
        assertEquals("opencl:fake-cpu", explicit.name());
        assertEquals(List.of(FAKE_CPU), opened);
    }

    @Test
    void gpusComeFirstAndANameCanBeAsked() {
        List<OpenClDevice> opened = new ArrayList<>();
        Supplier<List<OpenClDevice>> both = () -> List.of(FAKE_CPU, FAKE_GPU);
        assertEquals("opencl:fake-gpu", Backends.select("auto", warnings::add, both, opener(opened), cpuSupplier).name());
        assertEquals("opencl:fake-gpu", Backends.select("opencl", warnings::add, both, opener(opened), cpuSupplier).name());
        assertEquals("opencl:fake-cpu", Backends.select("opencl:FAKE-CPU", warnings::add, both, opener(opened), cpuSupplier).name());
        assertTrue(warnings.isEmpty());
        OpenClUnavailableException e = assertThrows(OpenClUnavailableException.class,
                () -> Backends.select("opencl:h100", warnings::add, both, opener(opened), cpuSupplier));
        assertTrue(e.getMessage().contains("no OpenCL device name contains 'h100'"), e.getMessage());
    }

    @Test
    void unknownModeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backends.select("cuda", warnings::add, noRuntime(), opener(new ArrayList<>()), cpuSupplier));
        assertEquals("backend 'cuda': expected cpu, reference, opencl, opencl:DEVICE or auto", e.getMessage());
    }

    @Test
    void aDeviceFailureMidRunHandsOverToTheCpuOnce() {
        // A device backend whose second call fails as a lost device would; it must not touch the outputs.
        ConvBackend failing = new ReferenceBackend() {
            @Override
            public void conv1dBackwardWeights(float[] x, float[] dy, float[] dw, float[] dbias,
                                              int B, int T, int C, int F, int K, int padLeft, int U) {
                throw new OpenClException(-36 /* CL_INVALID_COMMAND_QUEUE */, "clEnqueueNDRangeKernel(x)", "fake-gpu");
            }
        };
        ConvBackend b = Backends.select("auto", warnings::add, () -> List.of(FAKE_GPU), d -> failing, cpuSupplier);
        int B = 2, T = 5, C = 3, F = 4, K = 8, pad = 3;
        float[] x = OpenClTestSupport.uniform(new java.util.SplittableRandom(1), B * T * C);
        float[] w = OpenClTestSupport.uniform(new java.util.SplittableRandom(2), K * C * F);
        float[] y = new float[B * T * F];
        b.conv1dForward(x, w, new float[F], y, B, T, C, F, K, pad, T);
        assertTrue(warnings.isEmpty());
        float[] dw = new float[K * C * F];
        float[] dbias = new float[F];
        b.conv1dBackwardWeights(x, y, dw, dbias, B, T, C, F, K, pad, T);
        b.conv1dBackwardWeights(x, y, dw, dbias, B, T, C, F, K, pad, T);
        System.out.println("  mid-run failure warns: " + warnings);
        assertEquals(1, warnings.size(), "one warning, then the CPU carries on");
        assertTrue(warnings.get(0).contains("CL_INVALID_COMMAND_QUEUE"), warnings.get(0));
        assertTrue(warnings.get(0).contains("fake-gpu"), warnings.get(0));
        assertEquals(2, cpu.calls, "both weight-gradient calls ran on the CPU");
        // dw is exactly twice one CPU gradient: the failed call added nothing.
        float[] once = new float[K * C * F];
        new ReferenceBackend().conv1dBackwardWeights(x, y, once, new float[F], B, T, C, F, K, pad, T);
        float[] twice = once.clone();
        for (int i = 0; i < twice.length; i++) {
            twice[i] = once[i] + once[i];
        }
        assertArrayEquals(twice, dw, 1e-5f);
    }
}
