/**
 * Where convolutions run: the {@link ser.engine.backend.ConvBackend} contract over raw float arrays, the
 * {@link ser.engine.backend.ReferenceBackend} (the formulas as loops, what a reader meets first) and the fast
 * {@link ser.engine.backend.CpuBackend}, which lowers each pass to one matrix product. The
 * {@code kernels} module supplies an OpenCL backend behind the same contract.
 *
 * <p>Dims: B batch, T input steps, U output steps, C input channels, F filters, K kernel width.
 */
package ser.engine.backend;
