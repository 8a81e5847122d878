package ser.engine.train;

/** Result of {@code Sequential.evaluate}: mean loss and categorical accuracy over all samples. */
public record Evaluation(double loss, double accuracy) {
}
