package ser.app;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import ser.features.FeatureParams;
import ser.features.FrameParams;
import ser.features.Normalisation;
import ser.features.ResType;
import ser.features.SpecAugment;
import ser.model.recipe.SpeakerIndependentNetwork;

/**
 * A named training recipe: features, normalisation, network, optimiser, schedule and augmentation in one word.
 * {@code notebook} is the 2019 notebook's (the default of {@code train}, handled there unchanged);
 * {@code speaker-independent} is the recipe below, whose every value is printed at the start of training and
 * stored in model.json. Options such as --norm or --frames override single values (for ablations) and the
 * printed recipe then says so.
 *
 * @param frames      frame-level features (kind, coefficients, deltas, window)
 * @param norm        normalisation scope
 * @param augment     SpecAugment masks drawn anew for every training clip in every epoch
 * @param network     the convolution widths, dropout and padding mask of the network
 * @param speed       speed perturbation factors besides 1 (e.g. 0.9, 1.1), one version drawn per training clip and
 *                    epoch; empty for none
 * @param epochs      epochs
 * @param batch       batch size
 * @param lr          Adam's learning rate (Keras 2.2.4 defaults otherwise)
 * @param plateau     ReduceLROnPlateau(val_loss) factor, patience and min_lr, as {factor, patience, minLr}
 */
