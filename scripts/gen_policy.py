#!/usr/bin/env python3
"""Writes a large generated policy for `make bench`: N clauses, N requirements that use them,
N profile fields and N tier rules, so that any name lookup or pass that is quadratic in the
size of the policy shows up as seconds instead of milliseconds."""
import sys

def main():
    path, n = sys.argv[1], int(sys.argv[2])
    out = ['policy "Generated benchmark policy"\n  version "1"\n\n', 'profile {\n']
    out += [f'  f{i} : bool "generated field {i}"\n' for i in range(n)]
    out.append('}\n\ntiers low < medium < high\n\n')
    out += [f'tier {("high", "medium")[i % 2]} when f{i}\n' for i in range(1, n)]
    out.append('tier low otherwise\n\n')
    for i in range(n):
        out.append(f'clause c{i} "Generated clause {i}" {{\n  limit : duration "time limit"\n}}\n')
    for i in range(n):
        out.append(f'require R-{i} "Generated requirement {i}" for tier >= medium when f{i} {{\n'
                   f'  clause c{i} with limit <= 24h\n}}\n')
    with open(path, 'w') as f:
        f.write(''.join(out))

if __name__ == '__main__':
    main()
