/**
 * The signal-processing stages of librosa 0.6.3's MFCC, one class each, in pipeline order:
 * {@link ser.features.dsp.Resampler} (resampy 0.2.x, with {@link ser.features.dsp.ResampleFilter}),
 * {@link ser.features.dsp.Stft} (power spectrogram on JTransforms), {@link ser.features.dsp.MelFilterbank}
 * (Slaney), {@link ser.features.dsp.Decibels} (power_to_db), {@link ser.features.dsp.Dct} (orthonormal DCT-II on
 * JTransforms), chained by {@link ser.features.dsp.Mfcc}. Array layouts are stated on each method; matrices are flat
 * row-major arrays.
 */
package ser.features.dsp;
