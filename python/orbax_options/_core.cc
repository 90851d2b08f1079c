// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: _core.cc
// -----------------------------------------------------------------------------
//
// `orbax_options._core`: the private extension module under the Python
// package, as RE2's `_re2`. It binds the C++ library thinly; the public API is
// the plain Python around it (`__init__.py`, `_config.py`, ...).
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
//     `(severity, code, file, line, column, path, message, text)`, where
//     `text` is `Diagnostic::ToString()`, the command's stderr line.
//   * The GIL is released around all C++ work; Python objects are read
//     before and built after it.
//   * No C++ exception escapes: pybind11 turns `std::bad_alloc` into
//     `MemoryError` and any other `std::exception` into `RuntimeError`, and
//     the library itself reports every problem as a value.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <structmember.h>
#include <time.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_join.h"
#include "orbax/checkpoint/options/checkpoint_manager.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/diff.h"
#include "orbax/checkpoint/options/fingerprint.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/printing.h"
#include "orbax/checkpoint/options/roots.h"
#include "orbax/checkpoint/options/schema.h"

namespace py = pybind11;

namespace orbax::checkpoint::options::python {
namespace {

constexpr Format kFormats[] = {Format::kText, Format::kJson, Format::kBinary};

// Root<Options>
//
// A root type (roots.h) as a value, for generic lambdas.
template <typename Options>
struct Root {
  using type = Options;
};

// The root types, in the order of the command's `--type` (the first is the
// default): the one list that `WithRoot()` and `TYPES` read.
using Roots =
    std::tuple<Root<CheckpointOptions>, Root<CheckpointManagerOptions>>;

// The names of `Roots`.
std::vector<std::string_view> RootNames() {
  return std::apply(
      [](auto... root) {
        return std::vector<std::string_view>{
            RootName<typename decltype(root)::type>()...};
      },
      Roots{});
}

// The names of `Roots` as interned Python strings, in `Roots` order: the
// objects of `TYPES`, made when the module is imported (with the GIL held)
// and never freed.
PyObject* root_name_objects[std::tuple_size_v<Roots>] = {};

// Returns `run(Root<Options>{})` for the root type named `type`. Raises
// TypeError if `type` is not a str, and ValueError naming the root types if
// it names none of them. The objects of `TYPES` (and interned equal
// strings, such as literals) are known by identity, without comparing text:
// `loads()` passes one on every call.
template <typename Run>
py::object WithRoot(py::handle type, Run run) {
  constexpr size_t kCount = std::tuple_size_v<Roots>;
  size_t index = 0;
  while (index < kCount && type.ptr() != root_name_objects[index]) ++index;
  if (index == kCount) {
    if (!PyUnicode_Check(type.ptr())) {
      throw py::type_error(
          "argument 'type' must be str, not " +
          std::string(py::str(type.get_type().attr("__name__"))));
    }
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(type.ptr(), &size);
    if (utf8 == nullptr) throw py::error_already_set();
    const std::string_view name(utf8, static_cast<size_t>(size));
    const std::vector<std::string_view> names = RootNames();
    index = static_cast<size_t>(std::find(names.begin(), names.end(), name) -
                                names.begin());
    if (index == kCount) {
      throw py::value_error(
          "unknown type '" + std::string(name) + "'; expected one of " +
          absl::StrJoin(names, ", ",
                        [](std::string* out, std::string_view root_name) {
                          out->append(root_name);
                        }));
    }
  }
  py::object result;
  size_t i = 0;
  std::apply(
      [&](auto... root) {
        return ((i++ == index && (result = run(root), true)) || ...);
      },
      Roots{});
  return result;
}

// Returns the bytes of `data` without copying: a `bytes` object's buffer, or
// a `str`'s UTF-8 form (cached by Python in the object). The caller keeps
// `data` alive. Raises TypeError naming `argument` for any other type.
std::string_view ViewBytes(py::handle data, const char* argument) {
  PyObject* object = data.ptr();
  if (PyBytes_Check(object)) {
    return std::string_view(PyBytes_AS_STRING(object),
                            static_cast<size_t>(PyBytes_GET_SIZE(object)));
  }
  if (PyUnicode_Check(object)) {
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(object, &size);
    if (utf8 == nullptr) throw py::error_already_set();
    return std::string_view(utf8, static_cast<size_t>(size));
  }
  throw py::type_error("argument '" + std::string(argument) +
                       "' must be str or bytes, not " +
                       std::string(py::str(data.get_type().attr("__name__"))));
}

Format FormatOf(int format) {
  if (format < 0 || format >= static_cast<int>(std::size(kFormats))) {
    throw py::value_error("unknown format number " + std::to_string(format));
  }
  return kFormats[format];
}

// Decodes `s` as UTF-8 with `errors` (never fails: "surrogateescape" keeps
// any byte, as `os.fsdecode` does for file names).
py::str Decode(const std::string& s, const char* errors) {
  PyObject* decoded =
      PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), errors);
  if (decoded == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(decoded);
}

py::bytes Bytes(const std::string& s) { return py::bytes(s.data(), s.size()); }

py::tuple DiagnosticTuple(const Diagnostic& d) {
  return py::make_tuple(
      d.severity == Diagnostic::Severity::kError ? "error" : "warning",
      absl::StatusCodeToString(d.code),
      Decode(d.location.file, "surrogateescape"), d.location.line,
      d.location.column, Decode(d.path, "backslashreplace"),
      Decode(d.message, "backslashreplace"),
      Decode(d.ToString(), "backslashreplace"));
}

py::list DiagnosticList(const std::vector<Diagnostic>& diagnostics) {
  py::list out;
  for (const Diagnostic& d : diagnostics) out.append(DiagnosticTuple(d));
  return out;
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

// (effective, minimal, fingerprint, diagnostics); the first three are None
// when there is an error.
py::tuple LoadedTuple(const Loaded& loaded) {
  if (!loaded.ok) {
    return py::make_tuple(py::none(), py::none(), py::none(),
                          DiagnosticList(loaded.diagnostics));
  }
  return py::make_tuple(Bytes(loaded.effective), Bytes(loaded.minimal),
                        py::str(loaded.fingerprint),
                        DiagnosticList(loaded.diagnostics));
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
  return WithRoot(type, [&](auto root) -> py::object {
    using Options = typename decltype(root)::type;
    Loaded loaded;
    {
      py::gil_scoped_release release;
      Finish(
          LoadConfig<Options>(paths, parsed, format, load, loaded.diagnostics),
          loaded);
    }
    return LoadedTuple(loaded);
  });
}

// load_string(type, data, format, name, allow_unknown_fields)
//
// One in-memory source through the located path (`ParseLayer()` and
// `Resolve()`): everything `load_files()` gives, warnings included.
template <typename Options>
py::tuple LoadStringAs(py::handle data, int format, py::handle name,
                       bool allow_unknown_fields) {
  const std::string_view bytes = ViewBytes(data, "data");
  const std::string_view source = ViewBytes(name, "name");
  const Format parsed_format = FormatOf(format);
  LoadOptions load;
  load.allow_unknown_fields = allow_unknown_fields;
  Loaded loaded;
  {
    py::gil_scoped_release release;
    std::optional<BasicLayer<Options>> layer = ParseLayer<Options>(
        bytes, parsed_format, source, load, loaded.diagnostics);
    if (layer) {
      std::vector<BasicLayer<Options>> layers;
      layers.push_back(*std::move(layer));
      Finish(Resolve(std::move(layers), loaded.diagnostics), loaded);
    }
  }
  return LoadedTuple(loaded);
}

py::object LoadString(py::handle type, py::handle data, int format,
                      py::handle name, bool allow_unknown_fields) {
  return WithRoot(type, [&](auto root) -> py::object {
    return LoadStringAs<typename decltype(root)::type>(data, format, name,
                                                       allow_unknown_fields);
  });
}

// Runs `LoadFromString()`, the fast path of one in-memory source, with the
// GIL released. Returns the options, or the diagnostics of the located path
// instead (a list), which fails on exactly the same inputs (the fuzzers
// check it).
template <typename Options>
std::variant<Options, py::list> LoadFast(py::handle data, int format,
                                         py::handle name,
                                         bool allow_unknown_fields) {
  const std::string_view bytes = ViewBytes(data, "data");
  const std::string_view source = ViewBytes(name, "name");
  const Format parsed_format = FormatOf(format);
  LoadOptions load;
  load.allow_unknown_fields = allow_unknown_fields;
  std::optional<Options> options;
  {
    py::gil_scoped_release release;
    absl::StatusOr<Options> loaded =
        LoadFromString<Options>(bytes, parsed_format, load, source);
    if (loaded.ok()) options = *std::move(loaded);
  }
  if (options) return *std::move(options);
  py::tuple full =
      LoadStringAs<Options>(data, format, name, allow_unknown_fields);
  if (!full[0].is_none()) {  // Never: both paths accept the same inputs.
    throw std::logic_error("LoadFromString() and the located path disagree");
  }
  return py::reinterpret_borrow<py::list>(full[3]);
}

// ConfigBase
//
// The C++ half of `orbax_options.Config`, its base class: what `loads()`
// needs to make a Config in one call. `load_config()` keeps the options it
// loaded here, as C++ values, and works out their bytes and fingerprint only
// when first asked for (`_effective_bytes`, `_fingerprint`); `load()` sets
// those from what `load_files()` gave. The Python class holds the rest.
//
//   _type             (root type name, message class), as Config reads it
//   _effective_bytes  `EffectiveBytes()` of the options (bytes)
//   _fingerprint      `Fingerprint()` of the options (str)
//   _source           (data, format, name, allow_unknown_fields) of loads()
//
// Each raises AttributeError while it is neither set nor computable.
using HeldOptions =
    std::variant<std::monostate, CheckpointOptions, CheckpointManagerOptions>;

struct ConfigObject {
  PyObject_HEAD PyObject* type;  // Owned, or null.
  PyObject* effective_bytes;     // Owned, or null: computed from `options`.
  PyObject* fingerprint;         // Owned, or null: computed from `options`.
  PyObject* data;                // Owned, or null: loads() only.
  PyObject* name;                // Owned, or null.
  int format;
  bool allow_unknown_fields;
  HeldOptions options;  // Constructed by ConfigNew() or LoadConfig().
};

ConfigObject* AsConfig(PyObject* self) {
  return reinterpret_cast<ConfigObject*>(self);
}

PyObject* ConfigNew(PyTypeObject* type, PyObject* /*args*/,
                    PyObject* /*kwargs*/) {
  PyObject* self = type->tp_alloc(type, 0);  // Zeroed: every pointer null.
  if (self != nullptr) new (&AsConfig(self)->options) HeldOptions();
  return self;
}

void ConfigDealloc(PyObject* self) {
  PyTypeObject* type = Py_TYPE(self);
  ConfigObject* config = AsConfig(self);
  config->options.~HeldOptions();
  Py_CLEAR(config->type);
  Py_CLEAR(config->effective_bytes);
  Py_CLEAR(config->fingerprint);
  Py_CLEAR(config->data);
  Py_CLEAR(config->name);
  type->tp_free(self);
  Py_DECREF(type);  // A heap type's instances own a reference to it.
}

// Returns a new reference to `*slot`, first computing it as `compute(options)`
// (std::string, made into `str` or `bytes`) if it is null and the object
// holds options; AttributeError naming `attribute` if neither.
template <typename Compute>
PyObject* GetComputed(PyObject* self, PyObject** slot, const char* attribute,
                      bool as_str, Compute compute) {
  ConfigObject* config = AsConfig(self);
  if (*slot == nullptr &&
      !std::holds_alternative<std::monostate>(config->options)) {
    std::string value;
    {
      py::gil_scoped_release release;
      value = std::visit(
          [&](const auto& options) -> std::string {
            if constexpr (std::is_same_v<std::decay_t<decltype(options)>,
                                         std::monostate>) {
              return "";
            } else {
              return compute(options);
            }
          },
          config->options);
    }
    *slot = as_str ? PyUnicode_FromStringAndSize(
                         value.data(), static_cast<Py_ssize_t>(value.size()))
                   : PyBytes_FromStringAndSize(
                         value.data(), static_cast<Py_ssize_t>(value.size()));
    if (*slot == nullptr) return nullptr;
  }
  if (*slot == nullptr) {
    PyErr_SetString(PyExc_AttributeError, attribute);
    return nullptr;
  }
  Py_INCREF(*slot);
  return *slot;
}

int SetSlot(PyObject** slot, PyObject* value) {
  Py_XINCREF(value);  // Null: `del`.
  Py_XSETREF(*slot, value);
  return 0;
}

PyObject* GetType(PyObject* self, void*) {
  PyObject* type = AsConfig(self)->type;
  if (type == nullptr) {
    PyErr_SetString(PyExc_AttributeError, "_type");
    return nullptr;
  }
  Py_INCREF(type);
  return type;
}
int SetType(PyObject* self, PyObject* value, void*) {
  return SetSlot(&AsConfig(self)->type, value);
}

PyObject* GetEffectiveBytes(PyObject* self, void*) {
  return GetComputed(self, &AsConfig(self)->effective_bytes, "_effective_bytes",
                     /*as_str=*/false, [](const auto& options) {
                       return EffectiveBytes(options);
                     });
}
int SetEffectiveBytes(PyObject* self, PyObject* value, void*) {
  return SetSlot(&AsConfig(self)->effective_bytes, value);
}

PyObject* GetFingerprint(PyObject* self, void*) {
  return GetComputed(self, &AsConfig(self)->fingerprint, "_fingerprint",
                     /*as_str=*/true,
                     [](const auto& options) { return Fingerprint(options); });
}
int SetFingerprint(PyObject* self, PyObject* value, void*) {
  return SetSlot(&AsConfig(self)->fingerprint, value);
}

PyObject* GetSource(PyObject* self, void*) {
  ConfigObject* config = AsConfig(self);
  if (config->data == nullptr) {
    PyErr_SetString(PyExc_AttributeError, "_source");
    return nullptr;
  }
  return Py_BuildValue("(OiOO)", config->data, config->format, config->name,
                       config->allow_unknown_fields ? Py_True : Py_False);
}

PyGetSetDef kConfigGetSet[] = {
    {"_type", &GetType, &SetType, nullptr, nullptr},
    {"_effective_bytes", &GetEffectiveBytes, &SetEffectiveBytes, nullptr,
     nullptr},
    {"_fingerprint", &GetFingerprint, &SetFingerprint, nullptr, nullptr},
    {"_source", &GetSource, nullptr, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyType_Slot kConfigSlots[] = {
    {Py_tp_new, reinterpret_cast<void*>(&ConfigNew)},
    {Py_tp_dealloc, reinterpret_cast<void*>(&ConfigDealloc)},
    {Py_tp_getset, kConfigGetSet},
    {Py_tp_doc,
     const_cast<char*>("Private: the C++ half of orbax_options.Config.")},
    {0, nullptr},
};

PyType_Spec kConfigSpec = {
    "orbax_options._core.ConfigBase",
    static_cast<int>(sizeof(ConfigObject)),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    kConfigSlots,
};

PyTypeObject* config_base = nullptr;  // Made at import, never freed.

// A new `cls` (a subclass of ConfigBase) holding the options of one
// in-memory source, its `_type` `root` (a (name, class) pair of the root
// type) and its `_source`; or the source's diagnostics (a list).
py::object NewConfig(PyTypeObject* cls, PyObject* root, PyObject* data,
                     int format, PyObject* name, bool allow_unknown_fields) {
  return WithRoot(PyTuple_GET_ITEM(root, 0), [&](auto r) -> py::object {
    using Options = typename decltype(r)::type;
    std::variant<Options, py::list> loaded =
        LoadFast<Options>(data, format, name, allow_unknown_fields);
    if (auto* diagnostics = std::get_if<py::list>(&loaded)) {
      return std::move(*diagnostics);
    }
    PyObject* self = cls->tp_alloc(cls, 0);
    if (self == nullptr) throw py::error_already_set();
    ConfigObject* config = AsConfig(self);
    new (&config->options) HeldOptions(std::get<Options>(std::move(loaded)));
    Py_INCREF(root);
    config->type = root;
    Py_INCREF(data);
    config->data = data;
    Py_INCREF(name);
    config->name = name;
    config->format = format;
    config->allow_unknown_fields = allow_unknown_fields;
    return py::reinterpret_steal<py::object>(self);
  });
}

// Runs `body()` (a PyObject* or a py::object), turning a C++ exception into
// the Python exception pybind11 would raise: for functions that CPython
// calls directly.
template <typename Body>
PyObject* Guarded(Body body) {
  try {
    return py::object(body()).release().ptr();
  } catch (...) {
    py::detail::translate_exception(std::current_exception());
    return nullptr;
  }
}

bool IsConfigClass(PyObject* cls) {
  return PyType_Check(cls) &&
         PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(cls), config_base);
}

bool IsRoot(PyObject* root) {
  return PyTuple_Check(root) && PyTuple_GET_SIZE(root) == 2;
}

// load_config(cls, root, data, format, name, allow_unknown_fields)
//
// `NewConfig()`, for loads() on the way that checks every argument.
PyObject* LoadConfig(PyObject* /*module*/, PyObject* const* args,
                     Py_ssize_t nargs) {
  return Guarded([&] {
    if (nargs != 6) {
      throw py::type_error(
          "load_config() takes 6 arguments: cls, root, data, format, name, "
          "allow_unknown_fields");
    }
    if (!IsConfigClass(args[0])) {
      throw py::type_error("load_config(): cls must be a ConfigBase class");
    }
    if (!IsRoot(args[1])) {
      throw py::type_error("load_config(): root must be a (name, class) pair");
    }
    const long format = PyLong_AsLong(args[3]);
    if (format == -1 && PyErr_Occurred()) throw py::error_already_set();
    const int allow_unknown_fields = PyObject_IsTrue(args[5]);
    if (allow_unknown_fields < 0) throw py::error_already_set();
    return NewConfig(reinterpret_cast<PyTypeObject*>(args[0]), args[1], args[2],
                     static_cast<int>(format), args[4],
                     allow_unknown_fields != 0);
  });
}

PyMethodDef kLoadConfigDef = {
    "load_config",
    reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&LoadConfig)),
    METH_FASTCALL,
    "load_config(cls, root, data, format, name, allow_unknown_fields): a new "
    "cls holding the options of one source, or its diagnostics (a list)."};

// LoadsFastPath
//
// `orbax_options.loads`: a callable that runs `slow` (the Python `loads()`,
// which checks every argument and raises every error) with the same
// arguments, except in the common case, which it takes in C with no Python
// frame: `data` str or bytes, `format` one of `formats`' keys, `name` a str,
// `allow_unknown_fields` a bool, `type` the default root class, and a source
// that loads. Then the result is `slow`'s: a new `cls` made by
// `NewConfig()`. Made by `_config.py`, which copies `slow`'s name and
// docstring onto it (`functools.update_wrapper`, into its `__dict__`).
//
// A Python frame and its checks cost about a fifth of a small binary load
// (docs/PERFORMANCE.md), which is what `loads()` is measured on.
struct LoadsFastPathObject {
  PyObject_HEAD vectorcallfunc vectorcall;
  PyObject* dict;  // `__dict__`: `__doc__`, `__wrapped__`, ...
  PyObject* slow;
  PyObject* cls;
  PyObject* default_root;  // (name, class)
  PyObject* formats;       // {format name: number}
};

// The keyword arguments `LoadsFastPath` takes itself, interned.
PyObject* kw_name = nullptr;
PyObject* kw_allow_unknown_fields = nullptr;
PyObject* kw_type = nullptr;
PyObject* default_source_name = nullptr;  // "<string>"

LoadsFastPathObject* AsFastPath(PyObject* self) {
  return reinterpret_cast<LoadsFastPathObject*>(self);
}

PyObject* CallSlow(LoadsFastPathObject* self, PyObject* const* args,
                   size_t nargsf, PyObject* kwnames) {
  return PyObject_Vectorcall(self->slow, args, nargsf, kwnames);
}

// The keyword `key` (interned, as Python passes keywords) is `known`.
bool IsKeyword(PyObject* key, PyObject* known) {
  return key == known || PyUnicode_Compare(key, known) == 0;
}

PyObject* LoadsFastPathCall(PyObject* callable, PyObject* const* args,
                            size_t nargsf, PyObject* kwnames) {
  LoadsFastPathObject* self = AsFastPath(callable);
  const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  if (nargs != 2) return CallSlow(self, args, nargsf, kwnames);
  PyObject* name = default_source_name;
  PyObject* allow = Py_False;
  PyObject* type = PyTuple_GET_ITEM(self->default_root, 1);
  const Py_ssize_t nkw = kwnames == nullptr ? 0 : PyTuple_GET_SIZE(kwnames);
  for (Py_ssize_t i = 0; i < nkw; ++i) {
    PyObject* key = PyTuple_GET_ITEM(kwnames, i);
    PyObject* value = args[nargs + i];
    if (IsKeyword(key, kw_name)) {
      name = value;
    } else if (IsKeyword(key, kw_allow_unknown_fields)) {
      allow = value;
    } else if (IsKeyword(key, kw_type)) {
      type = value;
    } else {
      return CallSlow(self, args, nargsf, kwnames);
    }
  }
  PyObject* data = args[0];
  PyObject* format = args[1];
  PyObject* number = PyUnicode_CheckExact(format)
                         ? PyDict_GetItemWithError(self->formats, format)
                         : nullptr;
  if (number == nullptr || !PyLong_CheckExact(number) ||
      !(PyBytes_Check(data) || PyUnicode_Check(data)) ||
      !PyUnicode_Check(name) || (allow != Py_True && allow != Py_False) ||
      type != PyTuple_GET_ITEM(self->default_root, 1)) {
    if (PyErr_Occurred()) return nullptr;
    return CallSlow(self, args, nargsf, kwnames);
  }
  PyObject* config = Guarded([&] {
    return NewConfig(
        reinterpret_cast<PyTypeObject*>(self->cls), self->default_root, data,
        static_cast<int>(PyLong_AsLong(number)), name, allow == Py_True);
  });
  if (config == nullptr ||
      Py_TYPE(config) == reinterpret_cast<PyTypeObject*>(self->cls)) {
    return config;
  }
  // Diagnostics: `slow` loads again on the located path and raises them.
  Py_DECREF(config);
  return CallSlow(self, args, nargsf, kwnames);
}

PyObject* LoadsFastPathNew(PyTypeObject* type, PyObject* args,
                           PyObject* kwargs) {
  PyObject *slow, *cls, *default_root, *formats;
  static const char* keywords[] = {"slow", "cls", "default_root", "formats",
                                   nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOOO!:LoadsFastPath",
                                   const_cast<char**>(keywords), &slow, &cls,
                                   &default_root, &PyDict_Type, &formats)) {
    return nullptr;
  }
  if (!PyCallable_Check(slow) || !IsConfigClass(cls) || !IsRoot(default_root)) {
    PyErr_SetString(PyExc_TypeError,
                    "LoadsFastPath(slow, cls, default_root, formats): a "
                    "callable, a ConfigBase class, a (name, class) pair and a "
                    "dict");
    return nullptr;
  }
  PyObject* object = type->tp_alloc(type, 0);
  if (object == nullptr) return nullptr;
  LoadsFastPathObject* self = AsFastPath(object);
  self->vectorcall = &LoadsFastPathCall;
  Py_INCREF(slow);
  self->slow = slow;
  Py_INCREF(cls);
  self->cls = cls;
  Py_INCREF(default_root);
  self->default_root = default_root;
  Py_INCREF(formats);
  self->formats = formats;
  return object;
}

