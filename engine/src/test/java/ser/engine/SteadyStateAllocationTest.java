package ser.engine;

import ser.engine.models.Sequential;
import org.junit.jupiter.api.Test;
import ser.engine.optim.SGD;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Buffers are allocated once per batch size and reused: after the first steps, a training step allocates only a
 * few small objects, orders of magnitude less than one activation buffer.
 */
class SteadyStateAllocationTest {

    @Test
    void aSteadyTrainingStepAllocatesNoActivationMemory() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());

        int B = 8;
        Sequential m = NotebookNet.build(1, 259, 2, 32, 16, 8, 8, 8, 0.25);
        m.compile(new SGD(1e-3, 0.9, 0, false));
        Rng rng = new Rng(2);
        Tensor x = Tensor.zeros(B, 259, 1);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = rng.uniform(-1, 1);
        }
        int[] y = {0, 1, 0, 1, 1, 0, 1, 0};
        for (int i = 0; i < 3; i++) {
            m.trainOnBatch(x, y);                       // first steps allocate every buffer
        }
        long activationBytes = 4L * B * 259 * 32;       // one output of the first convolution
        long thread = Thread.currentThread().getId();
        int steps = 5;
        long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < steps; i++) {
            m.trainOnBatch(x, y);
        }
        long perStep = (mx.getThreadAllocatedBytes(thread) - before) / steps;
        System.out.printf("steady training step allocates %d bytes (one activation buffer: %d bytes)%n", perStep,
                activationBytes);
        assertTrue(perStep < activationBytes / 8, "a steady step allocated " + perStep + " bytes");
    }
}
