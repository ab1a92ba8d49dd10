#!/usr/bin/env python3
"""Fixed field-of-view crop of ACDC NIfTI volumes (no ground truth used): keeps x and y in [LO, HI) of each side.
Usage: acdc_crop.py LO HI OUT_DIR FILE.nii.gz ...  (writes OUT_DIR/<name>.nii, NIfTI-1, same voxel type)"""
import gzip, os, sys
import numpy as np

lo, hi, out = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
types = {2: np.uint8, 4: np.int16, 16: np.float32, 64: np.float64}
for path in sys.argv[4:]:
    raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    header = bytearray(raw[:348])
    dim = np.frombuffer(header[40:56], "<i2").astype(int)
    dtype = types[int(np.frombuffer(header[70:72], "<i2")[0])]
    offset = int(np.frombuffer(header[108:112], "<f4")[0])
    nx, ny, nz = dim[1], dim[2], dim[3]
    vol = np.frombuffer(raw[offset:offset + nx * ny * nz * np.dtype(dtype).itemsize], dtype).reshape(nz, ny, nx)
    x0, x1, y0, y1 = int(lo * nx), int(hi * nx), int(lo * ny), int(hi * ny)
    crop = np.ascontiguousarray(vol[:, y0:y1, x0:x1])
    header[40:56] = np.array([3, x1 - x0, y1 - y0, nz, 1, 1, 1, 1], "<i2").tobytes()
    header[108:112] = np.array([352], "<f4").tobytes()
    name = os.path.basename(path).replace(".nii.gz", ".nii")
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes(header) + b"\0\0\0\0" + crop.tobytes())