record Recipe(String name, FrameParams frames, Normalisation.Scope norm, SpecAugment augment,
              SpeakerIndependentNetwork.Options network, double[] speed, int epochs, int batch, double lr,
              double[] plateau) {

    static final List<String> NAMES = List.of("notebook", "speaker-independent");

    /** The notebook window (3 s from 0.5 s at 44.1 kHz, kaiser_fast), 40 MFCCs of 128 mel bands, 259 frames. */
    static FeatureParams window(int nMfcc, int nMels) {
        return new FeatureParams(44100, 0.5, 3.0, ResType.KAISER_FAST, 2048, 512, nMels, 0.0, Double.NaN,
                Math.min(nMfcc, nMels), 80.0, 259);
    }

    // docs:begin speaker-independent-recipe
    static Recipe speakerIndependent() {
        return new Recipe("speaker-independent",
                FrameParams.mfcc(window(40, 128), 1),                  // 40 MFCCs + deltas: 259 x 80
                Normalisation.Scope.SPEAKER,
                new SpecAugment(2, 8, 2, 25),                          // 2 bands of <= 8 coefficients, 2 runs of <= 25 frames
                SpeakerIndependentNetwork.Options.ORIGINAL,
                new double[0],                                         // no speed perturbation
                40, 32, 1e-3, new double[] {0.5, 4, 1e-5});
    }
    // docs:end speaker-independent-recipe

    /** The recipe of a name other than "notebook". */
    static Recipe named(String name) {
        if ("speaker-independent".equals(name)) {
            return speakerIndependent();
        }
        throw new UserError("--recipe: unknown recipe '" + name + "'; known recipes: " + String.join(", ", NAMES));
    }

    Recipe withFrames(FrameParams f) {
        return new Recipe(name, f, norm, augment, network, speed, epochs, batch, lr, plateau);
    }

    Recipe withNorm(Normalisation.Scope s) {
        return new Recipe(name, frames, s, augment, network, speed, epochs, batch, lr, plateau);
    }

    Recipe withAugment(SpecAugment a) {
        return new Recipe(name, frames, norm, a, network, speed, epochs, batch, lr, plateau);
    }

    Recipe withNetwork(SpeakerIndependentNetwork.Options n) {
        return new Recipe(name, frames, norm, augment, n, speed, epochs, batch, lr, plateau);
    }

    Recipe withSpeed(double[] f) {
        return new Recipe(name, frames, norm, augment, network, f.clone(), epochs, batch, lr, plateau);
    }

    Recipe withEpochs(int e) {
        return new Recipe(name, frames, norm, augment, network, speed, e, batch, lr, plateau);
    }

    Recipe withBatch(int b) {
        return new Recipe(name, frames, norm, augment, network, speed, epochs, b, lr, plateau);
    }

    Recipe withLr(double l) {
        return new Recipe(name, frames, norm, augment, network, speed, epochs, batch, l, plateau);
    }

    /** Every value, one per line, for the start of a run. */
    String describe() {
        return String.format(Locale.ROOT, """
                recipe %s
                  features       %s
                  normalisation  %s%s
                  network        speaker-independent-cnn: %s
                  optimiser      Adam(lr=%s, beta_1=0.9, beta_2=0.999, epsilon=1e-7), ReduceLROnPlateau(val_loss, factor %s, patience %d, min_lr %s)
                  schedule       %d epochs, batch %d, best val_loss checkpoint
                  augmentation   %s%s""",
                name, frames.describe(), norm.id(), norm == Normalisation.Scope.SPEAKER
                        ? " (each actor's clips give that actor's statistics; test actors too: assumes the speaker is known)" : "",
                network.describe(), lr, plateau[0], (int) plateau[1], plateau[2], epochs, batch,
                augment.enabled() ? String.format(Locale.ROOT, "SpecAugment: %d frequency masks of <= %d coefficients, %d time masks of <= %d frames, new each epoch",
                        augment.freqMasks(), augment.maxFreq(), augment.timeMasks(), augment.maxTime()) : "none",
                speed.length == 0 ? "" : "; speed perturbation: each training clip played at one of x1, x"
                        + java.util.Arrays.stream(speed).mapToObj(f -> String.format(Locale.ROOT, "%s", f))
                        .collect(java.util.stream.Collectors.joining(", x")) + " (drawn per epoch)");
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("features", frames.key());
        o.addProperty("normalisation", norm.id());
        JsonObject a = new JsonObject();
        a.addProperty("freq_masks", augment.freqMasks());
        a.addProperty("max_freq", augment.maxFreq());
        a.addProperty("time_masks", augment.timeMasks());
        a.addProperty("max_time", augment.maxTime());
        o.add("spec_augment", a);
        JsonObject n = new JsonObject();
        JsonArray filters = new JsonArray();
        for (int f : network.filters()) filters.add(f);
        n.add("filters", filters);
        n.addProperty("dropout", network.dropout());
        n.addProperty("mask_padding", network.maskPadding());
        o.add("network", n);
        if (speed.length > 0) {      // absent for the recipe without it, so earlier model.json files compare equal
            JsonArray sp = new JsonArray();
            for (double f : speed) sp.add(f);
            o.add("speed_perturbation", sp);
        }
        o.addProperty("epochs", epochs);
        o.addProperty("batch", batch);
        o.addProperty("optimizer", "Adam");
        o.addProperty("lr", lr);
        o.addProperty("plateau_factor", plateau[0]);
        o.addProperty("plateau_patience", (int) plateau[1]);
        o.addProperty("plateau_min_lr", plateau[2]);
        o.addProperty("description", describe());
        return o;
    }

    /** The feature_params object of model.json for frame features: the base window plus kind and deltas. */
    static JsonObject framesJson(FrameParams f) {
        JsonObject o = FeatureParamsJson.toJson(f.base());
        o.addProperty("frames_kind", f.kind().id());
        o.addProperty("deltas", f.deltas());
        o.addProperty("delta_width", f.deltaWidth());
        o.addProperty("channels", f.channels());
        o.addProperty("key", f.key());
        return o;
    }

    /** Frame parameters back from model.json; null when the model takes the notebook's vector. */
    static FrameParams framesFromJson(JsonObject o, String source) {
        if (o == null || !o.has("frames_kind")) {
            return null;
        }
        FeatureParams base = FeatureParamsJson.fromJson(o, source);
        try {
            return new FrameParams(base, FrameParams.Kind.parse(o.get("frames_kind").getAsString()),
                    o.get("deltas").getAsInt(), o.get("delta_width").getAsInt());
        } catch (RuntimeException e) {
            throw new UserError(source + ": frame feature parameters are invalid (" + Main.oneLine(e) + ")");
        }
    }
}
