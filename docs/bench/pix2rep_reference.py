"""Independent NumPy (float64) reference of the Pix2Rep forward pass (eval mode), with seeded random weights.

Written from the Pix2Rep spec §2 (/work/shared/specs/pix2rep.md), not from the official code nor from LabelFit:

- DoubleConv(Cin -> Cout) = [3x3 conv, zero padding 1, no bias -> BatchNorm (eval: running statistics,
  eps 1e-5) -> ReLU] x 2; state-dict Sequential indices 0, 1 (conv, BN) and 3, 4.
- inc = DoubleConv(1 -> w); down k = MaxPool 2x2 -> DoubleConv(2^(k-1) w -> 2^k w), k = 1..5.
- up k = ConvTranspose2d(k2, s2, bias), weight (Cin, Cout, 2, 2), Cin -> Cin/2; concat [skip, up] on the
  channel axis; DoubleConv(Cin -> Cin/2), except up5 whose DoubleConv gives the F feature channels.
- Projection head: Conv1x1(F -> 256, bias) -> BN -> ReLU -> Conv1x1(256 -> 256, bias), named projection.{0,1,3}
  (LabelFit's names: the official ones are not documented). Downstream head outc.conv: Conv1x1(F -> classes).

Configuration: w = 2, F = 8, 3 classes, input (2, 1, 32, 32) drawn U(0, 1). Weights are drawn with
numpy.random.default_rng(SEED) in state-dict order, then rounded to multiples of 2^-5 (exact in float32; the
.npz files are compressed and stay small; the forward runs on the rounded values in float64):
    conv / transposed-conv weights: U(+-sqrt(6 / fan_in)), fan_in = shape[1] * 9 (3x3) or shape[1] (1x1),
        shape[0] * 4 for a transposed conv (its input channels);
    biases U(+-0.2); BN weight U(0.5, 1.5), bias U(+-0.2), running_mean U(+-0.3), running_var U(0.5, 2.0);
    num_batches_tracked int64 7.

Writes into src/test/resources/org/labelfit/pix2rep/ (checked by Pix2RepReferenceTest):
    reference_weights.npz      backbone + outc (what `pix2rep import-weights` reads)
    reference_projection.npz   the projection head (loaded into the network directly: import takes no projection)
    reference_input.npy        (2, 1, 32, 32) float32
    reference_features.npy     (2, 8, 32, 32) float32, the backbone output
    reference_logits.npy       (2, 3, 32, 32) float32, outc on the features
    reference_projection.npy   (2, 256, 2, 2) float32, the projection head output at pixels [::16, ::16]
                               (the full 2 x 256 x 32 x 32 map would be 2 MB)

Usage: python3 docs/bench/pix2rep_reference.py [--out DIR]
"""
import argparse
import os

import numpy as np

SEED = 20240612
W, F, CLASSES, B, SIZE = 2, 8, 3, 2, 32
EPS = 1e-5


def double_conv_keys(prefix, cin, cout):
    s = {}
    s[prefix + ".0.weight"] = (cout, cin, 3, 3)
    s.update(bn_keys(prefix + ".1", cout))
    s[prefix + ".3.weight"] = (cout, cout, 3, 3)
    s.update(bn_keys(prefix + ".4", cout))
    return s


def bn_keys(prefix, c):
    return {prefix + "." + k: (c,) for k in ("weight", "bias", "running_mean", "running_var")} | {prefix + ".num_batches_tracked": ()}


