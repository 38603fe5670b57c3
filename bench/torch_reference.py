#!/usr/bin/env python3
"""The reference training step of issue 5 in PyTorch, for a side-by-side speed comparison with
`towerlab-cli bench` (bench/compare_with_torch.py runs both).

Same model, same data shapes, same step as the engine:
  user tower: id (6,040, dim 32), gender (2, 8), age (7, 8), occupation (21, 8) -> 56
              -> Linear 128 + ReLU -> Linear 64 -> L2 normalise
  item tower: id (3,706, 32), genres (18, up to 6, mean-pooled, 16), year (10, 8), audience (3, 8)
              -> 64 -> Linear 128 + ReLU -> Linear 64 -> L2 normalise
  main loss:  in-batch softmax over n = 1024 clicks, cos/tau - log p_j (tau 0.05, streaming logQ
              estimate, Yi et al. 2019), accidental hits masked
  SSL:        m = 512 items drawn uniformly, complementary masking of the 4 fields, contrastive
              loss with tau 0.1, weight alpha 0.1
  Adam, lr 1e-3, float32.
A timed step includes batch sampling, feature gathering, the logQ estimate, masking, forward,
backward and the optimizer update. Value 0 of every field is the learned "missing" embedding
(the item/user ID's missing row is fixed at zero, as in the engine).

Run with Debian's python3-torch: /usr/bin/python3 bench/torch_reference.py --json
Debian's torch calls the system BLAS (libblas.so.3); which one is reported.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

N_GENRES, MAX_GENRES, N_YEARS, N_AUDIENCE = 18, 6, 10, 3
N_GENDERS, N_AGES, N_OCCUPATIONS = 2, 7, 21
GENRE_PAD = N_GENRES + 1  # an extra row the mean ignores; genre values are 0 (missing) .. 18


def zipf(n, s):
    w = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** s
    return w / w.sum()


def make_dataset(num_users, num_items, num_clicks, seed, zipf_exponent=1.0, cold_share=0.1):
    """MovieLens-1M shapes on synthetic ids, as engine/bench/reference_workload.cpp builds them."""
    rng = np.random.default_rng(seed)
    users = np.stack([
        np.arange(1, num_users + 1),
        np.where(rng.random(num_users) < 0.72, 1, 2),
        rng.choice(N_AGES, num_users, p=zipf(N_AGES, 0.7)) + 1,
        rng.choice(N_OCCUPATIONS, num_users, p=zipf(N_OCCUPATIONS, 0.8)) + 1,
    ], axis=1)
    counts = np.minimum(MAX_GENRES, rng.choice(6, num_items, p=np.array([.5, .3, .12, .05, .02, .01])) + 1)
    genres = np.full((num_items, MAX_GENRES), GENRE_PAD, dtype=np.int64)
    gp = zipf(N_GENRES, 0.9)
    for i in range(num_items):
        genres[i, :counts[i]] = rng.choice(N_GENRES, counts[i], replace=False, p=gp) + 1
    year = N_YEARS - rng.choice(N_YEARS, num_items, p=zipf(N_YEARS, 0.5))
    audience = rng.integers(1, N_AUDIENCE + 1, num_items)
    order = rng.permutation(num_items)
    click_items = order[rng.choice(num_items, num_clicks, p=zipf(num_items, zipf_exponent))]
    click_users = np.where(np.arange(num_clicks) < 2 * num_users, np.arange(num_clicks) % num_users,
                           rng.integers(0, num_users, num_clicks))
    # Training clicks: not the last click of each user (the test target), not a cold item's.
    cold = rng.random(num_items) < cold_share
    last = np.full(num_users, -1)
    last[click_users] = np.arange(num_clicks)  # later assignments win: the last click per user
    is_test = np.zeros(num_clicks, dtype=bool)
    is_test[last] = True
    keep = ~is_test & ~cold[click_items]
    return dict(users=torch.from_numpy(users.astype(np.int64)),
                item_genres=torch.from_numpy(genres),
                item_year=torch.from_numpy(year.astype(np.int64)),
                item_audience=torch.from_numpy(audience.astype(np.int64)),
                train_users=torch.from_numpy(click_users[keep].astype(np.int64)),
                train_items=torch.from_numpy(click_items[keep].astype(np.int64)),
                num_items=num_items)


def init_small(module, std=0.01):
    nn.init.normal_(module.weight, 0.0, std)


class Tower(nn.Module):
    """Field embeddings -> concat -> Linear + ReLU -> Linear -> L2 normalise."""

    def __init__(self, tables, in_dim, sparse):
        super().__init__()
        self.tables = nn.ModuleList(tables)
        for t in self.tables:
            init_small(t)
            if t.padding_idx is not None:
                with torch.no_grad():
                    t.weight[t.padding_idx].zero_()
        self.l1 = nn.Linear(in_dim, 128)
        self.l2 = nn.Linear(128, 64)
        nn.init.kaiming_normal_(self.l1.weight, nonlinearity="relu")
        nn.init.xavier_normal_(self.l2.weight)
        nn.init.zeros_(self.l1.bias)
        nn.init.zeros_(self.l2.bias)

    def forward(self, fields):
        x = torch.cat([t(f) for t, f in zip(self.tables, fields)], dim=1)
        return F.normalize(self.l2(F.relu(self.l1(x))), dim=1, eps=1e-6)


def user_tower(num_users, sparse):
    return Tower([nn.Embedding(num_users + 1, 32, padding_idx=0, sparse=sparse),
                  nn.Embedding(N_GENDERS + 1, 8, sparse=sparse),
                  nn.Embedding(N_AGES + 1, 8, sparse=sparse),
                  nn.Embedding(N_OCCUPATIONS + 1, 8, sparse=sparse)], 56, sparse)


def item_tower(num_items, sparse):
    # genres: mean over the item's values; the pad row is excluded from the mean and never trained
    return Tower([nn.Embedding(num_items + 1, 32, padding_idx=0, sparse=sparse),
                  nn.EmbeddingBag(GENRE_PAD + 1, 16, mode="mean", padding_idx=GENRE_PAD, sparse=sparse),
                  nn.Embedding(N_YEARS + 1, 8, sparse=sparse),
                  nn.Embedding(N_AUDIENCE + 1, 8, sparse=sparse)], 64, sparse)


class StreamingFrequency:
    """Yi et al. 2019, Algorithm 2, vectorised: B[h] <- (1-a) B[h] + a (t - A[h]); A[h] <- t.
    An item c times in one batch sees gap 0 after its first sighting, so
    B <- (1-a)^c B + (1-a)^(c-1) a (t - A), exactly what the engine's sequential loop computes."""

    def __init__(self, num_items, hash_size=1 << 20, a=0.01):
        ids = np.arange(num_items, dtype=np.uint64)
        with np.errstate(over="ignore"):
            self.hash = torch.from_numpy(((ids * np.uint64(11400714819323198485)) % np.uint64(hash_size)).astype(np.int64))
        self.last = torch.zeros(hash_size, dtype=torch.float64)
        self.gap = torch.zeros(hash_size, dtype=torch.float64)
        self.a = a

    def log_p(self, items, t):
        h = self.hash[items]
        uh, inverse, counts = torch.unique(h, return_inverse=True, return_counts=True)
        c = counts.to(torch.float64)
        keep = (1 - self.a) ** c
        self.gap[uh] = keep * self.gap[uh] + keep / (1 - self.a) * self.a * (t - self.last[uh])
        self.last[uh] = t
        return (-torch.log(torch.clamp(self.gap[h], min=self.a))).to(torch.float32)


