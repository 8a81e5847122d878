package ser.features.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import ser.features.FeatureParams;
import ser.features.Features;

/**
 * End-to-end throughput: the notebook's vector for every WAV under a folder (the 1200 RAVDESS files), WAV bytes to
 * 259 floats, on 1 thread and on N threads. Prints files/s per run and the median, beside librosa 0.6.3's 18.7
 * files/s (single process, same machine; shared/fixtures/librosa/README.md).
 * <pre>
 * java -cp features/target/test-classes:features/target/classes:$(cat features/target/test-classpath.txt) \
 *      ser.features.bench.ThroughputMain /tmp/ravdess-wav [runs=5] [threads=1,2]
 * </pre>
 * The first pass over the files is a warm-up (JIT, page cache) and is not counted.
 */
public final class ThroughputMain {
    static final double LIBROSA_FILES_PER_S = 18.7;

    /** CPU time of the whole JVM (all threads, GC and JIT included). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        Path root = Paths.get(args.length > 0 ? args[0] : "/tmp/ravdess-wav");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int[] threadCounts = Arrays.stream((args.length > 2 ? args[2] : "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no .wav files under " + root);
        FeatureParams p = FeatureParams.NOTEBOOK;
        System.out.printf("%d files under %s, %d cores, %s %s%n", files.size(), root,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        Features.vectors(files, p, threadCounts[threadCounts.length - 1]); // warm-up
        for (int threads : threadCounts) {
            double[] rates = new double[runs];
            double[] cpuMs = new double[runs];
            for (int r = 0; r < runs; r++) {
                long c0 = processCpuNanos();
                long t0 = System.nanoTime();
                float[][] v = Features.vectors(files, p, threads);
                double s = (System.nanoTime() - t0) / 1e9;
                cpuMs[r] = (processCpuNanos() - c0) / 1e6 / v.length;
                rates[r] = v.length / s;
                System.out.printf("threads=%d run %d: %d files in %.2f s = %.1f files/s (%.2f ms/file wall, %.2f ms/file CPU)%n",
                        threads, r + 1, v.length, s, rates[r], 1000 * s / v.length, cpuMs[r]);
            }
            Arrays.sort(cpuMs);
            System.out.printf("threads=%d median CPU time %.2f ms/file (librosa: 52 ms/file)%n", threads, cpuMs[runs / 2]);
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            double median = sorted[runs / 2];
            System.out.printf("threads=%d median %.1f files/s = %.1fx librosa's %.1f files/s (min %.1f, max %.1f)%n",
                    threads, median, median / LIBROSA_FILES_PER_S, LIBROSA_FILES_PER_S, sorted[0], sorted[runs - 1]);
        }
    }
}
