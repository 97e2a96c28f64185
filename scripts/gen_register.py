#!/usr/bin/env python3
"""Writes a synthetic supplier register for `make bench`, in the baseline policy's vocabulary.

    gen_register.py DIR N

DIR/repo/          a contract repository: N record files (about 1.5 KB of YAML each, 500 per
                   folder), and evidence/ with the files they name (shared between records, as
                   group certificates are)
DIR/repo/register.jsonl  the same N records as JSON Lines, one record per line, as a GRC export
DIR/repo/register.csv    the same N suppliers, one CSV row each, but not the same records: a flat
                         export's 16 columns (CSV_COLUMNS: supplier, contract and profile keys,
                         the parameters of 3 of the 13 clauses, one evidence date), no evidence
                         file, questionnaire or gaps; DIR/repo/.clausecheck.yaml maps the columns

A walk of DIR/repo reads only the YAML records: a register is read when it is named.

The mix is a real register's: every tier (a quarter each, by importance and access), 1.3
evidence entries per record on average (half of them pinned by sha256), a questionnaire, gaps on
one record in ten, some clauses weaker than their tier asks. Deterministic: the same N gives the
same files.
"""
import csv
import hashlib
import json
import os
import random
import sys

SUPPLIES = ["goods", "services", "software", "infrastructure"]
LEVELS = ["low", "medium", "high", "critical"]
NOTIFY = ["24h", "72h", "3d", "7d"]
DEPTHS = ["lite", "standard", "full"]
EVIDENCE_FILES = 64          # distinct evidence files in the repository
EVIDENCE_BYTES = 16 * 1024   # size of each


def evidence_pool(root):
    """Writes the shared evidence files; returns [(relative path, sha256)]."""
    pool = []
    os.makedirs(os.path.join(root, "evidence"), exist_ok=True)
    rnd = random.Random(7)
    for i in range(EVIDENCE_FILES):
        rel = f"evidence/cert-{i:03d}.pdf"
        data = bytes(rnd.getrandbits(8) for _ in range(EVIDENCE_BYTES))
        with open(os.path.join(root, rel), "wb") as f:
            f.write(data)
        pool.append((rel, hashlib.sha256(data).hexdigest()))
    return pool


