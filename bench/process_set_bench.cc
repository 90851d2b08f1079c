// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// ProcessSet scaling. Each operation runs on sets of n = 10^2 .. 10^6
// processes of three shapes:
//
//   contiguous  [0, n): one range, whatever n
//   stride2     0, 2, 4, ..., 2n - 2: n ranges of one index each
//   random      n distinct indices drawn from [0, 2n), given in random order:
//               the unsorted input, which may cost n log n
//
// and is named `process_set/<op>/<shape>/<n>`:
//
//   from_proto    FromProto(v1::ProcessSet): the canonical message for
//                 contiguous and stride2; for random, the indices unsorted in
//                 `process_indices`, as a hand-written config may list them
//   to_proto      ToProto(ProcessSet): canonical form
//   from_indices  ProcessSet::FromIndices over the n indices, in the shape's
//                 order (canonicalisation of an index list)
//   from_ranges   ProcessSet::FromRanges over the set's ranges, in the shape's
//                 order: one range, n unit ranges, or the ranges shuffled
//                 (canonicalisation of a range list)
//   contains      contains() of a random index in [0, max + 2): hits and
//                 misses
//
// Counters: `processes` (n), `ranges` (normalised ranges), `encoded_bytes`
// (the canonical message's size) and `input_size`, which report.py fits the
// time against.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "orbax/checkpoint/options/options.h"

