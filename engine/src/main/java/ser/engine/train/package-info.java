/**
 * Training hooks as Keras has them: {@link ser.engine.train.Callback} (no-op hooks), {@link ser.engine.train.History},
 * {@link ser.engine.train.ReduceLROnPlateau}, {@link ser.engine.train.TerminateOnNaN}, and the
 * {@link ser.engine.train.Evaluation} result.
 */
package ser.engine.train;
