package ser.kernels;

import java.util.Map;
import ser.engine.layers.Weight;

/** A trainable weight on the device: its value, its gradient of the current step and its SGD velocity. */
final class DeviceParameter implements AutoCloseable {

    final Weight weight;
    final DeviceArray value;
    final DeviceArray grad;
    final DeviceArray velocity;

    /** Uploads the weight's current value and its velocity (zeros when the optimiser has none yet). */
    DeviceParameter(OpenClContext cl, Weight weight, Map<String, float[]> velocities) {
        this.weight = weight;
        int n = weight.size();
        this.value = DeviceArray.of(cl, weight.path(), weight.value().data());
        this.grad = DeviceArray.floats(cl, weight.path() + "/grad", n);
        float[] v = velocities.get(weight.path());
        this.velocity = DeviceArray.of(cl, weight.path() + "/velocity", v != null && v.length == n ? v : new float[n]);
    }

    int size() {
        return weight.size();
    }

    /** Copies value and velocity back into the host weight and the optimiser's velocity map. */
    void toHost(Map<String, float[]> velocities) {
        value.read(weight.value().data(), size());
        velocity.read(velocities.computeIfAbsent(weight.path(), p -> new float[size()]), size());
    }

    @Override
    public void close() {
        value.close();
        grad.close();
        velocity.close();
    }
}
