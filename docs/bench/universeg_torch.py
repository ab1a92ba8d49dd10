"""Timing baseline for UniverSeg v1 inference in PyTorch eager, standing in for the official code.

The same literal architecture as the official `UniverSeg(encoder_blocks=[64, 64, 64, 64])`, written
as torch nn.Modules from the UniverSeg v1 spec (state_dict keys and the 1,182,785 parameters match
the official layout): CrossConv expands the query to S copies, concatenates channels [query, support]
and runs one Conv2d over all B*S pairs (like the official vmap/einops code); no activation after
it; query <- LeakyReLU(target conv(mean over S)), support <- LeakyReLU(support conv(z_j)); MaxPool 2x2
after enc0..enc2; UpsamplingBilinear2d (align_corners=True) and concat [up, skip] in the decoder;
dec2's support branch is computed as in the official code; out_conv 1x1 on the query.

Random init, torch.no_grad(), one 128x128 query. For each support size S a fresh subprocess runs
1 warm-up + --repeats forward passes and reports the median seconds per query and the process peak
RSS (ru_maxrss, so the peak is per S; it includes the interpreter, torch and the model).

    /usr/bin/python3 docs/bench/universeg_torch.py --threads 2 --sizes 1,4,16,32 --repeats 5 [--json out.json]
    /usr/bin/python3 docs/bench/universeg_torch.py --check     # hashed weights vs the NumPy reference logits
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

import torch
from torch import nn

FEATURES = 64


class CrossConv2d(nn.Conv2d):
    """Conv2d applied to every (x_i, y_j) pair with channels [x, y]: (B,Sx,Cx,H,W), (B,Sy,Cy,H,W) -> (B,Sx,Sy,Co,H,W)."""

    def forward(self, x, y):
        B, Sx, Cx, H, W = x.shape
        Sy, Cy = y.shape[1], y.shape[2]
        xs = x.unsqueeze(2).expand(B, Sx, Sy, Cx, H, W)
        ys = y.unsqueeze(1).expand(B, Sx, Sy, Cy, H, W)
        pairs = torch.cat([xs, ys], dim=3).reshape(B * Sx * Sy, Cx + Cy, H, W)
        out = super().forward(pairs)
        return out.reshape(B, Sx, Sy, *out.shape[1:])


class CrossOp(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.cross_conv = CrossConv2d(cin, cout, kernel_size=3, padding=1)

    def forward(self, target, support):
        z = self.cross_conv(target, support).squeeze(1)       # (B,S,Co,H,W), no nonlinearity
        return z.mean(dim=1, keepdim=True), z


class ConvOp(nn.Module):
    def __init__(self, cin, cout, k=3, act=True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel_size=k, padding=k // 2)
        self.act = nn.LeakyReLU(0.01) if act else nn.Identity()

    def forward(self, x):
        return self.act(self.conv(x))


class Vmap(nn.Module):
    """Folds (B, S) into the batch axis, applies the module, unfolds."""

    def __init__(self, module):
        super().__init__()
        self.vmapped = module

    def forward(self, x):
        B, S = x.shape[:2]
        y = self.vmapped(x.reshape(B * S, *x.shape[2:]))
        return y.reshape(B, S, *y.shape[1:])


def vmap(fn, x):
    B, S = x.shape[:2]
    y = fn(x.reshape(B * S, *x.shape[2:]))
    return y.reshape(B, S, *y.shape[1:])


class CrossBlock(nn.Module):
    def __init__(self, cq, cs):
        super().__init__()
        self.cross = CrossOp(cq + cs, FEATURES)
        self.target = Vmap(ConvOp(FEATURES, FEATURES))
        self.support = Vmap(ConvOp(FEATURES, FEATURES))

    def forward(self, target, support):
        u, z = self.cross(target, support)
        return self.target(u), self.support(z)


class UniverSegV1(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc_blocks = nn.ModuleList([CrossBlock(1, 2)] + [CrossBlock(FEATURES, FEATURES) for _ in range(3)])
        self.dec_blocks = nn.ModuleList([CrossBlock(2 * FEATURES, 2 * FEATURES) for _ in range(3)])
        self.out_conv = ConvOp(FEATURES, 1, k=1, act=False)
        self.downsample = nn.MaxPool2d(2, 2)
        self.upsample = nn.UpsamplingBilinear2d(scale_factor=2)

    def forward(self, target_image, support_images, support_labels):
        target = target_image.unsqueeze(1)                               # (B,1,1,H,W)
        support = torch.cat([support_images, support_labels], dim=2)     # (B,S,2,H,W)
        skips = []
        for i, block in enumerate(self.enc_blocks):
            target, support = block(target, support)
            if i == len(self.enc_blocks) - 1:
                break
            skips.append((target, support))
            target, support = vmap(self.downsample, target), vmap(self.downsample, support)
        for block in self.dec_blocks:
            t_skip, s_skip = skips.pop()
            target = torch.cat([vmap(self.upsample, target), t_skip], dim=2)
            support = torch.cat([vmap(self.upsample, support), s_skip], dim=2)
            target, support = block(target, support)
        return self.out_conv(target.squeeze(1))                           # (B,1,H,W) logits


def rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0   # Linux: KiB


def worker(a):
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = UniverSegV1().eval()
    n = sum(p.numel() for p in net.parameters())
    assert n == 1_182_785 and len(net.state_dict()) == 44, n
    S, H = a.worker, a.size
    q = torch.rand(1, 1, H, H)
    si = torch.rand(1, S, 1, H, H)
    sl = (torch.rand(1, S, 1, H, H) > 0.5).float()
    rss_before = rss_mib()
    times = []
    with torch.no_grad():
        for r in range(a.repeats + 1):
            t0 = time.perf_counter()
            y = net(q, si, sl)
            dt = time.perf_counter() - t0
            if r > 0:
                times.append(dt)
    assert y.shape == (1, 1, H, H)
    print(json.dumps(dict(S=S, median_s=statistics.median(times), times_s=times,
                          peak_rss_mib=rss_mib(), rss_before_forward_mib=rss_before,
                          threads=a.threads, size=H, torch=torch.__version__)))


def check():
    """Load the hashed weights of universeg_reference.py and compare with its stored logits."""
    import numpy as np
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import universeg_reference as ref
    torch.set_num_threads(2)
    net = UniverSegV1().double().eval()
    keys = [k for k, _ in ref.keys_and_shapes()]
    assert list(net.state_dict().keys()) == keys, "state_dict key order differs from the reference"
    net.load_state_dict({k: torch.from_numpy(v.astype(np.float64)) for k, v in ref.make_weights().items()})
    worst = 0.0
    for case, c in ref.CASES.items():
        t, si, sl = (torch.from_numpy(x.astype(np.float64)) for x in ref.make_inputs(c["B"], c["S"], c["H"], c["W"]))
        with torch.no_grad():
            y = net(t, si, sl).numpy()
        exp = np.load(os.path.join(ref.DEFAULT_OUT, f"reference_{case}_logits.npy")).astype(np.float64)
        rel = float(np.abs(y - exp).max() / np.abs(exp).max())
        worst = max(worst, rel)
        print(f"case {case}: nn.Module (float64) vs stored reference logits: relative max |diff| {rel:.3e}")
    if worst >= 1e-4:
        sys.exit("check FAILED")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sizes", default="1,4,16,32", help="support sizes S, comma separated")
    ap.add_argument("--repeats", type=int, default=5, help="timed forward passes after 1 warm-up")
    ap.add_argument("--size", type=int, default=128, help="H = W")
    ap.add_argument("--json", help="also write the results to this JSON file")
    ap.add_argument("--check", action="store_true", help="compare with the NumPy reference logits and exit")
    ap.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.check:
        return check()
    if a.worker is not None:
        return worker(a)

    results = []
    print(f"UniverSeg v1 (PyTorch {torch.__version__} eager, CPU, {a.threads} threads, no_grad), "
          f"1 query {a.size}x{a.size}, 1 warm-up + {a.repeats} timed passes per S, fresh process per S")
    print(f"{'S':>4} {'median s/query':>15} {'min s':>8} {'max s':>8} {'peak RSS MiB':>13} {'RSS before fwd MiB':>19}")
    for S in (int(s) for s in a.sizes.split(",")):
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", str(S), "--threads", str(a.threads),
               "--repeats", str(a.repeats), "--size", str(a.size)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        results.append(r)
        print(f"{S:>4} {r['median_s']:>15.3f} {min(r['times_s']):>8.3f} {max(r['times_s']):>8.3f} "
              f"{r['peak_rss_mib']:>13.0f} {r['rss_before_forward_mib']:>19.0f}", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(benchmark="universeg_torch", results=results), f, indent=2)


if __name__ == "__main__":
    main()
