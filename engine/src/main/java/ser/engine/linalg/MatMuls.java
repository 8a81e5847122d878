package ser.engine.linalg;

import java.util.function.Predicate;

import ser.engine.concurrent.WorkerPool;

/**
 * Picks the fastest {@link MatMul} this JVM can run: {@link VectorMatMul} when the incubating Vector API module
 * {@code jdk.incubator.vector} is loaded (run with {@code --add-modules jdk.incubator.vector}), else the plain-Java
 * {@link ScalarMatMul}. The vector class is only loaded after the module is found, so without the flag nothing
 * fails and nothing is printed.
 */
public final class MatMuls {

    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "ser.engine.linalg.VectorMatMul";

    private MatMuls() {
    }

    /** The fastest available kernel, using the given pool's threads. */
    public static MatMul best(WorkerPool pool) {
        return select(pool, MatMuls::moduleLoaded);
    }

    /** Whether {@link #best} will pick the Vector API kernel in this JVM. */
    public static boolean vectorApiAvailable() {
        return moduleLoaded(VECTOR_MODULE);
    }

    /**
     * One line saying which kernel {@link #best} picks and why, for a program's start-up log, e.g.
     * "matmul: vector-5x16 (jdk.incubator.vector, 256-bit FloatVector, 16 vector registers, tile 5x2v)".
     */
    public static String description() {
        if (vectorApiAvailable()) {
            return "matmul: " + vectorKernelDescription();
        }
        return "matmul: scalar-blocked (plain Java; run with --add-modules " + VECTOR_MODULE
                + " for the several times faster Vector API kernel)";
    }

    /** The selection rule with its module lookup as a seam, so tests can play a JVM without the module. */
    static MatMul select(WorkerPool pool, Predicate<String> moduleLoaded) {
        if (moduleLoaded.test(VECTOR_MODULE)) {
            try {
                return (MatMul) Class.forName(VECTOR_CLASS).getConstructor(WorkerPool.class).newInstance(pool);
            } catch (ReflectiveOperationException | LinkageError e) {
                rethrowBadProperty(e);
                // The module is there but the kernel cannot start (should not happen): the fallback still works.
                return new ScalarMatMul(pool);
            }
        }
        return new ScalarMatMul(pool);
    }

    /** A mistyped -Dser.matmul.tile or -Dser.matmul.species is the user's error: say so, do not fall back. */
    private static void rethrowBadProperty(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException bad) {
                throw bad;
            }
        }
    }

    private static boolean moduleLoaded(String name) {
        return ModuleLayer.boot().findModule(name).isPresent();
    }

    private static String vectorKernelDescription() {
        try {
            Class<?> k = Class.forName(VECTOR_CLASS);
            var species = k.getDeclaredMethod("species");
            MatMul m = (MatMul) k.getConstructor(WorkerPool.class).newInstance(WorkerPool.single());
            return m.name() + " (" + VECTOR_MODULE + ", " + species.invoke(null) + ")";
        } catch (ReflectiveOperationException | LinkageError e) {
            rethrowBadProperty(e);
            return "scalar-blocked (" + VECTOR_MODULE + " present but the vector kernel failed to load: " + e + ")";
        }
    }
}