def record(i, rnd, pool):
    """One supplier record as a dict (ordered as a person would write it)."""
    importance = LEVELS[(i // 4) % 4]
    r = {
        "supplier": {"id": f"supplier-{i:06d}", "name": f"Supplier {i} Ltd", "location": "GB"},
        "contract": {"id": f"C-{i:06d}", "status": "active", "signed": "2025-03-01",
                     "last_assessed": f"2026-0{1 + i % 9}-15"},
        "profile": {"supplies": SUPPLIES[i % 4], "importance": importance,
                    "data_shared": i % 3 == 0, "system_access": i % 7 == 0,
                    "processing": i % 5 == 0, "cloud": i % 2 == 0, "location": "GB"},
        "clauses": {
            "security-requirements": {"schedule": "Schedule 2", "section": "S2"},
            "security-responsibilities": {"section": "S2.1"},
            "incident-response": {"tested_every": "1y", "section": "S2.5"},
            "incident-notification": {"notify_within": NOTIFY[i % 4], "section": "9.2"},
            "information-sharing": {"section": "9.4"},
            "business-continuity": {"recover_within": "3d" if i % 6 else "4h", "section": "12"},
            "questionnaire-binding": {"section": "1.6"},
            "flow-down": {"covers_subcontractors": i % 4 != 1, "section": "17"},
            "information-classification": {"section": "S2.2"},
            "right-to-audit": {"frequency": "1y", "section": "15"},
            "inability-notice": {"notify_within": "14d", "section": "9.6"},
            "vulnerability-handling": {"fix_critical_within": "7d" if i % 3 else "30d", "section": "S2.8"},
            "organisational-change-notice": {"notice": "30d", "section": "22"},
        },
        "evidence": [],
        "questionnaires": {"security-questionnaire": {
            "depth": DEPTHS[min(2, LEVELS.index(importance))],
            "answers": {"has_security_policy": True, "mfa_enforced": i % 8 != 0,
                        "patch_critical_days": 7 + i % 21, "tested_backups": True,
                        "subprocessors_listed": i % 2 == 0}}},
    }
    for k in range(1 + (i % 10 < 3)):   # 1.3 entries on average
        path, digest = pool[rnd.randrange(len(pool))]
        if k == 0:
            ev = {"kind": "iso27001-certificate", "file": path, "issued": "2025-02-01",
                  "expires": "2028-01-31" if i % 9 else "2026-01-31", "last_audit": "2026-03-10",
                  "issuer": "BSI (UKAS)", "independent": True}
        else:
            ev = {"kind": "penetration-test", "file": path, "issued": "2026-05-20",
                  "issuer": "Example Testing Ltd", "independent": True}
        if rnd.random() < 0.5:
            ev["sha256"] = digest
        r["evidence"].append(ev)
    if i % 10 == 0:
        r["gaps"] = [{"requirement": "BL-12", "reason": "Vendor patch cycle is 14 days; compensating control in place",
                      "accepted_by": "CISO", "expires": "2027-06-30",
                      "compensating": "Storage appliances isolated on a management VLAN"}]
    return r


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if any(c in v for c in ":,#{}[]\"'") or v[:1] in "-?&*!|>%@` " or " " in v:
        return json.dumps(v)
    return v


def yaml_flow(d):
    return "{ " + ", ".join(f"{k}: {yaml_scalar(v)}" for k, v in d.items()) + " }"


def to_yaml(r):
    out = []
    for key in ("supplier", "contract"):
        out.append(f"{key}: {yaml_flow(r[key])}")
    out.append("profile:")
    out += [f"  {k}: {yaml_scalar(v)}" for k, v in r["profile"].items()]
    out.append("clauses:")
    out += [f"  {k}: {yaml_flow(v)}" for k, v in r["clauses"].items()]
    out.append("evidence:")
    out += [f"  - {yaml_flow(e)}" for e in r["evidence"]]
    out.append("questionnaires:")
    for name, q in r["questionnaires"].items():
        out.append(f"  {name}:")
        out.append(f"    depth: {q['depth']}")
        out.append(f"    answers: {yaml_flow(q['answers'])}")
    if "gaps" in r:
        out.append("gaps:")
        out += [f"  - {yaml_flow(g)}" for g in r["gaps"]]
    return "\n".join(out) + "\n"


CSV_COLUMNS = [
    # (column, where in the record)
    ("Supplier ID", ("supplier", "id")), ("Supplier", ("supplier", "name")),
    ("Contract", ("contract", "id")), ("Status", ("contract", "status")),
    ("Last assessed", ("contract", "last_assessed")),
    ("Supplies", ("profile", "supplies")), ("Importance", ("profile", "importance")),
    ("Data shared", ("profile", "data_shared")), ("System access", ("profile", "system_access")),
    ("Processing", ("profile", "processing")), ("Cloud", ("profile", "cloud")),
    ("Location", ("profile", "location")),
    ("Notification (hours)", ("clauses", "incident-notification", "notify_within")),
    ("Recovery time", ("clauses", "business-continuity", "recover_within")),
    ("Audit frequency", ("clauses", "right-to-audit", "frequency")),
    ("ISO 27001 expires", ("evidence", "iso27001-certificate", "expires")),
]


def csv_row(r):
    row = []
    for _, where in CSV_COLUMNS:
        if where[0] == "evidence":
            ev = next((e for e in r["evidence"] if e["kind"] == where[1]), {})
            v = ev.get(where[2], "")
        else:
            v = r
            for part in where:
                v = v.get(part, "") if isinstance(v, dict) else ""
        row.append(str(v).lower() if isinstance(v, bool) else v)
    return row


def config_text():
    """The repository's config file: the CSV register's column mapping."""
    out = ["# Written by scripts/gen_register.py: how register.csv's columns map onto record keys.",
           "registers:", "  columns:"]
    for column, where in CSV_COLUMNS:
        out.append(f"    {json.dumps(column)}: {'.'.join(where)}")
    return "\n".join(out) + "\n"


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    repo = os.path.join(out, "repo")
    os.makedirs(repo, exist_ok=True)
    pool = evidence_pool(repo)
    rnd = random.Random(42)
    with open(os.path.join(repo, ".clausecheck.yaml"), "w") as f:
        f.write(config_text())
    with open(os.path.join(repo, "register.jsonl"), "w") as jl, \
            open(os.path.join(repo, "register.csv"), "w", newline="") as cf:
        w = csv.writer(cf)
        w.writerow([c for c, _ in CSV_COLUMNS])
        for i in range(n):
            r = record(i, rnd, pool)
            folder = os.path.join(repo, f"batch-{i // 500:04d}")
            if i % 500 == 0:
                os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"supplier-{i:06d}.yaml"), "w") as f:
                f.write(to_yaml(r))
            jl.write(json.dumps(r, separators=(",", ":")) + "\n")
            w.writerow(csv_row(r))


if __name__ == "__main__":
    main()
