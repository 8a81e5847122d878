package ser.kernels;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device and the limits the host code needs (read once, when the device is discovered).
 *
 * @param platform         the platform's handle
 * @param device           the device's handle
 * @param platformName     CL_PLATFORM_NAME, e.g. "Portable Computing Language"
 * @param name             CL_DEVICE_NAME, e.g. "NVIDIA H100 80GB HBM3"
 * @param gpu              CL_DEVICE_TYPE includes CL_DEVICE_TYPE_GPU
 * @param type             the device type in words, e.g. "GPU" or "CPU"
 * @param computeUnits     CL_DEVICE_MAX_COMPUTE_UNITS
 * @param globalMemBytes   CL_DEVICE_GLOBAL_MEM_SIZE
 * @param localMemBytes    CL_DEVICE_LOCAL_MEM_SIZE
 * @param maxWorkGroupSize CL_DEVICE_MAX_WORK_GROUP_SIZE
 * @param maxWorkItemSizes CL_DEVICE_MAX_WORK_ITEM_SIZES, one limit per dimension
 */
public record OpenClDevice(cl_platform_id platform, cl_device_id device, String platformName, String name,
                           boolean gpu, String type, int computeUnits, long globalMemBytes, long localMemBytes,
                           long maxWorkGroupSize, long[] maxWorkItemSizes) {

    /** Reads the device's name and limits. */
    static OpenClDevice describe(cl_platform_id platform, cl_device_id device) {
        String deviceName = deviceString(device, CL_DEVICE_NAME).strip();
        long type = deviceLong(device, CL_DEVICE_TYPE, Sizeof.cl_ulong, deviceName);
        int dims = (int) deviceLong(device, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS, Sizeof.cl_uint, deviceName);
        long[] itemSizes = new long[Math.max(dims, 1)];
        OpenClException.check(clGetDeviceInfo(device, CL_DEVICE_MAX_WORK_ITEM_SIZES,
                (long) Sizeof.size_t * itemSizes.length, Pointer.to(itemSizes), null),
                "clGetDeviceInfo(CL_DEVICE_MAX_WORK_ITEM_SIZES)", deviceName);
        return new OpenClDevice(platform, device, platformString(platform, CL_PLATFORM_NAME).strip(), deviceName,
                (type & CL_DEVICE_TYPE_GPU) != 0, typeName(type),
                (int) deviceLong(device, CL_DEVICE_MAX_COMPUTE_UNITS, Sizeof.cl_uint, deviceName),
                deviceLong(device, CL_DEVICE_GLOBAL_MEM_SIZE, Sizeof.cl_ulong, deviceName),
                deviceLong(device, CL_DEVICE_LOCAL_MEM_SIZE, Sizeof.cl_ulong, deviceName),
                deviceLong(device, CL_DEVICE_MAX_WORK_GROUP_SIZE, Sizeof.size_t, deviceName),
                itemSizes);
    }

    /** One line for listings: platform, device, type, compute units, memory, work-group limit. */
    public String describeLine() {
        return String.format("%s | %s | %s | %d compute units | %d MiB global memory | %d KiB local memory"
                        + " | max work-group %d",
                platformName, name, type, computeUnits, globalMemBytes >> 20, localMemBytes >> 10, maxWorkGroupSize);
    }

    @Override
    public String toString() {
        return name + " (" + type + ", " + platformName + ")";
    }

    private static String typeName(long type) {
        if ((type & CL_DEVICE_TYPE_GPU) != 0) {
            return "GPU";
        }
        if ((type & CL_DEVICE_TYPE_CPU) != 0) {
            return "CPU";
        }
        if ((type & CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            return "accelerator";
        }
        return "other";
    }

    // Integer-valued info; size is the C type's size (cl_uint, cl_ulong or size_t), widened to long.
    private static long deviceLong(cl_device_id device, int param, int size, String deviceName) {
        long[] value = new long[1];
        if (size == Sizeof.cl_uint) {
            int[] v = new int[1];
            OpenClException.check(clGetDeviceInfo(device, param, size, Pointer.to(v), null),
                    "clGetDeviceInfo(" + param + ")", deviceName);
            return v[0] & 0xffffffffL;
        }
        OpenClException.check(clGetDeviceInfo(device, param, size, Pointer.to(value), null),
                "clGetDeviceInfo(" + param + ")", deviceName);
        return value[0];
    }

    private static String deviceString(cl_device_id device, int param) {
        long[] size = new long[1];
        OpenClException.check(clGetDeviceInfo(device, param, 0, null, size), "clGetDeviceInfo(name)", "?");
        byte[] buffer = new byte[(int) size[0]];
        OpenClException.check(clGetDeviceInfo(device, param, buffer.length, Pointer.to(buffer), null),
                "clGetDeviceInfo(name)", "?");
        return cString(buffer);
    }

    static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        OpenClException.check(clGetPlatformInfo(platform, param, 0, null, size), "clGetPlatformInfo", "-");
        byte[] buffer = new byte[(int) size[0]];
        OpenClException.check(clGetPlatformInfo(platform, param, buffer.length, Pointer.to(buffer), null),
                "clGetPlatformInfo", "-");
        return cString(buffer);
    }

    static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
}