int LoadsFastPathTraverse(PyObject* object, visitproc visit, void* arg) {
  LoadsFastPathObject* self = AsFastPath(object);
  Py_VISIT(Py_TYPE(object));
  Py_VISIT(self->dict);
  Py_VISIT(self->slow);
  Py_VISIT(self->cls);
  Py_VISIT(self->default_root);
  Py_VISIT(self->formats);
  return 0;
}

int LoadsFastPathClear(PyObject* object) {
  LoadsFastPathObject* self = AsFastPath(object);
  Py_CLEAR(self->dict);
  Py_CLEAR(self->slow);
  Py_CLEAR(self->cls);
  Py_CLEAR(self->default_root);
  Py_CLEAR(self->formats);
  return 0;
}

void LoadsFastPathDealloc(PyObject* object) {
  PyTypeObject* type = Py_TYPE(object);
  PyObject_GC_UnTrack(object);
  LoadsFastPathClear(object);
  type->tp_free(object);
  Py_DECREF(type);
}

PyObject* LoadsFastPathRepr(PyObject* object) {
  return PyObject_Repr(AsFastPath(object)->slow);
}

PyMemberDef kLoadsFastPathMembers[] = {
    {"__vectorcalloffset__", T_PYSSIZET,
     offsetof(LoadsFastPathObject, vectorcall), READONLY, nullptr},
    {"__dictoffset__", T_PYSSIZET, offsetof(LoadsFastPathObject, dict),
     READONLY, nullptr},
    {nullptr, 0, 0, 0, nullptr},
};

