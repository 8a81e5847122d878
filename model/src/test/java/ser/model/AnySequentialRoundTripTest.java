package ser.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.engine.Rng;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Dropout;
import ser.engine.layers.Flatten;
import ser.engine.layers.GlobalAveragePooling1D;
import ser.engine.layers.Layer;
import ser.engine.layers.MaxPooling1D;
import ser.engine.layers.Padding;
import ser.engine.layers.Weight;
import ser.engine.optim.SGD;
import ser.engine.train.FitSettings;

/**
 * Networks that are not the notebook's save and load through their layer configs: the loaded model has the same
 * layers, the same weight bits, predicts the same bits, and trains on to the same bits as the original.
 */
class AnySequentialRoundTripTest {

    @TempDir
    Path dir;

    /** Other kernel sizes, 'valid' padding, overlapping pools, no BatchNorm, several Dense layers. */
    static Sequential validConvsNoBatchNorm() {
        Sequential m = new Sequential(11, 40, 1);
        m.add(new Conv1D(6, 3, Padding.VALID));
        m.add(new Activation("relu"));
        m.add(new Conv1D(5, 5, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new MaxPooling1D(4, 2));
        m.add(new Flatten());
        m.add(new Dense(12));
        m.add(new Activation("relu"));
        m.add(new Dense(7));
        m.add(new Activation("relu"));
        m.add(new Dense(3));
        m.add(new Activation("softmax"));
        return m;
    }

    /** Three input channels, BatchNorm with its own momentum and epsilon, Dropout, an even kernel with 'valid'. */
    static Sequential multiChannelWithBatchNorm() {
        Sequential m = new Sequential(12, 30, 3);
        m.add(new Conv1D(8, 1, Padding.SAME));
        m.add(new BatchNormalization(0.9, 1e-5));
        m.add(new Activation("relu"));
        m.add(new Dropout(0.4));
        m.add(new MaxPooling1D(3));
        m.add(new Conv1D(4, 4, Padding.VALID));
        m.add(new Flatten());
        m.add(new Dense(2));
        m.add(new Activation("softmax"));
        return m;
    }

    /** No convolution at all: a multi-layer perceptron on a flat input. */
    static Sequential perceptron() {
        Sequential m = new Sequential(13, 9);
        m.add(new Dense(16));
        m.add(new Activation("relu"));
        m.add(new Dropout(0.1));
        m.add(new Dense(4));
        m.add(new Activation("softmax"));
        return m;
    }

    /** Global average pooling instead of Flatten. */
    static Sequential convolutionsThenGlobalAverage() {
        Sequential m = new Sequential(14, 24, 2);
        m.add(new Conv1D(6, 5, Padding.SAME));
        m.add(new BatchNormalization());
        m.add(new Activation("relu"));
        m.add(new GlobalAveragePooling1D());
        m.add(new Dense(3));
        m.add(new Activation("softmax"));
        return m;
    }

    static Tensor data(int n, int[] shape, long seed) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        Rng rng = new Rng(seed);
        float[] x = new float[n * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        int[] full = new int[shape.length + 1];
        full[0] = n;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return Tensor.of(x, full);
    }

    static int[] labels(int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (i * 7) % classes;
        }
        return y;
    }

