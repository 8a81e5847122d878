package ser.engine.optim;

/**
 * What Keras 2.2.4's optimisers share: a float32 learning rate (a {@code K.variable}, so {@link #setLr(double)}
 * rounds to float), time-based decay and the update count.
 * <pre>
 *   lr_t = lr * (1 / (1 + decay * iterations))      (only when decay &gt; 0; iterations counted before this update)
 * </pre>
 * Subclasses read {@link #currentLr()} at the start of {@code step} and increment {@code iterations} at its end.
 */
abstract class KerasOptimizer implements Optimizer {

    private final String name;
    protected float lr;
    protected final float decay;
    protected long iterations;

    /** lr and decay are checked by the subclass, which names all of its settings in one message. */
    KerasOptimizer(String name, double lr, double decay) {
        this.name = name;
        this.lr = (float) lr;
        this.decay = (float) decay;
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public void setLr(double lr) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException(name + ": lr must be >= 0, got " + lr);
        }
        this.lr = (float) lr;
    }

    public double decay() {
        return decay;
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public void setIterations(long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException(name + ": iterations must be >= 0, got " + iterations);
        }
        this.iterations = iterations;
    }

    /** The learning rate the next update will use: lr / (1 + decay * iterations). */
    public float currentLr() {
        return decay > 0 ? lr * (1f / (1f + decay * (float) iterations)) : lr;
    }
}
