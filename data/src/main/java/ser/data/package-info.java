/**
 * The RAVDESS corpus as the notebook uses it: {@link ser.data.RavdessIndex} parses and validates file names,
 * {@link ser.data.LabelSet} maps emotions to the notebook's gender-prefixed labels, {@link ser.data.ActorHoldout}
 * and {@link ser.data.StratifiedShuffleSplit} split files, {@link ser.data.ProtocolSplit} makes the training,
 * validation and test sets of a {@link ser.data.Protocol} (the notebook's leaky one or the speaker-disjoint one), {@link ser.data.FeatureCache} keeps extracted features
 * on disk, and {@link ser.data.SyntheticCorpus} writes a small RAVDESS-named corpus so the pipeline runs without
 * the real data.
 */
package ser.data;
