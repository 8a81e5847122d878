/**
 * The notebook's network and how it is kept on disk: {@link ser.model.NotebookNetwork} builds the 2019 Keras
 * model layer for layer, {@link ser.model.SavedModel} writes and reads a folder with {@code model.json} and a
 * NumPy weights archive with Keras names and layouts, and {@link ser.model.ModelCheckpoint} saves the best
 * epoch and the last epoch (for {@code --resume}) while {@code fit} runs.
 */
package ser.model;
