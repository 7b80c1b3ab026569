"""PyTorch peer of bench/models.ts: every study's model, built from the spec that
bench/_models.ts sends (one JSON argument), with the same architecture, loss, optimiser and
initialisation family (PyTorch's own initialisers where ours follow them).

Serve mode only: prints {"ready": true, "torch": ver, "threads": n} after one warm-up
training step and one warm-up inference per batch size given in --infer, then answers one
JSON line per stdin line:
  "step"      -> {"ms", "cpu", "loss"}  one Adam step on the fixed batch
  "infer B"   -> {"ms", "cpu"}          model-only inference on B samples (inference_mode)
  "rss"       -> {"maxRssMb"}           peak resident set of this process
"""
import argparse
import json
import resource
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

from conv_rnn_torch import ConvRnn


def contrastive(z, ids, times, tau):
    """The temporal contrastive loss of src/train/contrastive.ts (k = 1)."""
    n = z.shape[0]
    anchor, positive = [], []
    for i in range(n):
        for j in range(i + 1, n):
            if ids[i] == ids[j] and abs(times[j] - times[i]) == 1:
                anchor += [i, j]
                positive += [j, i]
    same = torch.tensor([[ids[i] == ids[j] for j in range(n)] for i in range(n)])
    sim = z @ z.T / tau
    neg_lse = torch.logsumexp(sim.masked_fill(same, -1e9), 1)
    a, p = torch.tensor(anchor), torch.tensor(positive)
    s_pos = (z[a] * z[p]).sum(1) / tau
    denominator = torch.logsumexp(torch.stack([s_pos, neg_lse[a]], 1), 1)
    return (denominator - s_pos).mean()


def groups(count, per):
    return [i // per for i in range(count * per)], [i % per for i in range(count * per)]


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.a = nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout))
        self.b = nn.Sequential(nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                       nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.b(F.relu(self.a(x)))
        return F.relu(y + (self.short(x) if self.short is not None else x))


class ResNet(nn.Module):
    """torchvision's ResNet layout with configurable widths and blocks (Kaiming fan-out)."""

    def __init__(self, cin, widths, blocks):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(cin, widths[0], 7, 2, 3, bias=False),
                                  nn.BatchNorm2d(widths[0]), nn.ReLU(),
                                  nn.MaxPool2d(3, 2, 1))
        layers, c = [], widths[0]
        for s, (w, b) in enumerate(zip(widths, blocks)):
            for i in range(b):
                layers.append(Block(c, w, 2 if s > 0 and i == 0 else 1))
                c = w
        self.stages = nn.Sequential(*layers)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        return self.stages(self.stem(x)).mean((2, 3))


class Projector(nn.Module):
    """SimCLR head: Linear, BatchNorm, ReLU, Linear to 128, unit length."""

    def __init__(self, dim):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, dim), nn.BatchNorm1d(dim), nn.ReLU(),
                                 nn.Linear(dim, 128))

    def forward(self, x):
        h = self.net(x)
        return h / torch.sqrt((h * h).sum(1, keepdim=True) + 1e-12)


class RgcCnn(nn.Module):
    """Yan et al. 2020: valid k x k conv over history channels, noise, ReLU, dense, softplus."""

    def __init__(self, s):
        super().__init__()
        self.s = s
        out = s["size"] - s["kernel"] + 1
        self.conv = nn.Conv2d(s["history"], s["channels"], s["kernel"])
        self.dense = nn.Linear(out * out * s["channels"], 1)
        self.alpha = nn.Parameter(torch.tensor(0.2))
        self.beta = nn.Parameter(torch.tensor(5.0))
        for w in (self.conv.weight, self.dense.weight):
            nn.init.normal_(w, std=0.05)

    def forward(self, x):
        h = self.conv(x)
        if self.training:
            h = h + 0.1 * torch.randn_like(h)
        u = self.dense(F.relu(h).flatten(1)).flatten()
        return self.alpha * F.softplus(self.beta * u), u

    def loss(self, x, y):
        rate, u = self(x)
        w, d = self.conv.weight, self.dense.weight
        return ((rate - y * torch.log(rate + 1e-7)).mean() + 1e-3 * u.abs().mean()
                + 5.5e-4 * w.abs().sum() + 1e-3 * (w * w).sum() + 1e-3 * (d * d).sum())


class BioRnn(nn.Module):
    """Shakiba et al. 2026: ReLU RNN (Keras SimpleRNN), softmax readout of the last state."""

    def __init__(self, s):
        super().__init__()
        n = s["n"]
        self.w_in = nn.Linear(s["inputs"], n)
        nn.init.zeros_(self.w_in.bias)
        w = torch.rand(n, n) * (torch.rand(n, n) < 0.1) * 0.1
        self.w = nn.Parameter(w)
        self.out = nn.Linear(n, s["outputs"])
        nn.init.xavier_uniform_(self.w_in.weight)
        nn.init.xavier_uniform_(self.out.weight)
        nn.init.zeros_(self.out.bias)
        self.d = torch.cdist(torch.rand(n, 3), torch.rand(n, 3))

    def forward(self, xs):  # xs: [T, B, inputs]
        u = self.w_in(xs)
        h = F.relu(u[0])
        for t in range(1, xs.shape[0]):
            h = F.relu(u[t] + h @ self.w)
        return self.out(h)

    def regulariser(self):
        """0.3 * sum |W| * communicability(W) * D (the `wdc` regulariser)."""
        a = self.w.abs()
        d = torch.rsqrt(a.sum(1) + 1e-10)
        c = torch.matrix_exp(a * d[:, None] * d[None, :])
        c = c * (1 - torch.eye(a.shape[0]))
        return 0.3 * (a * c * self.d).sum()


