#!/usr/bin/env python3
"""Language server latency benchmark: how long `seslint lsp` takes from a didChange to the
publishDiagnostics of the changed file, on the bundled example (fixtures/example, the README quick
start) and on the largest deployment in ../shared/corpus (a Terraform root with the files below it
and the local modules it calls, or a template). Prints the measured numbers; targets: <= 50 ms per
change on the example, <= 300 ms on the largest deployment (2-core Debian 12 machine).

    python3 tests/bench/lsp.py [--bin build/linter/seslint] [--corpus ../shared/corpus] [--changes 30]

Not a test: nothing is asserted, the exit code is 0 unless the server misbehaves.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

LINTABLE = (".tf", ".tf.json", ".json", ".yaml", ".yml", ".template")
SOURCE_RE = re.compile(r'\bsource\s*=\s*"(\.\.?/[^"]*)"')
SKIP = {".git", ".terraform", "node_modules"}


class Server:
    def __init__(self, binary, root):
        self.p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.next_id = 1
        self.request("initialize", {"processId": None, "rootUri": "file://" + root, "capabilities": {}})
        self.notify("initialized", {})

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            c = self.p.stdout.read(1)
            if not c:
                raise SystemExit("bench: the server closed its output")
            header += c
        n = int(re.search(rb"Content-Length: (\d+)", header).group(1))
        return json.loads(self.p.stdout.read(n))

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == i and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics_for(self, uri):
        while True:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]["diagnostics"]

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", {})
        self.p.wait(timeout=30)


def measure(binary, root, path, changes):
    uri = "file://" + path
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    s = Server(binary, root)
    t = time.perf_counter()
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "x", "version": 1, "text": text}})
    diags = s.diagnostics_for(uri)
    cold = (time.perf_counter() - t) * 1000
    comment = "#" if path.endswith((".tf", ".yaml", ".yml", ".template")) else None
    times = []
    for v in range(changes):
        # Type a character at the end of the file (inside a trailing comment where the format has
        # one, else trailing whitespace): a real edit, the same deployment.
        extra = ("\n" + comment + " edit " + "x" * (v % 7)) if comment else ("\n" + " " * (v % 7 + 1))
        t = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v + 2},
                                            "contentChanges": [{"text": text + extra}]})
        s.diagnostics_for(uri)
        times.append((time.perf_counter() - t) * 1000)
    s.close()
    return cold, times, len(diags)


def tf_calls(d):
    out = set()
    try:
        names = os.listdir(d)
    except OSError:
        return out
    for n in names:
        if n.endswith(".tf"):
            try:
                with open(os.path.join(d, n), encoding="utf-8", errors="replace") as f:
                    for m in SOURCE_RE.finditer(f.read()):
                        out.add(os.path.realpath(os.path.join(d, m.group(1))))
            except OSError:
                pass
    return out


def tree_bytes(d):
    total = 0
    for base, dirs, files in os.walk(d):
        dirs[:] = [x for x in dirs if x not in SKIP]
        for f in files:
            if f.endswith(LINTABLE):
                try:
                    total += os.path.getsize(os.path.join(base, f))
                except OSError:
                    pass
    return total


def largest_deployment(corpus):
    """The Terraform root (a folder with .tf files no other folder calls) or template with the
    most bytes, counting what the server lints with it."""
    tf_dirs, templates = set(), []
    for base, dirs, files in os.walk(corpus):
        dirs[:] = [x for x in dirs if x not in SKIP]
        for f in files:
            p = os.path.join(base, f)
            if f.endswith(".tf"):
                tf_dirs.add(os.path.realpath(base))
            elif f.endswith((".yaml", ".yml", ".template", ".json")) and os.path.getsize(p) < 16 * 1024 * 1024:
                try:
                    with open(p, encoding="utf-8", errors="replace") as fh:
                        head = fh.read(200000)
                    if "AWSTemplateFormatVersion" in head or ("Resources" in head and "Type: AWS::" in head) or \
                            ('"Resources"' in head and '"AWS::' in head):
                        templates.append((os.path.getsize(p), p))
                except OSError:
                    pass
    called = set()
    calls = {}
    for d in tf_dirs:
        calls[d] = tf_calls(d)
        called |= calls[d]
    best_tf = None
    for d in tf_dirs - called:
        total, seen, todo = tree_bytes(d), {d}, [d]
        while todo:
            for c in calls.get(todo.pop(), set()) or tf_calls(todo[-1] if todo else d):
                if c not in seen:
                    seen.add(c)
                    todo.append(c)
                    if not (c + "/").startswith(d + "/"):
                        total += tree_bytes(c)
        if not best_tf or total > best_tf[0]:
            best_tf = (total, d)
    templates.sort()
    return best_tf, (templates[-1] if templates else None)


def repo_of(corpus, path):
    rel = os.path.relpath(path, corpus).split(os.sep)
    return os.path.join(corpus, rel[0])


def report(name, cold, times, ndiags):
    times_sorted = sorted(times)
    p90 = times_sorted[max(0, int(len(times_sorted) * 0.9) - 1)]
    print(f"{name}: didOpen {cold:.1f} ms (cold, {ndiags} diagnostics); didChange -> publishDiagnostics "
          f"median {statistics.median(times):.1f} ms, p90 {p90:.1f} ms, max {max(times):.1f} ms over {len(times)} changes")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(top, "build", "linter", "seslint"))
    ap.add_argument("--corpus", default=os.path.join(top, "..", "shared", "corpus"))
    ap.add_argument("--changes", type=int, default=30)
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    if not os.access(binary, os.X_OK):
        sys.exit(f"bench: no server binary at {binary} (build first)")
    example = os.path.join(top, "fixtures", "example")
    for rel in ("terraform/iam.tf", "cloudformation/mailer.yaml", "policies/reporting.json"):
        cold, times, n = measure(binary, example, os.path.join(example, rel), a.changes)
        report("example " + rel, cold, times, n)
    corpus = os.path.realpath(a.corpus)
    if not os.path.isdir(corpus):
        print(f"bench: no corpus at {corpus}; skipped the largest deployment")
        return
    tf, tpl = largest_deployment(corpus)
    if tf:
        total, root = tf
        files = sorted((os.path.getsize(os.path.join(root, f)), f) for f in os.listdir(root) if f.endswith(".tf"))
        path = os.path.join(root, files[-1][1])
        cold, times, n = measure(binary, repo_of(corpus, root), path, a.changes)
        report(f"largest Terraform deployment {os.path.relpath(root, corpus)} ({total // 1024} KiB), editing "
               f"{files[-1][1]}", cold, times, n)
    if tpl:
        size, path = tpl
        cold, times, n = measure(binary, repo_of(corpus, path), path, a.changes)
        report(f"largest template {os.path.relpath(path, corpus)} ({size // 1024} KiB)", cold, times, n)


if __name__ == "__main__":
    main()
