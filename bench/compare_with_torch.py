#!/usr/bin/env python3
"""Runs `towerlab-cli bench` and bench/torch_reference.py alternately in one session, on the same
reference workload and thread count, and prints both figures and their ratio (issue 5).

The machines are shared and noisy, so the two sides alternate for several rounds and each round's
ratio is printed; the summary is the median ratio. Torch is compared at its best: the faster of
dense embeddings + Adam and sparse embeddings + SparseAdam, calling OpenBLAS built for OpenMP
(selected through LD_LIBRARY_PATH; the BLAS actually mapped is reported). The engine uses Eigen's
own GEMM (no BLAS library).

    /usr/bin/python3 bench/compare_with_torch.py --cli build/app/towerlab-cli
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def run_json(cmd, env):
    out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    return json.loads(out)


def shared_libraries(path):
    try:
        out = subprocess.run(["ldd", path], check=True, stdout=subprocess.PIPE, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return [l.split()[0] for l in out.splitlines() if any(k in l for k in ("blas", "lapack", "mkl", "gomp"))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "app", "towerlab-cli"))
    ap.add_argument("--python", default="/usr/bin/python3", help="the Python that has Debian's python3-torch")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--omp-wait-policy", default="passive",
                    help="OMP_WAIT_POLICY for both sides (libgomp spins by default, which is ruinous on a busy machine)")
    ap.add_argument("--torch-blas-dir", default="/usr/lib/x86_64-linux-gnu/openblas-openmp",
                    help="prepended to LD_LIBRARY_PATH for torch ('' for the system default)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    env = dict(os.environ, OMP_WAIT_POLICY=args.omp_wait_policy)
    torch_env = dict(env)
    if args.torch_blas_dir:
        torch_env["LD_LIBRARY_PATH"] = args.torch_blas_dir + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    common = ["--threads", str(args.threads), "--steps", str(args.steps), "--repeats", str(args.repeats),
              "--warmup", str(args.warmup)]
    engine_cmd = [args.cli, "bench", "--json", "--quiet", "--catalogues", "none", "--no-eval"] + common
    torch_cmd = [args.python, os.path.join(HERE, "torch_reference.py"), "--json"] + common

    report = {"cpu": cpu_model(), "cpus": os.cpu_count(), "threads": args.threads,
              "omp_wait_policy": args.omp_wait_policy, "engine_command": " ".join(engine_cmd),
              "torch_command": " ".join(torch_cmd), "torch_ld_library_path": torch_env.get("LD_LIBRARY_PATH", ""),
              "engine_blas": "none: Eigen's built-in GEMM (" + ", ".join(shared_libraries(args.cli)) + ")",
              "load_before": load_average(), "rounds": []}
    for r in range(args.rounds):
        print(f"round {r + 1}/{args.rounds}: engine...", file=sys.stderr)
        eng = run_json(engine_cmd, env)
        print(f"round {r + 1}/{args.rounds}: torch...", file=sys.stderr)
        tor = run_json(torch_cmd, torch_env)
        report["torch_blas"] = tor["blas"]
        report["torch_version"] = tor["torch"]
        rnd = {"load": load_average(), "gemm_gflops": eng["gemm"]["gflops"]}
        for name in ("main", "main+ssl"):
            e = next(v for v in eng["variants"] if v["name"] == name)
            ts = [v for v in tor["variants"] if v["name"].split("/")[0] == name]
            best = min(ts, key=lambda v: v["median_ms"])
            rnd[name] = {"engine_ms": e["step"]["median_ms"], "engine_examples_per_second": e["examples_per_second"],
                         "engine_gflops": e["gflops"],
                         "torch_ms": best["median_ms"], "torch_examples_per_second": best["examples_per_second"],
                         "torch_variant": best["name"],
                         "torch_all": {v["name"]: v["median_ms"] for v in ts},
                         "ratio": e["examples_per_second"] / best["examples_per_second"]}
        report["rounds"].append(rnd)
    report["load_after"] = load_average()
    report["median_ratio"] = {n: statistics.median(r[n]["ratio"] for r in report["rounds"]) for n in ("main", "main+ssl")}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"machine: {report['cpu']}, {report['cpus']} CPUs; {args.threads} threads each; OMP_WAIT_POLICY={args.omp_wait_policy}")
    print(f"load average before {report['load_before']}, after {report['load_after']}")
    print(f"engine: {report['engine_blas']}")
    print(f"torch {report['torch_version']}: BLAS {', '.join(report['torch_blas'])}")
    print(f"{'round':>5} {'variant':>9} {'engine ms':>10} {'torch ms':>10} {'engine ex/s':>12} {'torch ex/s':>12} {'ratio':>7}  torch best of")
    for i, rnd in enumerate(report["rounds"]):
        for name in ("main", "main+ssl"):
            v = rnd[name]
            alts = ", ".join(f"{k} {ms:.1f}" for k, ms in v["torch_all"].items())
            print(f"{i + 1:>5} {name:>9} {v['engine_ms']:>10.2f} {v['torch_ms']:>10.2f} {v['engine_examples_per_second']:>12.0f}"
                  f" {v['torch_examples_per_second']:>12.0f} {v['ratio']:>6.2f}x  ({alts}; load {rnd['load']})")
    for name in ("main", "main+ssl"):
        print(f"median ratio engine/torch, {name}: {report['median_ratio'][name]:.2f}x (examples/s)")


if __name__ == "__main__":
    main()
