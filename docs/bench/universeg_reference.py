"""Independent NumPy (float64) reference of the UniverSeg v1 forward pass, with hashed weights.

Written from the UniverSeg v1 architecture spec (UniverSeg v1: 4 encoder CrossBlocks, 3 decoder
CrossBlocks, 64 features everywhere, 1,182,785 parameters, 44 state_dict tensors). It does not use
the official code. Everything is computed literally, without shortcuts:

- CrossConv forms every (query, support_j) pair, concatenates the channels as [query, support] and
  applies one 3x3 conv (zero padding 1, stride 1, bias) to each pair. No activation afterwards.
- query  <- LeakyReLU_0.01(target_conv3x3(mean_j z_j));  support_j <- LeakyReLU_0.01(support_conv3x3(z_j)).
- MaxPool 2x2 on both paths after enc0..enc2 (not after enc3).
- Decoder: bilinear x2 upsampling with align_corners=True of both paths, concat [upsampled, skip],
  CrossBlock. The support branch of dec2 is computed too, and discarded.
- out_conv 1x1 on the query -> logits (B, 1, H, W).

Weights and inputs are float32 values generated from an integer hash, so the Java test can
regenerate them without storing them (see `hash_uniform`, `make_weights`, `make_inputs`):

    h = fmix32((i * 2654435761 + c) mod 2**32)   i = flat C-order element index, c = a constant,
                                                 fmix32 = MurmurHash3's 32-bit finaliser
    u = h / 2**32                          float64 in [0, 1)
    weight tensor k (k = 0..43 in KEYS order): float32(((u - 0.5) * 2) * sqrt(6.0 / fan_in)),
        c = (k + 1) * 97531, fan_in = prod(shape[1:])
    bias tensor k:                            float32((u - 0.5) * 0.2),  c = (k + 1) * 97531
    query image    (B, 1, H, W):    c = 11, float32(u)
    support images (B, S, 1, H, W): c = 22, float32(u)
    support labels (B, S, 1, H, W): c = 33, float32(1.0 if u >= 0.5 else 0.0)

Usage (writes reference_{a,b}_logits.npy into src/test/resources/org/labelfit/universeg/):

    /usr/bin/python3 docs/bench/universeg_reference.py [--check-torch] [--cases a,b] [--out DIR]
"""
import argparse
import os
import sys

# Keep BLAS light (2 threads at most); must be set before numpy is imported.
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "2")

import numpy as np  # noqa: E402

PARAM_COUNT = 1_182_785
FEATURES = 64
HASH_MULT = 2654435761
KEY_CONST = 97531
CASES = {"a": dict(B=1, S=3, H=128, W=128), "b": dict(B=2, S=2, H=32, W=32)}
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                           "src", "test", "resources", "org", "labelfit", "universeg")


def block_names():
    return [f"enc_blocks.{i}" for i in range(4)] + [f"dec_blocks.{i}" for i in range(3)]


def keys_and_shapes():
    """The 44 state_dict keys in official order, with their shapes."""
    out = []
    for name in block_names():
        cin = 3 if name == "enc_blocks.0" else (128 if name.startswith("enc") else 256)
        out.append((f"{name}.cross.cross_conv.weight", (FEATURES, cin, 3, 3)))
        out.append((f"{name}.cross.cross_conv.bias", (FEATURES,)))
        for part in ("target", "support"):
            out.append((f"{name}.{part}.vmapped.conv.weight", (FEATURES, FEATURES, 3, 3)))
            out.append((f"{name}.{part}.vmapped.conv.bias", (FEATURES,)))
    out.append(("out_conv.conv.weight", (1, FEATURES, 1, 1)))
    out.append(("out_conv.conv.bias", (1,)))
    return out


def hash_uniform(n, c):
    """u_i = fmix32((i * 2654435761 + c) mod 2**32) / 2**32 for i = 0..n-1, as float64.

    fmix32 is MurmurHash3's 32-bit finaliser; without it the sequence is a Weyl sequence and tensors of
    equal shape (e.g. target and support convs) come out as near-copies, which a test could not tell apart.
    """
    m = np.uint64(0xFFFFFFFF)
    i = np.arange(n, dtype=np.uint64)
    h = (i * np.uint64(HASH_MULT) + np.uint64(c)) & m  # uint64 wraps mod 2**64
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & m
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & m
    h ^= h >> np.uint64(16)
    return h.astype(np.float64) / 4294967296.0


def make_weights():
    weights = {}
    for k, (key, shape) in enumerate(keys_and_shapes()):
        n = int(np.prod(shape))
        u = hash_uniform(n, (k + 1) * KEY_CONST)
        if key.endswith(".weight"):
            fan_in = int(np.prod(shape[1:]))
            v = ((u - 0.5) * 2.0) * np.sqrt(6.0 / fan_in)
        else:
            v = (u - 0.5) * 0.2
        weights[key] = v.astype(np.float32).reshape(shape)
    return weights


