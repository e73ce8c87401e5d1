#!/usr/bin/env python3
"""Speed and memory benchmark of seslint, as ratios measured within one run.

The machines are shared and noisy, so absolute times mean little; each target is a ratio between
two measurements taken interleaved in the same run (A B A B ...), and the medians are compared.

    python3 tests/bench/ratios.py [--bin build/linter/seslint] [--rawparse build/tests/seslint_rawparse]
                                  [--corpus ../shared/corpus] [--runs 3] [--skip-hcl2json] [--markdown]

Targets (issue "Performance"), each printed with its measured value:
  cpu/raw       seslint --jobs 1 CPU time / raw parse of the same files (tests/bench/rawparse.cpp)  <= 1.25
  jobs2/jobs1   wall time with --jobs 2 / with --jobs 1                                          <= 0.60
  rss/byte      peak RSS of seslint / bytes of the files it reads                                <= 4
  double/single CPU time on the corpus twice (hard-linked copy) / on the corpus once              <= 2.05
  slowest       the slowest single file or Terraform folder, linted alone (ms, start-up excluded)  <= 50
  pre-commit    wall time of a run on 10 files, as the hook runs it (ms)                          <= 10
  hcl2json/us   hcl2json's time on the .tf files / seslint's on the same files                    >= 3

Not a test: CI does not run it and nothing fails on noise. The exit code is 0 unless a program
misbehaves; the table says which targets are met.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
LINTABLE = (".tf", ".tf.json", ".json", ".yaml", ".yml", ".template", ".tfvars")
SKIP = {".git", ".terraform", "node_modules", ".terragrunt-cache"}


def run_rss(cmd):
    """Runs cmd with wait4 so the peak RSS is this child's own."""
    t0 = time.perf_counter()
    pid = os.spawnvp(os.P_NOWAIT, cmd[0], cmd)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"bench: {cmd[0]} exited {code}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def quiet(cmd):
    """cmd with its standard output and error sent to /dev/null (for run_rss)."""
    return ["sh", "-c", 'exec "$@" >/dev/null 2>&1', "sh"] + cmd


def lintable_files(tree):
    out = []
    for d, dirs, files in os.walk(tree):
        dirs[:] = sorted(x for x in dirs if x not in SKIP and not os.path.islink(os.path.join(d, x)))
        for f in sorted(files):
            p = os.path.join(d, f)
            if f.lower().endswith(LINTABLE) and not os.path.islink(p):
                out.append(p)
    return out


