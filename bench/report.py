#!/usr/bin/env python3
# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Runs the benchmark suite and reports it against its targets.

Prints, from one run of bench/orbax_options_bench:

  * each of our paths as a ratio to its raw-protobuf baseline, both measured
    in the same run, for CheckpointOptions, (manager_*)
    CheckpointManagerOptions, (context_*) Context and (checkpointer_*)
    CheckpointerOptions: of the median CPU times over the repetitions, and of
    the fastest repetitions (a second view on a shared, noisy machine);
  * for each ProcessSet operation and shape, the scaling exponent k of
    time ~ n^k, fitted by least squares on log(time) against log(n) over
    n = 10^2 .. 10^6, next to the exponent of the operation's input size;
  * the encoded size of a million contiguous processes;
  * for loading in each format (textproto, json, binpb) and each input
    shape (many unknown fields, a long index list, many ranges, unknown
    fields nested to the depth limit), by LoadFromString()
    (scaling/<format>/<shape>/<n>) and by the located path that the command
    takes, ParseLayer() + Resolve() (scaling_located/...), the same fitted
    exponent over n = 10^2 .. 10^5. The sizes run in increasing order, each
    in a run of its own; a size whose predicted time per load is over
    --scaling-budget seconds is left out, so that a quadratic path (minutes
    at 10^5) does not stall the report.
  * from bench/orbax_options_plan_bench (plan_bench.cc), MakePlan() over
    10^4, 10^5 and 10^6 steps with a save every step: steps per second,
    the peak heap and the time per step at 10^6 over that at 10^4, with a
    PlanVisitor and with the full history held.

Usage (from the repository root; builds a Release tree in build-bench/):

  python3 bench/report.py
  python3 bench/report.py --no-build --bench build/bench/orbax_options_bench \
      --min-time 0.001 --repetitions 1 \
      --scaling-max-n 10000 --scaling-budget 1   # a quick smoke run

Only the standard library is used. Exits non-zero only if the build or the
run fails, never on a timing: targets are reported, not enforced.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (pair, what raw measures, what ours measures, target ratio or None)
PAIRS = [
    ("binary_parse", "ParseFromString",
     "LoadFromString(kBinary): parse + FromProto (+ validation)", 1.5),
    ("binary_serialise", "SerializeToString of a built message",
     "ToProto + SerializeToString", None),
    ("text_load", "TextFormat::Parser", "our text loader", 1.1),
    ("json_load", "JsonStringToMessage", "our JSON loader", 1.1),
    ("fingerprint", "deterministic serialisation of a built message",
     "Fingerprint()", 2.0),
    # The same paths for the CheckpointManagerOptions root (manager_bench.cc).
    # No target was set for this root: its numbers are reported, not judged
    # (docs/PERFORMANCE.md says where its time goes).
    ("manager_binary_parse", "ParseFromString",
     "LoadFromString<CheckpointManagerOptions>(kBinary)", None),
    ("manager_text_load", "TextFormat::Parser", "our text loader", None),
    ("manager_json_load", "JsonStringToMessage", "our JSON loader", None),
    ("manager_fingerprint", "deterministic serialisation of a built message",
     "Fingerprint()", None),
    # The v1 roots, Context and CheckpointerOptions (context_bench.cc): no
    # target either.
    *[(f"{root}_{path}", raw, f"{ours} ({name})", None)
      for root, name in (("context", "Context"),
                         ("checkpointer", "CheckpointerOptions"))
      for path, raw, ours in (
          ("binary_parse", "ParseFromString", "LoadFromString(kBinary)"),
          ("text_load", "TextFormat::Parser", "our text loader"),
          ("json_load", "JsonStringToMessage", "our JSON loader"),
          ("fingerprint", "deterministic serialisation of a built message",
           "Fingerprint()"))],
]


OPS = ["from_proto", "to_proto", "from_indices", "from_ranges", "contains"]
SHAPES = ["contiguous", "stride2", "random"]

