package ser.model.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Shapes that no array can have are refused with the source named, not with a JDK internal message. */
class NpyShapeTest {

    static byte[] npy(String shape) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[10 + head.length + 64];
        b[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, b, 1, 5);
        b[6] = 1;
        b[8] = (byte) head.length;
        b[9] = (byte) (head.length >> 8);
        System.arraycopy(head, 0, b, 10, head.length);
        return b;
    }

    @Test
    void negativeAndOverflowingShapesNameTheSource() {
        for (String shape : new String[]{"(-3,)", "(4, -1)", "(65536, 65536, 65536)", "(2147483647, 2147483647)"}) {
            IOException e = assertThrows(IOException.class,
                    () -> Npy.read(new ByteArrayInputStream(npy(shape)), "x.npy"), shape);
            assertTrue(e.getMessage().startsWith("x.npy: "), e.getMessage());
            assertTrue(e.getMessage().contains("negative") || e.getMessage().contains("too large"), e.getMessage());
        }
    }
}