def shapes():
    ch = [W << k for k in range(6)]
    s = double_conv_keys("inc.double_conv", 1, ch[0])
    for k in range(1, 6):
        s.update(double_conv_keys("down%d.maxpool_conv.1.double_conv" % k, ch[k - 1], ch[k]))
    for k in range(1, 6):
        cin = ch[6 - k]
        s["up%d.up.weight" % k] = (cin, cin // 2, 2, 2)
        s["up%d.up.bias" % k] = (cin // 2,)
        s.update(double_conv_keys("up%d.conv.double_conv" % k, cin, F if k == 5 else cin // 2))
    s["outc.conv.weight"] = (CLASSES, F, 1, 1)
    s["outc.conv.bias"] = (CLASSES,)
    p = {"projection.0.weight": (256, F, 1, 1), "projection.0.bias": (256,)}
    p.update(bn_keys("projection.1", 256))
    p["projection.3.weight"] = (256, 256, 1, 1)
    p["projection.3.bias"] = (256,)
    return s, p


def draw(rng, name, shape):
    if name.endswith("num_batches_tracked"):
        return np.array(7, dtype=np.int64)
    if len(shape) == 4:
        fan_in = shape[0] * 4 if ".up.weight" in name else shape[1] * shape[2] * shape[3]
        b = np.sqrt(6.0 / fan_in)
        return quantised(rng.uniform(-b, b, shape))
    leaf = name.rsplit(".", 1)[1]
    lo, hi = {"running_mean": (-0.3, 0.3), "running_var": (0.5, 2.0)}.get(leaf, (-0.2, 0.2))
    if leaf == "weight":  # a 1-D weight is a BatchNorm scale
        lo, hi = 0.5, 1.5
    return quantised(rng.uniform(lo, hi, shape))


def quantised(a):
    # multiples of 2^-5 are exact in float32 with few mantissa bits, so the compressed .npz stays small
    return (np.round(a * 32) / 32).astype(np.float32)


def conv3x3(x, w):
    bsz, _, h, wd = x.shape
    p = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    out = np.zeros((bsz, w.shape[0], h, wd))
    for dy in range(3):
        for dx in range(3):  # cross-correlation, as torch's conv2d
            out += np.einsum("oc,bchw->bohw", w[:, :, dy, dx], p[:, :, dy:dy + h, dx:dx + wd])
    return out


def conv1x1(x, w, b):
    return np.einsum("oc,bchw->bohw", w[:, :, 0, 0], x) + b[None, :, None, None]


def bn(x, t, prefix):
    g = lambda k: t[prefix + "." + k][None, :, None, None]
    return (x - g("running_mean")) / np.sqrt(g("running_var") + EPS) * g("weight") + g("bias")


def relu(x):
    return np.maximum(x, 0)


def double_conv(x, t, prefix):
    x = relu(bn(conv3x3(x, t[prefix + ".0.weight"]), t, prefix + ".1"))
    return relu(bn(conv3x3(x, t[prefix + ".3.weight"]), t, prefix + ".4"))


def maxpool(x):
    bsz, c, h, w = x.shape
    return x.reshape(bsz, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


def up_conv(x, w, b):
    # out[b, o, 2i + p, 2j + q] = sum_c x[b, c, i, j] w[c, o, p, q] + bias[o]
    bsz, _, h, wd = x.shape
    y = np.einsum("bcij,copq->boipjq", x, w).reshape(bsz, w.shape[1], 2 * h, 2 * wd)
    return y + b[None, :, None, None]


def forward(x, t):
    skips = [double_conv(x, t, "inc.double_conv")]
    for k in range(1, 6):
        skips.append(double_conv(maxpool(skips[-1]), t, "down%d.maxpool_conv.1.double_conv" % k))
    x = skips[5]
    for k in range(1, 6):
        up = up_conv(x, t["up%d.up.weight" % k], t["up%d.up.bias" % k])
        x = double_conv(np.concatenate([skips[5 - k], up], axis=1), t, "up%d.conv.double_conv" % k)
    return x


def project(f, t):
    h = relu(bn(conv1x1(f, t["projection.0.weight"], t["projection.0.bias"]), t, "projection.1"))
    return conv1x1(h, t["projection.3.weight"], t["projection.3.bias"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "resources", "org", "labelfit", "pix2rep"))
    out = ap.parse_args().out
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    backbone, projection = shapes()
    weights = {k: draw(rng, k, s) for k, s in backbone.items()}
    proj = {k: draw(rng, k, s) for k, s in projection.items()}
    x = rng.uniform(0, 1, (B, 1, SIZE, SIZE)).astype(np.float32)
    t = {k: v.astype(np.float64) for k, v in (weights | proj).items()}
    feats = forward(x.astype(np.float64), t)
    logits = conv1x1(feats, t["outc.conv.weight"], t["outc.conv.bias"])
    z = project(feats, t)[:, :, ::16, ::16]
    np.savez_compressed(os.path.join(out, "reference_weights.npz"), **weights)
    np.savez_compressed(os.path.join(out, "reference_projection.npz"), **proj)
    for name, a in (("input", x), ("features", feats), ("logits", logits), ("projection", z)):
        np.save(os.path.join(out, "reference_%s.npy" % name), a.astype(np.float32))
    print("features: max |f| %.4g, fraction > 0 %.3f; logits max |l| %.4g; projection max |z| %.4g"
          % (np.abs(feats).max(), (feats > 0).mean(), np.abs(logits).max(), np.abs(z).max()))


if __name__ == "__main__":
    main()
