// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: _core.cc
// -----------------------------------------------------------------------------
//
// `orbax_options._core`: the private extension module under the Python
// package, as RE2's `_re2`. It binds the C++ library thinly; the public API is
// the plain Python around it (`__init__.py`, `_config.py`, ...). This file
// has its functions and makes the module; `_core_values.h` how values cross,
// and `_core_config.h` the two types `loads()` is built from.
//
//   * Messages cross as serialised bytes, never as C++ protobuf objects, so
//     that the generated C++ of the schema and Python's `options_pb2` never
//     meet (each has its own descriptor pool).
//   * Every function that loads a config or takes or returns a message
//     takes its root type first, by the name the command's `--type` gives
//     it (`TYPES`: "CheckpointOptions", "CheckpointManagerOptions"). Each
//     function is one template over the root, and `WithRoot()` picks the
//     instance from the one list of roots, `Roots`.
//   * Arguments are bytes, str, ints, bools and lists of tuples; so are the
//     results, but for two types that `loads()` is built from, because it is
//     measured against C++ (docs/PERFORMANCE.md): `ConfigBase`, the base of
//     `Config`, which keeps the options `loads()` loaded as C++ values, and
//     `LoadsFastPath`, which takes `loads()`' common case without a Python
//     frame. Diagnostics are tuples
//     `(severity, code, file, line, column, path, message, text, errno)`,
//     where `text` is `Diagnostic::ToString()`, the command's stderr line,
//     and `errno` its `error_number`.
//   * The GIL is released around all C++ work; Python objects are read
//     before and built after it.
//   * No C++ exception escapes: pybind11 turns `std::bad_alloc` into
//     `MemoryError` and any other `std::exception` into `RuntimeError`, and
//     the library itself reports every problem as a value.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <time.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "_core_config.h"
#include "_core_plan.h"
#include "_core_values.h"
#include "absl/status/statusor.h"
#include "orbax/checkpoint/options/checkpoint_manager.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/diff.h"
#include "orbax/checkpoint/options/fingerprint.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/multihost.h"
#include "orbax/checkpoint/options/printing.h"
#include "orbax/checkpoint/options/process_set.h"
#include "orbax/checkpoint/options/roots.h"
#include "orbax/checkpoint/options/schema.h"

namespace py = pybind11;

