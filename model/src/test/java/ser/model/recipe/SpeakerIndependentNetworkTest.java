package ser.model.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.engine.Rng;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.layers.Layer;
import ser.engine.optim.Adam;
import ser.model.NotebookNetwork;
import ser.model.SavedModel;

class SpeakerIndependentNetworkTest {

    @TempDir
    Path dir;

    @Test
    void shapesAndParameterCount() {
        Sequential m = SpeakerIndependentNetwork.build(1, 259, 80, 8);
        int params = m.layers().stream().mapToInt(Layer::paramCount).sum();
        assertEquals(200_904, params, "the count docs/beyond-the-notebook.md quotes");
        assertArrayEquals(new int[] {32, 128}, m.layers().get(m.layers().size() - 5).outputShape(), "after three pools of 2");
        assertArrayEquals(new int[] {8}, m.outputShape());
        assertTrue(SpeakerIndependentNetwork.describes(m));
        assertFalse(SpeakerIndependentNetwork.describes(NotebookNetwork.build(1, 259, 2)));
    }

    /** Saved and loaded: same architecture name, same predictions, Adam's settings and iteration count back. */
    @Test
    void savesAndLoadsWithAdam() throws Exception {
        Sequential m = SpeakerIndependentNetwork.build(7, 40, 6, 3);
        m.compile(new Adam(2e-3));
        Rng rng = new Rng(3);
        float[] x = new float[4 * 40 * 6];
        for (int i = 0; i < x.length; i++) x[i] = rng.uniform(-1, 1);
        Tensor t = Tensor.of(x, 4, 40, 6);
        m.trainOnBatch(t, new int[] {0, 1, 2, 1});
        float[][] before = m.predict(t, 4);
        SavedModel.save(dir, m, List.of("a", "b", "c"), new JsonObject(), new JsonObject(), false);
        SavedModel.Loaded back = SavedModel.load(dir);
        assertTrue(SpeakerIndependentNetwork.describes(back.model()));
        float[][] after = back.model().predict(t, 4);
        for (int i = 0; i < 4; i++) assertArrayEquals(before[i], after[i], "sample " + i);
        assertTrue(back.model().optimizer() instanceof Adam);
        assertEquals(1, back.model().optimizer().iterations());
        assertEquals(2e-3, back.model().optimizer().lr(), 1e-9);
    }

    /** Wider blocks, another dropout and the padding mask are in the layers, and survive saving. */
    @Test
    void optionsShapeTheNetworkAndAreSaved() throws Exception {
        SpeakerIndependentNetwork.Options o = SpeakerIndependentNetwork.Options.ORIGINAL.withFilters(32, 64, 96, 160)
                .withDropout(0.5).withMaskPadding(true);
        Sequential m = SpeakerIndependentNetwork.build(3, 64, 6, 4, o);
        assertEquals(160, m.layers().get(m.layers().size() - 5).outputShape()[1]);
        m.compile(new Adam(1e-3));
        SavedModel.save(dir.resolve("opt"), m, List.of("a", "b", "c", "d"), new JsonObject(), new JsonObject(), false);
        String json = java.nio.file.Files.readString(dir.resolve("opt/model.json"));
        assertTrue(json.contains("\"mask_padding\": true"), json);
        assertTrue(json.contains("\"rate\": 0.5"), json);
        Sequential back = SavedModel.load(dir.resolve("opt")).model();
        assertTrue(((ser.engine.layers.GlobalAveragePooling1D) back.layers().get(back.layers().size() - 4)).maskPadding());
        assertFalse(SpeakerIndependentNetwork.describes(back), "not the original network");
        assertThrows(IllegalArgumentException.class, () -> o.withFilters(1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> o.withDropout(1.0));
    }

    /** Saved with its state after one step, loaded, one more step: the weights of two uninterrupted steps. */
    @Test
    void adamResumesWhereItStopped() throws Exception {
        Rng rng = new Rng(5);
        float[] x = new float[6 * 40 * 6];
        for (int i = 0; i < x.length; i++) x[i] = rng.uniform(-1, 1);
        Tensor t = Tensor.of(x, 6, 40, 6);
        int[] y = {0, 1, 2, 1, 0, 2};
        Sequential straight = SpeakerIndependentNetwork.build(9, 40, 6, 3);
        straight.compile(new Adam(1e-2));
        straight.trainOnBatch(t, y);
        straight.trainOnBatch(t, y);

        Sequential first = SpeakerIndependentNetwork.build(9, 40, 6, 3);
        first.compile(new Adam(1e-2));
        first.trainOnBatch(t, y);
        SavedModel.save(dir.resolve("adam"), first, List.of("a", "b", "c"), new JsonObject(), new JsonObject(), true);
        Sequential resumed = SavedModel.load(dir.resolve("adam")).model();
        Adam adam = (Adam) resumed.optimizer();
        assertEquals(1, adam.iterations());
        assertFalse(adam.firstMoments().isEmpty(), "the moments came back");
        resumed.trainOnBatch(t, y);
        for (int i = 0; i < straight.weights().size(); i++) {
            assertArrayEquals(straight.weights().get(i).value().data(), resumed.weights().get(i).value().data(), 1e-7f,
                    straight.weights().get(i).path());
        }

        // without the moments the second step differs: the check above can fail
        SavedModel.save(dir.resolve("adam-bare"), first, List.of("a", "b", "c"), new JsonObject(), new JsonObject(), false);
        Sequential bare = SavedModel.load(dir.resolve("adam-bare")).model();
        bare.trainOnBatch(t, y);
        assertFalse(java.util.Arrays.equals(straight.weights().get(0).value().data(), bare.weights().get(0).value().data()));
    }
}
