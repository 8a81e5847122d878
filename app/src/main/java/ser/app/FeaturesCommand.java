package ser.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ser.data.RavdessFile;
import ser.features.Audio;
import ser.features.FeatureParams;
import ser.features.Features;
import ser.model.io.Npy;
import ser.model.io.NpyArray;
import ser.model.io.Npz;

/**
 * The notebook's feature vectors (length 259) of WAV files: one file to a .npy of shape (259,), several (or
 * --data) to a .npz with names (N,) strings, x (N, 259) float32 and frames (N,) int32, the number of MFCC frames
 * before padding or cutting (and actors (N,) int32 with --data). Extraction runs on all cores.
 */
@Command(name = "features", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compute the notebook's 259-value MFCC vectors and save them as .npy/.npz.")
final class FeaturesCommand extends FolderWritingCommand {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "FILE.npy (one input) or FILE.npz")
    Path out;

    @Option(names = "--threads", description = "threads (default: all cores)")
    Integer threads;

    @Parameters(paramLabel = "FILE.wav", arity = "0..*")
    List<Path> wavs = new ArrayList<>();

    @Override
    protected Integer run() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter e = spec.commandLine().getErr();
        List<Path> inputs = new ArrayList<>(wavs);
        List<Integer> actors = new ArrayList<>();
        if (data.given() || wavs.isEmpty()) {
            for (RavdessFile f : data.recordings(o, e).files()) {
                inputs.add(f.path());
                actors.add(f.actor());
            }
        }
        if (inputs.isEmpty()) {
            throw new UserError("give WAV files or --data DIR");
        }
        String name = out.getFileName().toString().toLowerCase();
        boolean npy = name.endsWith(".npy");
        if (!npy && !name.endsWith(".npz")) {
            throw new UserError("--out must end in .npy or .npz, got " + out);
        }
        if (npy && inputs.size() != 1) {
            throw new UserError("--out " + out + ": a .npy holds one vector; use .npz for " + inputs.size() + " inputs");
        }
        for (Path p : inputs) {
            if (!Files.isRegularFile(p)) {
                throw new UserError(p + (Files.isDirectory(p) ? ": is a folder, not a WAV file (for a folder of"
                        + " recordings use --data)" : ": no such file"));
            }
        }
        lock = FolderLock.acquireForFile(out, "features", e);
        FeatureParams params = FeatureParams.NOTEBOOK;
        int n = inputs.size();
        float[] x = new float[n * params.length()];
        int[] frames = new int[n];
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
        ExecutorService pool = Executors.newFixedThreadPool(t);
        long t0 = System.nanoTime();
        try {
            List<Future<double[]>> fs = new ArrayList<>();
            for (Path p : inputs) {
                fs.add(pool.submit(() -> {
                    float[] samples = Audio.load(p, params);
                    if (samples.length == 0) {
                        throw new java.io.IOException(p + ": no audio after offset " + params.offset() + " s");
                    }
                    return Features.frameMeans(samples, params);
                }));
            }
            for (int i = 0; i < n; i++) {
                double[] means;
                try {
                    means = fs.get(i).get();
                } catch (ExecutionException ex) {
                    throw ex.getCause() instanceof Exception c ? c : ex;
                }
                frames[i] = means.length;
                // zero-padded or cut to the notebook's length (its fillna(0))
                for (int k = 0; k < Math.min(params.length(), means.length); k++) {
                    x[i * params.length() + k] = (float) means[k];
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (npy) {
            Npy.write(out, NpyArray.ofFloats(x, params.length()));
        } else {
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            arrays.put("names", NpyArray.ofStrings(inputs.stream().map(p -> p.getFileName().toString()).toArray(String[]::new)));
            arrays.put("x", NpyArray.ofFloats(x, n, params.length()));
            arrays.put("frames", NpyArray.ofInts(frames, n));
            if (data != null && wavs.isEmpty()) {
                arrays.put("actors", NpyArray.ofInts(actors.stream().mapToInt(Integer::intValue).toArray(), n));
            }
            Npz.write(out, arrays);
        }
        o.printf("wrote %s: %d vector(s) of %d values in %.1f s on %d threads%n", out, n, params.length(),
                (System.nanoTime() - t0) / 1e9, t);
        return 0;
    }
}
