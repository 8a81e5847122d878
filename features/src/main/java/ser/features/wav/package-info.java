/**
 * RIFF/WAVE decoding: a chunk walker ({@link ser.features.wav.WavReader}) that validates every header field against
 * the real file size, and the decoded header ({@link ser.features.wav.WavInfo}).
 */
package ser.features.wav;
