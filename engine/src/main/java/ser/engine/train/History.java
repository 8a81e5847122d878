package ser.engine.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records every epoch's logs, as Keras' {@code History}: {@code history().get("val_loss").get(i)}. */
public final class History implements Callback {

    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> history = new LinkedHashMap<>();

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    /** The epoch indices recorded (0-based). */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Values per log key, in epoch order. */
    public Map<String, List<Double>> history() {
        return Collections.unmodifiableMap(history);
    }

    /** Values of one key (empty when never logged). */
    public List<Double> get(String key) {
        return Collections.unmodifiableList(history.getOrDefault(key, List.of()));
    }
}
