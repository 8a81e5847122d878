package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.engine.Tensor;
import ser.model.SavedModel;

/**
 * Runs the README's "npz-to-pytorch" snippet, as written, on an exported model and compares its probabilities with
 * predict's. Needs a python3 with numpy and torch (Debian's python3-torch); skipped otherwise.
 */
class NpzPytorchSnippetTest {

    @TempDir
    Path tmp;

    /** The fenced python block right after the line {@code <!-- snippet: NAME -->} in README.md. */
    static String snippet(String name) throws IOException {
        List<String> lines = Files.readAllLines(DocsExcerptsTest.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
        int i = lines.indexOf("<!-- snippet: " + name + " -->");
        if (i < 0 || i + 1 >= lines.size() || !lines.get(i + 1).startsWith("```python")) {
            throw new IllegalStateException("README.md has no python block after <!-- snippet: " + name + " -->");
        }
        StringBuilder sb = new StringBuilder();
        for (int k = i + 2; k < lines.size() && !lines.get(k).startsWith("```"); k++) {
            sb.append(lines.get(k)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void readmeSnippetLoadsTheNpzIntoPyTorch() throws Exception {
        String code = snippet("npz-to-pytorch");
        Assumptions.assumeTrue(KerasInterop.python() != null, "no python3 with numpy, h5py and torch");
        Path model = tmp.resolve("runs/sea");
        Files.createDirectories(model.getParent());
        Cli imp = Cli.run("import-keras", KerasInterop.fixture("tiny-save.h5").toString(), "--sr", "5120",
                "--out", model.toString());
        assertEquals(0, imp.code(), imp.toString());
        Cli exp = Cli.run("export", "--model", model.toString(), "--format", "npz", "--out",
                tmp.resolve("sea-weights.npz").toString());
        assertEquals(0, exp.code(), exp.toString());

        int n = 3;
        float[] x = new float[n * 16];
        JsonArray rows = new JsonArray();
        for (int i = 0; i < n; i++) {
            JsonArray row = new JsonArray();
            for (int t = 0; t < 16; t++) {
                x[i * 16 + t] = (float) Math.cos(0.3 * t + i) * 2;
                row.add(x[i * 16 + t]);
            }
            rows.add(row);
        }
        Files.writeString(tmp.resolve("x.json"), rows.toString());
        Path script = tmp.resolve("snippet.py");
        Files.writeString(script, code + "\nx = np.array(json.load(open('x.json')), dtype=np.float32)[:, :, None]\n"
                + "print(json.dumps(forward(x).tolist()))\n");
        String r = KerasInterop.run(List.of(KerasInterop.python(), script.toString()), tmp);
        assertTrue(r.startsWith("ok"), r);
        JsonArray got = JsonParser.parseString(r.substring(3)).getAsJsonArray();
        float[][] expected = SavedModel.load(model).model().predict(Tensor.of(x, n, 16, 1), n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < expected[i].length; c++) {
                worst = Math.max(worst, Math.abs(expected[i][c] - got.get(i).getAsJsonArray().get(c).getAsDouble()));
            }
        }
        System.out.printf("README npz-to-pytorch snippet: max |PyTorch - predict| = %.3g%n", worst);
        assertTrue(worst < 1e-5, "snippet vs predict: " + worst);
    }
}
