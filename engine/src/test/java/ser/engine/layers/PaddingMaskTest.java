package ser.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import ser.engine.Tensor;
import ser.engine.models.Sequential;

/** The model finds each sample's trailing zero rows and GlobalAveragePooling1D(mask_padding) leaves them out. */
class PaddingMaskTest {

    @Test
    void validStepsEndAtTheLastNonZeroRow() {
        float[] x = {
                1, 2, 0, 0, 0, 0,        // sample 0: one real row of 3
                0, 0, 0, 5, 0, 0,        // sample 1: a zero row inside is real, the last row is padding
                0, 0, 0, 0, 0, 0,        // sample 2: all padding
        };
        assertArrayEquals(new int[] {1, 2, 0}, PaddingMasked.validSteps(x, 3, 3, 2));
    }

    @Test
    void sequentialPassesTheMaskToThePooling() {
        for (boolean mask : new boolean[] {true, false}) {
            Sequential m = new Sequential(1, 4, 2);
            m.add(new GlobalAveragePooling1D(mask));
            m.add(new Dense(2));
            m.add(new Activation("softmax"));
            // rows (1, 3), (3, 5), then two padding rows
            m.forward(Tensor.of(new float[] {1, 3, 3, 5, 0, 0, 0, 0}, 1, 4, 2), false);
            float[] pooled = m.lastOutput(0).data();
            assertArrayEquals(mask ? new float[] {2, 4} : new float[] {1, 2}, pooled, 1e-6f, "mask " + mask);
        }
    }

    @Test
    void configRoundTripsAndOmitsTheSettingWhenOff() {
        assertEquals(true, GlobalAveragePooling1D.fromConfig(new GlobalAveragePooling1D(true).config()).maskPadding());
        assertEquals(false, GlobalAveragePooling1D.fromConfig(new GlobalAveragePooling1D().config()).maskPadding());
        assertEquals(0, new GlobalAveragePooling1D().config().settings().size(), "Keras' plain layer has no settings");
    }
}