class Exposure(nn.Module):
    """Zhong et al. 2025: dense ReLU encoder on centred pixels, contrastive projection head."""

    def __init__(self, s):
        super().__init__()
        dims = [s["inputs"], *s["hidden"]]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims, dims[1:]))
        for l in self.layers:
            nn.init.kaiming_normal_(l.weight, nonlinearity="relu")
            nn.init.zeros_(l.bias)
        self.proj = nn.Linear(dims[-1], s["projection"])

    def forward(self, x):
        h = x - 0.5
        for l in self.layers:
            h = F.relu(l(h))
        return h


def build(s):
    """(model, loss closure on a fixed batch, inference function of a batch size)."""
    m = s["model"]
    if m == "conv-rnn":
        model = ConvRnn(s["channels"], s["layers"])
        x = torch.rand(s["frames"], s["batch"], 1, s["size"], s["size"])
        y = torch.rand(s["batch"], 1, s["size"], s["size"])
        loss = lambda: ((model(x) - y) ** 2).sum() / s["batch"]
        make = lambda b: torch.rand(s["frames"], b, 1, s["size"], s["size"])
        return model, loss, make, model
    if m == "resnet18":
        enc = ResNet(s["inChannels"], s["widths"], s["blocks"])
        head = Projector(s["widths"][-1])
        model = nn.ModuleList([enc, head])
        n = s["waves"] * s["framesPerWave"]
        x = torch.rand(n, s["inChannels"], s["size"], s["size"])
        ids, times = groups(s["waves"], s["framesPerWave"])

        def loss():
            c = contrastive(head(enc(x)), ids, times, s["tau"])
            return c + 0.5 * s["weightDecay"] * sum((p * p).sum() for p in model.parameters())
        make = lambda b: torch.rand(b, s["inChannels"], s["size"], s["size"])
        return model, loss, make, enc
    if m == "rgc-cnn":
        model = RgcCnn(s)
        x = torch.rand(s["batch"], s["history"], s["size"], s["size"]) * 2 - 1
        y = torch.randint(0, 3, (s["batch"],)).float()
        make = lambda b: torch.rand(b, s["history"], s["size"], s["size"]) * 2 - 1
        return model, lambda: model.loss(x, y), make, lambda v: model(v)[0]
    if m == "bio-rnn":
        model = BioRnn(s)
        x = torch.rand(s["steps"], s["batch"], s["inputs"])
        y = torch.arange(s["batch"]) % s["outputs"]
        loss = lambda: F.cross_entropy(model(x), y) + model.regulariser()
        make = lambda b: torch.rand(s["steps"], b, s["inputs"])
        return model, loss, make, model
    if m == "exposure":
        model = Exposure(s)
        n = s["clips"] * s["framesPerClip"]
        x = torch.rand(n, s["inputs"])
        ids, times = groups(s["clips"], s["framesPerClip"])

        def loss():
            z = model.proj(model(x))
            z = z / (z.norm(dim=1, keepdim=True) + 1e-6)
            return contrastive(z, ids, times, s["tau"])
        make = lambda b: torch.rand(b, s["inputs"])
        return model, loss, make, model
    raise SystemExit(f"unknown model {m}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("spec")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--infer", default="1,32")
    a = p.parse_args()
    s = json.loads(a.spec)
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model, loss_fn, make, infer_fn = build(s)
    eps = 1e-7 if s["model"] == "bio-rnn" else 1e-8
    opt = torch.optim.Adam(model.parameters(), lr=s.get("lr", 1e-3), eps=eps)
    inputs = {}

    def step():
        model.train()
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        opt.step()
        return loss.item()

    def infer(b):
        if b not in inputs:
            inputs[b] = make(b)
        model.eval()
        with torch.inference_mode():
            out = infer_fn(inputs[b])
            out.sum().item()

    step()
    for b in a.infer.split(","):
        infer(int(b))
    print(json.dumps({"ready": True, "threads": a.threads, "torch": torch.__version__}),
          flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "rss":
            kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(json.dumps({"maxRssMb": kb / 1024}), flush=True)
            continue
        t0, c0 = time.perf_counter(), time.process_time()
        value = step() if words[0] == "step" else infer(int(words[1]))
        out = {"ms": (time.perf_counter() - t0) * 1000, "cpu": (time.process_time() - c0) * 1000}
        if value is not None:
            out["loss"] = value
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
