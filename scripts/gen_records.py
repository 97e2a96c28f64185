#!/usr/bin/env python3
"""Writes N synthetic contract records (baseline policy vocabulary) into DIR, for memory and speed checks."""
import os
import sys

TEMPLATE = """supplier: {{ id: supplier-{i:05d}, name: "Supplier {i}" }}
contract: {{ id: C-{i:05d}, status: active, last_assessed: 2026-0{m}-15 }}
profile: {{ supplies: {supplies}, importance: {importance}, data_shared: {shared}, system_access: {access},
           processing: false, cloud: {cloud}, location: GB }}
clauses:
  security-requirements: {{ schedule: "Schedule 2" }}
  security-responsibilities: {{}}
  incident-notification: {{ notify_within: {notify} }}
  business-continuity: {{ recover_within: 3d }}
  right-to-audit: {{ frequency: 1y }}
  inability-notice: {{ notify_within: 14d }}
questionnaires:
  security-questionnaire: {{ depth: standard, answers: {{ has_security_policy: true, mfa_enforced: true, patch_critical_days: 14 }} }}
"""


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, ".clausecheck.yaml"), "w") as f:
        f.write("# a generated contract repository: its root is here\n")
    supplies = ["goods", "services", "software", "infrastructure"]
    levels = ["low", "medium", "high", "critical"]
    for i in range(n):
        sub = os.path.join(out, f"batch-{i // 500:03d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"supplier-{i:05d}.yaml"), "w") as f:
            f.write(TEMPLATE.format(i=i, m=1 + i % 9, supplies=supplies[i % 4], importance=levels[(i // 4) % 4],
                                    shared=str(i % 3 == 0).lower(), access=str(i % 7 == 0).lower(),
                                    cloud=str(i % 2 == 0).lower(), notify=["24h", "72h", "3d", "1w"][i % 4]))


if __name__ == "__main__":
    main()