    static List<String> names(int classes) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            l.add("class" + i);
        }
        return l;
    }

    static void assertSameBits(Sequential a, Sequential b) {
        List<Weight> wa = a.weights();
        List<Weight> wb = b.weights();
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) {
            assertEquals(wa.get(i).path(), wb.get(i).path());
            assertArrayEquals(wa.get(i).value().shape(), wb.get(i).value().shape());
            float[] x = wa.get(i).value().data();
            float[] y = wb.get(i).value().data();
            for (int k = 0; k < x.length; k++) {
                assertEquals(Float.floatToRawIntBits(x[k]), Float.floatToRawIntBits(y[k]), wa.get(i).path() + "[" + k + "]");
            }
        }
    }

    void roundTrip(Supplier<Sequential> build) throws IOException {
        Sequential original = build.get();
        original.compile(new SGD(0.05, 0.9, 0.001, true));
        int classes = original.classes();
        Tensor x = data(10, original.inputShape(), 3);
        int[] y = labels(10, classes);
        original.fit(x, y, FitSettings.builder().epochs(2).batchSize(4).validationData(x, y).build());

        SavedModel.save(dir, original, names(classes), new JsonObject(), new JsonObject(), true);
        Sequential loaded = SavedModel.load(dir).model();

        assertEquals(original.layers().size(), loaded.layers().size());
        for (int i = 0; i < original.layers().size(); i++) {
            Layer a = original.layers().get(i);
            Layer b = loaded.layers().get(i);
            assertEquals(a.config(), b.config(), "layer " + (i + 1));
            assertArrayEquals(a.outputShape(), b.outputShape());
        }
        assertEquals(original.summary(), loaded.summary());
        assertSameBits(original, loaded);
        float[][] p = original.predict(x, 3);
        float[][] q = loaded.predict(x, 3);
        for (int i = 0; i < p.length; i++) {
            for (int c = 0; c < classes; c++) {
                assertEquals(Float.floatToRawIntBits(p[i][c]), Float.floatToRawIntBits(q[i][c]), "sample " + i);
            }
        }
        // a resumed run: the same optimiser state and dropout seeds, so one more epoch gives the same bits
        original.fit(x, y, FitSettings.builder().epochs(3).batchSize(4).initialEpoch(2).build());
        loaded.fit(x, y, FitSettings.builder().epochs(3).batchSize(4).initialEpoch(2).build());
        assertSameBits(original, loaded);
    }

    @Test
    void validConvolutionsOverlappingPoolsAndSeveralDenseLayers() throws IOException {
        roundTrip(AnySequentialRoundTripTest::validConvsNoBatchNorm);
    }

    @Test
    void multiChannelInputWithBatchNormAndDropout() throws IOException {
        roundTrip(AnySequentialRoundTripTest::multiChannelWithBatchNorm);
    }

    @Test
    void aPerceptronWithoutConvolutions() throws IOException {
        roundTrip(AnySequentialRoundTripTest::perceptron);
    }

    @Test
    void globalAveragePoolingInsteadOfFlatten() throws IOException {
        roundTrip(AnySequentialRoundTripTest::convolutionsThenGlobalAverage);
    }

    @Test
    void theConfigsAreKerasShapedInModelJson() throws IOException {
        Sequential m = validConvsNoBatchNorm();
        m.compile(new SGD(0.01));
        SavedModel.save(dir, m, names(3), new JsonObject(), new JsonObject(), false);
        String json = Files.readString(dir.resolve("model.json"));
        assertTrue(json.contains("\"class_name\": \"Conv1D\""), json);
        assertTrue(json.replaceAll("\\s+", " ").contains("\"config\": { \"name\": \"conv1d_1\", \"filters\": 6, "
                + "\"kernel_size\": 3, \"padding\": \"valid\" }"), json);
        assertTrue(json.replaceAll("\\s+", " ").contains("\"name\": \"max_pooling1d_1\", \"pool_size\": 4, "
                + "\"strides\": 2, \"padding\": \"valid\""), json);
    }

    @Test
    void anUnknownLayerOrSettingIsOneLineNamingIt() throws IOException {
        Sequential m = perceptron();
        m.compile(new SGD(0.01));
        SavedModel.save(dir, m, names(4), new JsonObject(), new JsonObject(), false);
        Path json = dir.resolve("model.json");
        String text = Files.readString(json);
        Files.writeString(json, text.replace("\"class_name\": \"Dropout\"", "\"class_name\": \"GaussianNoise\""));
        IOException e = assertThrows(IOException.class, () -> SavedModel.load(dir));
        assertTrue(e.getMessage().contains("layer 3") && e.getMessage().contains("unknown layer class 'GaussianNoise'"),
                e.getMessage());
        Files.writeString(json, text.replace("\"units\": 16", "\"units\": 16, \"use_bias\": false"));
        e = assertThrows(IOException.class, () -> SavedModel.load(dir));
        assertTrue(e.getMessage().contains("unknown setting 'use_bias'"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
