#!/usr/bin/env bash
# The include graph of src/ points one way (issue 21):
#   1. every .h and .cc under src/orbax/ is in exactly one of the libraries
#      orbax_options_core and orbax_options_config (src/CMakeLists.txt);
#   2. no core file includes a config file: core builds and links alone;
#   3. no cycle between modules, a module being a .h with its .cc
#      (`a.cc` -> `b.h` and `b.cc` -> `a.h` is a cycle).
# Reads the files only; nothing is built.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 - <<'EOF'
import pathlib, re, sys

src = pathlib.Path("src")
cmake = (src / "CMakeLists.txt").read_text()
files = {str(p.relative_to(src)) for p in src.rglob("*") if p.suffix in (".h", ".cc")}
library = {}  # file -> core|config
for name in ("core", "config"):
    body = re.search(r"add_library\(orbax_options_%s\b(.*?)\)" % name, cmake, re.S)
    for entry in body.group(1).split():
        path = entry.replace("${ORBAX_OPTIONS_DIR}", "orbax/checkpoint/options")
        if path in library:
            sys.exit(f"include_graph: FAIL: {path} is in both libraries")
        library[path] = name
errors = [f"{f} is in neither library" for f in sorted(files)
          if f.startswith("orbax/") and f not in library]
errors += [f"{f} is listed but does not exist" for f in library if f not in files]

module = lambda f: f.rsplit(".", 1)[0]
graph = {}  # module -> {module: "file -> include"}
for f in sorted(files):
    for inc in re.findall(r'^#include "([^"]+)"', (src / f).read_text(), re.M):
        if inc not in files:
            continue  # a dependency's header
        if library.get(f) == "core" and library.get(inc) == "config":
            errors.append(f"core file {f} includes config header {inc}")
        if module(inc) != module(f):
            graph.setdefault(module(f), {}).setdefault(module(inc), f"{f} -> {inc}")

state = {}  # module -> 1 on the path, 2 done
def visit(m, path):
    state[m] = 1
    for n, why in graph.get(m, {}).items():
        if state.get(n) == 1:
            cycle = path[path.index(n):] + [m]
            links = [graph[a][b] for a, b in zip(cycle, cycle[1:] + [n])]
            errors.append("include cycle: " + "; ".join(links))
        elif n not in state:
            visit(n, path + [m])
    state[m] = 2
for m in sorted(graph):
    if m not in state:
        visit(m, [])

for e in errors:
    print("include_graph: FAIL:", e, file=sys.stderr)
if errors:
    sys.exit(1)
print(f"include_graph: ok ({sum(v == 'core' for v in library.values())} core and "
      f"{sum(v == 'config' for v in library.values())} config files, no cycle)")
EOF
