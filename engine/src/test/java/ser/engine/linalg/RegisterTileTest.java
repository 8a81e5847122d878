package ser.engine.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tile follows the register file: it must fit, and the label round-trips through the property's parser. */
class RegisterTileTest {

    @Test
    void registerFilesOfTheCommonMachines() {
        assertEquals(16, RegisterTile.vectorRegisters("amd64", 256));   // AVX2: ymm0-15
        assertEquals(16, RegisterTile.vectorRegisters("amd64", 128));   // SSE/AVX at 128 bits: xmm0-15
        assertEquals(32, RegisterTile.vectorRegisters("amd64", 512));   // AVX-512: zmm0-31
        assertEquals(32, RegisterTile.vectorRegisters("aarch64", 128)); // NEON: v0-31
        assertEquals(16, RegisterTile.vectorRegisters("riscv64", 128)); // unknown: the conservative count
    }

    @Test
    void theChosenTileFitsTheRegistersAndKeepsEnoughFmaChains() {
        for (int registers : new int[] {16, 32}) {
            RegisterTile t = RegisterTile.forRegisters(registers);
            assertTrue(t.registersNeeded() <= registers, t.label() + " needs " + t.registersNeeded());
            assertTrue(t.rows * t.vectors >= 8, t.label() + ": too few accumulators to hide the FMA latency");
        }
        assertEquals(RegisterTile.T5X2, RegisterTile.forRegisters(16)); // 5 x 16 floats
        assertEquals(RegisterTile.T8X2, RegisterTile.forRegisters(32));
        assertEquals(22, RegisterTile.T8X2.registersNeeded());           // why 8x2v spills on AVX2
        assertEquals(18, RegisterTile.T6X2.registersNeeded());           // and 6x2v too, as C2 schedules it
    }

    @Test
    void packedAStepsArePowersOfTwoSoTheKernelsIndexByAShift() {
        for (RegisterTile t : RegisterTile.values()) {
            int step = t.aStep();
            assertTrue(step >= t.rows && step < 2 * t.rows && Integer.bitCount(step) == 1, t.label() + ": " + step);
        }
        assertEquals(8, RegisterTile.T5X2.aStep());
        assertEquals(8, RegisterTile.T6X2.aStep());
        assertEquals(16, RegisterTile.T12X2.aStep());
    }

    @Test
    void labelsRoundTripAndBadOnesNameTheChoices() {
        for (RegisterTile t : RegisterTile.values()) {
            assertEquals(t, RegisterTile.parse(t.label()));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> RegisterTile.parse("7x7"));
        assertTrue(e.getMessage().contains("ser.matmul.tile=7x7") && e.getMessage().contains("6x2v"),
                e.getMessage());
    }
}
