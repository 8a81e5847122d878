package ser.app.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * A waveform small enough to draw: the samples split into {@code points} equal buckets, and each bucket's minimum
 * and maximum (what an audio editor shows when zoomed out). Bucket {@code b} covers samples
 * {@code [b * n / points, (b + 1) * n / points)}.
 */
final class Waveform {

    private Waveform() {
    }

    static JsonObject envelope(float[] samples, int sampleRate, int points) {
        int buckets = Math.max(1, Math.min(points, samples.length));
        JsonArray min = new JsonArray(buckets);
        JsonArray max = new JsonArray(buckets);
        long n = samples.length;
        for (int b = 0; b < buckets; b++) {
            int from = (int) (b * n / buckets);
            int to = (int) Math.max(from + 1, (b + 1) * n / buckets);
            float lo = 0;
            float hi = 0;
            for (int i = from; i < Math.min(to, samples.length); i++) {
                lo = Math.min(lo, samples[i]);
                hi = Math.max(hi, samples[i]);
            }
            min.add(Math.round(lo * 1e4) / 1e4);
            max.add(Math.round(hi * 1e4) / 1e4);
        }
        JsonObject w = new JsonObject();
        w.addProperty("sample_rate", sampleRate);
        w.addProperty("seconds", samples.length / (double) sampleRate);
        w.add("min", min);
        w.add("max", max);
        return w;
    }
}