# Slack on fitted exponents: timings on a shared machine and cache effects
# bend a log-log line a little. O(n log n) over 10^2..10^6 fits as about
# n^1.12, so the unsorted allowance adds 0.15 on top of linear's slack.
LINEAR_SLACK = 0.15
NLOGN_SLACK = 0.30

MILLION_CONTIGUOUS_TARGET_BYTES = 16

# Loading scaling (bench/loading_scaling_bench.cc): benchmark family and
# what it measures.
LOAD_PATHS = [("scaling", "LoadFromString"),
              ("scaling_located", "ParseLayer + Resolve")]
LOAD_FORMATS = ["textproto", "json", "binpb"]
LOAD_SHAPES = ["unknown_fields", "process_indices", "ranges", "deep_unknown",
               "step_sets"]
LOAD_SIZES = [10 ** e for e in range(2, 6)]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bench", help="path to orbax_options_bench "
                   "(default: build it in --build-dir)")
    p.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"),
                   help="Release build tree to make (default: build-bench/)")
    p.add_argument("--no-build", action="store_true",
                   help="run --bench as it is, without building")
    p.add_argument("--min-time", type=float, default=0.5,
                   help="--benchmark_min_time per benchmark, in seconds")
    p.add_argument("--repetitions", type=int, default=9,
                   help="repetitions of each comparison benchmark; the "
                   "median is reported (ProcessSet scaling runs min(2, "
                   "repetitions): its sizes span four decades, so its "
                   "fits need fewer)")
    p.add_argument("--quiet", action="store_true",
                   help="do not show the benchmark's own console table")
    p.add_argument("--json-out", metavar="DIR",
                   help="also keep the raw JSON of the runs in DIR")
    p.add_argument("--scaling-max-n", type=int, default=LOAD_SIZES[-1],
                   help="largest n of the loading scaling benchmarks "
                   "(default: %(default)s)")
    p.add_argument("--scaling-budget", type=float, default=20.0,
                   metavar="SECONDS",
                   help="leave out a loading scaling size whose predicted "
                   "CPU time per load is over this (default: %(default)s)")
    return p.parse_args()


