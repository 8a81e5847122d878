package ser.engine.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH auxiliary counter of floating-point operations. Benchmarks add the FLOPs of each invocation (counted
 * explicitly, see each benchmark); in Throughput mode JMH reports the counter per second, i.e. FLOP/s, in the row
 * named {@code :flops}.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Flops {

    public long flops;

    @Setup(Level.Iteration)
    public void reset() {
        flops = 0;
    }
}
