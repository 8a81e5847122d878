package ser.app.report;

import java.util.List;
import java.util.Locale;

/**
 * Classification metrics from actual and predicted class indices, as scikit-learn's {@code accuracy_score},
 * {@code f1_score(average='macro')}, {@code precision_recall_fscore_support} and {@code confusion_matrix}
 * compute them: precision_c = TP/(TP+FP), recall_c = TP/(TP+FN), F1_c = 2PR/(P+R), each 0 when its denominator
 * is 0; the macro F1 averages F1 over the classes that occur in actual or predicted (sklearn's default labels).
 *
 * <p>{@code confusion[a][p]} counts samples of actual class a predicted as p (rows actual, columns predicted).
 */
public final class Metrics {

    public final List<String> classNames;
    public final int[][] confusion;
    public final int samples;

    public Metrics(List<String> classNames, int[] actual, int[] predicted) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("actual has " + actual.length + " labels, predicted " + predicted.length);
        }
        this.classNames = List.copyOf(classNames);
        int k = classNames.size();
        this.confusion = new int[k][k];
        for (int i = 0; i < actual.length; i++) {
            confusion[actual[i]][predicted[i]]++;
        }
        this.samples = actual.length;
    }

    public double accuracy() {
        int correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return samples == 0 ? 0 : (double) correct / samples;
    }

    private int rowSum(int c) {
        int s = 0;
        for (int v : confusion[c]) {
            s += v;
        }
        return s;
    }

    private int columnSum(int c) {
        int s = 0;
        for (int[] row : confusion) {
            s += row[c];
        }
        return s;
    }

    // docs:begin per-class
    public double precision(int c) {
        int predicted = columnSum(c);
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    public double recall(int c) {
        int actual = rowSum(c);
        return actual == 0 ? 0 : (double) confusion[c][c] / actual;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
    // docs:end per-class

    /**
     * Unweighted average recall (UA, sklearn's balanced_accuracy_score): the mean of recall_c over the classes
     * that occur in actual, so a rarer class (RAVDESS' neutral has half the clips) counts as much as the others.
     */
    public double unweightedAverageRecall() {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < confusion.length; c++) {
            if (rowSum(c) > 0) {
                sum += recall(c);
                present++;
            }
        }
        return present == 0 ? 0 : sum / present;
    }

    /** Mean F1 over the classes present in actual or predicted. */
    public double macroF1() {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < confusion.length; c++) {
            if (rowSum(c) + columnSum(c) > 0) {
                sum += f1(c);
                present++;
            }
        }
        return present == 0 ? 0 : sum / present;
    }

    /** A text report: accuracy, macro F1, per-class precision/recall/F1/support and the confusion matrix. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        int w = Math.max(12, classNames.stream().mapToInt(String::length).max().orElse(0) + 2);
        sb.append(String.format(Locale.ROOT, "accuracy  %.4f  (%d samples)%n", accuracy(), samples));
        sb.append(String.format(Locale.ROOT, "UA        %.4f  (mean per-class recall)%n", unweightedAverageRecall()));
        sb.append(String.format(Locale.ROOT, "macro F1  %.4f%n%n", macroF1()));
        sb.append(String.format(Locale.ROOT, "%-" + w + "s %9s %9s %9s %9s%n", "class", "precision", "recall", "f1", "support"));
        for (int c = 0; c < classNames.size(); c++) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s %9.4f %9.4f %9.4f %9d%n", classNames.get(c), precision(c),
                    recall(c), f1(c), rowSum(c)));
        }
        sb.append(String.format("%nconfusion matrix (rows actual, columns predicted)%n"));
        sb.append(" ".repeat(w));
        for (int c = 0; c < classNames.size(); c++) {
            sb.append(String.format(" %5s", "[" + c + "]"));
        }
        sb.append('\n');
        for (int a = 0; a < classNames.size(); a++) {
            sb.append(String.format("%-" + w + "s", "[" + a + "] " + classNames.get(a)));
            for (int p = 0; p < classNames.size(); p++) {
                sb.append(String.format(" %5d", confusion[a][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
