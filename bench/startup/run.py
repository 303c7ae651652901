#!/usr/bin/env python3
"""bench/startup: time from process start to a healthy HTTP answer, and resident memory after
10 s idle, for Sightline on an empty SQLite database and for Prometheus (the reference) started
the same way. Prints both and the ratios.

Usage: python3 bench/startup/run.py [--runs N] [--idle SECONDS] [--sightline PATH]
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url, process, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.002)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def measure(name, command, health_url, runs, idle):
    """Starts `command` runs times in a fresh directory; returns (startup ms list, rss MiB)."""
    startups = []
    rss = float("nan")
    for run in range(runs):
        workdir = tempfile.mkdtemp(prefix=f"bench-startup-{name}-")
        port = free_port()
        argv = [part.format(dir=workdir, port=port) for part in command]
        url = health_url.format(port=port)
        started = time.monotonic()
        process = subprocess.Popen(argv, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_healthy(url, process)
            startups.append((time.monotonic() - started) * 1000)
            if run == runs - 1:
                time.sleep(idle)
                rss = rss_mib(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
            shutil.rmtree(workdir, ignore_errors=True)
    return startups, rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--sightline", default=os.path.join(ROOT, "target", "release", "sightline"))
    args = parser.parse_args()

    if not os.path.exists(args.sightline):
        subprocess.run(["cargo", "build", "--release", "-p", "sightline"], cwd=ROOT, check=True)
    prometheus = shutil.which("prometheus")
    if prometheus is None:
        sys.exit("prometheus is not installed: apt-get install prometheus")

    prometheus_config = os.path.join(tempfile.mkdtemp(prefix="bench-startup-prom-cfg-"), "prometheus.yml")
    with open(prometheus_config, "w") as config:
        config.write("global:\n  scrape_interval: 15s\nscrape_configs: []\n")

    results = {
        "sightline": measure(
            "sightline",
            [args.sightline, "server", "--homepath", "{dir}", "cfg:server.http_addr=127.0.0.1",
             "cfg:server.http_port={port}", "cfg:log.level=warn"],
            "http://127.0.0.1:{port}/api/health",
            args.runs,
            args.idle,
        ),
        "prometheus": measure(
            "prometheus",
            [prometheus, f"--config.file={prometheus_config}", "--storage.tsdb.path={dir}/data",
             "--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
            "http://127.0.0.1:{port}/-/ready",
            args.runs,
            args.idle,
        ),
    }

    print(f"startup benchmark: {args.runs} runs each, RSS after {args.idle:.0f} s idle")
    print(f"{'':12} {'start p50 ms':>13} {'start min ms':>13} {'start max ms':>13} {'idle RSS MiB':>13}")
    for name, (startups, rss) in results.items():
        print(f"{name:12} {statistics.median(startups):13.1f} {min(startups):13.1f} {max(startups):13.1f} {rss:13.1f}")
    sightline_start = statistics.median(results["sightline"][0])
    prometheus_start = statistics.median(results["prometheus"][0])
    print(f"ratio sightline/prometheus: start {sightline_start / prometheus_start:.2f}x, "
          f"idle RSS {results['sightline'][1] / results['prometheus'][1]:.2f}x")
    print(f"goals: start <= 300 ms ({'met' if sightline_start <= 300 else 'missed'}), "
          f"idle RSS <= 25 MiB ({'met' if results['sightline'][1] <= 25 else 'missed'})")


if __name__ == "__main__":
    main()
