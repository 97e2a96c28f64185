#!/bin/bash
# The example pipelines parse as YAML and call clausecheck the way docs/ci.md describes.
set -u
PY=${PY:-/usr/bin/python3}
"$PY" - <<'PYEOF'
import sys, yaml
ok = True
def need(cond, what):
    global ok
    if not cond:
        print("FAIL:", what); ok = False
gh = yaml.safe_load(open("examples/ci/github-actions.yml"))
steps = gh["jobs"]["clausecheck"]["steps"]
runs = " ".join(s.get("run", "") for s in steps)
need(any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps), "GitHub workflow uploads SARIF")
for flag in ("-f sarif", "-f github", "-f markdown", "GITHUB_STEP_SUMMARY", "--files-from -"):
    need(flag in runs, f"GitHub workflow uses {flag}")
gl = yaml.safe_load(open("examples/ci/gitlab-ci.yml"))
job = gl["contract-check"]
need(job["artifacts"]["reports"]["junit"] == "clausecheck-junit.xml", "GitLab job publishes the JUnit report")
need(any("-f junit" in line for line in job["script"]), "GitLab job writes JUnit")
hooks = yaml.safe_load(open(".pre-commit-hooks.yaml"))
ids = {h["id"] for h in hooks}
need({"clausecheck-lint", "clausecheck-fmt", "clausecheck-check"} <= ids, "pre-commit hooks are defined")
need(all({"id", "name", "entry", "language"} <= set(h) for h in hooks), "pre-commit hooks have the required keys")
sys.exit(0 if ok else 1)
PYEOF