class ReferenceStep:
    def __init__(self, data, ssl, sparse, n=1024, m=512, tau=0.05, ssl_tau=0.1, alpha=0.1, lr=1e-3, seed=1):
        torch.manual_seed(seed)
        self.d, self.ssl, self.n, self.m = data, ssl, n, m
        self.tau, self.ssl_tau, self.alpha = tau, ssl_tau, alpha
        self.users = user_tower(data["users"].shape[0], sparse)
        self.items = item_tower(data["num_items"], sparse)
        self.freq = StreamingFrequency(data["num_items"])
        self.t = 0
        params = list(self.users.parameters()) + list(self.items.parameters())
        if sparse:  # lazy Adam on embedding rows, as the engine; dense Adam on the MLPs
            emb = [p for mod in (self.users, self.items) for p in mod.tables.parameters()]
            ids = {id(p) for p in emb}
            self.opts = [torch.optim.SparseAdam(emb, lr=lr),
                         torch.optim.Adam([p for p in params if id(p) not in ids], lr=lr)]
        else:
            self.opts = [torch.optim.Adam(params, lr=lr)]
        self.masked_genres = torch.full((1, MAX_GENRES), GENRE_PAD, dtype=torch.int64)
        self.masked_genres[0, 0] = 0  # a masked bag is {missing}, not an empty bag
        self.main_target = torch.arange(n)
        self.ssl_target = torch.arange(m)

    def item_fields(self, items):
        d = self.d
        return [items + 1, d["item_genres"][items], d["item_year"][items], d["item_audience"][items]]

    def complementary_views(self, fields):
        m = fields[0].shape[0]
        keep = torch.rand(m, 4) < 0.5
        count = keep.sum(1)
        degenerate = (count == 0) | (count == 4)
        f = torch.randint(0, 4, (m,))
        rows = degenerate.nonzero().squeeze(1)
        keep[rows, f[rows]] = count[rows] == 0  # move one random field to the empty side

        def view(k):
            return [torch.where(k[:, 0], fields[0], 0),
                    torch.where(k[:, 1:2], fields[1], self.masked_genres),
                    torch.where(k[:, 2], fields[2], 0),
                    torch.where(k[:, 3], fields[3], 0)]
        v1, v2 = view(keep), view(~keep)
        return [torch.cat([a, b]) for a, b in zip(v1, v2)]  # both views in one tower pass

    def step(self):
        d, n = self.d, self.n
        self.t += 1
        pick = torch.randint(0, d["train_users"].shape[0], (n,))
        u, i = d["train_users"][pick], d["train_items"][pick]
        uf = d["users"][u]
        log_p = self.freq.log_p(i, self.t)
        a = self.users([uf[:, 0], uf[:, 1], uf[:, 2], uf[:, 3]])
        b = self.items(self.item_fields(i))
        logits = a @ b.t() / self.tau - log_p[None, :]
        hit = i[:, None] == i[None, :]
        hit.fill_diagonal_(False)
        loss = F.cross_entropy(logits.masked_fill(hit, float("-inf")), self.main_target)
        if self.ssl:
            s = torch.randint(0, d["num_items"], (self.m,))
            v = self.items(self.complementary_views(self.item_fields(s)))
            v1, v2 = v[: self.m], v[self.m:]
            loss = loss + self.alpha * F.cross_entropy(v1 @ v2.t() / self.ssl_tau, self.ssl_target)
        for o in self.opts:
            o.zero_grad(set_to_none=True)
        loss.backward()
        for o in self.opts:
            o.step()
        return loss.item()


