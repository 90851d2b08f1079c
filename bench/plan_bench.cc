// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `MakePlan()` (plan.h) over runs of n = 10^4, 10^5 and 10^6 steps, saving
// at every step with `max_to_keep: 5`: its own executable, because it counts
// every heap allocation (global operator new) to report the peak heap the
// plan holds above what was live before it.
//
//   plan/visitor/<n>       a `PlanVisitor` that counts saves and deletions:
//                          memory bounded by the checkpoints on disk
//   plan/full_history/<n>  `Plan::saved` and `Plan::deletions` held, as the
//                          command prints them: memory grows with n
//
// Counters: steps per second (`items_per_second`) and `peak_heap_bytes`.
// The time per step at 10^6 over that at 10^4 (both in one run) is the
// linearity check; docs/PERFORMANCE.md records the figures.

#include <malloc.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "benchmark/benchmark.h"
#include "orbax/checkpoint/options/plan.h"

namespace {

std::atomic<int64_t> live_bytes{0};
std::atomic<int64_t> peak_bytes{0};

void* Allocate(size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  const int64_t now =
      live_bytes.fetch_add(malloc_usable_size(p)) + malloc_usable_size(p);
  int64_t peak = peak_bytes.load();
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
  }
  return p;
}

void Free(void* p) {
  if (p == nullptr) return;
  live_bytes.fetch_sub(malloc_usable_size(p));
  std::free(p);
}

}  // namespace

void* operator new(size_t size) { return Allocate(size); }
void* operator new[](size_t size) { return Allocate(size); }
void operator delete(void* p) noexcept { Free(p); }
void operator delete[](void* p) noexcept { Free(p); }
void operator delete(void* p, size_t) noexcept { Free(p); }
void operator delete[](void* p, size_t) noexcept { Free(p); }

namespace orbax::checkpoint::options::bench {
namespace {

struct Counter : PlanVisitor {
  int64_t saved = 0;
  int64_t deleted = 0;
  void Saved(int64_t) override { ++saved; }
  void Deleted(const Deletion&) override { ++deleted; }
};

void RunPlan(benchmark::State& state, bool visitor) {
  const int64_t n = state.range(0);
  CheckpointManagerOptions options;
  options.save_interval_steps = 1;
  options.max_to_keep = 5;
  const PlanInput input{.steps = {0, n, 1}, .step_seconds = 1.0};
  int64_t peak = 0;
  for (auto _ : state) {
    Counter counter;
    const int64_t before = live_bytes.load();
    peak_bytes.store(before);
    absl::StatusOr<Plan> plan =
        MakePlan(options, input, visitor ? &counter : nullptr);
    peak = peak_bytes.load() - before;
    if (!plan.ok() || plan->saved_count != n) {
      state.SkipWithError("plan failed");
      return;
    }
    benchmark::DoNotOptimize(plan);
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["peak_heap_bytes"] = static_cast<double>(peak);
}

void BM_PlanVisitor(benchmark::State& state) { RunPlan(state, true); }
BENCHMARK(BM_PlanVisitor)
    ->Name("plan/visitor")
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond);

void BM_PlanFullHistory(benchmark::State& state) { RunPlan(state, false); }
BENCHMARK(BM_PlanFullHistory)
    ->Name("plan/full_history")
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace orbax::checkpoint::options::bench