namespace orbax::checkpoint::options::python {
namespace {

// `LoadOptions::interrupted` of a load that runs with the GIL released:
// runs Python's signal handlers (in the main thread) and returns whether one
// raised, e.g. KeyboardInterrupt for Ctrl-C; the exception stays set in this
// thread's state, for the caller to raise once it holds the GIL again.
bool SignalHandlerRaised() {
  py::gil_scoped_acquire gil;
  return PyErr_CheckSignals() != 0;
}

// load_files(type, paths, overrides, input_format, allow_unknown_fields)
//
// `LoadConfig<Options>()`, as the command runs it: `paths` are bytes
// (os.fsencode), `overrides` are `(is_set, argument)` pairs, `input_format` a
// format number or None.
py::object LoadFiles(py::handle type, const std::vector<std::string>& paths,
                     const std::vector<std::pair<bool, std::string>>& overrides,
                     std::optional<int> input_format,
                     bool allow_unknown_fields) {
  std::vector<Override> parsed;
  parsed.reserve(overrides.size());
  for (const auto& [is_set, argument] : overrides) {
    parsed.push_back(is_set ? Override::Set(argument)
                            : Override::Unset(argument));
  }
  std::optional<Format> format;
  if (input_format) format = FormatOf(*input_format);
  LoadOptions load;
  load.allow_unknown_fields = allow_unknown_fields;
  load.interrupted = &SignalHandlerRaised;
  return WithRoot(type, [&](auto root) -> py::object {
    using Options = typename decltype(root)::type;
    Loaded loaded;
    {
      py::gil_scoped_release release;
      Finish(
          LoadConfig<Options>(paths, parsed, format, load, loaded.diagnostics),
          loaded);
    }
    // What `SignalHandlerRaised()` left set, e.g. KeyboardInterrupt.
    if (PyErr_Occurred()) throw py::error_already_set();
    return LoadedTuple(loaded);
  });
}

// load_string(type, data, format, name, allow_unknown_fields)
//
// One in-memory source through the located path (`LoadStringAs()`).
py::object LoadString(py::handle type, py::handle data, int format,
                      py::handle name, bool allow_unknown_fields) {
  return WithRoot(type, [&](auto root) -> py::object {
    return LoadStringAs<typename decltype(root)::type>(data, format, name,
                                                       allow_unknown_fields);
  });
}

// `result(options)` (std::string) of one in-memory source as bytes,
// computed with the GIL released, or the source's diagnostics (a list).
template <typename Result>
py::object LoadAndThen(py::handle type, py::handle data, int format,
                       py::handle name, bool allow_unknown_fields,
                       Result result) {
  return WithRoot(type, [&](auto root) -> py::object {
    using Options = typename decltype(root)::type;
    return LoadFast<Options>(data, format, name, allow_unknown_fields,
                             [&](Options&& options) -> py::object {
                               std::string out;
                               {
                                 py::gil_scoped_release release;
                                 out = result(options);
                               }
                               return Bytes(out);
                             });
  });
}

// effective_bytes(type, data, format, name, allow_unknown_fields)
//
// `EffectiveBytes()` of one in-memory source, or its diagnostics.
py::object EffectiveBytesOf(py::handle type, py::handle data, int format,
                            py::handle name, bool allow_unknown_fields) {
  return LoadAndThen(
      type, data, format, name, allow_unknown_fields,
      [](const auto& options) { return EffectiveBytes(options); });
}

// fingerprint(type, data, format, name, allow_unknown_fields)
//
// `Fingerprint()` of one in-memory source (as ASCII bytes), or its
// diagnostics.
py::object FingerprintOf(py::handle type, py::handle data, int format,
                         py::handle name, bool allow_unknown_fields) {
  return LoadAndThen(type, data, format, name, allow_unknown_fields,
                     [](const auto& options) { return Fingerprint(options); });
}

// print_message(type, message, format, name)
//
// `PrintMessage()` of a serialised message of the root `type`, parsed as a
// binary source called `name` (`ParseLayer()`, not validated): str for text
// and JSON, bytes for binary; or the diagnostics (a list) of a message that
// no source could hold, such as invalid UTF-8 in a string field or nesting
// past `kMaxNestingDepth`.
py::object PrintMessageOf(py::handle type, py::bytes message, int format,
                          py::handle name) {
  const std::string_view bytes = ViewBytes(message, "message");
  const std::string_view source = ViewBytes(name, "name");
  const Format parsed_format = FormatOf(format);
  return WithRoot(type, [&](auto root) -> py::object {
    using Options = typename decltype(root)::type;
    std::vector<Diagnostic> diagnostics;
    std::optional<std::string> printed;
    {
      py::gil_scoped_release release;
      std::optional<BasicLayer<Options>> layer = ParseLayer<Options>(
          bytes, Format::kBinary, source, LoadOptions{}, diagnostics);
      if (layer) printed = PrintMessage(layer->message, parsed_format);
    }
    if (!printed) return DiagnosticList(diagnostics);
    if (parsed_format == Format::kBinary) return Bytes(*printed);
    return Decode(*printed, "strict");
  });
}

// Loads `bytes`, a message of the root `Options` in binary that loaded
// before (an effective form), with the GIL released. Raises ValueError,
// which says that `function` needs options that load, if it does not load.
template <typename Options>
Options LoadLoaded(std::string_view bytes, const char* function) {
  std::optional<Options> options;
  {
    py::gil_scoped_release release;
    absl::StatusOr<Options> loaded =
        LoadFromString<Options>(bytes, Format::kBinary);
    if (loaded.ok()) options = *std::move(loaded);
  }
  if (!options) {
    throw py::value_error(std::string(function) + " needs options that load");
  }
  return *std::move(options);
}

// diff(type, a, b)
//
// `DiffOptions()` of two effective forms (bytes that loaded already), as
// `(path, a_value, b_value, text)` tuples, `text` being `ToString()`.
py::object DiffOf(py::handle type, py::bytes a, py::bytes b) {
  const std::string_view a_bytes = ViewBytes(a, "a");
  const std::string_view b_bytes = ViewBytes(b, "b");
  return WithRoot(type, [&](auto root) -> py::object {
    using Options = typename decltype(root)::type;
    const Options a_options = LoadLoaded<Options>(a_bytes, "diff()");
    const Options b_options = LoadLoaded<Options>(b_bytes, "diff()");
    std::vector<FieldDiff> diffs;
    {
      py::gil_scoped_release release;
      diffs = DiffOptions(a_options, b_options);
    }
    py::list out;
    for (const FieldDiff& d : diffs) {
      out.append(py::make_tuple(Decode(d.path, "backslashreplace"),
                                Decode(d.a_value, "backslashreplace"),
                                Decode(d.b_value, "backslashreplace"),
                                Decode(d.ToString(), "backslashreplace")));
    }
    return out;
  });
}

// policies(data)
//
// `DerivedPolicies()` of a `CheckpointManagerOptions` (bytes that loaded
// already), as `show --policies` gives them: a serialised
// `CheckpointManagerOptions` that sets only `save_decision_policy` and
// `preservation_policy`, deterministically.
py::bytes PoliciesOf(py::bytes data) {
  const CheckpointManagerOptions options = LoadLoaded<CheckpointManagerOptions>(
      ViewBytes(data, "data"), "policies()");
  std::string out;
  {
    py::gil_scoped_release release;
    const ManagerPolicies policies = DerivedPolicies(options);
    v1::CheckpointManagerOptions message;
    *message.mutable_save_decision_policy() =
        ToProto(policies.save_decision_policy);
    *message.mutable_preservation_policy() =
        ToProto(policies.preservation_policy);
    out = PrintMessage(message, Format::kBinary);
  }
  return Bytes(out);
}

// best_n_paths(data)
//
// `BestNPaths()` of a `CheckpointManagerOptions` (bytes that loaded
// already): where each `BestN` is, as `get_metric_fns` keys them.
std::vector<std::string> BestNPathsOf(py::bytes data) {
  return BestNPaths(LoadLoaded<CheckpointManagerOptions>(
      ViewBytes(data, "data"), "best_n_paths()"));
}

// diagnostic_text(severity, file, line, column, path, message)
//
// `Diagnostic::ToString()` of a diagnostic made in Python.
py::str DiagnosticText(const std::string& severity, py::handle file, int line,
                       int column, const std::string& path,
                       const std::string& message) {
  Diagnostic d;
  d.severity = severity == "warning" ? Diagnostic::Severity::kWarning
                                     : Diagnostic::Severity::kError;
  d.location.file = std::string(ViewBytes(file, "file"));
  d.location.line = line;
  d.location.column = column;
  d.path = path;
  d.message = message;
  return Decode(d.ToString(), "backslashreplace");
}

// The multi-host options of either root: a `CheckpointOptions`' own, or a
// manager's, whose unset `async_options` is Orbax's default `AsyncOptions()`.
struct Multihost {
  MultiprocessingOptions multiprocessing;
  AsyncOptions async;
};

// `Multihost` of `data`, effective bytes of the root `type` (that loaded
// before); raises ValueError naming `function` if they do not load.
Multihost MultihostOf(py::handle type, py::handle data, const char* function) {
  const std::string_view bytes = ViewBytes(data, "data");
  Multihost out;
  WithRoot(type, [&](auto root) -> py::object {
    using Options = typename decltype(root)::type;
    const Options options = LoadLoaded<Options>(bytes, function);
    out.multiprocessing = options.multiprocessing_options;
    if constexpr (std::is_same_v<Options, CheckpointManagerOptions>) {
      out.async = options.async_options.value_or(AsyncOptions{});
    } else {
      out.async = options.async_options;
    }
    return py::none();
  });
  return out;
}

// barrier_key(type, data, component, key, suffix)
//
// `UniqueBarrierKey(key, BarrierKeyPrefix(...), suffix)` for the options in
// `data`: the barrier key that the Orbax component builds, `component`
// being "AsyncCheckpointer" (`BarrierKeyOwner::kAsyncCheckpointer`) or
// "other" (`kOther`).
std::string BarrierKeyOf(py::handle type, py::handle data,
                         const std::string& component, const std::string& key,
                         const std::optional<std::string>& suffix) {
  BarrierKeyOwner owner;
  if (component == "AsyncCheckpointer") {
    owner = BarrierKeyOwner::kAsyncCheckpointer;
  } else if (component == "other") {
    owner = BarrierKeyOwner::kOther;
  } else {
    throw py::value_error(
        "component must be 'AsyncCheckpointer' or 'other', not '" + component +
        "'");
  }
  const Multihost m = MultihostOf(type, data, "barrier_key()");
  return UniqueBarrierKey(key, BarrierKeyPrefix(m.multiprocessing, owner),
                          suffix);
}

// barrier_timeout_ms(type, data)
//
// `BarrierTimeoutMs()` of the options in `data`.
int64_t BarrierTimeoutMsOf(py::handle type, py::handle data) {
  return BarrierTimeoutMs(MultihostOf(type, data, "barrier_timeout_ms()").async);
}

// is_primary_host(type, data, process_index)
//
// `IsPrimaryHost()` of the options in `data`.
bool IsPrimaryHostOf(py::handle type, py::handle data, int32_t process_index) {
  return IsPrimaryHost(
      MultihostOf(type, data, "is_primary_host()").multiprocessing,
      process_index);
}

// active_processes(type, data, limit)
//
// None if the options in `data` leave `active_processes` unset; otherwise
// `(members, size)`: the members below `limit` (a job's process count), in
// ascending order, and the set's size.
py::object ActiveProcessesOf(py::handle type, py::handle data, int32_t limit) {
  const Multihost m = MultihostOf(type, data, "active_processes()");
  if (!m.multiprocessing.active_processes) return py::none();
  const ProcessSet& set = *m.multiprocessing.active_processes;
  py::list members;
  for (const ProcessRange& range : set.ranges()) {
    for (int32_t i = range.start; i < range.stop && i < limit; ++i) {
      members.append(i);
    }
  }
  return py::make_tuple(members, set.size());
}

// process_set_text(indices)
//
// `ProcessSet::ToString()` of `indices` (`{3, 17-19}`); raises ValueError
// for an index that no set holds.
std::string ProcessSetText(const std::vector<int32_t>& indices) {
  absl::StatusOr<ProcessSet> set = ProcessSet::FromIndices(indices);
  if (!set.ok()) throw py::value_error(std::string(set.status().message()));
  return set->ToString();
}

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * now.tv_nsec;
}

// time_load_from_string(type, data, format, iterations)
//
// For bench/python_bench.py: the thread CPU seconds that `iterations` calls
// of `LoadFromString<Options>(data, format)` take in C++, on the very bytes
// the Python side loads. Raises ValueError if `data` does not load.
py::object TimeLoadFromString(py::handle type, py::handle data, int format,
                              int64_t iterations) {
  const std::string_view bytes = ViewBytes(data, "data");
  const Format parsed_format = FormatOf(format);
  return WithRoot(type, [&](auto root) -> py::object {
    using Options = typename decltype(root)::type;
    bool ok = true;
    double seconds = 0;
    {
      py::gil_scoped_release release;
      const double start = ThreadCpuSeconds();
      for (int64_t i = 0; i < iterations; ++i) {
        absl::StatusOr<Options> options =
            LoadFromString<Options>(bytes, parsed_format);
        ok = ok && options.ok();
      }
      seconds = ThreadCpuSeconds() - start;
    }
    if (!ok) throw py::value_error("data does not load");
    return py::float_(seconds);
  });
}

}  // namespace
}  // namespace orbax::checkpoint::options::python

