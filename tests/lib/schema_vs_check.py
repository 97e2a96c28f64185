"""Records against the JSON Schema of `clausecheck schema`, compared with what `clausecheck check` says.

Used by tests/cases/record_jsonschema.sh. For each record the schema's errors must fall exactly
where check reports record-invalid (and the two name warnings the schema turns into errors:
evidence-wrong-kind, gap-unknown-requirement): every schema error at a place check reports, every
such finding of check at a place (or above a place) the schema refuses. Records are read as an
editor's YAML language server reads them, YAML 1.2 core (dates and `yes` stay text), and JSON as
JSON.

    schema_vs_check.py CK SCHEMA POLICY OUTDIR RECORD...     compare the records as they are
    schema_vs_check.py --mutate CK SCHEMA POLICY OUTDIR RECORD...
                                                             compare mutants of each record: every
                                                             key deleted, every value replaced by
                                                             wrong ones, unknown keys, other kinds

Prints one line per disagreement and a summary; exits 1 on any disagreement.
"""
import copy
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

# What check reports that the schema must see too.
KINDS = {"record-invalid", "evidence-wrong-kind", "gap-unknown-requirement"}


# libyaml's parser and emitter when PyYAML has them (Debian's does): thousands of mutants
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Yaml12(_Loader):
    """YAML 1.2 core schema typing, as the YAML language server and JSON read records."""


class Yaml12Dumper(_Dumper):
    """Quotes exactly the strings YAML 1.2 core would read as something else."""


def _resolvers(cls):
    cls.yaml_implicit_resolvers = {}
    cls.add_implicit_resolver("tag:yaml.org,2002:bool",
                              re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    cls.add_implicit_resolver("tag:yaml.org,2002:int",
                              re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
    cls.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                   r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
        list("-+0123456789."))
    cls.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"),
                              ["~", "n", "N", ""])


_resolvers(Yaml12)
_resolvers(Yaml12Dumper)


def _int12(loader, node):
    v = loader.construct_scalar(node)
    if v.startswith("0o"):
        return int(v[2:], 8)
    if v.startswith("0x"):
        return int(v[2:], 16)
    return int(v, 10)  # 010 is ten in YAML 1.2, not eight


Yaml12.add_constructor("tag:yaml.org,2002:int", _int12)


def read(path):
    """The record's data and, for each (line, column), the paths of the nodes that start there (a
    key counts as its value's path): where check's findings point."""
    with open(path, encoding="utf-8") as f:
        if path.endswith(".json"):
            data = json.load(f)
            f.seek(0)
        loader = Yaml12(f)
        try:
            root = loader.get_single_node()
            if not path.endswith(".json"):
                data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    at = {}

    def add(node, p):
        at.setdefault((node.start_mark.line + 1, node.start_mark.column + 1), set()).add(p)

    def walk(node, p):
        add(node, p)
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                add(k, p + (k.value,))
                walk(v, p + (k.value,))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, p + (i,))

    if root is not None:
        walk(root, ())
    if isinstance(root, yaml.MappingNode) and root.value:
        add(root.value[0][0], ())  # the loader points what concerns the whole record at its first key
    return data, at


def schema_errors(validator, doc):
    """The paths the schema refuses: an unknown key's own path, otherwise the value's."""
    out = set()
    for e in validator.iter_errors(doc):
        p = tuple(e.absolute_path)
        if e.validator == "additionalProperties":
            known = set(e.schema.get("properties", {}))
            out |= {p + (k,) for k in e.instance if k not in known}
        else:
            out.add(p)
    return out


def check_findings(ck, policy, files):
    """path -> [(line, column, kind, message)] of the findings that concern the record's form."""
    by_path = {f: [] for f in files}
    for start in range(0, len(files), 500):  # command lines stay short however many mutants
        batch = files[start:start + 500]
        run = subprocess.run([ck, "check", "-f", "json", "--as-of", "2026-11-28", "--fail-on", "never",
                              "-p", policy] + batch, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"check exited {run.returncode}: {run.stderr[:2000]}")
        for rec in json.loads(run.stdout)["records"]:
            for f in rec["findings"]:
                if f["kind"] in KINDS:
                    loc = f["location"]
                    by_path[rec["path"]].append((loc["line"], loc["column"], f["kind"], f["message"]))
    return by_path


def disagreements(validator, doc, at, findings):
    """Why the schema and check disagree about a record (empty when they agree)."""
    refused = schema_errors(validator, doc)
    why = []
    candidates = []
    for line, col, kind, msg in findings:
        c = at.get((line, col), set())
        candidates.append(c)
        # check may say "entry has no kind" at the entry when its kind is there but unusable
        if not any(r[:len(p)] == p for p in c for r in refused):
            why.append(f"check reports {kind} at {line}:{col} ({msg}); the schema accepts {sorted(c) or 'that place'}")
    for r in sorted(refused, key=str):
        if not any(r in c for c in candidates):
            why.append(f"the schema refuses /{'/'.join(map(str, r))}; check reports nothing there")
    return why


