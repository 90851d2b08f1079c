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
//     meet (each has its own descriptor pool). A message crosses once per
//     call: `load_config()` loads it into a `ConfigBase`, which keeps the C++
//     options, and the functions of options (`diff`, `policies`, `plan`,
//     `print_effective`, the multi-host helpers) take that Config.
//   * Every function that loads a config or takes or returns a message
//     takes its root type first, by the name the command's `--type` gives
//     it (`TYPES`: "CheckpointOptions", "CheckpointManagerOptions",
//     "Context", "CheckpointerOptions"), or a Config, whose `_type` names it.
//     Each function is one template over the root, and `WithRoot()` picks the
//     instance from the one list of roots, `Roots` (roots.h).
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

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "_core_config.h"
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

// What a full load gives, in C++ values, built while the GIL is released.
struct Loaded {
  bool ok = false;
  std::string effective;  // EffectiveBytes(), the explicit form
  std::string minimal;    // the merged minimal form, serialised
  std::string fingerprint;
  std::vector<Diagnostic> diagnostics;
};

template <typename Options>
void Finish(std::optional<BasicResolvedConfig<Options>> config, Loaded& out) {
  if (!config || HasErrors(out.diagnostics)) return;
  out.ok = true;
  out.effective = EffectiveBytes(config->options);
  out.fingerprint = Fingerprint(config->options);
  config->minimal.SerializeToString(&out.minimal);
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
    // (effective, minimal, fingerprint, diagnostics); the first three are
    // None when there is an error.
    py::list diagnostics = DiagnosticList(loaded.diagnostics);
    if (!loaded.ok) {
      return py::make_tuple(py::none(), py::none(), py::none(), diagnostics);
    }
    return py::make_tuple(Bytes(loaded.effective), Bytes(loaded.minimal),
                          py::str(loaded.fingerprint), diagnostics);
  });
}

