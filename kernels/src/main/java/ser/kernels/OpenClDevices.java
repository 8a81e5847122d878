package ser.kernels;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Discovery of OpenCL devices through the ICD loader. */
public final class OpenClDevices {

    private OpenClDevices() {
    }

    /**
     * One line per device: platform, device, type, compute units, global and local memory, max work-group size.
     * Without a usable OpenCL runtime the list holds one line that says why.
     */
    public static List<String> list() {
        try {
            List<String> lines = new ArrayList<>();
            for (OpenClDevice d : all()) {
                lines.add(d.describeLine());
            }
            return lines;
        } catch (OpenClUnavailableException e) {
            return List.of(e.getMessage());
        }
    }

    /**
     * Every device of every platform, GPUs of a platform first as the platform reports them.
     *
     * @throws OpenClUnavailableException when there is no OpenCL runtime, no platform or no device
     */
    public static List<OpenClDevice> all() {
        try {
            return discover();
        } catch (OpenClException e) { // a driver that lists itself but fails to describe its devices
            throw new OpenClUnavailableException("device discovery failed: " + e.getMessage(), e);
        }
    }

    private static List<OpenClDevice> discover() {
        int[] count = new int[1];
        int status;
        try {
            CL.setExceptionsEnabled(false); // every status is checked where it is returned
            status = clGetPlatformIDs(0, null, count);
        } catch (LinkageError | RuntimeException e) { // JOCL's native part or the ICD loader libOpenCL is missing
            throw new OpenClUnavailableException("no OpenCL runtime: JOCL could not load libOpenCL.so, the ICD loader"
                    + " (Debian: apt-get install ocl-icd-opencl-dev pocl-opencl-icd) (" + firstLine(e) + ")", e);
        }
        if (status == CL_PLATFORM_NOT_FOUND_KHR || (status == CL_SUCCESS && count[0] == 0)) {
            throw new OpenClUnavailableException("no OpenCL platform (the ICD loader found no driver; "
                    + "install one, e.g. pocl-opencl-icd for the CPU)");
        }
        if (status != CL_SUCCESS) {
            throw new OpenClUnavailableException("clGetPlatformIDs failed: " + OpenClStatus.name(status));
        }
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        OpenClException.check(clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs", "-");
        List<OpenClDevice> devices = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            int[] n = new int[1];
            status = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
            if (status == CL_DEVICE_NOT_FOUND || n[0] == 0) {
                continue;
            }
            OpenClException.check(status, "clGetDeviceIDs", "-");
            cl_device_id[] ids = new cl_device_id[n[0]];
            OpenClException.check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null),
                    "clGetDeviceIDs", "-");
            for (cl_device_id id : ids) {
                devices.add(OpenClDevice.describe(platform, id));
            }
        }
        if (devices.isEmpty()) {
            throw new OpenClUnavailableException("no OpenCL device on " + platforms.length + " platform(s)");
        }
        return devices;
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
