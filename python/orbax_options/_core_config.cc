// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "_core_config.h"

#include <pybind11/pybind11.h>
#include <structmember.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "_core_values.h"
#include "absl/status/statusor.h"
#include "orbax/checkpoint/options/fingerprint.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/roots.h"

namespace orbax::checkpoint::options::python {
namespace {

// ConfigBase
//
// The C++ half of `orbax_options.Config`, its base class, which holds all of
// a Config's state: what `loads()` needs to make a Config in one call.
// `load_config()` keeps the options it loaded here, as C++ values, and works
// out their bytes and fingerprint only when first asked for; `load()` sets
// them from what `load_files()` gave. The attributes, each of which raises
// AttributeError while it is neither set nor computable:
//
//   _type             (root type name, message class)
//   _effective_bytes  `EffectiveBytes()` of the options (bytes)
//   _fingerprint      `Fingerprint()` of the options (str)
//   _minimal_bytes, _warnings
//                     set by the Python class (`Config._resolve()`, ...)
//   _source           (data, format, name, allow_unknown_fields) of loads()
//
// The options of the default root stand in the object itself; those of the
// other roots, larger (a `CheckpointManagerOptions` is 560 bytes), on the
// heap, so that the object stays small enough for Python's own allocator
// (512 bytes at most).
template <typename Options>
using HeldForm =
    std::conditional_t<std::is_same_v<Options, CheckpointOptions>, Options,
                       std::unique_ptr<const Options>>;
template <typename RootList>
struct HeldVariant;
template <typename... Options>
struct HeldVariant<std::tuple<std::type_identity<Options>...>> {
  using type = std::variant<std::monostate, HeldForm<Options>...>;
};
using HeldOptions = HeldVariant<Roots>::type;

template <typename Options>
HeldOptions Held(Options&& options) {
  if constexpr (std::is_same_v<Options, CheckpointOptions>) {
    return std::move(options);
  } else {
    return std::make_unique<const Options>(std::move(options));
  }
}

// The options held, by reference, for a visitor.
const CheckpointOptions& Options(const CheckpointOptions& options) {
  return options;
}
template <typename O>
const O& Options(const std::unique_ptr<const O>& options) {
  return *options;
}

// The attributes held as Python objects, in `ConfigObject::slots`.
enum Slot : int {
  kType,
  kEffectiveBytes,
  kFingerprint,
  kMinimalBytes,
  kWarnings,
  kData,  // `_source`'s data and name.
  kName,
  kSlotCount,
};

constexpr const char* kSlotNames[kSlotCount] = {
    "_type",     "_effective_bytes", "_fingerprint", "_minimal_bytes",
    "_warnings", "_data",            "_name"};

struct ConfigObject {
  PyObject ob_base;             // PyObject_HEAD
  PyObject* slots[kSlotCount];  // Owned, or null: not set.
  int format;                   // `_source`'s.
  bool allow_unknown_fields;
  HeldOptions options;  // Constructed by ConfigNew() or NewConfig().
};
// Python's allocator takes requests of up to 512 bytes; the garbage
// collector's header (two pointers) comes before the object.
static_assert(sizeof(ConfigObject) + 2 * sizeof(void*) <= 512);

ConfigObject* AsConfig(PyObject* self) {
  return reinterpret_cast<ConfigObject*>(self);
}

PyObject* ConfigNew(PyTypeObject* type, PyObject* /*args*/,
                    PyObject* /*kwargs*/) {
  PyObject* self = type->tp_alloc(type, 0);  // Zeroed: every slot null.
  if (self != nullptr) new (&AsConfig(self)->options) HeldOptions();
  return self;
}

int ConfigTraverse(PyObject* self, visitproc visit, void* arg) {
  Py_VISIT(Py_TYPE(self));
  for (PyObject* slot : AsConfig(self)->slots) Py_VISIT(slot);
  return 0;
}

int ConfigClear(PyObject* self) {
  for (PyObject*& slot : AsConfig(self)->slots) Py_CLEAR(slot);
  return 0;
}

// The trashcan defers the frees of a long chain (a slot holding another
// ConfigBase, and so on), which would otherwise recurse once per link.
void ConfigDealloc(PyObject* self) {
  PyTypeObject* type = Py_TYPE(self);
  PyObject_GC_UnTrack(self);
  Py_TRASHCAN_BEGIN(self, ConfigDealloc)
  AsConfig(self)->options.~HeldOptions();
  ConfigClear(self);
  type->tp_free(self);
  Py_DECREF(type);  // A heap type's instances own a reference to it.
  Py_TRASHCAN_END
}

// `compute(options)` of the options the object holds, made into `str` or
// `bytes` (with the GIL released while it runs); null if it holds none, or
// with an exception set if it fails (e.g. MemoryError).
template <typename Compute>
PyObject* Computed(const ConfigObject& config, bool as_str, Compute compute) {
  if (std::holds_alternative<std::monostate>(config.options)) return nullptr;
  std::string value;
  try {
    py::gil_scoped_release release;
    value = std::visit(
        [&](const auto& options) -> std::string {
          if constexpr (std::is_same_v<std::decay_t<decltype(options)>,
                                       std::monostate>) {
            return "";
          } else {
            return compute(Options(options));
          }
        },
        config.options);
  } catch (...) {
    py::detail::translate_exception(std::current_exception());
    return nullptr;
  }
  const auto size = static_cast<Py_ssize_t>(value.size());
  return as_str ? PyUnicode_FromStringAndSize(value.data(), size)
                : PyBytes_FromStringAndSize(value.data(), size);
}

// The getter of slot `closure` (a `Slot`): a new reference to its object,
// computed first for `_effective_bytes` and `_fingerprint`.
PyObject* GetSlot(PyObject* self, void* closure) {
  ConfigObject* config = AsConfig(self);
  const auto slot = static_cast<Slot>(reinterpret_cast<intptr_t>(closure));
  PyObject*& value = config->slots[slot];
  if (value == nullptr && (slot == kEffectiveBytes || slot == kFingerprint)) {
    PyObject* computed =
        slot == kEffectiveBytes
            ? Computed(*config, /*as_str=*/false,
                       [](const auto& o) { return EffectiveBytes(o); })
            : Computed(*config, /*as_str=*/true,
                       [](const auto& o) { return Fingerprint(o); });
    if (computed == nullptr && PyErr_Occurred()) return nullptr;
    // Another thread may have stored it while the GIL was released.
    if (value == nullptr) {
      value = computed;
    } else {
      Py_XDECREF(computed);
    }
  }
  if (value == nullptr) {
    PyErr_SetString(PyExc_AttributeError, kSlotNames[slot]);
    return nullptr;
  }
  Py_INCREF(value);
  return value;
}

int SetSlot(PyObject* self, PyObject* value, void* closure) {
  const auto slot = static_cast<Slot>(reinterpret_cast<intptr_t>(closure));
  Py_XINCREF(value);  // Null: `del`.
  Py_XSETREF(AsConfig(self)->slots[slot], value);
  return 0;
}

PyObject* GetSource(PyObject* self, void*) {
  ConfigObject* config = AsConfig(self);
  if (config->slots[kData] == nullptr) {
    PyErr_SetString(PyExc_AttributeError, "_source");
    return nullptr;
  }
  return Py_BuildValue("(OiOO)", config->slots[kData], config->format,
                       config->slots[kName],
                       config->allow_unknown_fields ? Py_True : Py_False);
}

constexpr PyGetSetDef SlotGetSet(Slot slot) {
  return {kSlotNames[slot], &GetSlot, &SetSlot, nullptr,
          reinterpret_cast<void*>(static_cast<intptr_t>(slot))};
}

PyGetSetDef kConfigGetSet[] = {
    SlotGetSet(kType),
    SlotGetSet(kEffectiveBytes),
    SlotGetSet(kFingerprint),
    SlotGetSet(kMinimalBytes),
    SlotGetSet(kWarnings),
    {"_source", &GetSource, nullptr, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyType_Slot kConfigSlots[] = {
    {Py_tp_new, reinterpret_cast<void*>(&ConfigNew)},
    {Py_tp_dealloc, reinterpret_cast<void*>(&ConfigDealloc)},
    {Py_tp_traverse, reinterpret_cast<void*>(&ConfigTraverse)},
    {Py_tp_clear, reinterpret_cast<void*>(&ConfigClear)},
    {Py_tp_getset, kConfigGetSet},
    {Py_tp_doc,
     const_cast<char*>("Private: the C++ half of orbax_options.Config.")},
    {0, nullptr},
};

PyType_Spec kConfigSpec = {
    "orbax_options._core.ConfigBase",
    static_cast<int>(sizeof(ConfigObject)),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
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
    return LoadFast<Options>(
        data, format, name, allow_unknown_fields,
        [&](Options&& options) -> py::object {
          PyObject* self = cls->tp_alloc(cls, 0);
          if (self == nullptr) throw py::error_already_set();
          ConfigObject* config = AsConfig(self);
          new (&config->options) HeldOptions(Held(std::move(options)));
          for (auto [slot, value] :
               {std::pair{kType, root}, {kData, data}, {kName, name}}) {
            Py_INCREF(value);
            config->slots[slot] = value;
          }
          config->format = format;
          config->allow_unknown_fields = allow_unknown_fields;
          return py::reinterpret_steal<py::object>(self);
        });
  });
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
// frame: `data` str or bytes, `format` one of `formats`' keys, `name` a str
// (each str with a UTF-8 form), `allow_unknown_fields` a bool, `type` the
// default root class, and a source that loads. Then the result is `slow`'s:
// a new `cls` made by `NewConfig()`. Made by `_config.py`, which copies
// `slow`'s name and docstring onto it (`functools.update_wrapper`, into its
// `__dict__`).
//
// A Python frame and its checks cost about a fifth of a small binary load
// (docs/PERFORMANCE.md), which is what `loads()` is measured on.
struct LoadsFastPathObject {
  PyObject ob_base;  // PyObject_HEAD
  vectorcallfunc vectorcall;
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

// Whether the str `s` has a UTF-8 form (holds no lone surrogate), which it
// then caches; if not, the error is cleared: `slow` takes the str.
bool HasUtf8(PyObject* s) {
  if (PyUnicode_AsUTF8AndSize(s, nullptr) != nullptr) return true;
  PyErr_Clear();
  return false;
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
      (PyUnicode_Check(data) && !HasUtf8(data)) || !HasUtf8(name) ||
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

// The object's references, for the garbage collector.
std::array<PyObject**, 5> References(LoadsFastPathObject* self) {
  return {&self->dict, &self->slow, &self->cls, &self->default_root,
          &self->formats};
}

int LoadsFastPathTraverse(PyObject* object, visitproc visit, void* arg) {
  Py_VISIT(Py_TYPE(object));
  for (PyObject** reference : References(AsFastPath(object))) {
    Py_VISIT(*reference);
  }
  return 0;
}

int LoadsFastPathClear(PyObject* object) {
  for (PyObject** reference : References(AsFastPath(object))) {
    Py_CLEAR(*reference);
  }
  return 0;
}

// With the trashcan, as `ConfigDealloc()`: `slow` may be another one.
void LoadsFastPathDealloc(PyObject* object) {
  PyTypeObject* type = Py_TYPE(object);
  PyObject_GC_UnTrack(object);
  Py_TRASHCAN_BEGIN(object, LoadsFastPathDealloc)
  LoadsFastPathClear(object);
  type->tp_free(object);
  Py_DECREF(type);
  Py_TRASHCAN_END
}

// As a class attribute it stays itself, as a builtin function does; having
// `__get__` also makes it a routine to `inspect` and `help()`, which then
// show the wrapped function's signature.
PyObject* LoadsFastPathGet(PyObject* object, PyObject* /*instance*/,
                           PyObject* /*owner*/) {
  Py_INCREF(object);
  return object;
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
    {Py_tp_descr_get, reinterpret_cast<void*>(&LoadsFastPathGet)},
    {Py_tp_members, kLoadsFastPathMembers},
    {Py_tp_getset, kLoadsFastPathGetSet},
    {Py_tp_doc, const_cast<char*>("Private: loads() with its common case in "
                                  "C; see _core_config.cc.")},
    {0, nullptr},
};

PyType_Spec kLoadsFastPathSpec = {
    "orbax_options._core.LoadsFastPath",
    static_cast<int>(sizeof(LoadsFastPathObject)),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    kLoadsFastPathSlots,
};

// The options of the root `Options` that `config` holds, or null.
template <typename Options>
const Options* HeldAs(ConfigObject& config) {
  const auto* held = std::get_if<HeldForm<Options>>(&config.options);
  if constexpr (std::is_same_v<Options, CheckpointOptions>) {
    return held;
  } else {
    return held == nullptr ? nullptr : held->get();
  }
}

// Interns `text` for good (the module's reference).
PyObject* Interned(const char* text) {
  PyObject* s = PyUnicode_InternFromString(text);
  if (s == nullptr) throw py::error_already_set();
  return s;
}

}  // namespace

template <typename Options>
const Options& OptionsOf(py::handle object) {
  if (!PyObject_TypeCheck(object.ptr(), config_base)) {
    throw py::type_error("expected an orbax_options.Config, not " +
                         std::string(py::str(
                             object.get_type().attr("__name__"))));
  }
  ConfigObject& config = *AsConfig(object.ptr());
  if (std::holds_alternative<std::monostate>(config.options)) {
    // Kept alive while the GIL is released.
    const py::object bytes = object.attr("_effective_bytes");
    const std::string_view data = ViewBytes(bytes, "_effective_bytes");
    absl::StatusOr<Options> loaded = [&] {
      py::gil_scoped_release release;
      return LoadFromString<Options>(data, Format::kBinary);
    }();
    if (!loaded.ok()) throw py::value_error("a Config whose options don't load");
    if (std::holds_alternative<std::monostate>(config.options)) {
      config.options = Held(*std::move(loaded));
    }
  }
  const Options* held = HeldAs<Options>(config);
  if (held == nullptr) throw py::type_error("a Config of another root type");
  return *held;
}

#define ORBAX_OPTIONS_INSTANTIATE_OPTIONS_OF(Root) \
  template const Root& OptionsOf(py::handle);
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_INSTANTIATE_OPTIONS_OF)

void AddConfigTypes(py::module_& m) {
  config_base = reinterpret_cast<PyTypeObject*>(PyType_FromSpec(&kConfigSpec));
  if (config_base == nullptr) throw py::error_already_set();
  m.attr("ConfigBase") = py::reinterpret_borrow<py::object>(
      reinterpret_cast<PyObject*>(config_base));
  m.attr("load_config") = py::reinterpret_steal<py::object>(
      PyCFunction_NewEx(&kLoadConfigDef, nullptr, m.attr("__name__").ptr()));
  kw_name = Interned("name");
  kw_allow_unknown_fields = Interned("allow_unknown_fields");
  kw_type = Interned("type");
  default_source_name = Interned("<string>");
  PyObject* fast_path = PyType_FromSpec(&kLoadsFastPathSpec);
  if (fast_path == nullptr) throw py::error_already_set();
  m.attr("LoadsFastPath") = py::reinterpret_steal<py::object>(fast_path);
}

}  // namespace orbax::checkpoint::options::python
