package ser.kernels;

import static org.jocl.CL.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * One device's OpenCL context and in-order command queue, with the programs built on it (each source and option
 * set compiled once), the kernels created from them (created once, reused) and the device buffers
 * ({@link DeviceBuffers}). Not thread-safe: a kernel's arguments are state, so callers serialise launches.
 */
public final class OpenClContext implements AutoCloseable {

    private final OpenClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final Map<String, cl_program> programs = new HashMap<>();   // key: program name + options
    private final Map<String, cl_kernel> kernels = new HashMap<>();     // key: program key + kernel name
    private final DeviceBuffers buffers;
    private boolean closed;
    private boolean profiling;
    private final long[] profile = new long[5];   // upload ns, kernel ns, download ns, bytes up, bytes down

    private OpenClContext(OpenClDevice device, cl_context context, cl_command_queue queue) {
        this.device = device;
        this.context = context;
        this.queue = queue;
        this.buffers = new DeviceBuffers(context, device.name());
    }

    /** Creates a context and an in-order queue on the device. */
    public static OpenClContext create(OpenClDevice device) {
        int[] status = new int[1];
        cl_device_id[] ids = {device.device()};
        cl_context context = clCreateContext(null, 1, ids, null, null, status);
        OpenClException.check(status[0], "clCreateContext", device.name());
        @SuppressWarnings("deprecation") // clCreateCommandQueueWithProperties needs OpenCL 2.0; this works on 1.2 too
        cl_command_queue queue = clCreateCommandQueue(context, device.device(), 0, status);
        if (status[0] != CL_SUCCESS) {
            clReleaseContext(context);
            throw new OpenClException(status[0], "clCreateCommandQueue", device.name());
        }
        return new OpenClContext(device, context, queue);
    }

    public OpenClDevice device() {
        return device;
    }

    DeviceBuffers buffers() {
        return buffers;
    }

