/**
 * Audio to the notebook's MFCC feature vector, reproducing librosa 0.6.3 + resampy 0.2.x number for number.
 *
 * <p>Entry points: {@link ser.features.Features#vector(java.nio.file.Path, ser.features.FeatureParams)} (WAV file to
 * 259 floats), {@link ser.features.Audio#load} (librosa.load), {@link ser.features.FeatureParams} (every parameter,
 * {@code NOTEBOOK} defaults) and {@link ser.features.Augment} (the notebook's seeded augmentations). The stages
 * themselves live in {@code ser.features.dsp}, the WAV decoder in {@code ser.features.wav}.
 */
package ser.features;
