package ser.engine.train;

import org.junit.jupiter.api.Test;
import ser.engine.NotebookNet;
import ser.engine.Rng;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Weight;
import ser.engine.optim.SGD;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras fit semantics: batching, epoch means, validation, callbacks, shuffling, reproducibility, resuming. */
class FitTest {

    static final int LENGTH = 32;

    static Sequential model(long seed) {
        Sequential m = NotebookNet.build(seed, LENGTH, 3, 4, 4, 4, 8, 4, 0.25);
        m.compile(new SGD(0.01, 0.9, 0.01, false));
        return m;
    }

    static Tensor data(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * LENGTH];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        return Tensor.of(x, n, LENGTH, 1);
    }

    static int[] labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
        }
        return y;
    }

    /** Records every hook call. */
    static class Recorder implements Callback {
        final List<String> calls = new ArrayList<>();
        final List<Map<String, Double>> batchLogs = new ArrayList<>();
        final List<Map<String, Double>> epochLogs = new ArrayList<>();

        @Override
        public void onTrainBegin() {
            calls.add("trainBegin");
        }

        @Override
        public void onTrainEnd() {
            calls.add("trainEnd");
        }

        @Override
        public void onEpochBegin(int epoch) {
            calls.add("epochBegin" + epoch);
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            calls.add("epochEnd" + epoch);
            epochLogs.add(Map.copyOf(logs));
        }

        @Override
        public void onBatchEnd(int batch, Map<String, Double> logs) {
            batchLogs.add(Map.copyOf(logs));
        }
    }

    @Test
    void epochLogsAreSampleWeightedMeansOfBatchLogsWithAShortLastBatch() {
        Sequential m = model(1);
        Recorder r = new Recorder();
        Tensor x = data(10, 2);
        int[] y = labels(10);
        History h = m.fit(x, y, FitSettings.builder().epochs(2).batchSize(4).validationData(data(5, 3), labels(5))
                .callbacks(List.of(r)).build());
        assertEquals(List.of("trainBegin", "epochBegin0", "epochEnd0", "epochBegin1", "epochEnd1", "trainEnd"), r.calls);
        assertEquals(6, r.batchLogs.size());                  // 4 + 4 + 2 per epoch
        assertEquals(2.0, r.batchLogs.get(2).get("size"));
        for (int e = 0; e < 2; e++) {
            double loss = 0;
            double acc = 0;
            for (int b = 0; b < 3; b++) {
                Map<String, Double> bl = r.batchLogs.get(e * 3 + b);
                loss += bl.get("loss") * bl.get("size");
                acc += bl.get("acc") * bl.get("size");
            }
            assertEquals(loss / 10, h.get("loss").get(e), 1e-12);
            assertEquals(acc / 10, h.get("acc").get(e), 1e-12);
            assertEquals(r.epochLogs.get(e).get("val_loss"), h.get("val_loss").get(e));
        }
        assertEquals(List.of(0.01f, 0.01f), h.get("lr").stream().map(Double::floatValue).toList());
        assertEquals(6, m.optimizer().iterations());
    }

    /** Validation numbers are exactly evaluate() on the validation set after the epoch's updates. */
    @Test
    void validationIsEvaluateAfterEachEpoch() {
        Sequential m = model(4);
        Tensor xv = data(7, 5);
        int[] yv = labels(7);
        History h = m.fit(data(12, 6), labels(12),
                FitSettings.builder().epochs(1).batchSize(5).validationData(xv, yv).build());
        Evaluation e = m.evaluate(xv, yv, 5);
        assertEquals(e.loss(), h.get("val_loss").get(0), 1e-12);
        assertEquals(e.accuracy(), h.get("val_acc").get(0), 1e-12);
    }

    private static float[][] snapshot(Sequential m) {
        return m.weights().stream().map(w -> w.value().data().clone()).toArray(float[][]::new);
    }

    @Test
    void sameSeedGivesIdenticalBitsAndAResumedRunEqualsAnUninterruptedOne() {
        Tensor x = data(9, 7);
        int[] y = labels(9);
        Sequential a = model(11);
        a.fit(x, y, FitSettings.builder().epochs(4).batchSize(4).build());
        Sequential b = model(11);
        b.fit(x, y, FitSettings.builder().epochs(2).batchSize(4).build());
        b.fit(x, y, FitSettings.builder().epochs(4).batchSize(4).initialEpoch(2).build());   // resume at epoch 2
        float[][] wa = snapshot(a);
        float[][] wb = snapshot(b);
        for (int i = 0; i < wa.length; i++) {
            assertArrayEquals(wa[i], wb[i], "weight " + a.weights().get(i).path());
        }
        Sequential c = model(12);
        c.fit(x, y, FitSettings.builder().epochs(4).batchSize(4).build());
        assertFalse(java.util.Arrays.equals(wa[0], snapshot(c)[0]), "another seed must give other weights");
    }

    /** The MatMul contract (work split over M and N only) makes training independent of the thread count. */
    @Test
    void oneAndTwoThreadsGiveIdenticalBits() {
        Tensor x = data(9, 7);
        int[] y = labels(9);
        float[][][] result = new float[2][][];
        for (int threads = 1; threads <= 2; threads++) {
            try (ser.engine.concurrent.WorkerPool pool = new ser.engine.concurrent.WorkerPool(threads)) {
                Sequential m = NotebookNet.build(21, LENGTH, 3, 32, 16, 8, 8, 4, 0.25);  // wide enough to split
                m.compile(new SGD(0.01, 0.9, 0.0, false));
                m.setBackend(new ser.engine.backend.CpuBackend(pool));
                m.fit(x, y, FitSettings.builder().epochs(2).batchSize(4).build());
                result[threads - 1] = snapshot(m);
            }
        }
        for (int i = 0; i < result[0].length; i++) {
            assertArrayEquals(result[0][i], result[1][i], "weight " + i);
        }
    }

    /** Skipping the first layer's input gradient (the default) changes no weight update. */
    @Test
    void inputGradientIsOptionalAndChangesNothing() {
        Tensor x = data(8, 3);
        int[] y = labels(8);
        Sequential plain = model(22);
        assertThrows(IllegalStateException.class, plain::lastInputGradient);
        plain.fit(x, y, FitSettings.builder().epochs(2).batchSize(4).build());
        Sequential withDx = model(22);
        withDx.setComputeInputGradient(true);
        withDx.fit(x, y, FitSettings.builder().epochs(2).batchSize(4).build());
        assertEquals(List.of(4, 32, 1), java.util.Arrays.stream(withDx.lastInputGradient().shape()).boxed().toList());
        float[][] a = snapshot(plain);
        float[][] b = snapshot(withDx);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i]);
        }
    }

    @Test
    void predictGivesProbabilitiesAndMatchesEvaluate() {
        Sequential m = model(13);
        Tensor x = data(6, 8);
        float[][] p = m.predict(x, 4);
        assertEquals(6, p.length);
        double loss = 0;
        int[] y = labels(6);
        for (int i = 0; i < 6; i++) {
            assertEquals(1.0, p[i][0] + p[i][1] + p[i][2], 1e-6);
            loss -= Math.log(p[i][y[i]]);
        }
        assertEquals(loss / 6, m.evaluate(x, y, 4).loss(), 1e-6);
    }

    @Test
    void callbackCanStopTraining() {
        Sequential m = model(14);
        Callback stopAfterFirst = new Callback() {
            private TrainingContext context;

            @Override
            public void setContext(TrainingContext context) {
                this.context = context;
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                context.requestStop();
            }
        };
        History h = m.fit(data(8, 9), labels(8),
                FitSettings.builder().epochs(5).batchSize(4).callbacks(List.of(stopAfterFirst)).build());
        assertEquals(List.of(0), h.epochs());
    }

    /** A flag set from another thread (the app's Ctrl-C) ends fit after the current batch, mid-epoch. */
    @Test
    void aStopFlagSetByAnotherThreadEndsFitAfterTheCurrentBatch() throws InterruptedException {
        Sequential m = model(18);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch firstBatch = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch stopSet = new java.util.concurrent.CountDownLatch(1);
        Recorder r = new Recorder() {
            @Override
            public void onBatchEnd(int batch, Map<String, Double> logs) {
                super.onBatchEnd(batch, logs);
                firstBatch.countDown();
                try {
                    stopSet.await();              // the other thread sets the flag while this batch ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Thread other = new Thread(() -> {
            try {
                firstBatch.await();
            } catch (InterruptedException e) {
                return;
            }
            stop.set(true);
            stopSet.countDown();
        });
        other.start();
        History h = m.fit(data(12, 9), labels(12), FitSettings.builder().epochs(3).batchSize(4)
                .validationData(data(4, 3), labels(4)).callbacks(List.of(r)).stopFlag(stop).build());
        other.join();
        assertEquals(1, r.batchLogs.size());
        assertEquals(List.of(0), h.epochs());
        assertFalse(h.history().containsKey("val_loss"), "a cut epoch is not validated");
    }

    @Test
    void terminateOnNaNStopsWithEpochAndBatch() {
        Sequential m = model(15);
        Tensor x = data(8, 10);
        x.data()[5 * LENGTH + 3] = Float.NaN;                 // sample 5 is poisoned
        List<String> printed = new ArrayList<>();
        TerminateOnNaN t = new TerminateOnNaN(printed::add);
        History h = m.fit(x, labels(8), FitSettings.builder().epochs(3).batchSize(4).callbacks(List.of(t)).build());
        assertEquals(1, printed.size());
        assertTrue(printed.get(0).matches("Epoch 1, batch [01]: invalid loss NaN, terminating training"), printed.get(0));
        assertEquals(List.of(0), h.epochs());
    }

    @Test
    void nonFiniteLossWithoutTerminateOnNaNNamesTheInput() {
        Sequential m = model(16);
        Tensor x = data(8, 11);
        x.data()[2 * LENGTH] = Float.POSITIVE_INFINITY;
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> m.fit(x, labels(8), FitSettings.builder().epochs(1).batchSize(4).build()));
        assertTrue(e.getMessage().contains("epoch 1, batch") && e.getMessage().contains("input batch of shape (4, 32, 1)"),
                e.getMessage());
    }

    @Test
    void nonFiniteLossNamesTheFirstLayerWithNonFiniteOutput() {
        Sequential m = model(17);
        Weight kernel = ((Conv1D) m.layers().get(2)).kernel();    // conv1d_2
        kernel.value().data()[0] = Float.NaN;
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> m.fit(data(8, 12), labels(8), FitSettings.builder().epochs(1).batchSize(4).build()));
        assertTrue(e.getMessage().contains("output of conv1d_2 (Conv1D) of shape (4, 32, 4)"), e.getMessage());
        assertTrue(Float.isNaN(kernel.value().data()[0]));
        assertFalse(Float.isNaN(((Conv1D) m.layers().get(0)).kernel().value().data()[0]),
                "the failing batch's update must not be applied");
    }
}
