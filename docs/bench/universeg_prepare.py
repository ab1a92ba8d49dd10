#!/usr/bin/env python3
"""Lays out the shared data for the UniverSeg benchmark (docs/benchmarks.md), without copying it into the repo.

    /usr/bin/python3 docs/bench/universeg_prepare.py [--data ../shared/data] [--out /tmp/labelfit-universeg]

Training datasets (folders with images/ and labels/, one task per label value):
  train/brain_axial, brain_coronal, brain_sagittal  brain_vxm_aseg, FreeSurfer aseg labels, one view each (.npy volumes)
  train/acdc                                        acdc_ssl4mis_3d, 60 volumes (links to the .nii.gz files)
  train/la                                          la2018_lgemri, 6 volumes (links)
Held-out evaluation tasks (never used in training):
  eval/wbc_jtsc, eval/wbc_cv    wbc_zheng2018 Dataset 1 / 2: grey (ITU-R 601 luma, as PIL's "L", like UniverSeg's
                                own wbc.py); labels 1 cytoplasm (mask 128), 2 nucleus (mask 255); stray mask values
                                mapped to the nearest of 0/128/255
  eval/medscribble_<task>       medscribble_2d, 12 binary tasks, seg > 0.5
"""
import argparse
import os
from pathlib import Path

import numpy as np
from PIL import Image


def link_pairs(src, dst, image_suffix="_img", label_suffix="_gt"):
    (dst / "images").mkdir(parents=True, exist_ok=True)
    (dst / "labels").mkdir(parents=True, exist_ok=True)
    for img in sorted(src.glob(f"*{image_suffix}.nii.gz")):
        key = img.name[: -len(f"{image_suffix}.nii.gz")]
        gt = src / f"{key}{label_suffix}.nii.gz"
        for f, sub in ((img, "images"), (gt, "labels")):
            link = dst / sub / f"{key}.nii.gz"
            if not link.exists():
                os.symlink(f.resolve(), link)


def save_pair(dst, key, image, labels):
    (dst / "images").mkdir(parents=True, exist_ok=True)
    (dst / "labels").mkdir(parents=True, exist_ok=True)
    np.save(dst / "images" / f"{key}.npy", np.ascontiguousarray(image, dtype=np.float32))
    np.save(dst / "labels" / f"{key}.npy", np.ascontiguousarray(labels, dtype=np.uint16))


def main():
    here = Path(__file__).resolve().parents[2]
    p = argparse.ArgumentParser()
    p.add_argument("--data", type=Path, default=here.parent / "shared" / "data")
    p.add_argument("--out", type=Path, default=Path("/tmp/labelfit-universeg"))
    a = p.parse_args()
    d, out = a.data, a.out

    brain = np.load(d / "brain_vxm_aseg" / "test_scan.npz")
    vol, seg = brain["vol"].astype(np.float32), brain["seg"].astype(np.uint16)
    # .npy (D, H, W): LabelFit takes slices along the first axis
    for view, axes in (("axial", (2, 0, 1)), ("coronal", (1, 0, 2)), ("sagittal", (0, 1, 2))):
        save_pair(out / "train" / f"brain_{view}", "subject", vol.transpose(axes), seg.transpose(axes))
    link_pairs(d / "acdc_ssl4mis_3d", out / "train" / "acdc")
    link_pairs(d / "la2018_lgemri", out / "train" / "la")

    for name, folder in (("wbc_jtsc", "Dataset 1"), ("wbc_cv", "Dataset 2")):
        for bmp in sorted((d / "wbc_zheng2018" / folder).glob("*.bmp")):
            grey = np.asarray(Image.open(bmp).convert("L"), dtype=np.float32)
            mask = np.asarray(Image.open(bmp.with_suffix(".png")), dtype=np.int32)
            if mask.ndim == 3:
                mask = mask[..., 0]
            levels = np.array([0, 128, 255])
            nearest = np.abs(mask[..., None] - levels).argmin(-1)
            save_pair(out / "eval" / name, bmp.stem, grey, nearest.astype(np.uint16))

    for img in sorted((d / "medscribble_2d").glob("*/*/*/img.npy")):
        example = img.parent
        task = example.parent.parent.name
        x = np.load(img)
        y = (np.load(example / "seg.npy") > 0.5).astype(np.uint16)
        save_pair(out / "eval" / f"medscribble_{task}", example.name, x, y)
    for group in ("train", "eval"):
        for t in sorted((out / group).iterdir()):
            print(group, t.name, len(list((t / "images").iterdir())), "examples")


if __name__ == "__main__":
    main()
