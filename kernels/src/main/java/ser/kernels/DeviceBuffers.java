package ser.kernels;

import static org.jocl.CL.*;

import java.util.HashMap;
import java.util.Map;
import org.jocl.cl_context;
import org.jocl.cl_mem;

/**
 * Device buffers reused across calls, one per role ("x", "w", "y", ...). A buffer only grows: a request larger
 * than the current one releases it and allocates the new size, a smaller request reuses it. A training run thus
 * allocates each buffer a few times at the start (once per new largest layer) and never again.
 */
final class DeviceBuffers implements AutoCloseable {

    private record Slot(cl_mem mem, long bytes) {
    }

    private final cl_context context;
    private final String deviceName;
    private final Map<String, Slot> slots = new HashMap<>();
    private long allocatedBytes;
    private int allocations;

    DeviceBuffers(cl_context context, String deviceName) {
        this.context = context;
        this.deviceName = deviceName;
    }

    /** A buffer of at least {@code bytes} for this role; its content is undefined. */
    cl_mem get(String role, long bytes) {
        Slot slot = slots.get(role);
        if (slot != null && slot.bytes >= bytes) {
            return slot.mem;
        }
        if (slot != null) {
            clReleaseMemObject(slot.mem);
            allocatedBytes -= slot.bytes;
        }
        int[] status = new int[1];
        long size = Math.max(bytes, 4);
        cl_mem mem = clCreateBuffer(context, CL_MEM_READ_WRITE, size, null, status);
        if (status[0] != CL_SUCCESS) {
            slots.remove(role);
            throw new OpenClException(status[0], "clCreateBuffer(" + role + ", " + size + " bytes, "
                    + (allocatedBytes >> 20) + " MiB already allocated)", deviceName);
        }
        slots.put(role, new Slot(mem, size));
        allocatedBytes += size;
        allocations++;
        return mem;
    }

    /** Bytes currently held on the device. */
    long allocatedBytes() {
        return allocatedBytes;
    }

    /** How many clCreateBuffer calls were made so far (for tests of reuse). */
    int allocations() {
        return allocations;
    }

    @Override
    public void close() {
        for (Slot s : slots.values()) {
            clReleaseMemObject(s.mem);
        }
        slots.clear();
        allocatedBytes = 0;
    }
}
