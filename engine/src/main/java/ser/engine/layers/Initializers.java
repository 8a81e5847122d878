package ser.engine.layers;

import ser.engine.Rng;

/** Keras' default initialisers. Zeros and ones need no code; Glorot-uniform does. */
public final class Initializers {

    private Initializers() {
    }

    /**
     * Keras glorot_uniform: U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)), filled in row-major order
     * from rng. For a Conv1D kernel (K, C, F) fan_in = K*C and fan_out = K*F; for a Dense kernel (in, units)
     * fan_in = in and fan_out = units.
     */
    public static void glorotUniform(float[] values, int fanIn, int fanOut, Rng rng) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.uniform(-limit, limit);
        }
    }
}