    /** The text of a kernel source kept as a resource beside this class, e.g. "conv1d.cl". */
    public static String resource(String name) {
        try (InputStream in = OpenClContext.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("kernel source ser/kernels/" + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source ser/kernels/" + name, e);
        }
    }

    /**
     * The kernel {@code kernelName} of the program built from {@code source} with {@code options}; the program is
     * compiled on first use and cached under {@code programName} and the options.
     *
     * @throws KernelBuildException when the program does not compile; the message names program, kernel and
     *                              device and holds the build log
     */
    // docs:begin kernel
    public cl_kernel kernel(String programName, String source, String options, String kernelName) {
        String programKey = programName + " " + options;
        cl_kernel kernel = kernels.get(programKey + "#" + kernelName);
        if (kernel != null) {
            return kernel;
        }
        cl_program program = programs.get(programKey);
        if (program == null) {
            program = build(programName, source, options, kernelName);
            programs.put(programKey, program);
        }
        int[] status = new int[1];
        kernel = clCreateKernel(program, kernelName, status);
        OpenClException.check(status[0], "clCreateKernel(" + kernelName + " of " + programName + ")", device.name());
        kernels.put(programKey + "#" + kernelName, kernel);
        return kernel;
    }
    // docs:end kernel

    private cl_program build(String programName, String source, String options, String kernelName) {
        int[] status = new int[1];
        cl_program program = clCreateProgramWithSource(context, 1, new String[] {source}, null, status);
        OpenClException.check(status[0], "clCreateProgramWithSource(" + programName + ")", device.name());
        int built = clBuildProgram(program, 1, new cl_device_id[] {device.device()}, options, null, null);
        if (built != CL_SUCCESS) {
            String log = buildLog(program);
            clReleaseProgram(program);
            throw new KernelBuildException(built, programName, kernelName, device.name(), options, log);
        }
        return program;
    }

    private String buildLog(cl_program program) {
        long[] size = new long[1];
        if (clGetProgramBuildInfo(program, device.device(), CL_PROGRAM_BUILD_LOG, 0, null, size) != CL_SUCCESS) {
            return "(no build log: clGetProgramBuildInfo failed)";
        }
        byte[] log = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, device.device(), CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        return OpenClDevice.cString(log);
    }

    /** CL_KERNEL_WORK_GROUP_SIZE: the largest work-group this compiled kernel can run with on the device. */
    public long maxWorkGroupSize(cl_kernel kernel, String kernelName) {
        long[] size = new long[1];
        OpenClException.check(clGetKernelWorkGroupInfo(kernel, device.device(), CL_KERNEL_WORK_GROUP_SIZE,
                Sizeof.size_t, Pointer.to(size), null), "clGetKernelWorkGroupInfo(" + kernelName + ")", device.name());
        return size[0];
    }

    // ***** moving data and launching *****

    /** Copies n floats of src to a buffer of this role (blocking: src may be reused when this returns). */
    cl_mem upload(String role, float[] src, int n) {
        cl_mem mem = buffers.get(role, 4L * n);
        long start = System.nanoTime();
        OpenClException.check(clEnqueueWriteBuffer(queue, mem, CL_TRUE, 0, 4L * n, Pointer.to(src), 0, null, null),
                "clEnqueueWriteBuffer(" + role + ", " + n + " floats)", device.name());
        profile[0] += System.nanoTime() - start;
        profile[3] += 4L * n;
        return mem;
    }

    /** Copies n floats from the buffer into dst (blocking; waits for the kernels queued before it). */
    void download(cl_mem mem, String role, float[] dst, int n) {
        long start = System.nanoTime();
        OpenClException.check(clEnqueueReadBuffer(queue, mem, CL_TRUE, 0, 4L * n, Pointer.to(dst), 0, null, null),
                "clEnqueueReadBuffer(" + role + ", " + n + " floats)", device.name());
        profile[2] += System.nanoTime() - start;
        profile[4] += 4L * n;
    }

    /** A buffer of its own (not one of {@link #buffers()}'s shared roles); the caller releases it. */
    cl_mem allocate(String what, long bytes) {
        int[] status = new int[1];
        cl_mem mem = clCreateBuffer(context, CL_MEM_READ_WRITE, Math.max(bytes, 4), null, status);
        OpenClException.check(status[0], "clCreateBuffer(" + what + ", " + bytes + " bytes)", device.name());
        return mem;
    }

    /** Blocking copy of bytes from host memory at src into the buffer, counted as an upload. */
    void write(cl_mem mem, String what, Pointer src, long bytes) {
        long start = System.nanoTime();
        OpenClException.check(clEnqueueWriteBuffer(queue, mem, CL_TRUE, 0, bytes, src, 0, null, null),
                "clEnqueueWriteBuffer(" + what + ", " + bytes + " bytes)", device.name());
        profile[0] += System.nanoTime() - start;
        profile[3] += bytes;
    }

    /** Blocking copy of bytes from the buffer into host memory at dst (waits for the kernels queued before it). */
    void read(cl_mem mem, String what, Pointer dst, long bytes) {
        long start = System.nanoTime();
        OpenClException.check(clEnqueueReadBuffer(queue, mem, CL_TRUE, 0, bytes, dst, 0, null, null),
                "clEnqueueReadBuffer(" + what + ", " + bytes + " bytes)", device.name());
        profile[2] += System.nanoTime() - start;
        profile[4] += bytes;
    }

    /** Sets the arguments (cl_mem, DeviceArray, Integer, Long, Float or Double, in order) and enqueues the kernel over a 1D or 2D range. */
    void launch(cl_kernel kernel, String kernelName, long[] global, long[] local, Object... args) {
        for (int i = 0; i < args.length; i++) {
            int status;
            if (args[i] instanceof cl_mem mem) {
                status = clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(mem));
            } else if (args[i] instanceof DeviceArray a) {
                status = clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(a.mem()));
            } else if (args[i] instanceof Integer v) {
                status = clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
            } else if (args[i] instanceof Long v) {
                status = clSetKernelArg(kernel, i, Sizeof.cl_long, Pointer.to(new long[] {v}));
            } else if (args[i] instanceof Float v) {
                status = clSetKernelArg(kernel, i, Sizeof.cl_float, Pointer.to(new float[] {v}));
            } else if (args[i] instanceof Double v) {
                status = clSetKernelArg(kernel, i, Sizeof.cl_double, Pointer.to(new double[] {v}));
            } else {
                throw new IllegalArgumentException("kernel argument " + i + " of " + kernelName + ": unsupported "
                        + args[i].getClass().getSimpleName());
            }
            OpenClException.check(status, "clSetKernelArg(" + kernelName + ", argument " + i + ")", device.name());
        }
        long start = System.nanoTime();
        OpenClException.check(clEnqueueNDRangeKernel(queue, kernel, global.length, null, global, local, 0, null, null),
                "clEnqueueNDRangeKernel(" + kernelName + ", global " + java.util.Arrays.toString(global) + ", local "
                        + java.util.Arrays.toString(local) + ")", device.name());
        if (profiling) {   // wait, so the time is the kernel's and not the next download's
            finish(kernelName);
            profile[1] += System.nanoTime() - start;
        }
    }

    /** When on, every launch waits for its kernel so that {@link #profile()} can split the time. */
    void setProfiling(boolean on) {
        profiling = on;
    }

    /** Time and bytes so far: nanoseconds uploading, in kernels (only while profiling), downloading. */
    Profile profile() {
        return new Profile(profile[0], profile[1], profile[2], profile[3], profile[4]);
    }

    void resetProfile() {
        java.util.Arrays.fill(profile, 0);
    }

    /** Waits until everything queued has finished; errors of asynchronous work surface here. */
    void finish(String what) {
        OpenClException.check(clFinish(queue), "clFinish(" + what + ")", device.name());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffers.close();
        kernels.values().forEach(k -> clReleaseKernel(k));
        programs.values().forEach(p -> clReleaseProgram(p));
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
