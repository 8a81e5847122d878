/**
 * Where convolutions run: the {@link ser.engine.backend.ConvBackend} contract over raw float arrays and the CPU
 * reference {@link ser.engine.backend.CpuBackend}, which lowers each pass to one matrix product. The
 * {@code kernels} module supplies an OpenCL backend behind the same contract.
 *
 * <p>Dims: B batch, T input steps, U output steps, C input channels, F filters, K kernel width.
 */
package ser.engine.backend;