namespace orbax::checkpoint::options::bench {
namespace {

enum class Shape { kContiguous, kStride2, kRandom };

const char* ShapeName(Shape shape) {
  switch (shape) {
    case Shape::kContiguous:
      return "contiguous";
    case Shape::kStride2:
      return "stride2";
    case Shape::kRandom:
      return "random";
  }
  return "?";
}

// The inputs of every operation for one shape and size.
struct Case {
  Shape shape;
  int64_t n;
  std::vector<int32_t> indices;      // FromIndices input, in shape order.
  std::vector<ProcessRange> ranges;  // FromRanges input, in shape order.
  v1::ProcessSet message;            // FromProto input.
  ProcessSet set;                    // ToProto and contains input.
  std::vector<int32_t> queries;      // contains() arguments.
  size_t encoded_bytes = 0;          // ToProto(set).ByteSizeLong().
};

constexpr size_t kQueries = 4096;  // A power of two, for masking.

std::unique_ptr<Case> MakeCase(Shape shape, int64_t n) {
  auto c = std::make_unique<Case>();
  c->shape = shape;
  c->n = n;
  std::mt19937 rng(20260601 + static_cast<uint32_t>(n));
  const auto size = static_cast<int32_t>(n);
  c->indices.resize(size);
  switch (shape) {
    case Shape::kContiguous:
      std::iota(c->indices.begin(), c->indices.end(), 0);
      break;
    case Shape::kStride2:
      for (int32_t i = 0; i < size; ++i) c->indices[i] = 2 * i;
      break;
    case Shape::kRandom: {
      std::vector<int32_t> all(2 * static_cast<size_t>(size));
      std::iota(all.begin(), all.end(), 0);
      std::shuffle(all.begin(), all.end(), rng);
      c->indices.assign(all.begin(), all.begin() + size);
      break;
    }
  }
  absl::StatusOr<ProcessSet> set = ProcessSet::FromIndices(c->indices);
  if (!set.ok()) std::abort();
  c->set = *std::move(set);
  c->ranges = c->set.ranges();
  c->message = ToProto(c->set);
  c->encoded_bytes = c->message.ByteSizeLong();
  if (shape == Shape::kRandom) {
    std::shuffle(c->ranges.begin(), c->ranges.end(), rng);
    c->message.Clear();
    for (int32_t i : c->indices) c->message.add_process_indices(i);
  }
  const int32_t max = c->set.ranges().back().stop;  // One past the largest.
  std::uniform_int_distribution<int32_t> query(0, max);
  c->queries.resize(kQueries);
  for (int32_t& q : c->queries) q = query(rng);
  return c;
}

// Returns the case for (shape, n), keeping only the last one built: the
// benchmarks are registered so that every operation on one case runs in a
// row, and a million-process case is large.
const Case& GetCase(Shape shape, int64_t n) {
  static std::unique_ptr<Case> last;
  if (last == nullptr || last->shape != shape || last->n != n) {
    last.reset();
    last = MakeCase(shape, n);
  }
  return *last;
}

// `input_size` is what the operation reads or writes: bytes of the message
// for from_proto and to_proto, elements for from_indices and from_ranges, and
// for contains the probes of a binary search over the ranges.
void SetCounters(benchmark::State& state, const Case& c, size_t input_size) {
  state.counters["input_size"] = static_cast<double>(input_size);
  state.counters["processes"] = static_cast<double>(c.n);
  state.counters["ranges"] = static_cast<double>(c.set.ranges().size());
  state.counters["encoded_bytes"] = static_cast<double>(c.encoded_bytes);
}

void BM_FromProto(benchmark::State& state, Shape shape, int64_t n) {
  const Case& c = GetCase(shape, n);
  for (auto _ : state) {
    absl::StatusOr<ProcessSet> set = FromProto(c.message);
    benchmark::DoNotOptimize(set);
  }
  SetCounters(state, c, c.message.ByteSizeLong());
}

void BM_ToProto(benchmark::State& state, Shape shape, int64_t n) {
  const Case& c = GetCase(shape, n);
  for (auto _ : state) {
    v1::ProcessSet message = ToProto(c.set);
    benchmark::DoNotOptimize(message);
  }
  SetCounters(state, c, c.encoded_bytes);
}

void BM_FromIndices(benchmark::State& state, Shape shape, int64_t n) {
  const Case& c = GetCase(shape, n);
  for (auto _ : state) {
    absl::StatusOr<ProcessSet> set = ProcessSet::FromIndices(c.indices);
    benchmark::DoNotOptimize(set);
  }
  SetCounters(state, c, c.indices.size());
}

void BM_FromRanges(benchmark::State& state, Shape shape, int64_t n) {
  const Case& c = GetCase(shape, n);
  for (auto _ : state) {
    absl::StatusOr<ProcessSet> set = ProcessSet::FromRanges(c.ranges);
    benchmark::DoNotOptimize(set);
  }
  SetCounters(state, c, c.ranges.size());
}

void BM_Contains(benchmark::State& state, Shape shape, int64_t n) {
  const Case& c = GetCase(shape, n);
  size_t i = 0;
  for (auto _ : state) {
    bool hit = c.set.contains(c.queries[i++ & (kQueries - 1)]);
    benchmark::DoNotOptimize(hit);
  }
  // A binary search over the ranges makes bit_width(ranges) probes.
  SetCounters(state, c, std::bit_width(c.set.ranges().size()));
}

// Registers every (shape, n, op), ops innermost so that GetCase() builds each
// case once.
const bool kRegistered = [] {
  using Fn = void (*)(benchmark::State&, Shape, int64_t);
  const struct {
    const char* name;
    Fn fn;
  } ops[] = {{"from_proto", BM_FromProto},
             {"to_proto", BM_ToProto},
             {"from_indices", BM_FromIndices},
             {"from_ranges", BM_FromRanges},
             {"contains", BM_Contains}};
  for (Shape shape : {Shape::kContiguous, Shape::kStride2, Shape::kRandom}) {
    for (int64_t n = 100; n <= 1'000'000; n *= 10) {
      for (const auto& op : ops) {
        const std::string name = absl::StrCat("process_set/", op.name, "/",
                                              ShapeName(shape), "/", n);
        benchmark::RegisterBenchmark(name.c_str(), op.fn, shape, n);
      }
    }
  }
  return true;
}();

}  // namespace
}  // namespace orbax::checkpoint::options::bench
