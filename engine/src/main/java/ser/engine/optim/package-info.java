/** Optimisers: the {@link ser.engine.optim.Optimizer} contract and Keras 2.2's {@link ser.engine.optim.SGD}. */
package ser.engine.optim;
