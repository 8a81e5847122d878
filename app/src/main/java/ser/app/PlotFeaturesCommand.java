package ser.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ser.app.report.MatrixPlot;
import ser.data.FeatureCache;
import ser.data.FrameExtraction;
import ser.data.RavdessFile;
import ser.features.FrameParams;
import ser.features.Normalisation;

/**
 * Draws one recording's frame-level feature matrix (the recipe's) three ways: raw, normalised by its speaker's
 * statistics (all clips of the same actor in --data), and normalised by its own statistics.
 */
@Command(name = "plot-features", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draw a clip's feature matrix before and after per-speaker and per-utterance normalisation.")
final class PlotFeaturesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Option(names = "--recipe", defaultValue = "speaker-independent", description = "recipe whose features are drawn (default ${DEFAULT-VALUE})")
    String recipe;

    @Option(names = "--static-only", description = "draw only the static coefficients (no delta channels)")
    boolean staticOnly;

    @Option(names = "--out", paramLabel = "FILE.png", required = true)
    Path out;

    @Mixin
    CacheOption cache;

    @Parameters(paramLabel = "NAME", description = "recording name, e.g. 03-01-05-02-01-01-01.wav")
    String name;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        FrameParams f = Recipe.named(recipe).frames();
        if (staticOnly) {
            f = new FrameParams(f.base(), f.kind(), 0, f.deltaWidth());
        }
        List<RavdessFile> files = data.recordings(spec.commandLine().getOut(), spec.commandLine().getErr()).files();
        RavdessFile clip = files.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new UserError(name + ": no such recording in " + data.dirOrDefault()));
        List<Path> same = new ArrayList<>();
        int index = -1;
        for (RavdessFile r : files) {
            if (r.actor() == clip.actor()) {
                if (r.equals(clip)) index = same.size();
                same.add(r.path());
            }
        }
        float[][] raw = new FrameExtraction(f, new FeatureCache(cache.dir, f.key()), Runtime.getRuntime().availableProcessors())
                .extract(same, d -> { });
        int T = f.frames();
        int C = f.channels();
        float[] m = raw[index];
        float[] bySpeaker = Normalisation.apply(m, Normalisation.stats(List.of(raw), T, C), T, C);
        float[] byUtterance = Normalisation.apply(m, Normalisation.stats(List.of(m), T, C), T, C);
        MatrixPlot.panels(out, name + ": " + f.describe().replaceAll(" \\(sr.*", ""),
                List.of("raw", "per speaker (statistics of actor " + clip.actor() + "'s " + same.size() + " clips)",
                        "per utterance (statistics of this clip)"),
                List.of(m, bySpeaker, byUtterance), T, C);
        o.println("wrote " + out);
        return 0;
    }
}
