#!/usr/bin/env python3
"""make bench-speed: clausecheck's speed as ratios to floors measured in the same run.

    bench.py BUILD_DIR SIZE [SIZE...]

For each SIZE it generates a register of that many suppliers (scripts/gen_register.py: one YAML
file each, the same records as JSON Lines, and the same suppliers as a 16-column CSV export that
holds less than they do: no evidence file, questionnaire or gaps), then times each subject and its floor,
best of three, and prints wall and CPU ratios, records per second and peak RSS. Absolute times on a
shared machine mean little; a ratio of two programs run side by side holds. Nothing here asserts a
speed: the numbers are for reading, and for the README's performance section, and the last lines
say which of issue 13's targets each figure meets and by how much it falls short of the others.
"""
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AS_OF = "2026-11-28"
REPEAT = 3


def run(argv, cwd=None):
    """Runs argv once with output discarded: (wall s, cpu s, peak RSS KiB, exit status)."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, os.waitstatus_to_exitcode(status)


def best(argv, cwd=None):
    """The least disturbed of REPEAT runs: the fastest wall and CPU times, the largest RSS."""
    runs = [run(argv, cwd) for _ in range(REPEAT)]
    for r in runs:
        if r[3] not in (0, 1):
            sys.exit(f"bench: {' '.join(argv)} exited {r[3]}")
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs) / 1024


def instructions(argv, cwd):
    """Instructions a run executes (valgrind's callgrind): unlike times, the same however busy the
    machine is, so the ratio to a floor holds on a shared one. None without valgrind."""
    try:
        p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv, cwd=cwd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except FileNotFoundError:
        return None
    m = re.search(r"Collected : ([0-9]+)", p.stderr)
    return int(m.group(1)) if m else None


def by_instructions(build, repo, check, results):
    """The same comparisons by instructions, on the first 500 records (one folder, and the first
    500 lines of the register): a figure the machine's other work cannot disturb."""
    with open(os.path.join(repo, "register.jsonl")) as src, open(os.path.join(repo, "sample.jsonl"), "w") as dst, \
            open(os.path.join(repo, "sample2.jsonl"), "w") as dst2:
        for i, row in zip(range(1000), src):
            if i < 500:
                dst.write(row)
            dst2.write(row)
    fy = instructions([os.path.join(ROOT, build, "bench_floor_yaml"), "batch-0000"], repo)
    cy = instructions(check + ["-j", "1", "batch-0000"], repo)
    fj = instructions([os.path.join(ROOT, build, "bench_floor_json"), "sample.jsonl"], repo)
    cj = instructions(check + ["-j", "1", "sample.jsonl"], repo)
    fj2 = instructions([os.path.join(ROOT, build, "bench_floor_json"), "sample2.jsonl"], repo)
    cj2 = instructions(check + ["-j", "1", "sample2.jsonl"], repo)
    os.unlink(os.path.join(repo, "sample.jsonl"))
    os.unlink(os.path.join(repo, "sample2.jsonl"))
    if None in (fy, cy, fj, cj):
        print("  (valgrind not installed: no instruction counts)")
        return
    print(f"  by instructions, 500 records: YAML check {cy / 500:,.0f} a record, {cy / fy:.2f}x the libyaml floor;"
          f" JSONL check {cj / 500:,.0f} a record, {cj / fj:.2f}x the yajl floor")
    results["instructions"] = (cy / fy, cj / fj)
    # What one more record costs: the second 500 records' instructions, without what a run pays
    # once whatever its size (start-up, the policy, hashing the 64 shared evidence files).
    if os.path.isdir(os.path.join(repo, "batch-0001")):
        fy2 = instructions([os.path.join(ROOT, build, "bench_floor_yaml"), "batch-0000", "batch-0001"], repo)
        cy2 = instructions(check + ["-j", "1", "batch-0000", "batch-0001"], repo)
        if None not in (fy2, cy2):
            per_check, per_floor = (cy2 - cy) / 500, (fy2 - fy) / 500
            print(f"  by instructions, each record past the first 500: YAML check {per_check:,.0f},"
                  f" the libyaml floor {per_floor:,.0f}: {per_check / per_floor:.2f}x"
                  f" (what a run pays once: {cy - 500 * per_check:,.0f} against {fy - 500 * per_floor:,.0f})")
            results["marginal"] = per_check / per_floor
    if None not in (fj2, cj2):
        per_check, per_floor = (cj2 - cj) / 500, (fj2 - fj) / 500
        print(f"  by instructions, each JSON Lines row past the first 500: check {per_check:,.0f},"
              f" yajl's bare parse {per_floor:,.0f}: {per_check / per_floor:.2f}x")


def side_by_side(argv, copies, cwd):
    """Wall time of `copies` runs of argv started together: what the machine gives independent
    processes, the ceiling for threads of one (shared caches, memory bandwidth, a hypervisor's
    vCPUs). Best of REPEAT."""
    times = []
    for _ in range(REPEAT):
        t0 = time.monotonic()
        procs = [subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for _ in range(copies)]
        for p in procs:
            p.wait()
        times.append(time.monotonic() - t0)
    return min(times)


def line(name, wall, cpu, rss, extra=""):
    print(f"  {name:38s} {wall:7.2f} s wall {cpu:7.2f} s CPU {rss:6.1f} MiB{extra}")


def measure(build, n, ncpu, results):
    ck = os.path.join(ROOT, build, "clausecheck")
    data = os.path.join(ROOT, build, f"bench-register-{n}")
    repo = os.path.join(data, "repo")
    if not os.path.exists(os.path.join(repo, "register.csv")):
        subprocess.run(["rm", "-rf", data], check=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_register.py"), data, str(n)], check=True)
    yaml_bytes = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(repo) for f in fs if f.endswith(".yaml"))
    print(f"\n{n} records ({yaml_bytes // n} bytes of YAML each, 1.3 evidence entries each, 16-requirement baseline):")
    check = [ck, "check", "--as-of", AS_OF]

    fw, fc, frss = best([os.path.join(ROOT, build, "bench_floor_yaml"), "."], cwd=repo)
    line("floor: libyaml event parse, same files", fw, fc, frss)
    w1, c1, r1 = best(check + ["-j", "1", "."], cwd=repo)
    line("check -j 1 (text)", w1, c1, r1, f"  {w1 / fw:5.2f}x floor wall {c1 / fc:5.2f}x floor CPU")
    wj, cj, rj = best(check + ["-j", "1", "-f", "json", "."], cwd=repo)
    line("check -j 1 (json)", wj, cj, rj, f"  {wj / fw:5.2f}x floor wall {cj / fc:5.2f}x floor CPU")
    wn, cn, rn = best(check + ["-j", str(ncpu), "."], cwd=repo)
    line(f"check -j {ncpu} (text)", wn, cn, rn, f"  {w1 / wn:5.2f}x the -j 1 throughput")
    ws = side_by_side(check + ["-j", "1", "."], ncpu, repo)
    print(f"  {ncpu} x check -j 1, side by side          {ws:7.2f} s wall"
          f"                          {ncpu * w1 / ws:5.2f}x the throughput of one: this machine's ceiling for -j {ncpu}")
    results.setdefault("yaml", []).append((n, c1 / fc, w1 / fw))
    results.setdefault("parallel", []).append((n, w1 / wn, ncpu * w1 / ws))

    jw, jc, jrss = best([os.path.join(ROOT, build, "bench_floor_json"), "register.jsonl"], cwd=repo)
    line("floor: yajl parse of register.jsonl", jw, jc, jrss, f"  {n / jw:9.0f} records/s")
    lw, lc, lr = best(check + ["-j", "1", "register.jsonl"], cwd=repo)
    line("check -j 1 register.jsonl", lw, lc, lr, f"  {n / lw:9.0f} records/s  {lw / jw:5.2f}x floor wall")
    ln, lnc, lnr = best(check + ["-j", str(ncpu), "register.jsonl"], cwd=repo)
    line(f"check -j {ncpu} register.jsonl", ln, lnc, lnr, f"  {n / ln:9.0f} records/s")
    cw, cc, cr = best(check + ["-j", "1", "register.csv"], cwd=repo)
    line("check -j 1 register.csv", cw, cc, cr, f"  {n / cw:9.0f} records/s")
    results.setdefault("jsonl", []).append((n, n / lw, n / jw))

    if "instructions" not in results:
        by_instructions(build, repo, check, results)
    out = subprocess.run([os.path.join(ROOT, build, "bench_eval"), repo, "3"], capture_output=True, text=True).stdout
    m = re.search(r"([0-9]+) records/s", out)
    print("  eval only: " + out.strip())
    if m:
        results.setdefault("eval", []).append((n, int(m.group(1))))


def verdict(results, ncpu):
    print("\nissue 13's targets:")
    for n, cpu_ratio, wall_ratio in results.get("yaml", []):
        ok = "met" if cpu_ratio <= 1.3 else f"short: {cpu_ratio / 1.3:.2f}x the allowed time"
        print(f"  YAML check -j 1 <= 1.3x the libyaml floor ({n}): {cpu_ratio:.2f}x CPU ({wall_ratio:.2f}x wall): {ok}")
    if "instructions" in results:
        y = results["instructions"][0]
        ok = "met" if y <= 1.3 else f"short: {y / 1.3:.2f}x the allowed instructions"
        print(f"  YAML check -j 1 <= 1.3x the libyaml floor, by instructions (500): {y:.2f}x: {ok}")
    if "marginal" in results:
        y = results["marginal"]
        ok = "met" if y <= 1.3 else f"short: {y / 1.3:.2f}x the allowed instructions"
        print(f"  YAML check -j 1 <= 1.3x the libyaml floor, by instructions, each further record: {y:.2f}x: {ok}")
    for n, speedup, ceiling in results.get("parallel", []):
        if ncpu < 2:
            print(f"  -j 2 >= 1.8x -j 1 ({n}): one CPU here, not measurable")
            continue
        ok = "met" if speedup >= 1.8 else f"short: {speedup / 1.8:.0%} of the target"
        print(f"  -j {ncpu} >= 1.8x -j 1 ({n}): {speedup:.2f}x: {ok}"
              f" ({ncpu} separate processes reach {ceiling:.2f}x here: -j {ncpu} gets {speedup / ceiling:.0%} of that)")
    for n, rate, floor in results.get("jsonl", []):
        ok = "met" if rate >= 200000 else f"short: {rate / 200000:.0%} of the target"
        print(f"  JSONL >= 200,000 records/s whole process, -j 1 ({n}): {rate:,.0f}: {ok}"
              f" (yajl's bare parse of the same file: {floor:,.0f} records/s)")
    for n, rate in results.get("eval", []):
        ok = "met" if rate >= 1000000 else f"short: {rate / 1000000:.0%} of the target"
        print(f"  eval only >= 1,000,000 records/s ({n}): {rate:,}: {ok}")


def main():
    build, sizes = sys.argv[1], [int(n) for n in sys.argv[2:]]
    ncpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"clausecheck speed, as ratios to floors measured in this run ({ncpu} CPUs, load {load:.1f}; "
          f"best of {REPEAT})")
    results = {}
    for n in sizes:
        measure(build, n, ncpu, results)
    verdict(results, ncpu)


if __name__ == "__main__":
    main()
