"""Independent NumPy (float64) reference of the OSS-Net forward pass, with hashed weights.

Written from specs/ossnet.md section 2 (not from the official code), literally and without the shortcuts the
Java port takes:

- Conv3d by sliding windows (also the 7^3 patch mapping, which Java runs as a dense matrix product);
- the encoder input by trilinear interpolation x0.5 with align_corners=False (Java: 2x2x2 average pooling);
- the side outputs by an adaptive max pool with PyTorch's bin formula (Java: a max pool of kernel = stride);
- the patches by slicing a zero-padded copy of the volume (Java: index arithmetic);
- PAU(x) = (n0 + n1 x + ... + n5 x^5) / (1 + |d0||x| + ... + |d3||x|^4), a separate instance per layer;
- CBN: BatchNorm1d(1 feature, no affine) on the points as (B*N, 1, F): one scalar mean and variance.

Two modes: "eval" (running statistics everywhere) and "train" (batch statistics everywhere: per channel over
batch and space in BatchNorm3d, one scalar over all points and features in CBN; biased variance).

Weights and inputs are float32 values generated from an integer hash (docs/bench/universeg_reference.py's
hash_uniform: u_i = fmix32((i * 2654435761 + c) mod 2^32) / 2^32, i the flat C-order index), with the stream
c = zlib.crc32(tensor name) so that the key order does not matter. See
src/test/resources/org/labelfit/ossnet/REFERENCE.md for every formula.

Usage (writes ossnet_reference.npz into src/test/resources/org/labelfit/ossnet/):

    python3 docs/bench/ossnet_reference.py [--out DIR]
"""
import argparse
import os
import sys
import zlib

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "2")

import numpy as np  # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from universeg_reference import hash_uniform  # noqa: E402

DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                           "src", "test", "resources", "org", "labelfit", "ossnet")
VARIANTS = {  # name: (skip encoder, patch kinds)
    "onet": (False, 0), "A": (False, 1), "B": (False, 2), "C": (True, 1), "D": (True, 2)}
PAU_N = (0.0335583603, 0.505000375, 1.65343934, 2.01001052, 0.931901999, 0.152424124)
PAU_D = (3.30847488e-6, 3.98021568, 5.12471206e-7, 0.301830109)
WIDTH, DEC_BLOCKS, EPS = 512, 5, 1e-5
# the reference case: 2 channels, 4 encoder blocks, a non-cubic grid (latent 2 x 3 x 1 = 6), batch 2, 24 points
CASE = dict(C=2, blocks=4, grid=(64, 96, 32), B=2, N=24)


# ---------------------------------------------------------------- the state dict, from spec 2.1-2.6

