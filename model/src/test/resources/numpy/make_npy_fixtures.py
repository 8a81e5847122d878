"""Writes the .npy/.npz fixtures NpyTest reads (python3 make_npy_fixtures.py; needs numpy)."""
import numpy as np

f32 = (np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5) / 3
np.save("f32_2x3.npy", f32)
np.save("i8.npy", np.array([0, 1, -7, 2**40], dtype=np.int64))
np.save("i4_scalar_shape.npy", np.array([5, -6, 7], dtype=np.int32))
np.save("u_names.npy", np.array(["male_negative", "male_positive", "ü"]))
np.save("f64.npy", np.ones((2, 2)))
np.save("fortran.npy", np.asfortranarray(np.ones((2, 3), dtype=np.float32)))
np.savez("bundle.npz", x=f32, y=np.array([1, 0], dtype=np.int64), labels=np.array(["a", "bb"]))
np.savez_compressed("bundle_compressed.npz", x=f32)
np.save("f32_3d.npy", np.linspace(-1, 1, 24, dtype=np.float32).reshape(2, 3, 4))
