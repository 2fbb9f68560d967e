"""A PyTorch port of dropsweep's fold-fit protocol, for `npm run bench -- --only scale`.

The same protocol as the fused kernel (src/engine/fused): a relu network with Keras 'normal'
initial kernels (N(0, 0.05)) and zero biases; dropout on the inputs ('visible'), after every
hidden relu ('hidden') or both; one sigmoid unit with binary cross-entropy for two classes, a
softmax over K units with categorical cross-entropy for more, the true class's probability
clipped to [1e-7, 1 - 1e-7] as Keras clips it; SGD with momentum (PyTorch's v = m v + g,
w -= lr v equals Keras's v = m v - lr g, w += v at a constant rate); Keras max-norm on every
hidden unit's incoming weights after every update; the fold's training rows standardized with
their own mean and population standard deviation; the batch order shuffled every epoch; training
stops when the epoch loss is not finite or above 5 nats for 10 epochs in a row; the held-out rows
scored (accuracy and log loss) every `--curve-every` epochs and after the last.

One thread (torch.set_num_threads(1); the bench also sets OMP/MKL/OPENBLAS_NUM_THREADS=1).
Reads the table the bench wrote: float32 features (rows x columns), uint8 labels, int32 folds.
Prints one JSON object: wall and CPU seconds per fit, accuracies, peak resident size.

Run with /usr/bin/python3 (Debian's python3-torch); tests never need it.
"""

import argparse
import json
import resource
import sys
import time

import numpy as np
import torch

EPS = 1e-7


def build(columns, hidden, outputs, placement, rate):
    layers = []
    if placement in ("visible", "both") and rate > 0:
        layers.append(torch.nn.Dropout(rate))
    width = columns
    for h in hidden:
        layers += [torch.nn.Linear(width, h), torch.nn.ReLU()]
        if placement in ("hidden", "both") and rate > 0:
            layers.append(torch.nn.Dropout(rate))
        width = h
    layers.append(torch.nn.Linear(width, outputs))
    model = torch.nn.Sequential(*layers)
    with torch.no_grad():
        for m in model:
            if isinstance(m, torch.nn.Linear):
                m.weight.normal_(0.0, 0.05)
                m.bias.zero_()
    return model


def loss_and_probability(logits, y, classes):
    """Mean clipped cross-entropy and the class probabilities (p(class 1) for two classes)."""
    if classes == 2:
        p = torch.sigmoid(logits[:, 0])
        pc = p.clamp(EPS, 1 - EPS)
        return -(y * torch.log(pc) + (1 - y) * torch.log(1 - pc)).mean(), p
    p = torch.softmax(logits, dim=1)
    pt = p.gather(1, y.long().unsqueeze(1)).clamp(EPS, 1 - EPS)
    return -torch.log(pt).mean(), p


def held_out(model, x, y, classes):
    model.eval()
    with torch.no_grad():
        loss, p = loss_and_probability(model(x), y, classes)
        predicted = (p > 0.5).float() if classes == 2 else p.argmax(dim=1).float()
        accuracy = (predicted == y).float().mean().item()
    model.train()
    return accuracy, loss.item()


def fit(x, y, tx, ty, classes, a, seed):
    torch.manual_seed(seed)
    model = build(x.shape[1], a.hidden, 1 if classes == 2 else classes, a.placement, a.dropout)
    optimizer = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum)
    hidden_layers = [m for m in model if isinstance(m, torch.nn.Linear)][:-1]
    n = x.shape[0]
    high = 0
    diverged = False
    for epoch in range(a.epochs):
        order = torch.randperm(n)
        total = torch.zeros(())
        for start in range(0, n, a.batch):
            rows = order[start:start + a.batch]
            loss, _ = loss_and_probability(model(x[rows]), y[rows], classes)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if a.max_norm > 0:
                with torch.no_grad():
                    for layer in hidden_layers:
                        w = layer.weight  # [out, in]: a row is a unit's incoming weights
                        norms = w.norm(dim=1, keepdim=True)
                        w.mul_(norms.clamp(max=a.max_norm) / (EPS + norms))
            total += loss.detach() * rows.shape[0]
        epoch_loss = total.item() / n
        if not np.isfinite(epoch_loss):
            diverged = True
            break
        high = high + 1 if epoch_loss > 5 else 0
        if high >= 10:
            diverged = True
            break
        if a.curve_every > 0 and (epoch + 1) % a.curve_every == 0 and epoch + 1 < a.epochs:
            held_out(model, tx, ty, classes)
    accuracy, _ = held_out(model, tx, ty, classes)
    return None if diverged else accuracy


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True, help="prefix of .f32 / .u8 / .i32 files")
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--columns", type=int, required=True)
    p.add_argument("--classes", type=int, required=True)
    p.add_argument("--folds", type=str, required=True, help="comma-separated folds to fit")
    p.add_argument("--hidden", type=str, default="60,30")
    p.add_argument("--placement", default="none")
    p.add_argument("--dropout", type=float, default=0.0)
    p.add_argument("--max-norm", type=float, default=0.0)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.8)
    p.add_argument("--epochs", type=int, default=300)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--curve-every", type=int, default=10)
    a = p.parse_args()
    a.hidden = [int(h) for h in a.hidden.split(",")]
    torch.set_num_threads(1)

    features = np.fromfile(a.data + ".f32", dtype=np.float32).reshape(a.rows, a.columns)
    labels = np.fromfile(a.data + ".u8", dtype=np.uint8).astype(np.float32)
    fold_of = np.fromfile(a.data + ".i32", dtype=np.int32)
    # Warm-up on a tiny table of the same layers, as the dropsweep side does, outside the clock.
    g = torch.Generator().manual_seed(0)
    wx = torch.randn(200, a.columns, generator=g)
    wy = (torch.arange(200) % a.classes).float()
    fit(wx, wy, wx[:20], wy[:20], a.classes, argparse.Namespace(**{**vars(a), "epochs": 2}), 0)
    seconds, cpu_seconds, accuracies = [], [], []
    for i, fold in enumerate(int(f) for f in a.folds.split(",")):
        train, test = fold_of != fold, fold_of == fold
        mean = features[train].astype(np.float64).mean(axis=0)
        sd = features[train].astype(np.float64).std(axis=0)
        sd[sd == 0] = 1
        x = torch.from_numpy(((features[train] - mean) / sd).astype(np.float32))
        tx = torch.from_numpy(((features[test] - mean) / sd).astype(np.float32))
        y, ty = torch.from_numpy(labels[train]), torch.from_numpy(labels[test])
        started, cpu_started = time.perf_counter(), time.process_time()
        accuracies.append(fit(x, y, tx, ty, a.classes, a, 1000 + i))
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump({"seconds": seconds, "cpuSeconds": cpu_seconds, "accuracies": accuracies, "peakBytes": peak_kib * 1024, "torch": torch.__version__}, sys.stdout)


if __name__ == "__main__":
    main()