// load_string(type, data, format, name, allow_unknown_fields)
//
// One in-memory source through the located path (`LoadStringAs()`):
// `(minimal, diagnostics)`.
py::object LoadString(py::handle type, py::handle data, int format,
                      py::handle name, bool allow_unknown_fields) {
  return WithRoot(type, [&](auto root) -> py::object {
    return LoadStringAs<typename decltype(root)::type>(data, format, name,
                                                       allow_unknown_fields);
  });
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

// print_effective(config, format)
//
// `PrintEffective()` of a Config's options: str for text and JSON, bytes
// for binary.
py::object PrintEffectiveOf(py::handle config, int format) {
  const Format parsed_format = FormatOf(format);
  return WithConfig(config, [&](const auto& options) -> py::object {
    std::string printed;
    {
      py::gil_scoped_release release;
      printed = PrintEffective(options, parsed_format);
    }
    if (parsed_format == Format::kBinary) return Bytes(printed);
    return Decode(printed, "strict");
  });
}

// diff(a, b)
//
// `DiffOptions()` of two Configs of one root type, as `(path, a_value,
// b_value, text)` tuples, `text` being `ToString()`.
py::object DiffOf(py::handle a, py::handle b) {
  return WithConfig(a, [&](const auto& a_options) -> py::object {
    using Options = std::decay_t<decltype(a_options)>;
    const Options& b_options = OptionsOf<Options>(b);
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

// policies(config)
//
// `DerivedPolicies()` of a Config of `CheckpointManagerOptions`, as `show
// --policies` gives them: a serialised `CheckpointManagerOptions` that sets
// only `save_decision_policy` and `preservation_policy`, deterministically.
py::bytes PoliciesOf(py::handle config) {
  const auto& options = OptionsOf<CheckpointManagerOptions>(config);
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
// `BestNPaths()` of a serialised `CheckpointManagerOptions` that loaded
// already: where each `BestN` is, as `get_metric_fns` keys them. Raises
// ValueError if `data` does not load.
std::vector<std::string> BestNPathsOf(py::bytes data) {
  const std::string_view bytes = ViewBytes(data, "data");
  absl::StatusOr<CheckpointManagerOptions> options = [&] {
    py::gil_scoped_release release;
    return LoadFromString<CheckpointManagerOptions>(bytes, Format::kBinary);
  }();
  if (!options.ok()) {
    throw py::value_error("best_n_paths() needs options that load");
  }
  return BestNPaths(*options);
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

// The multi-host options of a root: a `CheckpointOptions`' own, a manager's,
// whose unset `async_options` is Orbax's default `AsyncOptions()`, a
// Context's, or those of a Checkpointer's context (unset: the defaults).
struct Multihost {
  MultiprocessingOptions multiprocessing;
  AsyncOptions async;
};

Multihost MultihostOfOptions(const CheckpointOptions& options) {
  return {options.multiprocessing_options, options.async_options};
}
Multihost MultihostOfOptions(const CheckpointManagerOptions& options) {
  return {options.multiprocessing_options,
          options.async_options.value_or(AsyncOptions{})};
}
Multihost MultihostOfOptions(const Context& options) {
  return {options.multiprocessing, options.asynchronous};
}
Multihost MultihostOfOptions(const CheckpointerOptions& options) {
  return MultihostOfOptions(options.context.value_or(Context{}));
}

// `Multihost` of a Config.
Multihost MultihostOf(py::handle config) {
  Multihost out;
  WithConfig(config, [&](const auto& options) -> py::object {
    out = MultihostOfOptions(options);
    return py::none();
  });
  return out;
}

// barrier_key(config, component, key, suffix)
//
// `UniqueBarrierKey(key, BarrierKeyPrefix(...), suffix)` for the options of
// `config`: the barrier key that the Orbax component builds, `component`
// being "AsyncCheckpointer" (`BarrierKeyOwner::kAsyncCheckpointer`) or
// "other" (`kOther`).
std::string BarrierKeyOf(py::handle config, const std::string& component,
                         const std::string& key,
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
  const Multihost m = MultihostOf(config);
  return UniqueBarrierKey(key, BarrierKeyPrefix(m.multiprocessing, owner),
                          suffix);
}

// barrier_timeout_ms(config)
//
// `BarrierTimeoutMs()` of the options of `config`.
int64_t BarrierTimeoutMsOf(py::handle config) {
  return BarrierTimeoutMs(MultihostOf(config).async);
}

// is_primary_host(config, process_index)
//
// `IsPrimaryHost()` of the options of `config`.
bool IsPrimaryHostOf(py::handle config, int32_t process_index) {
  return IsPrimaryHost(MultihostOf(config).multiprocessing, process_index);
}

// active_processes(config, limit)
//
// None if the options of `config` leave `active_processes` unset; otherwise
// `(members, size)`: the members below `limit` (a job's process count), in
// ascending order, and the set's size.
py::object ActiveProcessesOf(py::handle config, int32_t limit) {
  const Multihost m = MultihostOf(config);
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
  m.def("print_message", &impl::PrintMessageOf, py::arg("type"),
        py::arg("message"), py::arg("format"), py::arg("name"));
  m.def("print_effective", &impl::PrintEffectiveOf, py::arg("config"),
        py::arg("format"));
  m.def("diff", &impl::DiffOf, py::arg("a"), py::arg("b"));
  m.def("policies", &impl::PoliciesOf, py::arg("config"));
  m.def("best_n_paths", &impl::BestNPathsOf, py::arg("data"));
  m.def("barrier_key", &impl::BarrierKeyOf, py::arg("config"),
        py::arg("component"), py::arg("key"), py::arg("suffix"));
  m.def("barrier_timeout_ms", &impl::BarrierTimeoutMsOf, py::arg("config"));
  m.def("is_primary_host", &impl::IsPrimaryHostOf, py::arg("config"),
        py::arg("process_index"));
  m.def("active_processes", &impl::ActiveProcessesOf, py::arg("config"),
        py::arg("limit"));
  m.def("process_set_text", &impl::ProcessSetText, py::arg("indices"));
  m.def("diagnostic_text", &impl::DiagnosticText, py::arg("severity"),
        py::arg("file"), py::arg("line"), py::arg("column"), py::arg("path"),
        py::arg("message"));
}