def build(build_dir):
    cmake = ["cmake", "-S", ROOT, "-B", build_dir, "-G", "Ninja",
             "-DCMAKE_BUILD_TYPE=Release", "-DORBAX_OPTIONS_BUILD_TESTS=OFF",
             "-DORBAX_OPTIONS_BUILD_EXAMPLES=OFF",
             "-DORBAX_OPTIONS_BUILD_BENCHMARKS=ON"]
    subprocess.run(cmake, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build_dir, "--target",
                    "orbax_options_bench", "--target",
                    "orbax_options_plan_bench"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(build_dir, "bench", "orbax_options_bench")


def run(bench, bench_filter, min_time, repetitions, extra, json_out, tag,
        quiet):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(json_out or tmp, f"bench_{tag}.json")
        cmd = [bench, f"--benchmark_filter={bench_filter}",
               f"--benchmark_min_time={min_time}",
               f"--benchmark_repetitions={repetitions}",
               f"--benchmark_out={out}", "--benchmark_out_format=json"]
        cmd += extra
        # The console table goes to stderr, as progress.
        subprocess.run(cmd, check=True,
                       stdout=subprocess.DEVNULL if quiet else sys.stderr)
        with open(out) as f:
            return json.load(f)


def results(data):
    """Maps run name to its median entry (or its only entry)."""
    by_name = {}
    for b in data["benchmarks"]:
        if b.get("error_occurred"):
            raise SystemExit(f"report: {b['name']} failed: "
                             f"{b.get('error_message')}")
        name = b.get("run_name", b["name"])
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                by_name[name] = b
        else:
            by_name.setdefault(name, b)
    return by_name


def fastest(data):
    """Maps run name to its fastest repetition (by CPU time)."""
    best = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" or b.get("error_occurred"):
            continue
        name = b.get("run_name", b["name"])
        if name not in best or ns(b) < ns(best[name]):
            best[name] = b
    return best


def ns(entry):
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[entry["time_unit"]]
    return entry["cpu_time"] * scale


def fmt_ns(value):
    if value >= 1e9:
        return f"{value / 1e9:.2f} s"
    if value >= 1e6:
        return f"{value / 1e6:.2f} ms"
    if value >= 1e3:
        return f"{value / 1e3:.2f} us"
    return f"{value:.0f} ns"


def pow10(n):
    """10^k for an exact power of ten, else the number."""
    k = round(math.log10(n))
    return f"10^{k}" if 10 ** k == n else str(n)


def slope(xs, ys):
    """Least-squares slope of log(ys) against log(xs)."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx = sum(lx) / len(lx)
    my = sum(ly) / len(ly)
    sxx = sum((x - mx) ** 2 for x in lx)
    if sxx == 0:
        return 0.0
    return sum((x - mx) * (y - my) for x, y in zip(lx, ly)) / sxx


def print_context(data, title):
    c = data["context"]
    load = ", ".join(f"{x:.2f}" for x in c.get("load_avg", []))
    print(f"{title}: {c.get('date')}, {c.get('num_cpus')} CPUs at "
          f"{c.get('mhz_per_cpu')} MHz, load average {load}; "
          f"Google Benchmark itself built as {c.get('library_build_type')}")


def report_pairs(data, repetitions):
    r = results(data)
    print(f"\n## Our paths against raw protobuf (median CPU time of "
          f"{repetitions} repetitions, same run)\n")
    print(f"{'pair':<28}{'raw':>11}{'ours':>11}{'ratio':>8}{'best':>8}"
          f"{'target':>9}  verdict")
    best = fastest(data)
    extras = []
    for pair, raw_what, ours_what, target in PAIRS:
        raw = r.get(f"{pair}/raw")
        ours = r.get(f"{pair}/ours")
        if raw is None or ours is None:
            print(f"{pair:<28}{'-':>11}{'-':>11}{'-':>8}{'-':>8}"
                  f"{('<= %.1fx' % target) if target else '-':>9}"
                  f"  NOT MEASURED (not in this build)")
            continue
        ratio = ns(ours) / ns(raw)
        best_ratio = ns(best[f"{pair}/ours"]) / ns(best[f"{pair}/raw"])
        if target is None:
            verdict = "(no target)"
        elif ratio <= target:
            verdict = "met"
        elif best_ratio <= target:
            verdict = "met by the fastest repetitions only (a noisy run?)"
        else:
            verdict = "MISSED"
        target_s = f"<= {target:.1f}x" if target else "-"
        print(f"{pair:<28}{fmt_ns(ns(raw)):>11}{fmt_ns(ns(ours)):>11}"
              f"{ratio:>7.2f}x{best_ratio:>7.2f}x{target_s:>9}  {verdict}")
    print(f"\n  ratio: of the medians; best: of the fastest of the "
          f"{repetitions} repetitions of each\n  side. Load from elsewhere "
          f"only adds time; when the two disagree, the run was noisy.")
    fp = r.get("fingerprint/ours")
    eb = r.get("fingerprint/effective_bytes_only")
    if fp and eb:
        print(f"\n  fingerprint against EffectiveBytes() (the bytes it hashes, "
              f"written from the values,\n  so this is what hashing adds): "
              f"{ns(fp) / ns(eb):.2f}x")
    print("\n  raw vs ours:")
    for pair, raw_what, ours_what, _ in PAIRS:
        print(f"    {pair}: {raw_what}  vs  {ours_what}")
    for name, entry in sorted(r.items()):
        pair, _, part = name.partition("/")
        if part not in ("raw", "ours") and not name.startswith("process_set"):
            extras.append((name, entry, r.get(f"{pair}/raw")))
    if extras:
        print("\n  breakdown (parts of our paths, as a ratio to the same raw):")
        for name, entry, raw in extras:
            ratio = f"{ns(entry) / ns(raw):.2f}x raw" if raw else ""
            print(f"    {name:<44}{fmt_ns(ns(entry)):>11}  {ratio}")


def report_process_sets(data):
    r = results(data)
    print("\n## ProcessSet scaling: time ~ n^k, least squares on log-log "
          "over n\n")
    print("k is fitted over n = 10^2 .. 10^6 processes; k_in is the same fit "
          "for the operation's\ninput size (encoded bytes, or elements), so "
          "linear in the input means k ~ k_in.\n")
    print(f"{'op':<14}{'shape':<12}{'n=10^2':>11}{'n=10^6':>11}{'k':>7}"
          f"{'k_in':>7}  target, verdict")
    for op in OPS:
        for shape in SHAPES:
            rows = []
            for e in range(2, 7):
                n = 10 ** e
                entry = r.get(f"process_set/{op}/{shape}/{n}")
                if entry is not None:
                    rows.append((n, entry))
            if len(rows) < 2:
                print(f"{op:<14}{shape:<12}  NOT MEASURED")
                continue
            xs = [n for n, _ in rows]
            k = slope(xs, [ns(e) for _, e in rows])
            k_in = slope(xs, [max(e.get("input_size", 1), 1)
                              for _, e in rows])
            if op == "contains":
                target = f"O(log ranges): k <= k_in + {LINEAR_SLACK:.2f}"
                ok = k <= k_in + LINEAR_SLACK
            elif shape == "random" and op != "to_proto":
                target = f"n log n: k <= k_in + {NLOGN_SLACK:.2f}"
                ok = k <= k_in + NLOGN_SLACK
            else:
                target = f"linear: k <= k_in + {LINEAR_SLACK:.2f}"
                ok = k <= k_in + LINEAR_SLACK
            first, last = rows[0][1], rows[-1][1]
            print(f"{op:<14}{shape:<12}{fmt_ns(ns(first)):>11}"
                  f"{fmt_ns(ns(last)):>11}{k:>7.2f}{k_in:>7.2f}  "
                  f"{target}, {'met' if ok else 'MISSED'}")
    print("\n  inputs (k_in): from_proto reads the message (encoded bytes), "
          "to_proto writes the\n  canonical message (encoded bytes), "
          "from_indices reads n indices, from_ranges reads\n  the ranges, "
          "contains() makes bit_width(ranges) binary-search probes.")
    print("\n  contains(), time per binary-search probe:")
    for shape in SHAPES:
        small = r.get(f"process_set/contains/{shape}/100")
        large = r.get(f"process_set/contains/{shape}/1000000")
        if small and large:
            print(f"    {shape:<11} {ns(small) / small['input_size']:6.2f} ns "
                  f"x {int(small['input_size']):>2} probes at n=10^2, "
                  f"{ns(large) / large['input_size']:6.2f} ns "
                  f"x {int(large['input_size']):>2} probes at n=10^6")

    million = r.get("process_set/to_proto/contiguous/1000000")
    if million is not None:
        size = int(million["encoded_bytes"])
        verdict = ("met" if size <= MILLION_CONTIGUOUS_TARGET_BYTES
                   else "MISSED")
        print(f"\nEncoded size of 10^6 contiguous processes (v1.ProcessSet): "
              f"{size} bytes (target <= "
              f"{MILLION_CONTIGUOUS_TARGET_BYTES}): {verdict}")
        sizes = []
        for shape in SHAPES:
            entry = r.get(f"process_set/to_proto/{shape}/1000000")
            if entry is not None:
                sizes.append(f"{shape} {int(entry['encoded_bytes'])} bytes")
        print("Encoded size at 10^6 processes, canonical form: "
              + ", ".join(sizes))


def run_loading_scaling(bench, args, repetitions):
    """Runs <path>/<format>/<shape>/<n>, one n at a time, smallest first.

    Returns (entries, skipped, contexts): entries maps (path, format, shape)
    to a list of (n, entry); skipped maps the same keys to (n, predicted ns)
    for the first size left out because its predicted time per load was
    over the budget; contexts holds each run's data.
    """
    entries = {(p, f, s): [] for p, _ in LOAD_PATHS for f in LOAD_FORMATS
               for s in LOAD_SHAPES}
    skipped = {}
    budget_ns = args.scaling_budget * 1e9
    contexts = []
    for n in [n for n in LOAD_SIZES if n <= args.scaling_max_n]:
        todo = []
        for key, rows in entries.items():
            if key in skipped:
                continue
            if rows:
                # Predict from the last two sizes, assuming at least linear
                # growth: constant costs make small sizes look flatter.
                last_n, last = rows[-1]
                k = 1.0
                if len(rows) >= 2:
                    k = max(k, slope([rows[-2][0], last_n],
                                     [ns(rows[-2][1]), ns(last)]))
                predicted = ns(last) * (n / last_n) ** k
                if predicted > budget_ns:
                    skipped[key] = (n, predicted)
                    continue
            todo.append(key)
        if not todo:
            break
        pattern = "|".join("/".join(key) for key in todo)
        data = run(bench, f"^({pattern})/{n}$", args.min_time,
                   repetitions,
                   ["--benchmark_report_aggregates_only=true"]
                   if repetitions > 1 else [],
                   args.json_out, f"loading_scaling_{n}", args.quiet)
        contexts.append(data)
        r = results(data)
        for key in todo:
            name = "/".join(key) + f"/{n}"
            if name not in r:
                raise SystemExit(f"report: {name} did not run")
            entries[key].append((n, r[name]))
    return entries, skipped, contexts


def report_loading_scaling(entries, skipped, args):
    print("\n## Loading scaling: time ~ n^k, least squares on log-log over "
          "n\n")
    print(f"k is fitted over the sizes measured (n = 10^2 .. "
          f"{pow10(args.scaling_max_n)}); k_in is the same fit for\nthe "
          f"input's size in bytes, so linear in the input means k ~ k_in.\n"
          f"Shapes: n unknown fields (text and JSON with allow_unknown_fields;"
          f" binary keeps\nthem), n indices in one list, n ranges, n/100 "
          f"unknown fields nested 100 deep,\nn specific_steps policies of "
          f"10^6 steps each (a CheckpointManagerOptions).\nPaths: "
          + "; ".join(f"{p}/ = {what}()".replace(" + ", "() + ")
                      for p, what in LOAD_PATHS)
          + "\n(the command's path, with a located warning per unknown "
          "field).\n")
    print(f"{'path':<16}{'format':<10}{'shape':<16}{'n':>12}{'first':>11}"
          f"{'last':>11}{'k':>6}{'k_in':>6}  verdict")
    for path, _ in LOAD_PATHS:
        for fmt in LOAD_FORMATS:
            for shape in LOAD_SHAPES:
                key = (path, fmt, shape)
                rows = entries[key]
                notes = []
                if key in skipped:
                    n, predicted = skipped[key]
                    notes.append(f"n={pow10(n)} left out, predicted "
                                 f"{fmt_ns(predicted)}")
                if any(e.get("loaded", 1) == 0 for _, e in rows):
                    notes.append("refused: time to refuse")
                label = f"{path:<16}{fmt:<10}{shape:<16}"
                if len(rows) < 2:
                    print(f"{label}  NOT MEASURED "
                          f"({'; '.join(notes) or 'not in this build'})")
                    continue
                xs = [n for n, _ in rows]
                k = slope(xs, [ns(e) for _, e in rows])
                k_in = slope(xs, [max(e.get("input_size", 1), 1)
                                  for _, e in rows])
                verdict = ("linear" if k <= k_in + LINEAR_SLACK
                           else "NOT LINEAR")
                sizes = f"{pow10(xs[0])}-{pow10(xs[-1])}"
                print(f"{label}{sizes:>12}{fmt_ns(ns(rows[0][1])):>11}"
                      f"{fmt_ns(ns(rows[-1][1])):>11}{k:>6.2f}{k_in:>6.2f}  "
                      f"{verdict}{'; ' + '; '.join(notes) if notes else ''}")
    print(f"\n  verdict: linear if k <= k_in + {LINEAR_SLACK:.2f}. A size "
          f"left out shortens the fit;\n  a larger --scaling-budget measures "
          f"it.")


def report_plan(data):
    """plan_bench.cc: MakePlan() over 10^4..10^6 steps, a save every step."""
    print("\n## plan: MakePlan() over n steps, a save every step, "
          "max_to_keep 5 (median CPU time)\n")
    print("| mode | n | CPU | steps/s | ns/step | peak heap |")
    print("|---|---|---|---|---|---|")
    per_step = {}
    for name, entry in sorted(results(data).items(),
                              key=lambda item: (item[0].split("/")[1],
                                                int(item[0].split("/")[2]))):
        _, mode, n = name.split("/")
        step_ns = ns(entry) / int(n)
        per_step.setdefault(mode, []).append(step_ns)
        print(f"| {mode} | {pow10(int(n))} | {fmt_ns(ns(entry))} | "
              f"{entry['items_per_second'] / 1e6:.1f} M | {step_ns:.0f} | "
              f"{entry['peak_heap_bytes']:.0f} B |")
    for mode, times in per_step.items():
        print(f"{mode}: time per step at the largest n over the smallest: "
              f"{times[-1] / times[0]:.2f} (1 is linear)")


def main():
    args = parse_args()
    bench = args.bench
    if not args.no_build:
        bench = build(args.build_dir)
    elif bench is None:
        raise SystemExit("report: --no-build needs --bench")
    if args.json_out:
        os.makedirs(args.json_out, exist_ok=True)

    # The pairs interleave their repetitions in random order, so that a
    # change of load on a shared machine hits raw and ours alike.
    pairs = run(bench, "^(manager_|context_|checkpointer_)?"
                "(binary_|text_|json_|fingerprint/)",
                args.min_time,
                args.repetitions,
                ["--benchmark_enable_random_interleaving=true",
                 "--benchmark_display_aggregates_only=true"],
                args.json_out, "pairs", args.quiet)
    scaling_reps = min(2, args.repetitions)
    scaling = run(bench, "^(process_set|scaling)/", args.min_time,
                  scaling_reps,
                  ["--benchmark_report_aggregates_only=true"]
                  if scaling_reps > 1 else [],
                  args.json_out, "process_set", args.quiet)

    loading, skipped, loading_contexts = run_loading_scaling(
        bench, args, scaling_reps)
    plan_bench = os.path.join(os.path.dirname(bench),
                              "orbax_options_plan_bench")
    plan = (run(plan_bench, "^plan/", args.min_time, scaling_reps,
                ["--benchmark_report_aggregates_only=true"]
                if scaling_reps > 1 else [], args.json_out, "plan",
                args.quiet) if os.path.exists(plan_bench) else None)

    print("# orbax-options benchmark report\n")
    print_context(pairs, "comparisons")
    print_context(scaling, "scaling")
    for data in loading_contexts[:1]:
        print_context(data, "loading scaling")
    if args.min_time < 0.1:
        print(f"(--min-time {args.min_time}: a smoke run. Each benchmark "
              f"runs for about that long,\n one-time set-up included (the "
              f"first SHA-256 loads OpenSSL's provider: about\n a "
              f"millisecond), so its timings and verdicts mean nothing.)")
    report_pairs(pairs, args.repetitions)
    report_process_sets(scaling)
    report_loading_scaling(loading, skipped, args)
    if plan is not None:
        report_plan(plan)


if __name__ == "__main__":
    main()
