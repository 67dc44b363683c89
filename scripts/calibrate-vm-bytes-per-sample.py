#!/usr/bin/env python3
"""Measures how many bytes VictoriaMetrics stores per sample, for `strata plan`'s metrics sizing.

Starts the `victoria-metrics` single-node binary (Debian's package) on a temporary data directory,
backfills synthetic series through the JSON-lines import API for a simulated period at a fixed scrape
interval, forces a flush and a merge, waits for merges to settle, and divides the size of the data
directory (data parts and the index) by the number of samples VictoriaMetrics reports having stored.

The series imitate an exporter's mix (node-exporter-like): integer counters with Poisson increments (requests at 0.05 to 200 per second),
CPU-seconds counters with two decimals, integer gauges (memory, bytes) that drift with noise, decimal
gauges (load, temperatures), full-precision ratios, and constant series (`up`, `*_info`).

    scripts/calibrate-vm-bytes-per-sample.py                      # measure and print
    scripts/calibrate-vm-bytes-per-sample.py --write Sources/StrataPlan/Calibration.swift

It takes about a minute with the defaults; nothing is downloaded.
"""

import argparse
import datetime
import gzip
import json
import math
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request

# The share of series of each kind, in the order they are generated.
MIX = [
    ("counter", 0.35),
    ("cpu_seconds", 0.15),
    ("gauge_int", 0.20),
    ("gauge_decimal", 0.10),
    ("ratio", 0.05),
    ("constant", 0.15),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, data=None, headers=None, timeout=120):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return response.read().decode()


