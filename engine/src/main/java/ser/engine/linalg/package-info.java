/**
 * Single-precision matrix multiply, the engine's hot loop: the {@link ser.engine.linalg.MatMul} contract, the
 * reference {@link ser.engine.linalg.SimpleMatMul}, the Vector API kernel {@link ser.engine.linalg.VectorMatMul},
 * the plain-Java fallback {@link ser.engine.linalg.ScalarMatMul}, and {@link ser.engine.linalg.MatMuls} which picks
 * between them. Matrices are row-major float arrays addressed by offsets, as described on {@code MatMul}.
 */
package ser.engine.linalg;