def loaded_blas():
    """Which BLAS libraries this process has mapped (Debian torch calls libblas.so.3)."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            p = line.split()[-1]
            if "blas" in p or "mkl" in p or "lapack" in p:
                libs.add(os.path.realpath(p))
    return sorted(libs)


def time_steps(step, steps):
    t0 = time.perf_counter()
    for _ in range(steps):
        loss = step.step()
    return (time.perf_counter() - t0) * 1000.0 / steps, loss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--embeddings", choices=["dense", "sparse", "both"], default="both",
                    help="dense tables with Adam, or sparse tables with SparseAdam (lazy Adam)")
    ap.add_argument("--items", type=int, default=3706)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    data = make_dataset(6040, args.items, 1_000_000, args.seed)
    kinds = ["dense", "sparse"] if args.embeddings == "both" else [args.embeddings]
    variants = [(f"{name}/{k}", ssl, k == "sparse") for k in kinds for name, ssl in (("main", False), ("main+ssl", True))]
    steps = {v[0]: ReferenceStep(data, v[1], v[2], seed=args.seed) for v in variants}
    for s in steps.values():
        time_steps(s, args.warmup)
    runs = {name: [] for name in steps}
    loss = {}
    for _ in range(args.repeats):  # interleaved, like the engine's benchmark
        for name, s in steps.items():
            ms, loss[name] = time_steps(s, args.steps)
            runs[name].append(ms)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": loaded_blas(),
           "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
           "torch_config": [l.strip() for l in torch.__config__.show().splitlines() if "BLAS" in l or "OpenMP" in l],
           "variants": []}
    for name, ms in runs.items():
        med = float(np.median(ms))
        out["variants"].append({"name": name, "median_ms": med, "min_ms": min(ms), "max_ms": max(ms), "runs_ms": ms,
                                "examples_per_second": 1024 / (med * 1e-3), "final_loss": loss[name]})
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"torch {out['torch']}, {out['threads']} threads, BLAS: {', '.join(out['blas']) or 'none mapped'}")
    for v in out["variants"]:
        print(f"{v['name']:18s} {v['median_ms']:8.2f} ms/step [{v['min_ms']:.2f}..{v['max_ms']:.2f}]"
              f" {v['examples_per_second']:10.0f} examples/s  loss {v['final_loss']:.3f}")


if __name__ == "__main__":
    main()
