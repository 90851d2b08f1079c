// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `_bench_core`: bench/python_bench.py's C++ baseline, a pybind11 module of
// its own so that the benchmark hook stays out of the shipped
// `orbax_options._core`.
//
//   time_load_from_string(type, data, format, iterations)
//
// The thread CPU seconds that `iterations` calls of
// `LoadFromString<Options>(data, format)` take in C++, with the GIL released,
// on the very bytes the Python side loads; `type` is a root's name
// ("CheckpointOptions", "CheckpointManagerOptions") and `format` a format's
// ("textproto", "json", "binpb"). Raises ValueError if `data` does not load.

#include <pybind11/pybind11.h>
#include <time.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/roots.h"

namespace py = pybind11;

namespace orbax::checkpoint::options {
namespace {

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * now.tv_nsec;
}

template <typename Options>
double TimeLoads(std::string_view data, Format format, int64_t iterations) {
  bool ok = true;
  double seconds = 0;
  {
    py::gil_scoped_release release;
    const double start = ThreadCpuSeconds();
    for (int64_t i = 0; i < iterations; ++i) {
      ok = LoadFromString<Options>(data, format).ok() && ok;
    }
    seconds = ThreadCpuSeconds() - start;
  }
  if (!ok) throw py::value_error("data does not load");
  return seconds;
}

double TimeLoadFromString(const std::string& type, py::bytes data,
                          const std::string& format, int64_t iterations) {
  const std::optional<Format> parsed = ParseFormatName(format);
  if (!parsed) throw py::value_error("unknown format " + format);
  const std::string_view bytes = data;
  if (type == RootName<CheckpointOptions>()) {
    return TimeLoads<CheckpointOptions>(bytes, *parsed, iterations);
  }
  if (type == RootName<CheckpointManagerOptions>()) {
    return TimeLoads<CheckpointManagerOptions>(bytes, *parsed, iterations);
  }
  throw py::value_error("unknown type " + type);
}

}  // namespace
}  // namespace orbax::checkpoint::options

PYBIND11_MODULE(_bench_core, m) {
  m.def("time_load_from_string",
        &orbax::checkpoint::options::TimeLoadFromString, py::arg("type"),
        py::arg("data"), py::arg("format"), py::arg("iterations"));
}
