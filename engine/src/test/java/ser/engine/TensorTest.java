package ser.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorTest {

    @Test
    void rowMajorLayoutBtc() {
        float[] d = new float[2 * 3 * 4];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        Tensor t = Tensor.of(d, 2, 3, 4);
        int b = 1, s = 2, c = 3;
        assertEquals((b * 3 + s) * 4 + c, t.data()[(b * t.dim(1) + s) * t.dim(2) + c]);
        assertEquals(24, t.size());
        assertEquals(4, t.dim(-1));
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        assertEquals("(2, 3, 4)", t.shapeString());
    }

    @Test
    void reshapeIsAViewAndCopyIsNot() {
        Tensor t = Tensor.zeros(2, 6);
        Tensor v = t.reshape(2, 3, 2);
        assertSame(t.data(), v.data());
        Tensor c = t.copy();
        c.data()[0] = 5;
        assertEquals(0f, t.data()[0]);
    }

    @Test
    void badShapesGiveClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertTrue(e.getMessage().contains("[4, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).dim(3));
    }
}
