"""Coronal slices of ../shared/data/brain_vxm_aseg as .npy pairs for compare.sh (numpy only).

Axis 2 of the 160x192x224 arrays; FreeSurfer aseg grouped into 4 tissue classes + background as
SOURCE.md suggests (1 CSF/ventricles, 2 cortex, 3 white matter, 4 subcortical grey matter; other
labels, e.g. vessels and hypointensities, become background). Slices with brain only; even slice
indices train, odd ones test.

    /usr/bin/python3 docs/bench/brain_prepare.py ../shared/data/brain_vxm_aseg /tmp/brain-bench
"""
import os
import sys

import numpy as np

GROUPS = {
    1: [4, 5, 14, 15, 24, 43, 44, 72, 31, 63],
    2: [3, 42, 8, 47],
    3: [2, 41, 7, 46, 77, 251, 252, 253, 254, 255, 85],
    4: [10, 11, 12, 13, 17, 18, 26, 28, 49, 50, 51, 52, 53, 54, 58, 60, 16],
}

src, work = sys.argv[1], sys.argv[2]
d = np.load(os.path.join(src, "test_scan.npz"))
vol, seg = d["vol"].astype(np.float32), d["seg"].astype(np.int64)
grouped = np.zeros(seg.shape, np.uint8)
for cls, labels in GROUPS.items():
    grouped[np.isin(seg, labels)] = cls
for split in ("train", "test"):
    os.makedirs(os.path.join(work, split), exist_ok=True)
counts = {"train": 0, "test": 0}
for k in range(vol.shape[2]):
    if not grouped[:, :, k].any():
        continue
    split = "train" if k % 2 == 0 else "test"
    np.save(os.path.join(work, split, "slice%03d_img.npy" % k), vol[:, :, k])
    np.save(os.path.join(work, split, "slice%03d_gt.npy" % k), grouped[:, :, k])
    counts[split] += 1
print("brain slices:", counts)
