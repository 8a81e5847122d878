package ser.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar app.jar COMMAND ...}. Exit codes: 0 success, 1 an unexpected failure, 2 bad input (arguments,
 * data folder, model or feature files; one line on stderr), 3 training stopped because the loss became NaN,
 * 130 training stopped by Ctrl-C (the best model is kept). A command line that will load an OpenCL driver first
 * re-launches this JVM with libjsig.so preloaded ({@link SignalChaining}).
 */
@Command(name = "ser", mixinStandardHelpOptions = true, version = "ser 0.1.0",
        description = "Speech emotion recognition: the 2019 RAVDESS notebook, reimplemented in Java.",
        subcommands = {TrainCommand.class, CrossvalCommand.class, EvaluateCommand.class, PredictCommand.class, FeaturesCommand.class,
                SummaryCommand.class, DownloadCommand.class, DevicesCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static final int BAD_INPUT = 2;
    public static final int NAN_LOSS = 3;
    public static final int INTERRUPTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        OptionalInt child = SignalChaining.relaunchIfNeeded(args, System.err);
        System.exit(child.isPresent() ? child.getAsInt() : run(args, System.out, System.err));
    }

    /** Runs one command line with the given streams and returns the exit code (what tests call). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = oneLine(e);
            commandLine.getErr().println("error: " + message);
            commandLine.getErr().flush();
            return isBadInput(e) ? BAD_INPUT : 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static boolean isBadInput(Throwable e) {
        return e instanceof UserError || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof IllegalArgumentException;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        } else if (!(e instanceof UserError || e instanceof IOException || e instanceof IllegalArgumentException
                || e instanceof UncheckedIOException)) {
            m = e.getClass().getSimpleName() + ": " + m;
        }
        return m.replace('\n', ' ').replace('\r', ' ');
    }
}