def interleaved(cmds, runs):
    """Runs each command of cmds once per round, `runs` rounds; medians of (wall, cpu, rss)."""
    samples = [[] for _ in cmds]
    for _ in range(runs):
        for i, c in enumerate(cmds):
            samples[i].append(run_rss(quiet(c)))
    return [tuple(statistics.median(s[k] for s in smp) for k in range(3)) for smp in samples]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "linter", "seslint"))
    ap.add_argument("--rawparse", default=os.path.join(ROOT, "build", "tests", "seslint_rawparse"))
    ap.add_argument("--corpus", default=os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus")))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--slowest", type=int, default=12, help="largest files and folders linted alone")
    ap.add_argument("--skip-hcl2json", action="store_true")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the README)")
    a = ap.parse_args()
    for p in (a.bin, a.rawparse):
        if not os.access(p, os.X_OK):
            sys.exit(f"bench: {p} is not built (cmake --build build --target seslint seslint_rawparse)")
    if not os.path.isdir(a.corpus):
        sys.exit(f"bench: no corpus at {a.corpus}")
    lint = [a.bin, "--format", "json", "--fail-on", "never", "--no-config"]
    files = lintable_files(a.corpus)
    nbytes = sum(os.path.getsize(f) for f in files)
    rows = []

    # 1. CPU against the raw parse, and 3. memory per input byte (single-threaded runs).
    (raw_w, raw_c, raw_r), (one_w, one_c, one_r), (two_w, two_c, two_r) = interleaved(
        [[a.rawparse, a.corpus], lint + ["--jobs", "1", a.corpus], lint + ["--jobs", "2", a.corpus]], a.runs)
    rows.append(("cpu/raw", one_c / raw_c, "<=", 1.25, f"seslint {one_c:.2f} s CPU, raw parse {raw_c:.2f} s"))
    # 2. Two jobs against one.
    rows.append(("jobs2/jobs1", two_w / one_w, "<=", 0.60, f"--jobs 2 {two_w:.2f} s, --jobs 1 {one_w:.2f} s wall"))
    rows.append(("rss/byte", one_r * 1024 / nbytes, "<=", 4.0,
                 f"peak {one_r // 1024} MiB (--jobs 2: {two_r // 1024} MiB) for {nbytes / 1048576:.1f} MiB in {len(files)} files"))

    # 4. Twice the input: the corpus and a hard-linked copy of it, side by side.
    scratch = tempfile.mkdtemp(prefix="seslint-bench-")
    try:
        double = os.path.join(scratch, "double")
        os.makedirs(double)
        for name in ("a", "b"):
            dst = os.path.join(double, name)
            try:
                subprocess.run(["cp", "-al", a.corpus, dst], check=True, stderr=subprocess.DEVNULL)
            except subprocess.CalledProcessError:
                shutil.rmtree(dst, ignore_errors=True)
                shutil.copytree(a.corpus, dst, symlinks=True)
        (s_w, s_c, _), (d_w, d_c, _) = interleaved(
            [lint + ["--jobs", "1", os.path.join(double, "a")], lint + ["--jobs", "1", double]], a.runs)
        rows.append(("double/single", d_c / s_c, "<=", 2.05, f"twice {d_c:.2f} s CPU, once {s_c:.2f} s"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    # 5. The slowest single inputs: the largest files, and the Terraform folders with the most .tf
    # bytes, each linted alone; the start-up of an empty run is subtracted.
    empty = tempfile.mkdtemp(prefix="seslint-bench-empty-")
    try:
        startup = statistics.median(run_rss(quiet(lint + ["--jobs", "1", empty]))[0] for _ in range(5))
    finally:
        os.rmdir(empty)
    by_dir = {}
    for f in files:
        if f.endswith(".tf"):
            by_dir[os.path.dirname(f)] = by_dir.get(os.path.dirname(f), 0) + os.path.getsize(f)
    cands = sorted(files, key=os.path.getsize, reverse=True)[: a.slowest]
    cands += sorted(by_dir, key=by_dir.get, reverse=True)[: a.slowest]
    worst, worst_ms = None, 0.0
    for c in cands:
        ms = 1000 * (min(run_rss(quiet(lint + ["--jobs", "1", c]))[0] for _ in range(2)) - startup)
        if ms > worst_ms:
            worst, worst_ms = c, ms
    rows.append(("slowest", worst_ms, "<=", 50.0, f"{os.path.relpath(worst, a.corpus) if worst else '-'}"
                 f" ({len(cands)} largest files and folders, start-up {1000 * startup:.1f} ms subtracted)"))

    # 6. A pre-commit run: 10 files named on the command line, from one folder.
    tf = [f for f in files if f.endswith(".tf")]
    ten = tf[len(tf) // 2: len(tf) // 2 + 10]
    pc = sorted(run_rss(quiet(lint + ["--jobs", "1"] + ten))[0] for _ in range(max(9, 3 * a.runs)))
    rows.append(("pre-commit", 1000 * statistics.median(pc), "<=", 10.0, "10 .tf files named on the command line, median of "
                 f"{len(pc)} runs"))

    # 7. hcl2json (the npm build of HashiCorp's HCL parser) on the same .tf files.
    h2j = os.path.join(os.path.dirname(a.corpus), "tools", "hcl2json.mjs")
    if not a.skip_hcl2json and os.path.exists(h2j) and shutil.which("node"):
        only_tf = lint + ["--jobs", "1", "--exclude", "*.json", "--exclude", "*.yaml", "--exclude", "*.yml",
                          "--exclude", "*.template", a.corpus]
        (h_w, _, _), (t_w, _, _) = interleaved([["node", h2j, a.corpus, "--jsonl"], only_tf], max(1, a.runs - 1))
        rows.append(("hcl2json/us", h_w / t_w, ">=", 3.0, f"hcl2json {h_w:.2f} s, seslint {t_w:.2f} s wall on the .tf files"))
    else:
        rows.append(("hcl2json/us", float("nan"), ">=", 3.0, "not measured (no node or hcl2json.mjs; see ../shared/tools)"))

    def met(v, op, t):
        if v != v:
            return "-"
        return "yes" if (v <= t if op == "<=" else v >= t) else "no"

    if a.markdown:
        print("| measure | value | target | met | detail |")
        print("| --- | --- | --- | --- | --- |")
        for name, v, op, t, detail in rows:
            print(f"| {name} | {v:.2f} | {op} {t:g} | {met(v, op, t)} | {detail} |")
    else:
        for name, v, op, t, detail in rows:
            print(f"{name:14} {v:8.2f}  target {op} {t:<5g} {met(v, op, t):4} {detail}")


if __name__ == "__main__":
    main()
