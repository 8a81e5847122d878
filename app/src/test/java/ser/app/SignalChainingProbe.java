package ser.app;

import java.util.OptionalInt;
import ser.kernels.OpenClDevices;

/**
 * A child-JVM entry point for {@link SignalChainingTest}: re-launches like {@link Main} does for {@code devices},
 * loads the OpenCL driver, then stays up long enough for {@code -Xcheck:jni}'s periodic check of the signal handlers.
 */
public final class SignalChainingProbe {

    public static void main(String[] args) throws InterruptedException {
        OptionalInt child = Relaunch.ifNeeded(new String[] {"devices"}, System.err);
        if (child.isPresent()) {
            System.exit(child.getAsInt());
        }
        OpenClDevices.list().forEach(System.out::println);
        Thread.sleep(1500); // HotSpot checks the handlers every few hundred milliseconds under -Xcheck:jni
        System.out.println(SignalChaining.status());
    }
}
