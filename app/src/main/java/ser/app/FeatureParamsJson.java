package ser.app;

import com.google.gson.JsonObject;
import ser.features.FeatureParams;
import ser.features.ResType;

/** FeatureParams to and from the "feature_params" object of model.json (librosa's argument names). */
final class FeatureParamsJson {

    private FeatureParamsJson() {
    }

    static JsonObject toJson(FeatureParams p) {
        JsonObject o = new JsonObject();
        o.addProperty("sr", p.sampleRate());
        o.addProperty("offset", p.offset());
        o.addProperty("duration", p.duration());
        o.addProperty("res_type", p.resType().name());
        o.addProperty("n_fft", p.nFft());
        o.addProperty("hop_length", p.hop());
        o.addProperty("n_mels", p.nMels());
        o.addProperty("fmin", p.fmin());
        if (!Double.isNaN(p.fmax())) {
            o.addProperty("fmax", p.fmax());
        }
        o.addProperty("n_mfcc", p.nMfcc());
        o.addProperty("top_db", p.topDb());
        o.addProperty("length", p.length());
        o.addProperty("key", p.key());
        return o;
    }

    /** The parameters saved with a model; a model trained from a --features file has none. */
    static FeatureParams fromJson(JsonObject o, String source) {
        if (o == null || !o.has("sr")) {
            throw new UserError(source + ": the model was trained on a --features file and records no feature"
                    + " parameters; predict with --features instead of WAV files");
        }
        try {
            return new FeatureParams(o.get("sr").getAsInt(), o.get("offset").getAsDouble(), o.get("duration").getAsDouble(),
                    ResType.valueOf(o.get("res_type").getAsString()), o.get("n_fft").getAsInt(),
                    o.get("hop_length").getAsInt(), o.get("n_mels").getAsInt(), o.get("fmin").getAsDouble(),
                    o.has("fmax") ? o.get("fmax").getAsDouble() : Double.NaN, o.get("n_mfcc").getAsInt(),
                    o.get("top_db").getAsDouble(), o.get("length").getAsInt());
        } catch (RuntimeException e) {
            throw new UserError(source + ": feature_params are incomplete or invalid (" + Main.oneLine(e) + ")");
        }
    }
}
