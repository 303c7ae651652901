#!/usr/bin/env python3
"""bench/search: 10 000 dashboards in 200 folders with tags, imported through the API with
schema migration (old schemaVersion 14 dashboards with rows and graph panels), then
`/api/search` by title, tag and folder at 50 concurrent connections with wrk. Prints import
throughput and p50/p99/requests per second, on SQLite and PostgreSQL.

Usage: python3 bench/search/run.py [--dashboards N] [--folders N] [--duration S] [--backends sqlite,postgres]
"""

import argparse
import base64
import concurrent.futures
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIN = "Basic " + base64.b64encode(b"admin:admin").decode()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(port, method, path, body=None, auth=ADMIN):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    request.add_header("Authorization", auth)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"null")


def old_dashboard(index, tags):
    """A schemaVersion 14 dashboard with two rows of graph and singlestat panels."""
    return {
        "title": f"Service {index:05d} overview",
        "tags": tags,
        "schemaVersion": 14,
        "rows": [
            {"title": "Traffic", "height": "250px", "panels": [
                {"id": 1, "type": "graph", "title": f"Requests {index}", "span": 6,
                 "targets": [{"expr": f"rate(http_requests_total{{service=\"s{index}\"}}[5m])"}],
                 "yaxes": [{"format": "reqps"}, {"format": "short"}], "lines": True, "fill": 1},
                {"id": 2, "type": "singlestat", "title": "Error ratio", "span": 6, "valueName": "avg",
                 "format": "percent", "thresholds": "1,5", "colorValue": True},
            ]},
            {"title": "Latency", "height": 300, "panels": [
                {"id": 3, "type": "graph", "title": f"p99 latency {index}", "span": 12,
                 "targets": [{"expr": "histogram_quantile(0.99, rate(le_bucket[5m]))"}], "yaxes": [{"format": "s"}, {}]},
            ]},
        ],
    }


def start_server(binary, home, port, database_url):
    argv = [binary, "server", "--homepath", home, "cfg:server.http_addr=127.0.0.1",
            f"cfg:server.http_port={port}", "cfg:log.level=warn", "cfg:database.max_open_conn=20"]
    if database_url:
        argv.append(f"cfg:database.url={database_url}")
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("server did not start")


def seed(port, dashboards, folders):
    token_account = call(port, "POST", "/api/serviceaccounts", {"name": "bench", "role": "Admin"})
    token = call(port, "POST", f"/api/serviceaccounts/{token_account['id']}/tokens", {"name": "bench"})["key"]
    bearer = f"Bearer {token}"
    folder_uids = []
    for index in range(folders):
        folder = call(port, "POST", "/api/folders", {"uid": f"f-{index:03d}", "title": f"Team {index:03d}"}, bearer)
        folder_uids.append(folder["uid"])

    def import_one(index):
        tags = [f"tag-{index % 50}", f"env-{index % 3}"]
        body = {"dashboard": old_dashboard(index, tags), "folderUid": folder_uids[index % folders], "overwrite": False}
        call(port, "POST", "/api/dashboards/db", body, bearer)

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(import_one, range(dashboards)))
    elapsed = time.monotonic() - started
    viewer_account = call(port, "POST", "/api/serviceaccounts", {"name": "reader", "role": "Viewer"}, bearer)
    viewer = call(port, "POST", f"/api/serviceaccounts/{viewer_account['id']}/tokens", {"name": "reader"}, bearer)["key"]
    return bearer, f"Bearer {viewer}", dashboards / elapsed


def wrk(port, path, bearer, duration, connections):
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(f'wrk.headers["Authorization"] = "{bearer}"\n')
    script.close()
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script.name,
         f"http://127.0.0.1:{port}{path}"],
        check=True, capture_output=True, text=True,
    ).stdout
    os.unlink(script.name)

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return latency("50"), latency("99"), rps, int(errors.group(1)) if errors else 0


def postgres_database():
    name = f"sightline_bench_{uuid.uuid4().hex[:12]}"
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"create database {name}"], check=True)
    return name, f"postgres://postgres@127.0.0.1:5432/{name}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dashboards", type=int, default=10_000)
    parser.add_argument("--folders", type=int, default=200)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--sightline", default=os.path.join(ROOT, "target", "release", "sightline"))
    args = parser.parse_args()
    if not os.path.exists(args.sightline):
        subprocess.run(["cargo", "build", "--release", "-p", "sightline"], cwd=ROOT, check=True)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")

    queries = {
        "title": "/api/search?query=service%2004217",
        "panel title": "/api/search?query=requests%204217",
        "tag": "/api/search?tag=tag-7&limit=100",
        "folder": "/api/search?folderUIDs=f-042",
        "all (limit 100)": "/api/search?limit=100",
    }
    # The same searches as an org Viewer: every hit passes the grant check (folder grants
    # to the Viewer role), where an org Admin's pass without one.
    viewer_queries = {"title (viewer)": queries["title"], "all (viewer)": queries["all (limit 100)"]}
    print(f"search benchmark: {args.dashboards} dashboards in {args.folders} folders, "
          f"{args.connections} connections, {args.duration} s per query")
    for backend in args.backends.split(","):
        home = tempfile.mkdtemp(prefix=f"bench-search-{backend}-")
        database, url = (None, None) if backend == "sqlite" else postgres_database()
        port = free_port()
        process = start_server(args.sightline, home, port, url)
        try:
            bearer, viewer, import_rate = seed(port, args.dashboards, args.folders)
            print(f"\n[{backend}] import with migration: {import_rate:.0f} dashboards/s")
            print(f"{'query':18} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>9} {'non-2xx':>8}")
            runs = [(label, path, bearer) for label, path in queries.items()]
            runs += [(label, path, viewer) for label, path in viewer_queries.items()]
            for label, path, auth in runs:
                p50, p99, rps, errors = wrk(port, path, auth, args.duration, args.connections)
                print(f"{label:18} {p50:8.2f} {p99:8.2f} {rps:9.0f} {errors:8d}")
        finally:
            process.terminate()
            process.wait(timeout=30)
            shutil.rmtree(home, ignore_errors=True)
            if database:
                subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc",
                                f"drop database if exists {database} with (force)"], check=False)
    print("\ngoal: p99 <= 20 ms")


if __name__ == "__main__":
    main()
