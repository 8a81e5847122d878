package ser.engine.layers;

import ser.engine.Tensor;

import java.util.HashMap;
import java.util.Map;

/**
 * A layer's reusable tensors, by name ("y", "dx", "xhat", ...) and batch size: the same tensor comes back for
 * the same (name, batch), so steady-state training allocates nothing. A few batch sizes are kept per name (the
 * steady size, the last short batch, validation's); the oldest drops out. Contents are not cleared.
 */
final class LayerBuffers {

    private static final int PER_NAME = 4;
    private final Map<String, Tensor[]> byName = new HashMap<>();

    Tensor get(String name, int batch, int[] perSample) {
        Tensor[] cache = byName.computeIfAbsent(name, k -> new Tensor[PER_NAME]);
        for (Tensor t : cache) {
            if (t != null && t.dim(0) == batch) {
                return t;
            }
        }
        int[] shape = new int[perSample.length + 1];
        shape[0] = batch;
        System.arraycopy(perSample, 0, shape, 1, perSample.length);
        Tensor t = Tensor.zeros(shape);
        System.arraycopy(cache, 0, cache, 1, PER_NAME - 1); // most recent first
        cache[0] = t;
        return t;
    }
}
