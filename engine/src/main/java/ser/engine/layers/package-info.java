/**
 * The layers of the notebook's network, one class each, with forward and backward next to each other and the
 * derivation in the class javadoc: {@link ser.engine.layers.Conv1D}, {@link ser.engine.layers.BatchNormalization},
 * {@link ser.engine.layers.Activation}, {@link ser.engine.layers.Dropout}, {@link ser.engine.layers.MaxPooling1D},
 * {@link ser.engine.layers.Flatten}, {@link ser.engine.layers.Dense}, and the fused loss
 * {@link ser.engine.layers.SoftmaxCrossEntropy}.
 *
 * <p>Dims: B batch, T steps (input), U steps (output), C channels (input), F filters, K kernel width, N features.
 * Activations are row-major [B, T, C] (Keras channels_last); weights use Keras layouts (Conv1D kernel (K, C, F),
 * Dense kernel (N, units)).
 */
package ser.engine.layers;