def mutants(doc, schema):
    """(description, document) for each mistake a hand-typed record might make."""
    defs = schema["$defs"]
    evidence_kinds = defs["evidence"]["items"]["properties"]["kind"]["enum"]
    party_kinds = defs["parties"]["items"]["properties"]["kind"]["enum"]
    out = []

    def at(d, p):
        for k in p:
            d = d[k]
        return d

    def setting(p, v):
        d = copy.deepcopy(doc)
        if p:
            at(d, p[:-1])[p[-1]] = v
        else:
            d = v
        return d

    def wrong_values(v):
        vals = [None, "zz-wrong", 7, []]
        if isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", v):
            vals += ["2026-02-30", "2024-02-29", "2100-02-29", "2000-02-29", "0999-12-31", "2026-13-01", "2026-1-01"]
        if isinstance(v, str) and re.fullmatch(r"\d+(h|d|w|mo|y)", v):
            vals += ["0d", "100000h", "100001h", "007d", "24 h", "1.5d", "24"]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            vals += [-3, 0.5, 999999999999999, 1e15, "14"]
        if isinstance(v, str) and re.fullmatch(r"[0-9a-fA-F]{64}", v):
            vals += [v.upper(), v[:63], v[:63] + "g"]
        if isinstance(v, bool):
            vals += ["true", "yes", {"zz": 1}]
        else:
            vals += [False]
        return vals

    # One place of each shape is enough, so the run stays short: the entries of a list share their
    # schema, and for values (`alike`) so do the clauses' sections and their parameters of one type.
    seen = set()

    def value_class(v):
        if isinstance(v, bool) or v is None:
            return repr(v)
        if isinstance(v, str):
            return "date" if re.fullmatch(r"\d{4}-\d\d-\d\d", v) else "dur" if re.fullmatch(r"\d+(h|d|w|mo|y)", v) else "str"
        return type(v).__name__

    def first(p, alike):
        shape = [alike]
        for i, k in enumerate(p):
            if isinstance(k, int):
                k = "*"
            elif alike and i and p[i - 1] == "clauses":
                k = "<clause>"
            elif alike and i > 1 and p[i - 2] == "clauses" and k != "section" and i == len(p) - 1:
                k = "<param " + value_class(at(doc, p)) + ">"
            shape.append(k)
        if tuple(shape) in seen:
            return False
        seen.add(tuple(shape))
        return True

    def name(p):
        return "/" + "/".join(map(str, p))

    def walk(d, p):
        entry = first(p, not isinstance(d, (dict, list)))
        if entry and p and isinstance(at(doc, p[:-1]), dict):
            d2 = copy.deepcopy(doc)
            del at(d2, p[:-1])[p[-1]]
            out.append((f"delete {name(p)}", d2))
        if isinstance(d, dict):
            if entry:
                d2 = copy.deepcopy(doc)
                at(d2, p)["zz_unknown"] = 1
                out.append((f"add {name(p)}/zz_unknown", d2))
                for v in ([None, "zz-wrong", []] if p else [[]]):
                    out.append((f"set {name(p)} to {v!r}", setting(p, v)))
            if "kind" in d and len(p) >= 2 and p[-2] in ("evidence", "parties"):
                for k in (evidence_kinds if p[-2] == "evidence" else party_kinds):
                    if k != d["kind"] and first(p + (k,), False):
                        out.append((f"kind of {name(p)} to {k}", setting(p + ("kind",), k)))
            for k, v in d.items():
                walk(v, p + (k,))
        elif isinstance(d, list):
            if entry:
                for v in (None, "zz-wrong", {"zz": 1}):
                    out.append((f"set {name(p)} to {v!r}", setting(p, v)))
            for i, v in enumerate(d):
                walk(v, p + (i,))
        elif entry:
            for v in wrong_values(d):
                out.append((f"set {name(p)} to {v!r}", setting(p, v)))

    walk(doc, ())
    return out


def main(argv):
    mutate = argv[:1] == ["--mutate"]
    ck, schema_path, policy, outdir, *records = argv[1:] if mutate else argv
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)  # against the 2020-12 meta-schema
    validator = jsonschema.Draft202012Validator(schema)
    cases = []  # (file check reads, description, document, places)
    if mutate:
        os.makedirs(outdir, exist_ok=True)
        for r in records:
            base = os.path.splitext(os.path.basename(r))[0]
            for i, (what, doc) in enumerate(mutants(read(r)[0], schema)):
                # a JSON record's mutants are JSON: JSON records have a parser of their own
                path = os.path.join(outdir, f"{base}-{i:04d}{os.path.splitext(r)[1]}")
                with open(path, "w", encoding="utf-8") as f:
                    if path.endswith(".json"):
                        json.dump(doc, f, indent=2, ensure_ascii=False)
                    else:
                        yaml.dump(doc, f, Dumper=Yaml12Dumper, sort_keys=False, allow_unicode=True,
                                  default_flow_style=False)
                data, at = read(path)
                if data != doc:  # the harness itself must write what it means
                    sys.exit(f"{path}: the mutant does not read back as written ({what})")
                cases.append((path, f"{r}: {what}", doc, at))
    else:
        cases = [(r, r, *read(r)) for r in records]
    found = check_findings(ck, policy, [c[0] for c in cases])
    bad = refused = 0
    for path, what, doc, at in cases:
        why = disagreements(validator, doc, at, found[path])
        refused += bool(found[path])
        for w in why:
            print(f"FAIL: {what}: {w}")
        bad += bool(why)
    print(f"{len(cases)} records ({refused} with mistakes check reports): {len(cases) - bad} agree, {bad} disagree")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