PYBIND11_MODULE(_core, m) {
  namespace opts = orbax::checkpoint::options;
  namespace impl = orbax::checkpoint::options::python;
  m.doc() =
      "Private: the C++ core of orbax_options. Use the orbax_options package.";

  py::dict formats;
  for (size_t i = 0; i < std::size(impl::kFormats); ++i) {
    const std::string_view name = opts::FormatName(impl::kFormats[i]);
    formats[py::str(name.data(), name.size())] = i;
  }
  m.attr("FORMATS") = formats;

  py::tuple types(std::tuple_size_v<impl::Roots>);
  const std::vector<std::string_view> names = impl::RootNames();
  for (size_t i = 0; i < names.size(); ++i) {
    PyObject* name = PyUnicode_FromStringAndSize(
        names[i].data(), static_cast<Py_ssize_t>(names[i].size()));
    if (name == nullptr) throw py::error_already_set();
    PyUnicode_InternInPlace(&name);
    impl::root_name_objects[i] = name;  // The module's reference, kept.
    types[i] = py::reinterpret_borrow<py::str>(name);
  }
  m.attr("TYPES") = types;

  m.def("load_files", &impl::LoadFiles, py::arg("type"), py::arg("paths"),
        py::arg("overrides"), py::arg("input_format"),
        py::arg("allow_unknown_fields"));
  m.def("load_string", &impl::LoadString, py::arg("type"), py::arg("data"),
        py::arg("format"), py::arg("name"), py::arg("allow_unknown_fields"));
  impl::AddConfigTypes(m);
  impl::AddPlan(m);
  m.def("effective_bytes", &impl::EffectiveBytesOf, py::arg("type"),
        py::arg("data"), py::arg("format"), py::arg("name"),
        py::arg("allow_unknown_fields"));
  m.def("fingerprint", &impl::FingerprintOf, py::arg("type"), py::arg("data"),
        py::arg("format"), py::arg("name"), py::arg("allow_unknown_fields"));
  m.def("print_message", &impl::PrintMessageOf, py::arg("type"),
        py::arg("message"), py::arg("format"), py::arg("name"));
  m.def("diff", &impl::DiffOf, py::arg("type"), py::arg("a"), py::arg("b"));
  m.def("policies", &impl::PoliciesOf, py::arg("data"));
  m.def("best_n_paths", &impl::BestNPathsOf, py::arg("data"));
  m.def("barrier_key", &impl::BarrierKeyOf, py::arg("type"), py::arg("data"),
        py::arg("component"), py::arg("key"), py::arg("suffix"));
  m.def("barrier_timeout_ms", &impl::BarrierTimeoutMsOf, py::arg("type"),
        py::arg("data"));
  m.def("is_primary_host", &impl::IsPrimaryHostOf, py::arg("type"),
        py::arg("data"), py::arg("process_index"));
  m.def("active_processes", &impl::ActiveProcessesOf, py::arg("type"),
        py::arg("data"), py::arg("limit"));
  m.def("process_set_text", &impl::ProcessSetText, py::arg("indices"));
  m.def("diagnostic_text", &impl::DiagnosticText, py::arg("severity"),
        py::arg("file"), py::arg("line"), py::arg("column"), py::arg("path"),
        py::arg("message"));
  m.def("time_load_from_string", &impl::TimeLoadFromString, py::arg("type"),
        py::arg("data"), py::arg("format"), py::arg("iterations"));
}
