package ser.engine.linalg;

import ser.engine.concurrent.WorkerPool;

/** Started by {@link MatMulSpeciesTest}: prints {@link MatMuls#description()} and runs one tiny product. */
public final class DescriptionProbe {

    public static void main(String[] args) {
        System.out.println(MatMuls.description());
        float[] c = new float[1];
        MatMuls.best(WorkerPool.single()).multiply(1, 1, 1, new float[] {2}, new int[] {0}, new float[] {3}, 0, 1,
                c, 0, 1, false);
        System.out.println(c[0]);
    }

    private DescriptionProbe() {
    }
}
