/**
 * Keras 2 models into the engine: {@link ser.model.keras.KerasH5} reads a {@code model.save} or
 * {@code save_weights} .h5 file (jhdf), {@link ser.model.keras.KerasConfig} parses the Sequential architecture
 * (Keras 2.0.x's list or 2.1+'s dict), {@code KerasLayers} maps each layer config to engine layers (or refuses it
 * naming the setting), and {@link ser.model.keras.KerasImport} assembles the network and copies the weights, whose
 * layouts the engine shares with Keras. See docs/model-files.md.
 */
package ser.model.keras;
