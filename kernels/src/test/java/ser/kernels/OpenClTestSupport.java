package ser.kernels;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What the OpenCL tests share: finding a device (or skipping with the reason, unless a runtime is known to be
 * installed, in which case not finding one is a failure) and fresh, printed random seeds.
 */
final class OpenClTestSupport {

    private OpenClTestSupport() {
    }

    /**
     * True when an OpenCL runtime is expected here, so the tests must run and never skip: SER_REQUIRE_OPENCL=1, as
     * {@code .ci/run} sets it after installing PoCL. Otherwise a machine without a usable runtime skips them, even
     * one with an ICD file whose library does not load.
     */
    static boolean runtimeExpected() {
        return "1".equals(System.getenv("SER_REQUIRE_OPENCL"));
    }

    /**
     * The device the tests run on: the one whose name contains the system property ser.opencl.device, else the
     * first GPU, else the first device. Skips (JUnit assumption, with the reason printed) when there is no OpenCL
     * runtime at all.
     */
    static OpenClDevice deviceOrSkip() {
        List<OpenClDevice> all;
        try {
            all = OpenClDevices.all();
        } catch (OpenClUnavailableException e) {
            if (runtimeExpected()) {
                fail("an OpenCL runtime is expected (SER_REQUIRE_OPENCL=1) but: "
                        + e.getMessage());
            }
            System.out.println("SKIPPING OpenCL tests: " + e.getMessage());
            assumeTrue(false, "skipping OpenCL tests: " + e.getMessage());
            throw e;
        }
        String wanted = System.getProperty("ser.opencl.device");
        for (OpenClDevice d : all) {
            if (wanted != null ? d.name().contains(wanted) : d.gpu()) {
                return d;
            }
        }
        if (wanted != null) {
            fail("no OpenCL device name contains '" + wanted + "' (ser.opencl.device); devices: " + all);
        }
        return all.get(0);
    }

    private static OpenClBackend shared;

    /**
     * One backend for all test classes of this JVM, opened on {@link #deviceOrSkip()}'s device: building the kernels
     * is the slow part of opening, so it happens once. Closed when the JVM exits.
     */
    static synchronized OpenClBackend sharedBackend() {
        if (shared == null) {
            OpenClDevice device = deviceOrSkip();
            shared = OpenClBackend.open(device);
            System.out.println("OpenCL tests on " + device.describeLine() + ", tile " + shared.tiles());
            OpenClBackend b = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(b::close));
        }
        return shared;
    }

    /** A fresh seed each run (or -Dser.test.seed=N to repeat one), printed so a failure can be reproduced. */
    static SplittableRandom freshRandom(String test) {
        String fixed = System.getProperty("ser.test.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : java.util.concurrent.ThreadLocalRandom.current().nextLong();
        System.out.println(test + ": seed " + seed + " (repeat with -Dser.test.seed=" + seed + ")");
        return new SplittableRandom(seed);
    }

    /** n uniform floats in [-1, 1). */
    static float[] uniform(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return a;
    }
}
