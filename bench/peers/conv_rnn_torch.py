"""PyTorch peer of bench/train_step.ts: the same May et al. conv-RNN training step.

3 layers of h_t = tanh(conv_x(x_t) + conv_h(h_{t-1})) (bias on conv_x), batch norm over
batch*time*space after each layer, a 3x3 conv to one channel on the last step, sigmoid,
summed squared error per sample (mean over the batch), Adam lr 1e-4.
Prints one JSON line: {"msPerStep": median wall ms, "samples": [...], "cpuSamples": [...]
(process CPU ms, all threads), "threads": n, "torch": ver}.
With --serve: after the warm-up step prints {"ready": true, "threads": n, "torch": ver}, then
runs one step for each line read from stdin and prints {"ms": wall ms, "cpu": process CPU
ms} after each, until stdin closes (for steps interleaved one by one with another process's).
"""
import argparse
import json
import statistics
import sys
import time

import torch
from torch import nn


class ConvRnn(nn.Module):
    def __init__(self, channels, layers):
        super().__init__()
        self.wx = nn.ModuleList(
            nn.Conv2d(1 if l == 0 else channels, channels, 3, padding=1) for l in range(layers))
        self.wh = nn.ModuleList(
            nn.Conv2d(channels, channels, 3, padding=1, bias=False) for _ in range(layers))
        self.bn = nn.ModuleList(nn.BatchNorm2d(channels) for _ in range(layers))
        self.out = nn.Conv2d(channels, 1, 3, padding=1)

    def forward(self, x):  # x: [T, B, 1, H, W]
        t, b = x.shape[:2]
        for wx, wh, bn in zip(self.wx, self.wh, self.bn):
            u = wx(x.flatten(0, 1)).unflatten(0, (t, b))
            h = torch.tanh(u[0])
            hs = [h]
            for s in range(1, t):
                h = torch.tanh(u[s] + wh(h))
                hs.append(h)
            x = bn(torch.stack(hs).flatten(0, 1)).unflatten(0, (t, b))
        return torch.sigmoid(self.out(x[-1]))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--frames", type=int, default=10)
    p.add_argument("--size", type=int, default=32)
    p.add_argument("--channels", type=int, default=32)
    p.add_argument("--layers", type=int, default=3)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--serve", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = ConvRnn(a.channels, a.layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    x = torch.rand(a.frames, a.batch, 1, a.size, a.size)
    y = torch.rand(a.batch, 1, a.size, a.size)

    def step():
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).sum() / a.batch
        loss.backward()
        opt.step()
        return loss.item()

    step()  # warm-up
    if a.serve:
        print(json.dumps({"ready": True, "threads": a.threads, "torch": torch.__version__}),
              flush=True)
        for _ in sys.stdin:
            t0, c0 = time.perf_counter(), time.process_time()
            step()
            print(json.dumps({"ms": (time.perf_counter() - t0) * 1000,
                              "cpu": (time.process_time() - c0) * 1000}), flush=True)
        return
    samples, cpu = [], []
    for _ in range(a.steps):
        t0, c0 = time.perf_counter(), time.process_time()
        step()
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    print(json.dumps({"msPerStep": statistics.median(samples), "samples": samples,
                      "cpuSamples": cpu, "threads": a.threads, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
