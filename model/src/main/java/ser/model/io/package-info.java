/**
 * NumPy's file formats, so saved weights and feature arrays open with {@code np.load}: {@link ser.model.io.Npy}
 * (one array, format version 1.0) and {@link ser.model.io.Npz} (a zip of .npy files). Arrays are
 * {@link ser.model.io.NpyArray}: little-endian float32 ({@code <f4}), int32 ({@code <i4}), int64 ({@code <i8}) or
 * fixed-width unicode strings ({@code <U n}), C order.
 */
package ser.model.io;
