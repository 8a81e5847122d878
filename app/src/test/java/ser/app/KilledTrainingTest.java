package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.data.SyntheticCorpus;
import ser.model.SavedModel;

/**
 * A training run killed at every crash point of its checkpoints (before each rename of best/ and last/ files and
 * before each log append; {@code -Dser.killAt=N} in a child JVM halts it as SIGKILL would) leaves a folder with no
 * dead end: {@code train --resume} continues it, or says to start again without --resume and {@code train} does.
 * Either way the finished folder holds both checkpoints and exactly one log row per epoch.
 */
class KilledTrainingTest {

    @TempDir
    Path dir;

    static final Pattern POINT = Pattern.compile("ser\\.killAt: point (\\d+): (.*)");

    String[] trainArgs(Path data, Path out, boolean resume) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--test-actors", "5", "--epochs", "2",
                "--out", out.toString(), "--cache", dir.resolve("cache").toString(), "--threads", "2", "--lr", "1e-3"));
        if (resume) {
            a.add("--resume");
        }
        return a.toArray(String[]::new);
    }

    Process child(int killAt, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dser.killAt=" + killAt, "-cp", System.getProperty("java.class.path"), "ser.app.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(Relaunch.NO_RELAUNCH, "1");   // a kill must reach the JVM that trains, not a launcher
        return pb.start();
    }

    int runChild(int killAt, Path log, String... args) throws Exception {
        Process p = child(killAt, log, args);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child train hung");
        return p.exitValue();
    }

    @Test
    void aKillAtAnyCheckpointStepLeavesAFolderThatResumes() throws Exception {
        Path data = dir.resolve("data");
        new SyntheticCorpus(5, 16000, 1.0, new int[]{1, 3, 5}, 1).write(data);

        // a whole run lists its crash points (and fills the feature cache the killed runs share)
        Path log = dir.resolve("count.log");
        assertEquals(0, runChild(Integer.MAX_VALUE, log, trainArgs(data, dir.resolve("whole"), false)), Files.readString(log));
        List<String> points = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = POINT.matcher(line);
            if (m.matches()) {
                points.add(m.group(2));
            }
        }
        assertTrue(points.size() >= 10, "two epochs pass at least 10 crash points: " + points);
        List<String> expectedCsv = Files.readAllLines(dir.resolve("whole/training.csv"));
        assertEquals(3, expectedCsv.size());

        int resumed = 0;
        int restarted = 0;
        int finished = 0;
        List<Integer> chosen = new ArrayList<>();
        boolean all = "1".equals(System.getenv("SER_ALL_CRASH_POINTS"));
        for (int k = 1; k <= points.size(); k++) {
            String p = points.get(k - 1);
            // the suite tries the two steps that once left a dead end or lost a log row;
            // tries every one with SER_ALL_CRASH_POINTS=1 in the environment (docs/reliability.md gives that run's counts)
            if (all || p.equals("append epoch 0 to training.csv")
                    || p.endsWith("last/model.json") && chosen.stream().noneMatch(c -> points.get(c - 1).endsWith("last/model.json"))) {
                chosen.add(k);
            }
        }
        assertEquals(all ? points.size() : 2, chosen.size(), points.toString());
        for (int k : chosen) {
            Path out = dir.resolve("killed-" + k);
            Path klog = dir.resolve("killed-" + k + ".log");
            assertEquals(137, runChild(k, klog, trainArgs(data, out, false)), Files.readString(klog));
            String where = "killed at point " + k + " (" + points.get(k - 1) + ")";
            Cli r = Cli.run(trainArgs(data, out, true));
            if (r.code() == 0) {
                resumed++;
            } else if (r.lastErrorLine().contains("already finished 2 epochs")) {
                finished++;   // killed after the last checkpoint: nothing to train, the log is brought in line
            } else {
                assertEquals(2, r.code(), where + "\n" + r);
                assertTrue(r.lastErrorLine().contains("start it again without --resume"), where + "\n" + r);
                Cli fresh = Cli.run(trainArgs(data, out, false));
                assertEquals(0, fresh.code(), where + "\n" + fresh);
                restarted++;
            }
            List<String> csv = Files.readAllLines(out.resolve("training.csv"));
            assertEquals(3, csv.size(), where + ": one row per epoch\n" + csv);
            assertEquals(expectedCsv.get(0), csv.get(0));
            assertTrue(csv.get(1).startsWith("0,") && csv.get(2).startsWith("1,"), where + "\n" + csv);
            assertEquals(2, SavedModel.load(out.resolve("last")).training().get("epoch").getAsInt(), where);
            assertTrue(SavedModel.exists(out.resolve("best")), where);
        }
        System.out.println("  killed training: " + chosen.size() + " of " + points.size() + " crash points tried, "
                + resumed + " resumed, " + finished + " already finished (log repaired), " + restarted
                + " started again, 0 stuck, 0 log rows lost");
        assertEquals(chosen.size(), resumed + restarted + finished);
    }
}
