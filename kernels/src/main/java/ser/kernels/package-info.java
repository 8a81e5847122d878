/**
 * The OpenCL backend of the engine, through JOCL: convolution kernels kept as readable OpenCL C resources
 * ({@code ser/kernels/*.cl}), the host code that compiles them once per device and moves data
 * ({@link ser.kernels.OpenClContext}, {@link ser.kernels.DeviceBuffers}), the backend itself
 * ({@link ser.kernels.OpenClBackend}) and the choice between it and the CPU ({@link ser.kernels.Backends},
 * {@link ser.kernels.OpenClDevices}).
 *
 * <p>Every OpenCL status code is checked where it is returned and turned into an {@link ser.kernels.OpenClException}
 * that names the CL_* status, the call, the device and the kernel; a failed program build carries its build log
 * ({@link ser.kernels.KernelBuildException}).
 */
package ser.kernels;
