#!/usr/bin/env python3
"""Benchmark Strata against kubectl kustomize on synthetic Flux repositories.

For each size N x M (clusters x apps) the script generates a repository with bench/generate.py, then:

- runs, in turn and several times (a release build), `strata get ks REPO -o json` (loading alone: every
  cluster, every Flux Kustomization built in-process, post-build variables substituted), `strata check REPO -o
  json` (the same load, the whole rule catalogue and the report) and, with --schema-args, check with schema
  validation; it records median wall times, and the CPU time and peak memory of check;
- runs `kubectl kustomize --load-restrictor LoadRestrictionsNone DIR` once over every directory of the same
  repository that holds a kustomization.yaml (components excepted: they are not buildable on their own),
  which is what a script-based checker has to do, and records the total wall time.

It writes the figures and the ratio to bench/results.md (or --out). Standard library only.

    python3 bench/run.py                      # sizes 1x50, 2x200, 4x500
    python3 bench/run.py --sizes 4x500 --runs 5
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run_measured(argv):
    """Runs a command, returning (wall seconds, cpu seconds, peak RSS in MiB, stdout)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = bytearray()
    while True:
        chunk = process.stdout.read(1 << 16)
        if not chunk:
            break
        output.extend(chunk)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024.0, bytes(output), code


def kustomization_directories(repo):
    found = []
    for directory, dirnames, filenames in os.walk(repo):
        dirnames.sort()
        if "kustomization.yaml" not in filenames:
            continue
        with open(os.path.join(directory, "kustomization.yaml"), encoding="utf-8") as handle:
            if "kind: Component" in handle.read():
                continue
        found.append(directory)
    return found


def machine():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1x50,2x200,4x500", help="comma-separated CLUSTERSxAPPS sizes")
    parser.add_argument("--runs", type=int, default=5, help="timed strata runs per size (median reported)")
    parser.add_argument("--strata", help="the strata binary (default: build a release with swift build -c release)")
    parser.add_argument("--kubectl", default="kubectl", help="the kubectl binary")
    parser.add_argument("--skip-kubectl", action="store_true", help="do not time kubectl kustomize")
    parser.add_argument("--out", default=os.path.join(HERE, "results.md"), help="where to write the results")
    parser.add_argument(
        "--schema-args",
        default="",
        help="extra check arguments that turn schema validation on (e.g. \"--crds DIR --schema-location TEMPLATE\")",
    )
    args = parser.parse_args(argv)

    strata = args.strata
    if not strata:
        subprocess.run(["swift", "build", "-c", "release", "--product", "strata"], cwd=ROOT, check=True)
        bin_path = subprocess.run(
            ["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.strip()
        strata = os.path.join(bin_path, "strata")

    rows = []
    for size in args.sizes.split(","):
        clusters, apps = (int(part) for part in size.lower().split("x"))
        repo = os.path.join(HERE, "out", f"{clusters}x{apps}")
        subprocess.run(
            [sys.executable, os.path.join(HERE, "generate.py"), repo, "--clusters", str(clusters), "--apps", str(apps)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # The three commands are timed in turn, run after run, so a slow spell of a shared machine hits them
        # alike; each figure is the median of its runs.
        load_argv = [strata, "get", "ks", repo, "-o", "json"]
        check_argv = [strata, "check", repo, "-o", "json"]
        schema_argv = check_argv + args.schema_args.split() if args.schema_args else None
        load_walls, schema_walls, walls, cpus, peaks = [], [], [], [], []
        summary = {}
        for _ in range(args.runs):
            wall, _cpu, _peak, _output, code = run_measured(load_argv)
            if code != 0:
                raise SystemExit(f"{' '.join(load_argv)} failed with exit code {code}")
            load_walls.append(wall)
            wall, cpu, peak, output, code = run_measured(check_argv)
            if code not in (0, 1):
                raise SystemExit(f"strata check failed on {repo} with exit code {code}")
            summary = json.loads(output)["summary"]
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
            if schema_argv:
                wall, _cpu, _peak, _output, code = run_measured(schema_argv)
                if code not in (0, 1):
                    raise SystemExit(f"{' '.join(schema_argv)} failed with exit code {code}")
                schema_walls.append(wall)
        load_wall = statistics.median(load_walls)
        schema_wall = statistics.median(schema_walls) if schema_walls else None
        row = {
            "size": f"{clusters} x {apps}",
            "objects": summary.get("objects", 0),
            "kustomizations": summary.get("kustomizations", 0),
            "findings": summary.get("errors", 0) + summary.get("warnings", 0),
            "strata_wall": statistics.median(walls),
            "load_wall": load_wall,
            "schema_wall": schema_wall,
            "strata_cpu": statistics.median(cpus),
            "strata_peak": max(peaks),
            "kubectl_wall": None,
            "directories": None,
        }
        if not args.skip_kubectl:
            directories = kustomization_directories(repo)
            start = time.perf_counter()
            failures = 0
            for directory in directories:
                result = subprocess.run(
                    [args.kubectl, "kustomize", "--load-restrictor", "LoadRestrictionsNone", directory],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                failures += result.returncode != 0
            row["kubectl_wall"] = time.perf_counter() - start
            row["directories"] = len(directories)
            row["kubectl_failures"] = failures
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)

    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.date.today().isoformat()} on {machine()} by `python3 bench/run.py"
        + (f" --sizes {args.sizes}" if args.sizes != "1x50,2x200,4x500" else "")
        + "`.",
        "",
        "Load: `strata get ks REPO -o json` (load, build every Flux Kustomization, substitute). Check: `strata check "
        + "REPO -o json` (the same load, then the whole rule catalogue and the report)"
        + (f"; check + schema adds `{args.schema_args}`" if args.schema_args else "")
        + f". Medians of {args.runs} runs; peak memory of the check process. kubectl: `kubectl kustomize "
        + "--load-restrictor LoadRestrictionsNone` once per kustomization directory of the same repository, run one "
        + "after another.",
        "",
        "| clusters x apps | objects | Flux Kustomizations | load wall (s) | check wall (s) | check / load "
        + "| check + schema wall (s) | check CPU (s) | check peak memory (MiB) "
        + "| kubectl directories | kubectl wall (s) | kubectl / check |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        kubectl = "n/a" if row["kubectl_wall"] is None else f"{row['kubectl_wall']:.1f}"
        ratio = "n/a" if row["kubectl_wall"] is None else f"{row['kubectl_wall'] / row['strata_wall']:.0f}x"
        directories = "n/a" if row["directories"] is None else str(row["directories"])
        lines.append(
            f"| {row['size']} | {row['objects']} | {row['kustomizations']} | {row['load_wall']:.2f} | "
            f"{row['strata_wall']:.2f} | {row['strata_wall'] / row['load_wall']:.2f} | "
            + ("n/a" if row["schema_wall"] is None else f"{row['schema_wall']:.2f}")
            + f" | {row['strata_cpu']:.2f} | {row['strata_peak']:.0f} | {directories} | {kubectl} | {ratio} |"
        )
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