def make_inputs(B, S, H, W):
    n_q, n_s = B * H * W, B * S * H * W
    target = hash_uniform(n_q, 11).astype(np.float32).reshape(B, 1, H, W)
    s_img = hash_uniform(n_s, 22).astype(np.float32).reshape(B, S, 1, H, W)
    s_lab = np.where(hash_uniform(n_s, 33) >= 0.5, 1.0, 0.0).astype(np.float32).reshape(B, S, 1, H, W)
    return target, s_img, s_lab


# ---------------------------------------------------------------- numpy float64 ops

def conv2d(x, w, b):
    """x (N,C,H,W), w (O,C,kh,kw) with kh = kw in {1, 3}, zero padding (k-1)/2, stride 1, + bias."""
    n, c, h, wd = x.shape
    o, c2, kh, kw = w.shape
    assert c == c2, (x.shape, w.shape)
    p = kh // 2
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))) if p else x
    y = np.zeros((n, o, h, wd), dtype=np.float64)
    for dy in range(kh):
        for dx in range(kw):
            shifted = xp[:, :, dy:dy + h, dx:dx + wd]
            y += np.einsum("nchw,oc->nohw", shifted, w[:, :, dy, dx], optimize=True)
    y += b.reshape(1, o, 1, 1)
    return y


def leaky_relu(x, slope=0.01):
    return np.where(x >= 0, x, slope * x)


