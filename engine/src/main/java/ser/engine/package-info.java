/**
 * A small neural-network engine that re-implements the Keras 2.2 pieces the speech-emotion notebook uses:
 * {@link ser.engine.Tensor} (float32, row-major, activations [B, T, C]), {@link ser.engine.Rng} (the one seedable
 * random source), the layers in {@code ser.engine.layers}, SGD in {@code ser.engine.optim}, callbacks in
 * {@code ser.engine.train} (the training loop) and the {@link ser.engine.models.Sequential} model (in {@code ser.engine.models}, so that no package depends on one that depends back on it).
 *
 * <p>Dims used throughout: B batch, T steps, C channels, F filters, K kernel width, N samples or features.
 */
package ser.engine;