def wait_healthy(base, process, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit("victoria-metrics exited early with %d" % process.returncode)
        try:
            if request(base + "/health", timeout=2).strip() == "OK":
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("victoria-metrics did not become healthy")


def metrics(base):
    """The /metrics page as {name{labels}: value}."""
    out = {}
    for line in request(base + "/metrics").splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, value = line.rpartition(" ")
        try:
            out[key] = float(value)
        except ValueError:
            pass
    return out


def metric_sum(values, name, label_filter=None):
    total = 0.0
    for key, value in values.items():
        if key == name or key.startswith(name + "{"):
            if label_filter is None or re.search(label_filter, key):
                total += value
    return total


def directory_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


def poisson(rng, mean):
    """Events in one interval of a Poisson process: Knuth's method for small means, the normal approximation
    for large ones."""
    if mean > 30:
        return max(0, round(rng.gauss(mean, mean**0.5)))
    limit = math.exp(-mean)
    events, product = 0, rng.random()
    while product > limit:
        events += 1
        product *= rng.random()
    return events


def series_values(kind, rng, count, interval):
    """One series' values as a JSON array text."""
    if kind == "constant":
        return "[" + ",".join(["1"] * count) + "]"
    values = []
    if kind == "counter":
        rate = rng.choice([0.05, 0.5, 2, 20, 200])
        mean = rate * interval
        value = rng.randint(0, 10_000)
        for _ in range(count):
            value += poisson(rng, mean)
            values.append(str(value))
    elif kind == "cpu_seconds":
        busy = rng.uniform(0.01, 0.9)
        value = rng.uniform(0, 1e5)
        for _ in range(count):
            value += interval * busy * rng.uniform(0.9, 1.1)
            values.append("%.2f" % value)
    elif kind == "gauge_int":
        level = rng.choice([1e6, 5e7, 2e9, 8e9])
        value = level
        for _ in range(count):
            value = max(0, value + rng.gauss(0, level * 0.002))
            values.append(str(int(value) // 4096 * 4096))
    elif kind == "gauge_decimal":
        level = rng.uniform(0.5, 60)
        value = level
        for _ in range(count):
            value = max(0.0, value + rng.gauss(0, level * 0.01))
            values.append("%.2f" % value)
    else:  # ratio
        level = rng.uniform(0.05, 0.95)
        for _ in range(count):
            values.append(repr(min(1.0, max(0.0, level + rng.gauss(0, 0.02)))))
    return "[" + ",".join(values) + "]"


def series_labels(index, kind):
    instance = "node-%03d:9100" % (index % 200)
    name = {
        "counter": "http_requests_total",
        "cpu_seconds": "node_cpu_seconds_total",
        "gauge_int": "node_memory_bytes",
        "gauge_decimal": "node_load",
        "ratio": "node_filesystem_usage_ratio",
        "constant": "up",
    }[kind]
    return {
        "__name__": name,
        "job": "calibration",
        "instance": instance,
        "series": str(index),
        "kind": kind,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--series", type=int, default=2000, help="series to ingest (default 2000)")
    parser.add_argument("--days", type=float, default=3, help="simulated days (default 3)")
    parser.add_argument("--interval", type=int, default=30, help="scrape interval in seconds (default 30)")
    parser.add_argument("--binary", default=shutil.which("victoria-metrics") or "/usr/bin/victoria-metrics")
    parser.add_argument("--write", help="write the result as a Swift source file")
    args = parser.parse_args()

    if not os.access(args.binary, os.X_OK):
        sys.exit("victoria-metrics is not installed (apt-get install victoria-metrics)")
    started = time.time()
    data_path = tempfile.mkdtemp(prefix="vm-calibration-")
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    process = subprocess.Popen(
        [
            args.binary,
            "-storageDataPath=" + data_path,
            "-httpListenAddr=127.0.0.1:%d" % port,
            "-retentionPeriod=100y",
            "-loggerLevel=ERROR",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_healthy(base, process)
        version = None
        for key in metrics(base):
            match = re.match(r'vm_app_version\{.*version="([^"]+)"', key)
            if match:
                version = match.group(1)
        count = int(args.days * 86400 / args.interval)
        # End a little in the past so that no sample lies in the future.
        end_ms = (int(time.time()) // args.interval * args.interval - 3600) * 1000
        timestamps = [end_ms - (count - 1 - i) * args.interval * 1000 for i in range(count)]
        timestamps_json = json.dumps(timestamps)
        rng = random.Random(20251014)
        kinds = []
        for kind, share in MIX:
            kinds += [kind] * round(share * args.series)
        kinds = (kinds + ["constant"] * args.series)[: args.series]
        batch = []
        for index, kind in enumerate(kinds):
            line = '{"metric":%s,"values":%s,"timestamps":%s}' % (
                json.dumps(series_labels(index, kind)),
                series_values(kind, rng, count, args.interval),
                timestamps_json,
            )
            batch.append(line)
            if len(batch) == 100 or index == len(kinds) - 1:
                body = gzip.compress(("\n".join(batch) + "\n").encode(), compresslevel=1)
                request(
                    base + "/api/v1/import",
                    data=body,
                    headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
                )
                batch = []
        expected = args.series * count
        # Pending rows are buffered in memory for a second or so before force_flush can see them.
        deadline = time.time() + 60
        stored = 0.0
        while time.time() < deadline:
            request(base + "/internal/force_flush")
            stored = metric_sum(metrics(base), "vm_rows", r'type="storage/')
            if stored >= expected:
                break
            time.sleep(1)
        request(base + "/internal/force_merge")
        # Merges run in the background; wait until none is active and the directory stops shrinking.
        previous = -1
        stable = 0
        deadline = time.time() + 90
        while time.time() < deadline:
            time.sleep(1)
            values = metrics(base)
            active = metric_sum(values, "vm_active_merges") + metric_sum(values, "vm_active_force_merges")
            size = directory_bytes(os.path.join(data_path, "data")) + directory_bytes(
                os.path.join(data_path, "indexdb")
            )
            stable = stable + 1 if active == 0 and size == previous else 0
            previous = size
            if stable >= 3:
                break
        values = metrics(base)
        stored = metric_sum(values, "vm_rows", r'type="storage/')
        data_bytes = directory_bytes(os.path.join(data_path, "data"))
        index_bytes = directory_bytes(os.path.join(data_path, "indexdb"))
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(data_path, ignore_errors=True)

    if not version:
        try:
            version = subprocess.run(
                ["dpkg-query", "-W", "-f=${Version}", "victoria-metrics"], capture_output=True, text=True
            ).stdout.strip()
        except OSError:
            version = "unknown"
    if stored < expected:
        sys.exit("only %d of %d samples were stored" % (stored, expected))
    per_sample = (data_bytes + index_bytes) / stored
    result = {
        "victoriaMetricsVersion": version,
        "date": datetime.date.today().isoformat(),
        "series": args.series,
        "days": args.days,
        "scrapeIntervalSeconds": args.interval,
        "samples": int(stored),
        "dataBytes": data_bytes,
        "indexBytes": index_bytes,
        "bytesPerSample": round(per_sample, 4),
        "seconds": round(time.time() - started, 1),
    }
    print(json.dumps(result, indent=2))
    if args.write:
        write_swift(args.write, result)


def write_swift(path, r):
    mix = ", ".join("%d%% %s" % (round(share * 100), kind.replace("_", " ")) for kind, share in MIX)
    about = (
        "Measured on {date} with victoria-metrics {version} (Debian's package, single node): {series} synthetic "
        "series ({mix}) backfilled through `/api/v1/import` at one sample every {interval} s for {days} "
        "simulated days, {samples} samples in all; then `/internal/force_flush` and `/internal/force_merge`, and "
        "the data directory measured once merges settled: {data} bytes of data parts plus {index} bytes of index."
    ).format(
        date=r["date"],
        version=r["victoriaMetricsVersion"],
        series=r["series"],
        mix=mix,
        interval=r["scrapeIntervalSeconds"],
        days=("%g" % r["days"]),
        samples=r["samples"],
        data=r["dataBytes"],
        index=r["indexBytes"],
    )
    doc = "\n".join("/// " + line for line in textwrap.wrap(about, width=112))
    text = """// Generated by scripts/calibrate-vm-bytes-per-sample.py; run it again to refresh.

/// The bytes VictoriaMetrics stores per sample, measured rather than taken from its documentation.
///
{doc}
public enum Calibration {{
    /// Bytes on disk per stored sample, data parts and index together.
    public static let bytesPerSample = {bps}
    /// The day of the measurement.
    public static let date = "{date}"
    /// The VictoriaMetrics version measured.
    public static let victoriaMetricsVersion = "{version}"
    /// How the figure was obtained, in a sentence for reports.
    public static let method =
        "{series} synthetic series every {interval} s for {days} days ({samples} samples) ingested into "
        + "victoria-metrics {version}, flushed and merged; data directory ÷ samples"
}}
""".format(
        doc=doc,
        date=r["date"],
        version=r["victoriaMetricsVersion"],
        series=r["series"],
        interval=r["scrapeIntervalSeconds"],
        days=("%g" % r["days"]),
        samples=r["samples"],
        bps=r["bytesPerSample"],
    )
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
