"""PyTorch eager baseline of one Pix2Rep pretraining step, for docs/bench/pix2rep-speed.sh.

Written from the Pix2Rep spec §2-§3 (not the official code): the 6-level U-Net (DoubleConv = [3x3 conv no bias,
BatchNorm, ReLU] x 2, 5 max-pools, 5 ConvTranspose2d k2 s2, concat [skip, up]) to F channels, the projection head
Conv1x1(F->256) -> BN -> ReLU -> Conv1x1(256->256); one step = view 2 = grid_sample of the batch under a random
affine (rotation +-pi/2, zoom 0.33-0.95; affine_grid/grid_sample, bilinear, zeros, align_corners=True), both views
through backbone and head in training mode, the projection of view 1 warped by the same grid, flattened to
(B*H*W, 256), L2-normalised, N = 1000 shared random pixels, NT-Xent (diagonal removed, tau 0.53), backward, Adam
4.7e-4. The intensity augmentation is left out (LabelFit's timed step includes it, so the comparison favours torch).

Also checks this CPU's oneDNN partial-channel-block bug (docs/onednn-channel-blocks.md): the loss must be finite
and the forward with oneDNN (mkldnn) on must match the forward with it off.

Usage: /usr/bin/python3 docs/bench/pix2rep_torch.py [--width 16] [--features 128] [--batch 8] [--steps 5]
       [--threads 2] [--inference N]     (prints one JSON object)
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def double_conv(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, w, f):
        super().__init__()
        ch = [w << k for k in range(6)]
        self.enc = nn.ModuleList([double_conv(1, ch[0])] + [double_conv(ch[k - 1], ch[k]) for k in range(1, 6)])
        self.up = nn.ModuleList([nn.ConvTranspose2d(ch[6 - k], ch[5 - k], 2, stride=2) for k in range(1, 6)])
        self.dec = nn.ModuleList([double_conv(ch[6 - k], f if k == 5 else ch[5 - k]) for k in range(1, 6)])

    def forward(self, x):
        skips = []
        for k, block in enumerate(self.enc):
            x = block(F.max_pool2d(x, 2) if k else x)
            skips.append(x)
        for k in range(5):
            x = self.dec[k](torch.cat([skips[4 - k], self.up[k](x)], 1))
        return x


def projection(f):
    return nn.Sequential(nn.Conv2d(f, 256, 1), nn.BatchNorm2d(256), nn.ReLU(inplace=True), nn.Conv2d(256, 256, 1))


def thetas(b, g):
    a = (torch.rand(b, generator=g) * 2 - 1) * math.pi / 2
    s = 0.33 + 0.62 * torch.rand(b, generator=g)
    t = (torch.rand(b, 2, generator=g) * 2 - 1) * (1 - s)[:, None]
    return torch.stack([torch.stack([s * a.cos(), -s * a.sin(), t[:, 0]], 1), torch.stack([s * a.sin(), s * a.cos(), t[:, 1]], 1)], 1)


def step(net, head, opt, x, g, pixels=1000, tau=0.53):
    b, _, h, w = x.shape
    grid = F.affine_grid(thetas(b, g), (b, 1, h, w), align_corners=True)
    v2 = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=True)
    p1, p2 = head(net(x)), head(net(v2))
    z1 = F.grid_sample(p1, grid, mode="bilinear", padding_mode="zeros", align_corners=True)
    rows = lambda z: F.normalize(z.permute(0, 2, 3, 1).reshape(-1, z.shape[1]), dim=1)
    idx = torch.randperm(b * h * w, generator=g)[:pixels]
    z = torch.cat([rows(z1)[idx], rows(p2)[idx]])
    n = z.shape[0] // 2
    s = z @ z.t() / tau
    s = s[~torch.eye(2 * n, dtype=torch.bool)].view(2 * n, 2 * n - 1)
    target = torch.cat([torch.arange(n) + n - 1, torch.arange(n)])
    loss = F.cross_entropy(s, target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss.item()


def summary(t):
    s = sorted(t)
    return {"median": s[len(s) // 2], "min": s[0], "max": s[-1], "n": len(s)} if s else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, default=16)
    ap.add_argument("--features", type=int, default=128)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--inference", type=int, default=0, help="timed single-slice backbone forwards (0: none)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    g = torch.Generator().manual_seed(1)
    net, head = UNet(a.width, a.features), projection(a.features)
    opt = torch.optim.Adam(list(net.parameters()) + list(head.parameters()), lr=4.7e-4)
    x = torch.rand(a.batch, 1, 128, 128, generator=g)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "width": a.width, "features": a.features,
           "batch": a.batch, "backbone_parameters": sum(p.numel() for p in net.parameters())}
    times, losses = [], []
    for s in range(a.steps + 1 if a.steps else 0):  # the first step is a warm-up
        start = time.perf_counter()
        losses.append(step(net, head, opt, x, g))
        if s:
            times.append(time.perf_counter() - start)
    out["training_step_seconds"] = summary(times)
    out["losses_finite"] = all(math.isfinite(v) for v in losses)
    net.eval()
    with torch.no_grad():
        probe = torch.rand(2, 1, 128, 128, generator=g)
        on = net(probe)
        torch.backends.mkldnn.enabled = False
        off = net(probe)
        torch.backends.mkldnn.enabled = True
        out["onednn_vs_plain_max_abs_diff"] = float((on - off).abs().max())
        out["forward_finite"] = bool(torch.isfinite(on).all())
        t = []
        for s in range(a.inference + 1 if a.inference else 0):
            one = torch.rand(1, 1, 128, 128, generator=g)
            start = time.perf_counter()
            net(one)
            if s:
                t.append(time.perf_counter() - start)
        out["inference_seconds_per_slice"] = summary(t)
    out["peak_resident_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # Linux: KB; = VmHWM
    print(json.dumps(out))


if __name__ == "__main__":
    main()
