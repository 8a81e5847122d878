package ser.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ser.engine.models.Sequential;
import ser.model.NotebookNetwork;

/** The Keras-like summary table of the notebook network (or of a saved model). */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print the Keras-style summary of the notebook network or of a saved model.")
final class SummaryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--input-length", defaultValue = "259", description = "values per input (default ${DEFAULT-VALUE})")
    int inputLength;

    @Option(names = "--classes", defaultValue = "2", description = "output classes (default ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--width", defaultValue = "1", description = "the filter counts times this, in (0, 1], as train --width (default ${DEFAULT-VALUE})")
    double width;

    @Override
    public Integer call() throws Exception {
        Sequential m;
        if (model.given()) {
            var loaded = model.load();
            m = loaded.model();
            spec.commandLine().getOut().println("labels: " + loaded.labels());
        } else {
            if (!(width > 0 && width <= 1)) {
                throw new UserError("--width must be in (0, 1], got " + width);
            }
            m = NotebookNetwork.compiled(0, inputLength, classes, width, NotebookNetwork.LEARNING_RATE);
        }
        spec.commandLine().getOut().print(m.summary());
        spec.commandLine().getOut().println("optimizer: " + m.optimizer().config());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
