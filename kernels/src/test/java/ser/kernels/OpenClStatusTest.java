package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jocl.CL;
import org.junit.jupiter.api.Test;

/** Status names without the native library, and the same names as JOCL's own table where that one can load. */
class OpenClStatusTest {

    @Test
    void namesStandardCodesWithoutTouchingJocl() {
        assertEquals("CL_SUCCESS", OpenClStatus.name(0));
        assertEquals("CL_OUT_OF_RESOURCES", OpenClStatus.name(-5));
        assertEquals("CL_BUILD_PROGRAM_FAILURE", OpenClStatus.name(-11));
        assertEquals("CL_INVALID_COMMAND_QUEUE", OpenClStatus.name(-36));
        assertEquals("CL_INVALID_BUFFER_SIZE", OpenClStatus.name(-61));
        assertEquals("CL_MAX_SIZE_RESTRICTION_EXCEEDED", OpenClStatus.name(-72));
        assertEquals("CL_PLATFORM_NOT_FOUND_KHR", OpenClStatus.name(-1001));
        assertEquals("CL status", OpenClStatus.name(-9999));
        assertEquals("CL status", OpenClStatus.name(-20), "-20 to -29 are unassigned in cl.h");
    }

    @Test
    void anExceptionMessageNamesTheStatus() {
        OpenClException e = new OpenClException(-36, "clFinish", "some-gpu");
        assertEquals("CL_INVALID_COMMAND_QUEUE (-36) in clFinish on device 'some-gpu'", e.getMessage());
        assertEquals(-36, e.status());
        assertEquals("CL status (-9999) in clFinish on device 'some-gpu'",
                new OpenClException(-9999, "clFinish", "some-gpu").getMessage());
    }

    @Test
    void agreesWithJoclsTableWhereItsNativeLibraryLoads() {
        String first;
        try {
            first = CL.stringFor_errorCode(0);
        } catch (LinkageError e) {
            System.out.println("SKIPPING comparison with JOCL's table: its native library does not load (" + e + ")");
            assumeTrue(false, "JOCL's status table needs the native OpenCL library, which does not load here: " + e);
            return;
        }
        assertEquals("CL_SUCCESS", first);
        List<String> onlyHere = new ArrayList<>();
        int compared = 0;
        for (int code = -1100; code <= 0; code++) {
            String jocl = CL.stringFor_errorCode(code);
            if (jocl.startsWith("CL_")) {
                assertEquals(jocl, OpenClStatus.name(code), "code " + code);
                compared++;
            }
        }
        for (Map.Entry<Integer, String> e : OpenClStatus.all().entrySet()) {
            if (!CL.stringFor_errorCode(e.getKey()).startsWith("CL_")) {
                onlyHere.add(e.getKey() + " " + e.getValue());
            }
        }
        System.out.println("  " + compared + " status names agree with JOCL's; named here only: " + onlyHere);
        assertTrue(compared >= 60, "JOCL named only " + compared + " codes");
    }
}
