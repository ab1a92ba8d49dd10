"""PyTorch eager baseline of one OSS-Net training step and one MISE segmentation, for docs/bench/ossnet-speed.sh.

The same network as LabelFit's (docs/ossnet.md, spec section 2), following docs/bench/ossnet_reference.py's structure:
encoder blocks [Conv3d 3^3 no bias, BatchNorm3d, PAU, AvgPool 2, Conv3d 3^3 no bias, BatchNorm3d] + AvgPool 2 of the
(1x1-mapped) input, PAU; for C/D the side outputs (adaptive max pool to the latent grid, Conv3d 5^3, BN, PAU), the
final mapping to 6 latent channels and the low-resolution segmentation; the patch mapping (two 7^3 convolutions
with PAU, 'same' padding, on each point's Cp x 7^3 patch, to 343 features); 5 residual CBN blocks of width 512
(CBN = BatchNorm1d(1, affine=False) on (B*N, 1, 512), gamma and beta linear in the latent channel); PAU as the
rational function (n0 + ... + n5 x^5) / (1 + |d0||x| + ... + |d3||x|^4) in eager element-wise ops.

One step = N uniform random points (LabelFit: half from the border map, after the official augmentations; both left
out here, which favours torch), their patches gathered by index from the zero-padded volume (the large 14^3 window
average-pooled for B/D), encoder and decoder in training mode, clamped BCE (+ 0.1 x BCE of the low-resolution
segmentation against the max-pooled label for C/D), backward, RAdam (two groups: PAU 1e-2, the rest 3e-4) inside
Lookahead(k 5, alpha 0.8). MISE: eval mode, encode once, stride 4, 2, 1 stages with 9^3 / 3^3 max-pool dilation,
chunks of 2^14 points, threshold 0.5, as org.labelfit.ossnet.Mise.

Usage: /usr/bin/python3 docs/bench/ossnet_torch.py [--variant C] [--grid 64,64,32] [--points 4096] [--steps 3]
       [--repeats 3] [--threads 2]       (prints one JSON object)
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

VARIANTS = {"onet": (False, 0), "A": (False, 1), "B": (False, 2), "C": (True, 1), "D": (True, 2)}
PAU_N = (0.0335583603, 0.505000375, 1.65343934, 2.01001052, 0.931901999, 0.152424124)
PAU_D = (3.30847488e-6, 3.98021568, 5.12471206e-7, 0.301830109)
CHANNELS, BLOCKS, WIDTH, DEC_BLOCKS, CHUNK, CLAMP = 4, 4, 512, 5, 1 << 14, 1e-6


class PAU(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight_numerator = nn.Parameter(torch.tensor(PAU_N))
        self.weight_denominator = nn.Parameter(torch.tensor(PAU_D))

    def forward(self, x):
        n, d = self.weight_numerator, self.weight_denominator.abs()
        num = n[5]
        for j in range(4, -1, -1):
            num = num * x + n[j]
        a = x.abs()
        den = d[3]
        for j in range(2, -1, -1):
            den = den * a + d[j]
        return num / (1 + den * a)


class Block(nn.Module):
    def __init__(self, cin, w):
        super().__init__()
        self.conv1, self.bn1, self.act1 = nn.Conv3d(cin, w, 3, padding=1, bias=False), nn.BatchNorm3d(w), PAU()
        self.conv2, self.bn2 = nn.Conv3d(w, w, 3, padding=1, bias=False), nn.BatchNorm3d(w)
        self.residual = nn.Conv3d(cin, w, 1, bias=False) if cin != w else nn.Identity()
        self.act = PAU()

    def forward(self, x):
        h = self.bn2(self.conv2(F.avg_pool3d(self.act1(self.bn1(self.conv1(x))), 2)))
        return self.act(h + F.avg_pool3d(self.residual(x), 2))


def conv_bn_pau(cin, cout, bias=False):
    return nn.Sequential(nn.Conv3d(cin, cout, 5, padding=2, bias=bias), nn.BatchNorm3d(cout), PAU())


class Encoder(nn.Module):
    def __init__(self, skip, latent_grid):
        super().__init__()
        widths = [128 >> (BLOCKS - 1 - i) for i in range(BLOCKS)]
        self.skip, self.latent_grid = skip, latent_grid
        self.blocks = nn.ModuleList(Block(CHANNELS if i == 0 else widths[i - 1], w) for i, w in enumerate(widths))
        if skip:
            self.sides = nn.ModuleList(conv_bn_pau(w, w // 2) for w in widths)
            self.final = conv_bn_pau(sum(w // 2 for w in widths), DEC_BLOCKS + 1, bias=True)
            self.segmentation = nn.Conv3d(128, 1, 5, padding=2, bias=False)
        else:
            self.final = conv_bn_pau(128, 1, bias=True)

    def forward(self, x):
        sides = []
        for k, block in enumerate(self.blocks):
            x = block(x)
            if self.skip:
                sides.append(self.sides[k](F.adaptive_max_pool3d(x, self.latent_grid)))
        low = torch.sigmoid(self.segmentation(x)) if self.skip else None
        f = self.final(torch.cat(sides, 1) if self.skip else x)
        return f.flatten(2), low


class CBN(nn.Module):
    def __init__(self, latent):
        super().__init__()
        self.gamma, self.beta, self.norm = nn.Linear(latent, WIDTH), nn.Linear(latent, WIDTH), nn.BatchNorm1d(1, affine=False)

    def forward(self, h, z, b):
        p = h.shape[0]
        xh = self.norm(h.view(p, 1, WIDTH)).view(b, p // b, WIDTH)
        return (self.gamma(z)[:, None] * xh + self.beta(z)[:, None]).view(p, WIDTH)


class DecoderBlock(nn.Module):
    def __init__(self, fin, latent):
        super().__init__()
        self.l1, self.l2, self.c1, self.c2 = nn.Linear(fin, WIDTH), nn.Linear(WIDTH, WIDTH), CBN(latent), CBN(latent)
        self.act, self.final = PAU(), PAU()
        self.residual = nn.Linear(fin, WIDTH) if fin != WIDTH else nn.Identity()

    def forward(self, x, z, b):
        h = self.c2(self.l2(self.act(self.c1(self.l1(x), z, b))), z, b)
        return self.final(h + self.residual(x))


class Decoder(nn.Module):
    def __init__(self, kinds, latent):
        super().__init__()
        cp = CHANNELS * kinds
        hid = max(cp // 2, 1)
        self.patch = nn.Sequential(nn.Conv3d(cp, hid, 7, padding=3), PAU(), nn.Conv3d(hid, 1, 7, padding=3), PAU()) if kinds else None
        fin = 3 + (343 if kinds else 0) + latent
        self.blocks = nn.ModuleList(DecoderBlock(fin if k == 0 else WIDTH, latent) for k in range(DEC_BLOCKS))
        self.out = nn.Linear(WIDTH, 1, bias=False)

    def forward(self, latent, points, patches):
        b, n = points.shape[:2]
        parts = [points.float()]
        if patches is not None:
            parts.append(self.patch(patches.flatten(0, 1)).view(b, n, 343))
        parts.append(latent[:, None, 0].expand(b, n, latent.shape[2]))
        x = torch.cat(parts, 2).view(b * n, -1)
        for k, block in enumerate(self.blocks):
            x = block(x, latent[:, 0] if latent.shape[1] == 1 else latent[:, k + 1], b)
        return torch.sigmoid(self.out(x)).view(b, n)


OFFSETS = {}


def patches(padded, points, large):
    """padded (C, X+14, Y+14, Z+14), points (N, 3) long -> (N, Cp, 7, 7, 7); zeros outside the volume."""
    side = 14 if large else 7
    if side not in OFFSETS:
        r = torch.arange(side)
        OFFSETS[side] = torch.stack(torch.meshgrid(r, r, r, indexing="ij"), -1).view(-1, 3)
    at = points[:, None, :] + OFFSETS[7] + 4  # local window -3..+3
    c = padded.shape[0]
    local = padded[:, at[..., 0], at[..., 1], at[..., 2]].permute(1, 0, 2).reshape(-1, c, 7, 7, 7)
    if not large:
        return local
    at = points[:, None, :] + OFFSETS[14]  # -7..+6, pooled 2x
    window = padded[:, at[..., 0], at[..., 1], at[..., 2]].permute(1, 0, 2).reshape(-1, c, 14, 14, 14)
    return torch.cat([local, F.avg_pool3d(window, 2)], 1)


def bce(p, t):
    p = p.clamp(CLAMP, 1 - CLAMP)
    return -(t * p.log() + (1 - t) * (1 - p).log()).mean()


class Lookahead:
    def __init__(self, opt, k=5, alpha=0.8):
        self.opt, self.k, self.alpha, self.steps = opt, k, alpha, 0
        self.slow = [p.detach().clone() for g in opt.param_groups for p in g["params"]]

    def step(self):
        self.opt.step()
        self.steps += 1
        if self.steps % self.k == 0:
            with torch.no_grad():
                for s, p in zip(self.slow, (p for g in self.opt.param_groups for p in g["params"])):
                    s.add_(p - s, alpha=self.alpha)
                    p.copy_(s)


def summary(t):
    s = sorted(t)
    return {"median": s[len(s) // 2], "min": s[0], "max": s[-1], "n": len(s)} if s else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--variant", default="C")
    ap.add_argument("--grid", default="64,64,32")
    ap.add_argument("--points", type=int, default=4096)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    skip, kinds = VARIANTS[a.variant]
    grid = [int(v) for v in a.grid.split(",")]
    latent_grid = [g // 2 // 2 ** BLOCKS for g in grid]
    latent = math.prod(latent_grid)
    enc, dec = Encoder(skip, latent_grid), Decoder(kinds, latent)
    params = list(enc.parameters()) + list(dec.parameters())
    pade = [p for m in (enc, dec) for mod in m.modules() if isinstance(mod, PAU) for p in mod.parameters()]
    rest = [p for p in params if all(p is not q for q in pade)]
    opt = Lookahead(torch.optim.RAdam([{"params": rest, "lr": 3e-4}, {"params": pade, "lr": 1e-2}]))
    # the same ball as LabelFit's benchmark: label inside radius min(grid)/4, channels +-1 plus noise 0.5
    axes = torch.meshgrid(*[torch.arange(g) - g / 2 for g in grid], indexing="ij")
    label = (sum(v * v for v in axes) < (min(grid) / 4) ** 2).float()
    volume = (label * 2 - 1) + 0.5 * torch.randn(CHANNELS, *grid)
    padded = F.pad(volume, (7, 7) * 3)
    low_target = F.max_pool3d(label[None, None], 2 << BLOCKS)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "variant": a.variant, "grid": grid, "points": a.points,
           "parameters": sum(p.numel() for p in params)}

    times, losses = [], []
    enc.train(), dec.train()
    for s in range(a.steps + 1 if a.steps else 0):  # the first step is a warm-up
        start = time.perf_counter()
        pts = torch.stack([torch.randint(g, (a.points,)) for g in grid], 1)
        lat, low = enc(F.avg_pool3d(volume[None], 2))
        p = dec(lat, pts[None], patches(padded, pts, kinds == 2)[None] if kinds else None)
        loss = bce(p, label[pts[:, 0], pts[:, 1], pts[:, 2]][None])
        if skip:
            loss = loss + 0.1 * bce(low, low_target)
        opt.opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if s:
            times.append(time.perf_counter() - start)
    out["training_step_seconds"] = summary(times)
    out["losses_finite"] = all(math.isfinite(v) for v in losses)
    out["peak_resident_mb_after_training"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # Linux: KB; = VmHWM
    enc.eval(), dec.eval()
    t, queries = [], None
    with torch.no_grad():
        for s in range(a.repeats + 1 if a.repeats else 0):
            start = time.perf_counter()
            queries = mise(enc, dec, volume, padded, grid, kinds)
            if s:
                t.append(time.perf_counter() - start)
    out["mise_seconds"] = summary(t)
    if t:
        out["mise_queries"] = queries
        out["mise_microseconds_per_query"] = 1e6 * summary(t)["median"] / sum(queries)
    out["peak_resident_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(out))


def mise(enc, dec, volume, padded, grid, kinds):
    lat, _ = enc(F.avg_pool3d(volume[None], 2))
    g = torch.zeros(grid, dtype=torch.bool)
    queries = []
    for k, s in enumerate((4, 2, 1)):
        ranges = [torch.arange(0, n, s) for n in grid]
        lattice = torch.stack(torch.meshgrid(*ranges, indexing="ij"), -1).view(-1, 3)
        if k:
            side = 3 ** s
            dilated = F.max_pool3d(g[None, None].float(), side, 1, side // 2)[0, 0] > 0
            lattice = lattice[(dilated & ~g)[lattice[:, 0], lattice[:, 1], lattice[:, 2]]]
        queries.append(lattice.shape[0])
        for c in range(0, lattice.shape[0], CHUNK):
            pts = lattice[c:c + CHUNK]
            p = dec(lat, pts[None], patches(padded, pts, kinds == 2)[None] if kinds else None)[0]
            hit = pts[p > 0.5]
            g[hit[:, 0], hit[:, 1], hit[:, 2]] = True
    return queries


if __name__ == "__main__":
    main()