def maxpool2(x):
    """2x2 / stride 2 max pooling over the last two axes."""
    *lead, h, w = x.shape
    return x.reshape(*lead, h // 2, 2, w // 2, 2).max(axis=(-3, -1))


def upsample_matrix(n):
    """U (2n x n): bilinear x2 with align_corners=True, src = dst * (n - 1) / (2n - 1)."""
    m = 2 * n
    u = np.zeros((m, n), dtype=np.float64)
    for d in range(m):
        s = d * (n - 1) / (m - 1) if m > 1 else 0.0
        i0 = min(int(np.floor(s)), n - 1)
        i1 = min(i0 + 1, n - 1)
        f = s - i0
        u[d, i0] += 1.0 - f
        u[d, i1] += f
    return u


def upsample2(x):
    """Bilinear x2 (align_corners=True) over the last two axes: U_h X U_w^T."""
    uh = upsample_matrix(x.shape[-2])
    uw = upsample_matrix(x.shape[-1])
    return np.einsum("ph,...hw,qw->...pq", uh, x, uw, optimize=True)


# ---------------------------------------------------------------- network

def cross_block(q, s, wt, name):
    """q (B,1,Cq,H,W), s (B,S,Cs,H,W) -> (B,1,64,H,W), (B,S,64,H,W)."""
    B, Sq, Cq, H, W = q.shape
    _, S, Cs, _, _ = s.shape
    assert Sq == 1
    # every (query_i, support_j) pair, channels [query, support]; pair order (b, i, j)
    pairs = np.empty((B, Sq, S, Cq + Cs, H, W), dtype=np.float64)
    for b in range(B):
        for i in range(Sq):
            for j in range(S):
                pairs[b, i, j, :Cq] = q[b, i]
                pairs[b, i, j, Cq:] = s[b, j]
    z = conv2d(pairs.reshape(B * Sq * S, Cq + Cs, H, W),
               wt[f"{name}.cross.cross_conv.weight"].astype(np.float64),
               wt[f"{name}.cross.cross_conv.bias"].astype(np.float64))
    del pairs
    z = z.reshape(B, Sq, S, FEATURES, H, W)[:, 0]          # squeeze the query-set axis: (B,S,64,H,W)
    u = z.mean(axis=1)                                     # (B,64,H,W), no activation before it
    q_new = leaky_relu(conv2d(u, wt[f"{name}.target.vmapped.conv.weight"].astype(np.float64),
                              wt[f"{name}.target.vmapped.conv.bias"].astype(np.float64)))
    s_new = leaky_relu(conv2d(z.reshape(B * S, FEATURES, H, W),
                              wt[f"{name}.support.vmapped.conv.weight"].astype(np.float64),
                              wt[f"{name}.support.vmapped.conv.bias"].astype(np.float64)))
    return q_new.reshape(B, 1, FEATURES, H, W), s_new.reshape(B, S, FEATURES, H, W)


def forward(wt, target, s_img, s_lab):
    B, _, H, W = target.shape
    assert H % 8 == 0 and W % 8 == 0
    q = target.astype(np.float64).reshape(B, 1, 1, H, W)
    s = np.concatenate([s_img, s_lab], axis=2).astype(np.float64)   # (B,S,2,H,W): [image, label]
    skips = []
    for i in range(4):
        q, s = cross_block(q, s, wt, f"enc_blocks.{i}")
        if i < 3:
            skips.append((q, s))
            q, s = maxpool2(q), maxpool2(s)
    for i in range(3):
        q_skip, s_skip = skips.pop()
        q = np.concatenate([upsample2(q), q_skip], axis=2)
        s = np.concatenate([upsample2(s), s_skip], axis=2)
        q, s = cross_block(q, s, wt, f"dec_blocks.{i}")             # dec2's s is computed, unused
    del s
    return conv2d(q[:, 0], wt["out_conv.conv.weight"].astype(np.float64),
                  wt["out_conv.conv.bias"].astype(np.float64))     # (B,1,H,W)


# ---------------------------------------------------------------- torch cross-check

def forward_torch(wt, target, s_img, s_lab, dtype="float64"):
    """Same net with torch.nn.functional (float64 by default), literal pair construction."""
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(2)
    T = {k: torch.from_numpy(v.astype(dtype)) for k, v in wt.items()}

    def block(q, s, name):
        B, Sq, Cq, H, W = q.shape
        S, Cs = s.shape[1], s.shape[2]
        qs = q.unsqueeze(2).expand(B, Sq, S, Cq, H, W)
        ss = s.unsqueeze(1).expand(B, Sq, S, Cs, H, W)
        pairs = torch.cat([qs, ss], dim=3).reshape(B * Sq * S, Cq + Cs, H, W)
        z = F.conv2d(pairs, T[f"{name}.cross.cross_conv.weight"], T[f"{name}.cross.cross_conv.bias"], padding=1)
        z = z.reshape(B, Sq, S, -1, H, W).squeeze(1)
        u = z.mean(dim=1)
        qn = F.leaky_relu(F.conv2d(u, T[f"{name}.target.vmapped.conv.weight"],
                                   T[f"{name}.target.vmapped.conv.bias"], padding=1), 0.01)
        sn = F.leaky_relu(F.conv2d(z.reshape(B * S, -1, H, W), T[f"{name}.support.vmapped.conv.weight"],
                                   T[f"{name}.support.vmapped.conv.bias"], padding=1), 0.01)
        return qn.reshape(B, 1, -1, H, W), sn.reshape(B, S, -1, H, W)

    def vm(fn, x):
        B, S = x.shape[:2]
        y = fn(x.reshape(B * S, *x.shape[2:]))
        return y.reshape(B, S, *y.shape[1:])

    pool = lambda x: F.max_pool2d(x, 2, 2)                                        # noqa: E731
    up = lambda x: F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True)  # noqa: E731
    with torch.no_grad():
        B, _, H, W = target.shape
        q = torch.from_numpy(target.astype(dtype)).reshape(B, 1, 1, H, W)
        s = torch.cat([torch.from_numpy(s_img.astype(dtype)),
                       torch.from_numpy(s_lab.astype(dtype))], dim=2)
        skips = []
        for i in range(4):
            q, s = block(q, s, f"enc_blocks.{i}")
            if i < 3:
                skips.append((q, s))
                q, s = vm(pool, q), vm(pool, s)
        for i in range(3):
            qk, sk = skips.pop()
            q = torch.cat([vm(up, q), qk], dim=2)
            s = torch.cat([vm(up, s), sk], dim=2)
            q, s = block(q, s, f"dec_blocks.{i}")
        y = F.conv2d(q[:, 0], T["out_conv.conv.weight"], T["out_conv.conv.bias"])
    return y.numpy().astype(np.float64)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default="a,b", help="comma list of cases (a: B1 S3 128^2, b: B2 S2 32^2)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output folder for reference_<case>_logits.npy")
    ap.add_argument("--check-torch", action="store_true",
                    help="also run the net with torch.nn.functional (float64; assert relative max diff < 1e-4) "
                         "and report the float32 deviation for information")
    a = ap.parse_args()

    ks = keys_and_shapes()
    n_params = sum(int(np.prod(shape)) for _, shape in ks)
    print(f"state_dict tensors: {len(ks)}, parameters: {n_params:,}")
    assert len(ks) == 44, len(ks)
    assert n_params == PARAM_COUNT, n_params
    wt = make_weights()

    os.makedirs(a.out, exist_ok=True)
    ok = True
    for case in a.cases.split(","):
        cfg = CASES[case]
        target, s_img, s_lab = make_inputs(cfg["B"], cfg["S"], cfg["H"], cfg["W"])
        logits = forward(wt, target, s_img, s_lab)
        assert logits.shape == (cfg["B"], 1, cfg["H"], cfg["W"]), logits.shape
        path = os.path.join(a.out, f"reference_{case}_logits.npy")
        np.save(path, np.ascontiguousarray(logits.astype("<f4")))
        print(f"case {case} {cfg}: logits min {logits.min():.6g} max {logits.max():.6g} "
              f"mean {logits.mean():.6g} -> {os.path.normpath(path)}")
        if a.check_torch:
            ref = forward_torch(wt, target, s_img, s_lab)
            diff = float(np.abs(ref - logits).max())
            scale = float(np.abs(logits).max())
            rel = diff / scale
            print(f"  torch.nn.functional float64 check: max |diff| {diff:.3e}, "
                  f"max |logit| {scale:.6g}, relative {rel:.3e}")
            ok = ok and rel < 1e-4
            ref32 = forward_torch(wt, target, s_img, s_lab, dtype="float32")
            d32 = float(np.abs(ref32 - logits).max())
            print(f"  (info) torch float32 vs float64 reference: max |diff| {d32:.3e}, relative {d32 / scale:.3e}")
    if not ok:
        print("torch check FAILED", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
