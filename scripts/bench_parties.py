#!/usr/bin/env python3
"""make bench: a record listing N parties against a policy with 50 per-party rules, for N = 1,000,
2,000 and 4,000, each checked with `clausecheck check -f json` (the least CPU time of 3 runs);
prints the times, the instructions (under valgrind, when installed) and the ratio per doubling.
Linear is a ratio near 2. Speed is measured, never asserted.

Usage: bench_parties.py CLAUSECHECK WORKDIR [N...]"""
import os
import resource
import subprocess
import sys

RULES_IN_EACH = 46  # inside `for each`; with the four other quantifiers, 50 rules per party


def policy():
    """Two kinds of party; a `for each` with 46 rules (ensures, clause parameters, evidence
    attributes, a nested quantifier) and four quantifiers over the whole list."""
    out = ['policy "Bench: parties"', "", "profile {", '  critical : bool "Critical supplier"', "}", "",
           "tiers low < high", "", "tier high when critical", "tier low  otherwise", "",
           'party sub "A sub-processor" {',
           '  staff    : number "People on our data"',
           '  location : string "Where it processes our data"',
           "}", "",
           'party vendor "A vendor behind a sub-processor" {', '  country : string "Country"', "}", "",
           'clause dpa "Data processing terms" {', '  audit_every : duration "Audit interval"', "}", "",
           'evidence assessment "Security assessment" {', "  valid for 2y",
           '  attribute score : number "Score"', '  attribute rating : level(low, mid, top) "Rating"', "}", ""]
    rules = []
    for i in range(36):
        rules.append(f'ensure staff >= {i} or location == "GB"')
    for i in range(4):
        rules.append(f'ensure location not in ("KP", "IR", "X{i}")')
    for i in range(3):
        rules.append(f"clause dpa with audit_every <= {12 + i}mo")
    rules.append("evidence assessment not expired and score >= -20.5 and rating >= mid")
    rules.append("ensure staff < 1000000")
    rules.append('for no vendor where country == "KP"')
    assert len(rules) == RULES_IN_EACH
    out.append('require B-1 "Each sub-processor" {')
    out.append("  for each sub where staff > 0 {")
    out += ["    " + r for r in rules]
    out.append("  }")
    out.append("}")
    out.append("")
    out.append('require B-2 "Across the list" {')
    out.append('  for some sub where location == "GB"')
    out.append("  for at least 10 sub {")
    out.append("    clause dpa")
    out.append("  }")
    out.append("  for at most 100000 sub")
    out.append('  for no sub where location == "KP"')
    out.append("}")
    return "\n".join(out) + "\n"


def record(n):
    """n parties: every fourth lacks the clause (findings), every other one its evidence. Each
    party is lean (about 20 YAML nodes), so that 4,000 stay within a record's 100,000 nodes."""
    out = ["supplier: { id: bench }", "profile: { critical: true }", "parties:"]
    for i in range(n):
        loc = ("GB", "IE", "DE", "FR")[i % 4]
        clause = "" if i % 4 == 3 else ", clauses: { dpa: { audit_every: 1y } }"
        ev = ", evidence: [ { kind: assessment, issued: 2026-01-01, score: 7.5, rating: top } ]" if i % 2 == 0 else ""
        out.append(f"  - {{ kind: sub, id: s{i}, profile: {{ staff: {i % 50 + 100}, location: {loc} }}{clause}{ev} }}")
    return "\n".join(out) + "\n"


def best_of(cmd, runs=3):
    """The least CPU time (user + system) of the child over runs: steadier than wall time on a
    shared machine, and what linear or not is about."""
    best = None
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        took = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1):
            sys.exit(f"bench: {' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()[:400]}")
        best = took if best is None else min(best, took)
    return best


def instructions(cmd):
    """Instructions the run executes (valgrind's callgrind), or None without valgrind: unlike CPU
    time, untouched by the machine's other work and by caches, so linear or not reads plainly."""
    try:
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except FileNotFoundError:
        return None
    for line in done.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1])
    return None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    ck, work = sys.argv[1], sys.argv[2]
    sizes = [int(a) for a in sys.argv[3:]] or [1000, 2000, 4000]
    os.makedirs(work, exist_ok=True)
    pol = os.path.join(work, "parties.policy")
    with open(pol, "w") as f:
        f.write(policy())
    print(f"check of one record listing N parties, {RULES_IN_EACH + 4} rules per party "
          "(json to /dev/null, CPU time, best of 3):")
    prev = prev_ins = None
    for n in sizes:
        rec = os.path.join(work, f"parties-{n}.yaml")
        with open(rec, "w") as f:
            f.write(record(n))
        cmd = [ck, "check", "--as-of", "2026-11-28", "-f", "json", "-p", pol, rec]
        took = best_of(cmd)
        ins = instructions(cmd)
        ratio = f"  x{took / prev:.2f} for twice the parties" if prev else ""
        counted = f"; {ins / 1e6:7.1f} M instructions" if ins else ""
        if ins and prev_ins:
            counted += f" (x{ins / prev_ins:.2f})"
        print(f"  N = {n:5d} ({os.path.getsize(rec) // 1024} KiB): {took * 1000:8.1f} ms{ratio}{counted}")
        prev, prev_ins = took, ins
    print("  (linear: about x2 per doubling; the instructions say it where a busy machine's times cannot)")


if __name__ == "__main__":
    main()
