package ser.model.io;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * For crash tests: with {@code -Dser.killAt=N} the JVM halts at the N-th crash point it passes, the way SIGKILL
 * or a power cut would stop it (no shutdown hook, no finally block, no flush). A crash point sits before each
 * rename that publishes a file of a saved model or cache and before each append to a training log, so a test can
 * stop a run at every step of a checkpoint and check what the folder holds. With the property set (to any
 * number) every point passed is listed on stderr, which is how a test counts them. Without it this is one read
 * of a static field.
 */
public final class KillSwitch {

    private static final int AT = Integer.getInteger("ser.killAt", -1);
    private static final AtomicInteger PASSED = new AtomicInteger();

    private KillSwitch() {
    }

    /** Marks one crash point; {@code what} names it (e.g. "rename .weights-new.npz -> best/weights-3f2a.npz"). */
    public static void point(String what) {
        if (AT < 0) {
            return;
        }
        int n = PASSED.incrementAndGet();
        System.err.println("ser.killAt: point " + n + ": " + what + (n == AT ? " -- halting" : ""));
        System.err.flush();
        if (n == AT) {
            Runtime.getRuntime().halt(137);
        }
    }
}
