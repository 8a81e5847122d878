/**
 * How a model trains, as Keras has it: the loop ({@link ser.engine.train.FitLoop}, Keras' {@code fit_loop}) with
 * its settings ({@link ser.engine.train.FitSettings}) and what it needs of a model
 * ({@link ser.engine.train.Trainable}); the hooks ({@link ser.engine.train.Callback}, called through a
 * {@link ser.engine.train.CallbackList}, seeing a {@link ser.engine.train.TrainingContext} rather than the model);
 * {@link ser.engine.train.History}, {@link ser.engine.train.ReduceLROnPlateau},
 * {@link ser.engine.train.TerminateOnNaN}; the {@link ser.engine.train.Evaluation} result.
 */
package ser.engine.train;