PyGetSetDef kLoadsFastPathGetSet[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, nullptr,
     nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyType_Slot kLoadsFastPathSlots[] = {
    {Py_tp_new, reinterpret_cast<void*>(&LoadsFastPathNew)},
    {Py_tp_dealloc, reinterpret_cast<void*>(&LoadsFastPathDealloc)},
    {Py_tp_traverse, reinterpret_cast<void*>(&LoadsFastPathTraverse)},
    {Py_tp_clear, reinterpret_cast<void*>(&LoadsFastPathClear)},
    {Py_tp_call, reinterpret_cast<void*>(&PyVectorcall_Call)},
    {Py_tp_repr, reinterpret_cast<void*>(&LoadsFastPathRepr)},
    {Py_tp_members, kLoadsFastPathMembers},
    {Py_tp_getset, kLoadsFastPathGetSet},
    {Py_tp_doc, const_cast<char*>("Private: loads() with its common case in "
                                  "C; see _core.cc.")},
    {0, nullptr},
};

PyType_Spec kLoadsFastPathSpec = {
    "orbax_options._core.LoadsFastPath",
    static_cast<int>(sizeof(LoadsFastPathObject)),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    kLoadsFastPathSlots,
};

// Interns `text` for good (the module's reference).
PyObject* Interned(const char* text) {
  PyObject* s = PyUnicode_InternFromString(text);
  if (s == nullptr) throw py::error_already_set();
  return s;
}

// `result(options)` (std::string) of one in-memory source as bytes,
// computed with the GIL released, or the source's diagnostics (a list).
template <typename Result>
py::object LoadAndThen(py::handle type, py::handle data, int format,
                       py::handle name, bool allow_unknown_fields,
                       Result result) {
  return WithRoot(type, [&](auto root) -> py::object {
    using Options = typename decltype(root)::type;
    std::variant<Options, py::list> loaded =
        LoadFast<Options>(data, format, name, allow_unknown_fields);
    if (auto* diagnostics = std::get_if<py::list>(&loaded)) {
      return std::move(*diagnostics);
    }
    std::string out;
    {
      py::gil_scoped_release release;
      out = result(std::get<Options>(loaded));
    }
    return Bytes(out);
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

// print_message(type, message, format)
//
// `PrintMessage()` of a serialised message of the root `type`: str for text
// and JSON, bytes for binary.
py::object PrintMessageOf(py::handle type, py::bytes message, int format) {
  const std::string_view bytes = ViewBytes(message, "message");
  const Format parsed_format = FormatOf(format);
  return WithRoot(type, [&](auto root) -> py::object {
    using Options = typename decltype(root)::type;
    std::string printed;
    bool parsed = false;
    {
      py::gil_scoped_release release;
      MessageOf<Options> m;
      parsed = m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
      if (parsed) printed = PrintMessage(m, parsed_format);
    }
    if (!parsed) {
      throw py::value_error("not a serialised " +
                            std::string(RootName<Options>()));
    }
    if (parsed_format == Format::kBinary) return Bytes(printed);
    return Decode(printed, "strict");
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
  impl::config_base =
      reinterpret_cast<PyTypeObject*>(PyType_FromSpec(&impl::kConfigSpec));
  if (impl::config_base == nullptr) throw py::error_already_set();
  m.attr("ConfigBase") = py::reinterpret_borrow<py::object>(
      reinterpret_cast<PyObject*>(impl::config_base));
  impl::kw_name = impl::Interned("name");
  impl::kw_allow_unknown_fields = impl::Interned("allow_unknown_fields");
  impl::kw_type = impl::Interned("type");
  impl::default_source_name = impl::Interned("<string>");
  m.attr("LoadsFastPath") = py::reinterpret_steal<py::object>(
      PyType_FromSpec(&impl::kLoadsFastPathSpec));
  m.attr("load_config") = py::reinterpret_steal<py::object>(PyCFunction_NewEx(
      &impl::kLoadConfigDef, nullptr, m.attr("__name__").ptr()));
  m.def("effective_bytes", &impl::EffectiveBytesOf, py::arg("type"),
        py::arg("data"), py::arg("format"), py::arg("name"),
        py::arg("allow_unknown_fields"));
  m.def("fingerprint", &impl::FingerprintOf, py::arg("type"), py::arg("data"),
        py::arg("format"), py::arg("name"), py::arg("allow_unknown_fields"));
  m.def("print_message", &impl::PrintMessageOf, py::arg("type"),
        py::arg("message"), py::arg("format"));
  m.def("diff", &impl::DiffOf, py::arg("type"), py::arg("a"), py::arg("b"));
  m.def("policies", &impl::PoliciesOf, py::arg("data"));
  m.def("best_n_paths", &impl::BestNPathsOf, py::arg("data"));
  m.def("diagnostic_text", &impl::DiagnosticText, py::arg("severity"),
        py::arg("file"), py::arg("line"), py::arg("column"), py::arg("path"),
        py::arg("message"));
  m.def("time_load_from_string", &impl::TimeLoadFromString, py::arg("type"),
        py::arg("data"), py::arg("format"), py::arg("iterations"));
}