def keys_and_shapes(variant, C, blocks, grid):
    skip, kinds = VARIANTS[variant]
    widths = [128 >> (blocks - 1 - i) for i in range(blocks)]
    latent_grid = [g // 2 // 2 ** blocks for g in grid]
    L = int(np.prod(latent_grid))
    out = []

    def bn(p, c):
        out.extend([(p + ".weight", (c,)), (p + ".bias", (c,)), (p + ".running_mean", (c,)),
                    (p + ".running_var", (c,)), (p + ".num_batches_tracked", ())])

    def pau(p):
        out.extend([(p + ".weight_numerator", (6,)), (p + ".weight_denominator", (4,))])

    cin = C
    for i, w in enumerate(widths):
        p = f"encoder.blocks.{i}"
        out.append((p + ".main_mapping.0.weight", (w, cin, 3, 3, 3)))
        bn(p + ".main_mapping.1", w)
        pau(p + ".main_mapping.2")
        out.append((p + ".main_mapping.5.weight", (w, w, 3, 3, 3)))
        bn(p + ".main_mapping.6", w)
        if cin != w:
            out.append((p + ".residual_mapping.weight", (w, cin, 1, 1, 1)))
        pau(p + ".final_activation")
        cin = w
    if skip:
        for i, w in enumerate(widths):
            p = f"encoder.output_mappings.{i}"
            out.append((p + ".1.weight", (w // 2, w, 5, 5, 5)))
            bn(p + ".2", w // 2)
            pau(p + ".3")
        out.append(("encoder.final_mapping.0.weight", (6, sum(w // 2 for w in widths), 5, 5, 5)))
        out.append(("encoder.final_mapping.0.bias", (6,)))
        bn("encoder.final_mapping.1", 6)
    else:
        out.append(("encoder.final_mapping.0.weight", (1, 128, 5, 5, 5)))
        out.append(("encoder.final_mapping.0.bias", (1,)))
        bn("encoder.final_mapping.1", 1)
    pau("encoder.final_mapping.2")
    if skip:
        out.append(("encoder.segmentation_mapping.0.weight", (1, 128, 5, 5, 5)))
    f_in = 3 + (343 if kinds else 0) + L
    for k in range(DEC_BLOCKS):
        p = f"decoder.blocks.{k}"
        fi = f_in if k == 0 else WIDTH
        out.extend([(p + ".linear_layer_1.weight", (WIDTH, fi)), (p + ".linear_layer_1.bias", (WIDTH,)),
                    (p + ".linear_layer_2.weight", (WIDTH, WIDTH)), (p + ".linear_layer_2.bias", (WIDTH,))])
        pau(p + ".activation")
        pau(p + ".final_activation")
        if fi != WIDTH:
            out.extend([(p + ".residual_mapping.weight", (WIDTH, fi)), (p + ".residual_mapping.bias", (WIDTH,))])
        for c in ("cnb_1", "cnb_2"):
            for g in ("linear_gamma", "linear_beta"):
                out.extend([(f"{p}.{c}.{g}.weight", (WIDTH, L)), (f"{p}.{c}.{g}.bias", (WIDTH,))])
            out.extend([(f"{p}.{c}.normalization.running_mean", (1,)), (f"{p}.{c}.normalization.running_var", (1,)),
                        (f"{p}.{c}.normalization.num_batches_tracked", ())])
    if kinds:
        cp = C * kinds
        hid = max(cp // 2, 1)
        p = "decoder.patch_mapping.mapping"
        out.extend([(p + ".0.weight", (hid, cp, 7, 7, 7)), (p + ".0.bias", (hid,))])
        pau(p + ".1")
        out.extend([(p + ".3.weight", (1, hid, 7, 7, 7)), (p + ".3.bias", (1,))])
        pau(p + ".4")
    out.append(("decoder.final_mapping.0.weight", (1, WIDTH)))
    return out


def parameter_count(ks):
    stats = (".running_mean", ".running_var", ".num_batches_tracked")
    return sum(int(np.prod(s)) for k, s in ks if not k.endswith(stats))


# ---------------------------------------------------------------- hashed values (REFERENCE.md)

def stream(name):
    return zlib.crc32(name.encode("utf-8"))


def value(name, shape):
    n = int(np.prod(shape))
    u = hash_uniform(n, stream(name))
    s = u - 0.5
    if name.endswith(".num_batches_tracked"):
        v = np.zeros(n)
    elif name.endswith(".weight_numerator"):
        v = np.array(PAU_N) + 0.1 * s
    elif name.endswith(".weight_denominator"):
        v = np.array(PAU_D) + 0.1 * s
    elif name.endswith(".running_var"):
        v = 0.5 + u
    elif name.endswith(".running_mean"):
        v = 0.2 * s
    elif ".linear_gamma." in name and name.endswith(".bias"):
        v = 1 + 0.2 * s
    elif len(shape) == 1 and name.endswith(".weight"):
        v = 1 + 0.2 * s  # BatchNorm weight (every other weight has 2 or more axes)
    elif len(shape) == 1:
        v = 0.2 * s  # conv, linear and BatchNorm biases
    else:
        fan_in = int(np.prod(shape[1:]))
        v = 2 * s * np.sqrt(3.0 / fan_in)
    return v.astype(np.float32).astype(np.float64).reshape(shape)


def make_weights(ks):
    return {k: value(k, s) for k, s in ks}


def make_inputs(C, grid, B, N):
    X, Y, Z = grid
    volume = (4 * (hash_uniform(B * C * X * Y * Z, 11) - 0.5)).astype(np.float32).astype(np.float64)
    volume = volume.reshape(B, C, X, Y, Z)
    points = np.zeros((B, N, 3), dtype=np.int64)
    for b in range(B):
        u = hash_uniform(3 * N, 101 + b).reshape(N, 3)
        points[b] = np.floor(u * np.array(grid)).astype(np.int64)
        points[b, 0] = (0, 0, 0)
        points[b, 1] = (X - 1, Y - 1, Z - 1)
    return volume, points


# ---------------------------------------------------------------- layers

def conv3d(x, w, b=None):
    k = w.shape[2]
    p = k // 2
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p), (p, p)))
    win = sliding_window_view(xp, (k, k, k), axis=(2, 3, 4))  # (B, C, X, Y, Z, k, k, k)
    y = np.einsum("bcxyzijk,ocijk->boxyz", win, w, optimize=True)
    return y if b is None else y + b.reshape(1, -1, 1, 1, 1)


def batch_norm(x, wt, p, train):
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    if train:
        mean, var = x.mean(axis=axes), x.var(axis=axes)
    else:
        mean, var = wt[p + ".running_mean"], wt[p + ".running_var"]
    return (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + EPS) * wt[p + ".weight"].reshape(shape) \
        + wt[p + ".bias"].reshape(shape)


def pau(x, wt, p):
    n, d = wt[p + ".weight_numerator"], wt[p + ".weight_denominator"]
    a = np.abs(x)
    num = sum(n[j] * x ** j for j in range(6))
    den = 1 + sum(np.abs(d[j]) * a ** (j + 1) for j in range(4))
    return num / den


def avg_pool2(x):
    B, C, X, Y, Z = x.shape
    return x.reshape(B, C, X // 2, 2, Y // 2, 2, Z // 2, 2).mean(axis=(3, 5, 7))


def adaptive_max_pool(x, out):
    B, C = x.shape[:2]
    y = np.empty((B, C) + tuple(out))
    for i in range(out[0]):
        for j in range(out[1]):
            for k in range(out[2]):
                sl = []
                for axis, o in zip((i, j, k), range(3)):
                    n, m = x.shape[2 + o], out[o]
                    sl.append(slice((axis * n) // m, -((-(axis + 1) * n) // m)))
                y[:, :, i, j, k] = x[:, :, sl[0], sl[1], sl[2]].max(axis=(2, 3, 4))
    return y


def trilinear_half(x):
    """F.interpolate(x, scale_factor=0.5, mode='trilinear', align_corners=False), axis by axis."""
    for axis in (2, 3, 4):
        n = x.shape[axis]
        m = n // 2
        src = (np.arange(m) + 0.5) * (n / m) - 0.5
        src = np.maximum(src, 0)
        i0 = np.floor(src).astype(int)
        i1 = np.minimum(i0 + 1, n - 1)
        lam = (src - i0).reshape((1,) * axis + (m,) + (1,) * (x.ndim - axis - 1))
        x = np.take(x, i0, axis=axis) * (1 - lam) + np.take(x, i1, axis=axis) * lam
    return x


# ---------------------------------------------------------------- the network

def encoder(wt, x, variant, blocks, train):
    skip, _ = VARIANTS[variant]
    latent_grid = [s // 2 ** blocks for s in x.shape[2:]]
    sides = []
    for i in range(blocks):
        p = f"encoder.blocks.{i}"
        h = conv3d(x, wt[p + ".main_mapping.0.weight"])
        h = pau(batch_norm(h, wt, p + ".main_mapping.1", train), wt, p + ".main_mapping.2")
        h = avg_pool2(h)
        h = batch_norm(conv3d(h, wt[p + ".main_mapping.5.weight"]), wt, p + ".main_mapping.6", train)
        r = conv3d(x, wt[p + ".residual_mapping.weight"]) if p + ".residual_mapping.weight" in wt else x
        x = pau(h + avg_pool2(r), wt, p + ".final_activation")
        if skip:
            q = f"encoder.output_mappings.{i}"
            s = conv3d(adaptive_max_pool(x, latent_grid), wt[q + ".1.weight"])
            sides.append(pau(batch_norm(s, wt, q + ".2", train), wt, q + ".3"))
    low = None
    if skip:
        low = 1 / (1 + np.exp(-conv3d(x, wt["encoder.segmentation_mapping.0.weight"])))
        x = np.concatenate(sides, axis=1)
    f = conv3d(x, wt["encoder.final_mapping.0.weight"], wt["encoder.final_mapping.0.bias"])
    f = pau(batch_norm(f, wt, "encoder.final_mapping.1", train), wt, "encoder.final_mapping.2")
    return f.reshape(f.shape[0], f.shape[1], -1), low


def patches(volume, points, large):
    """(B, N, Cp, 7, 7, 7): local window -3..+3, then the -7..+6 window average-pooled 2x (zeros outside)."""
    B, C = volume.shape[:2]
    vp = np.pad(volume, ((0, 0), (0, 0), (7, 7), (7, 7), (7, 7)))
    out = []
    for b in range(B):
        per = []
        for x, y, z in points[b]:
            local = vp[b, :, x + 4:x + 11, y + 4:y + 11, z + 4:z + 11]
            parts = [local]
            if large:
                w = vp[b, :, x:x + 14, y:y + 14, z:z + 14]
                parts.append(w.reshape(C, 7, 2, 7, 2, 7, 2).mean(axis=(2, 4, 6)))
            per.append(np.concatenate(parts, axis=0))
        out.append(np.stack(per))
    return np.stack(out)


def cbn(h, z, wt, p, B, train):
    """h (B*N, F), z (B, L)."""
    P, F = h.shape
    if train:
        mean, var = h.mean(), h.var()
    else:
        mean, var = wt[p + ".normalization.running_mean"][0], wt[p + ".normalization.running_var"][0]
    xh = ((h - mean) / np.sqrt(var + EPS)).reshape(B, P // B, F)
    gamma = z @ wt[p + ".linear_gamma.weight"].T + wt[p + ".linear_gamma.bias"]
    beta = z @ wt[p + ".linear_beta.weight"].T + wt[p + ".linear_beta.bias"]
    return (gamma[:, None, :] * xh + beta[:, None, :]).reshape(P, F)


def linear(x, wt, p):
    y = x @ wt[p + ".weight"].T
    return y + wt[p + ".bias"] if p + ".bias" in wt else y


def decoder(wt, latent, points, pts, train):
    B, N = points.shape[:2]
    parts = [points.astype(np.float64)]
    if pts is not None:
        m = pts.reshape(B * N, *pts.shape[2:])
        p = "decoder.patch_mapping.mapping"
        h = pau(conv3d(m, wt[p + ".0.weight"], wt[p + ".0.bias"]), wt, p + ".1")
        h = pau(conv3d(h, wt[p + ".3.weight"], wt[p + ".3.bias"]), wt, p + ".4")
        parts.append(h.reshape(B, N, 343))
    parts.append(np.repeat(latent[:, None, 0, :], N, axis=1))
    x = np.concatenate(parts, axis=2).reshape(B * N, -1)
    for k in range(DEC_BLOCKS):
        p = f"decoder.blocks.{k}"
        z = latent[:, 0] if latent.shape[1] == 1 else latent[:, k + 1]
        h = linear(x, wt, p + ".linear_layer_1")
        h = pau(cbn(h, z, wt, p + ".cnb_1", B, train), wt, p + ".activation")
        h = cbn(linear(h, wt, p + ".linear_layer_2"), z, wt, p + ".cnb_2", B, train)
        r = linear(x, wt, p + ".residual_mapping") if p + ".residual_mapping.weight" in wt else x
        x = pau(h + r, wt, p + ".final_activation")
    logits = x @ wt["decoder.final_mapping.0.weight"].T
    return (1 / (1 + np.exp(-logits))).reshape(B, N)


def forward(variant, train):
    c = CASE
    ks = keys_and_shapes(variant, c["C"], c["blocks"], c["grid"])
    wt = make_weights(ks)
    volume, points = make_inputs(c["C"], c["grid"], c["B"], c["N"])
    latent, low = encoder(wt, trilinear_half(volume), variant, c["blocks"], train)
    kinds = VARIANTS[variant][1]
    pts = patches(volume, points, kinds == 2) if kinds else None
    return decoder(wt, latent, points, pts, train), low


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    a = ap.parse_args()
    # the spec's parameter counts (section 2.5), from this script's own key list
    expected = {"brats": (4, 4, (256, 256, 160), (6890753, 7245438, 7254358, 8695733, 8704653)),
                "lits": (1, 5, (512, 512, 512), (9057237, 9409177, 9409520, 10866490, 10866833))}
    for preset, (C, blocks, grid, counts) in expected.items():
        for variant, count in zip(VARIANTS, counts):
            n = parameter_count(keys_and_shapes(variant, C, blocks, grid))
            assert n == count, (preset, variant, n, count)
    print("parameter counts of spec 2.5 reproduced for all 10 preset x variant pairs")
    out = {}
    for variant in VARIANTS:
        for mode in ("eval", "train"):
            probs, low = forward(variant, mode == "train")
            out[f"{variant}_{mode}"] = probs.astype("<f4")
            print(f"{variant:4s} {mode:5s}: probabilities {probs.min():.6f} .. {probs.max():.6f}, mean {probs.mean():.6f}")
            if low is not None and mode == "eval":
                out[f"{variant}_lowres"] = low.astype("<f4")
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "ossnet_reference.npz")
    np.savez(path, **out)
    print(f"-> {os.path.normpath(path)} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
