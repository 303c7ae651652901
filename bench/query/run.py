#!/usr/bin/env python3
"""bench/query: the same Prometheus `query_range` sent directly to a local Prometheus and
through Sightline's `/api/ds/query` (release build, a Prometheus data source created through
the API), for 10, 100 and 500 series x 1 100 points (step 15 s), at concurrency 1 and 8.
Prints p50/p99 of both and the ratio Sightline/Prometheus; the paths are measured in
alternating rounds. For scale, the same request is also sent through Sightline's data
source proxy (`/api/datasources/proxy/uid/...`), which forwards Prometheus's bytes without
reading them: the cost of the extra hop alone; and Prometheus's smallest answer (build
info) direct and through the proxy: the fixed cost of one more HTTP exchange.

Prometheus is Debian's `/usr/bin/prometheus` (apt-get install prometheus), on a free port
with a temporary data directory, backfilled with `promtool tsdb create-blocks-from
openmetrics` (500 gauge series, values computed from the sample index).

Usage: python3 bench/query/run.py [--requests N] [--series 10,100,500] [--concurrency 1,8]
       [--decimals]
"""

import argparse
import base64
import concurrent.futures
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIN = "Basic " + base64.b64encode(b"admin:admin").decode()
PROMETHEUS = "/usr/bin/prometheus"
PROMTOOL = "/usr/bin/promtool"
END_SECONDS = 1_735_689_600  # 2025-01-01T00:00:00Z, hour-aligned
SPACING = 15
POINTS = 1_100
START_SECONDS = END_SECONDS - (POINTS - 1) * SPACING
MAX_SERIES = 500
ROUNDS = 4
SELECTORS = {
    10: 'sightline_bench_value{series=~"[0-9]"}',
    100: 'sightline_bench_value{series=~"[0-9]{1,2}"}',
    500: "sightline_bench_value",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(url, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not become ready")


def sample_value(series, index, decimals):
    """The backfilled value: a small whole number, or (`--decimals`) that over 7, which
    Prometheus writes with 16 or 17 significant digits, as most real gauges and rates."""
    value = series + index % 100
    return repr(value / 7) if decimals else str(value)


def start_prometheus(workdir, decimals=False):
    """Backfills MAX_SERIES gauges and starts Prometheus on a free port."""
    fixture = os.path.join(workdir, "bench.om.txt")
    with open(fixture, "w") as out:
        out.write("# TYPE sightline_bench_value gauge\n")
        for series in range(MAX_SERIES):
            lines = [f'sightline_bench_value{{series="{series}"}} '
                     f"{sample_value(series, index, decimals)} "
                     f"{START_SECONDS + index * SPACING}\n" for index in range(POINTS)]
            out.writelines(lines)
        out.write("# EOF\n")
    data = os.path.join(workdir, "data")
    os.makedirs(data)
    subprocess.run([PROMTOOL, "tsdb", "create-blocks-from", "openmetrics", fixture, data],
                   check=True, stdout=subprocess.DEVNULL)
    config = os.path.join(workdir, "prometheus.yml")
    with open(config, "w") as out:
        out.write("global:\n  scrape_interval: 15s\n")
    port = free_port()
    process = subprocess.Popen(
        [PROMETHEUS, f"--config.file={config}", f"--storage.tsdb.path={data}",
         f"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=50y",
         "--log.level=warn"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(f"http://127.0.0.1:{port}/-/ready", "prometheus")
    return process, port


def start_sightline(binary, home):
    port = free_port()
    argv = [binary, "server", "--homepath", home, "cfg:server.http_addr=127.0.0.1",
            f"cfg:server.http_port={port}", "cfg:log.level=warn"]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(f"http://127.0.0.1:{port}/api/health", "sightline")
    return process, port


def api(port, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    request.add_header("Authorization", ADMIN)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"null")


def direct_request(expr):
    form = urllib.parse.urlencode({"query": expr, "start": START_SECONDS, "end": END_SECONDS,
                                   "step": SPACING})
    return "POST", "/api/v1/query_range", form.encode(), {
        "Content-Type": "application/x-www-form-urlencoded"}


def sightline_request(expr, uid, bearer):
    body = {
        "queries": [{
            "refId": "A", "datasource": {"uid": uid, "type": "prometheus"}, "expr": expr,
            "range": True, "intervalMs": SPACING * 1000, "maxDataPoints": POINTS,
        }],
        "from": str(START_SECONDS * 1000), "to": str(END_SECONDS * 1000),
    }
    return "POST", "/api/ds/query", json.dumps(body).encode(), {
        "Content-Type": "application/json", "Authorization": f"Bearer {bearer}"}


def proxy_request(expr, uid, bearer):
    method, path, body, headers = direct_request(expr)
    return method, f"/api/datasources/proxy/uid/{uid}{path}", body, dict(
        headers, Authorization=f"Bearer {bearer}")


BUILD_INFO = ("GET", "/api/v1/status/buildinfo", None, {})


def hop_cost(prom_port, port, uid, bearer, total=400):
    """p50 (ms) of Prometheus's smallest answer, direct and through the data source proxy,
    alternating: the fixed cost of one more HTTP exchange on this machine, before any
    byte of an answer is carried."""
    method, path, body, headers = BUILD_INFO
    proxied = (method, f"/api/datasources/proxy/uid/{uid}{path}", body,
               {"Authorization": f"Bearer {bearer}"})
    measure(port, proxied, 20, 1)  # warm the proxy's connection pool
    direct, through = [], []
    for share in rounds(total, total // 20, 1):
        direct += measure(prom_port, BUILD_INFO, share, 1)
        through += measure(port, proxied, share, 1)
    return percentile(sorted(direct), 0.5), percentile(sorted(through), 0.5)


def check_direct(port, expr, series):
    method, path, body, headers = direct_request(expr)
    reply = json.loads(send(port, method, path, body, headers))
    result = reply["data"]["result"]
    assert len(result) == series, f"prometheus returned {len(result)} series, not {series}"
    assert all(len(item["values"]) == POINTS for item in result), "prometheus points"


def check_sightline(port, expr, uid, bearer, series):
    method, path, body, headers = sightline_request(expr, uid, bearer)
    reply = json.loads(send(port, method, path, body, headers))
    result = reply["results"]["A"]
    assert "error" not in result, f"sightline query failed: {result.get('error')}"
    frames = result["frames"]
    assert len(frames) == series, f"sightline returned {len(frames)} frames, not {series}"
    assert all(len(frame["data"]["values"][0]) == POINTS for frame in frames), "sightline points"


def send(port, method, path, body, headers, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    if own:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: status {response.status}: {payload[:300]!r}")
    return payload


def measure(port, request, total, concurrency):
    """Latencies (ms) of `total` requests over `concurrency` keep-alive connections."""
    method, path, body, headers = request
    per_worker = [total // concurrency + (1 if i < total % concurrency else 0)
                  for i in range(concurrency)]

    def worker(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        timings = []
        for _ in range(count):
            started = time.perf_counter()
            send(port, method, path, body, headers, connection)
            timings.append((time.perf_counter() - started) * 1000)
        connection.close()
        return timings

    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(worker, per_worker))
    return sorted(t for timings in results for t in timings)


def rounds(total, count, concurrency):
    """`total` requests split into at most `count` rounds of at least `concurrency` each."""
    count = max(1, min(count, total // concurrency))
    return [total // count + (1 if i < total % count else 0) for i in range(count)]


def usage(pid):
    """(CPU seconds, minor page faults) the process has used so far, from /proc."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # After the command: state is field 3, minflt 10, utime 14, stime 15 (1-based).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(fields[7])


def measured(process, run):
    """`run()`'s result and the CPU seconds and page faults `process` spent meanwhile."""
    cpu_before, faults_before = usage(process.pid)
    result = run()
    cpu_after, faults_after = usage(process.pid)
    return result, cpu_after - cpu_before, faults_after - faults_before


def percentile(sorted_values, fraction):
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100,
                        help="requests per series count and concurrency (2/5 of it for 500 series)")
    parser.add_argument("--series", default="10,100,500")
    parser.add_argument("--concurrency", default="1,8")
    parser.add_argument("--decimals", action="store_true",
                        help="values of 16-17 significant digits instead of small whole numbers")
    parser.add_argument("--sightline", default=os.path.join(ROOT, "target", "release", "sightline"))
    args = parser.parse_args()
    if not (os.path.exists(PROMETHEUS) and os.path.exists(PROMTOOL)):
        sys.exit("prometheus is not installed: apt-get install prometheus")
    if not os.path.exists(args.sightline):
        subprocess.run(["cargo", "build", "--release", "-p", "sightline"], cwd=ROOT, check=True)

    workdir = tempfile.mkdtemp(prefix="bench-query-")
    processes = []
    try:
        prometheus, prom_port = start_prometheus(workdir, args.decimals)
        processes.append(prometheus)
        home = os.path.join(workdir, "sightline")
        os.makedirs(home)
        sightline, port = start_sightline(args.sightline, home)
        processes.append(sightline)
        created = api(port, "POST", "/api/datasources", {
            "name": "bench-prometheus", "type": "prometheus", "access": "proxy",
            "url": f"http://127.0.0.1:{prom_port}", "jsonData": {"httpMethod": "POST"},
        })
        uid = created["datasource"]["uid"]
        # A service account token (SHA-256 checked), not basic auth (Argon2 on every request).
        account = api(port, "POST", "/api/serviceaccounts", {"name": "bench", "role": "Admin"})
        bearer = api(port, "POST", f"/api/serviceaccounts/{account['id']}/tokens",
                     {"name": "bench"})["key"]

        print(f"query benchmark: {POINTS} points per series (step {SPACING}s), "
              f"prometheus direct vs sightline /api/ds/query")
        bare, hopped = hop_cost(prom_port, port, uid, bearer)
        print(f"one more HTTP hop, nothing carried (Prometheus buildinfo direct / through "
              f"the proxy, p50): {bare:.3f} / {hopped:.3f} ms, +{hopped - bare:.3f} ms")
        print(f"{'series':>6} {'conc':>4} {'n':>4} {'prom p50':>9} {'prom p99':>9} "
              f"{'sl p50':>9} {'sl p99':>9} {'p50 x':>6} {'p99 x':>6} "
              f"{'prom cpu':>9} {'sl cpu':>7} {'sl faults':>9} {'proxy p50':>9} {'x':>5}")
        for series in [int(s) for s in args.series.split(",")]:
            expr = SELECTORS[series]
            check_direct(prom_port, expr, series)
            check_sightline(port, expr, uid, bearer, series)
            total = max(8, args.requests * 2 // 5) if series > 100 else args.requests
            for concurrency in [int(c) for c in args.concurrency.split(",")]:
                # Warm both paths (connection pools, caches) before measuring.
                measure(prom_port, direct_request(expr), concurrency, concurrency)
                measure(port, sightline_request(expr, uid, bearer), concurrency, concurrency)
                # Both paths in alternating rounds, so that a change in the machine's load
                # (it is shared) weighs on both alike.
                measure(port, proxy_request(expr, uid, bearer), concurrency, concurrency)
                direct, through, proxied = [], [], []
                prom_cpu = sl_cpu = sl_faults = 0
                for share in rounds(total, ROUNDS, concurrency):
                    times, cpu, _ = measured(prometheus, lambda: measure(
                        prom_port, direct_request(expr), share, concurrency))
                    direct += times
                    prom_cpu += cpu
                    proxied += measure(port, proxy_request(expr, uid, bearer), share,
                                       concurrency)
                    times, cpu, faults = measured(sightline, lambda: measure(
                        port, sightline_request(expr, uid, bearer), share, concurrency))
                    through += times
                    sl_cpu += cpu
                    sl_faults += faults
                direct.sort()
                through.sort()
                proxied.sort()
                d50, d99 = percentile(direct, 0.5), percentile(direct, 0.99)
                s50, s99 = percentile(through, 0.5), percentile(through, 0.99)
                p50 = percentile(proxied, 0.5)
                print(f"{series:6d} {concurrency:4d} {total:4d} {d50:9.2f} {d99:9.2f} "
                      f"{s50:9.2f} {s99:9.2f} {s50 / d50:6.2f} {s99 / d99:6.2f} "
                      f"{prom_cpu * 1000 / total:9.1f} {sl_cpu * 1000 / total:7.1f} "
                      f"{sl_faults / total:9.0f} {p50:9.2f} {p50 / d50:5.2f}")
        print("times in ms; x = sightline / prometheus; cpu: ms of CPU per request of the "
              "process answering it; faults: Sightline's minor page faults per request; "
              "proxy: the same query_range through Sightline's data source proxy (bytes "
              "forwarded unread)")
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
