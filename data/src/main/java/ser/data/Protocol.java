package ser.data;

/**
 * How the recordings that are not test actors' become a training and a validation set. The constant names are
 * the values of {@code --protocol}.
 */
public enum Protocol {

    /**
     * The published notebook's split: every remaining recording and its two augmented copies (noise, pitch shift)
     * are pooled, originals first, then the noise copies, then the pitch copies (as the notebook's
     * {@code pd.concat}), and split 80/20 by scikit-learn's stratified shuffle split. The copies of one clip land
     * on both sides, so validation accuracy measures memory of the clip, not recognition of the speaker.
     */
    notebook,

    /**
     * Speaker-disjoint: validation actors are held out next (default: the two highest-numbered remaining actors,
     * one per gender when both are kept), and only the training recordings get augmented copies. No clip and no
     * speaker is on two sides.
     */
    clean
}
