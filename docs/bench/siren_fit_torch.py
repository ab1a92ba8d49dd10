"""Reference timing of MetaSeg's pixel-only fit step in PyTorch eager (Debian's python3-torch).

Same network and optimiser as LabelFit's `bench metaseg` fit step: SIREN 2->128 x5 sine layers
(omega0 = 30) -> 1, full-batch Adam(lr 1e-4) on the MSE over a size x size grid of random
intensities. Prints the median seconds per step after a warm-up.

    /usr/bin/python3 docs/bench/siren_fit_torch.py --size 192 --steps 30 --threads 2   # apt-get install python3-torch
"""
import argparse
import math
import statistics
import time

import torch


class Sine(torch.nn.Module):
    def __init__(self, fan_in, fan_out, first):
        super().__init__()
        self.linear = torch.nn.Linear(fan_in, fan_out)
        bound = 1 / fan_in if first else math.sqrt(6 / fan_in) / 30
        with torch.no_grad():
            self.linear.weight.uniform_(-bound, bound)

    def forward(self, x):
        return torch.sin(30 * self.linear(x))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", type=int, default=192)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    layers = [Sine(2, 128, True)] + [Sine(128, 128, False) for _ in range(4)] + [torch.nn.Linear(128, 1)]
    net = torch.nn.Sequential(*layers)
    lin = torch.linspace(-1, 1, a.size)
    coords = torch.stack(torch.meshgrid(lin, lin, indexing="ij"), -1).reshape(-1, 2)
    target = torch.rand(a.size * a.size, 1)
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    times = []
    for step in range(a.steps + 3):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = ((net(coords) - target) ** 2).mean()
        loss.backward()
        opt.step()
        if step >= 3:
            times.append(time.perf_counter() - t0)
    print(f"torch {torch.__version__}, {a.threads} threads, {a.size}x{a.size}: "
          f"median {statistics.median(times):.4f} s/step (min {min(times):.4f}, max {max(times):.4f})")


if __name__ == "__main__":
    main()
