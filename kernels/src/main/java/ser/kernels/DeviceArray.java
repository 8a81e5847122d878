package ser.kernels;

import static org.jocl.CL.clReleaseMemObject;

import org.jocl.Pointer;
import org.jocl.cl_mem;

/**
 * One device buffer of {@code length} 4-byte elements (float or int) or 8-byte ones (double), owned by whoever
 * created it. Copies are blocking: a host array may be reused as soon as a call returns.
 */
final class DeviceArray implements AutoCloseable {

    private final OpenClContext cl;
    private final String name;
    private final int length;
    private final int elementBytes;
    private cl_mem mem;

    private DeviceArray(OpenClContext cl, String name, int length, int elementBytes) {
        this.cl = cl;
        this.name = name;
        this.length = length;
        this.elementBytes = elementBytes;
        this.mem = cl.allocate(name, (long) elementBytes * length);
    }

    /** A buffer of n floats (or ints), content undefined. */
    static DeviceArray floats(OpenClContext cl, String name, int n) {
        return new DeviceArray(cl, name, n, 4);
    }

    /** A buffer of n doubles, content undefined. */
    static DeviceArray doubles(OpenClContext cl, String name, int n) {
        return new DeviceArray(cl, name, n, 8);
    }

    /** A buffer holding a copy of the array. */
    static DeviceArray of(OpenClContext cl, String name, float[] host) {
        DeviceArray a = floats(cl, name, host.length);
        a.write(host, host.length);
        return a;
    }

    cl_mem mem() {
        return mem;
    }

    String name() {
        return name;
    }

    int length() {
        return length;
    }

    /** Copies the first n values of src to the start of the buffer. */
    void write(float[] src, int n) {
        check(n);
        cl.write(mem, name, Pointer.to(src), 4L * n);
    }

    void write(int[] src, int n) {
        check(n);
        cl.write(mem, name, Pointer.to(src), 4L * n);
    }

    /** Copies the first n values of the buffer into dst. */
    void read(float[] dst, int n) {
        check(n);
        cl.read(mem, name, Pointer.to(dst), 4L * n);
    }

    void read(int[] dst, int n) {
        check(n);
        cl.read(mem, name, Pointer.to(dst), 4L * n);
    }

    void read(double[] dst, int n) {
        check(n);
        cl.read(mem, name, Pointer.to(dst), 8L * n);
    }

    /** The whole buffer as a new float array. */
    float[] toFloats() {
        float[] a = new float[length];
        read(a, length);
        return a;
    }

    private void check(int n) {
        if (n < 0 || n > length) {
            throw new IllegalArgumentException(name + ": " + n + " elements do not fit its " + length);
        }
    }

    @Override
    public void close() {
        if (mem != null) {
            clReleaseMemObject(mem);
            mem = null;
        }
    }
}
