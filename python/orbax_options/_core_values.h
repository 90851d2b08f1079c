// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal to the `_core` extension (_core.cc): how values cross between
// Python and the C++ library. Root types by name, `str` and `bytes` as views,
// diagnostics as tuples, and the two ways of loading one in-memory source:
// `LoadFast()` (`LoadFromString()`) and `LoadStringAs()` (the located path).
// Every function here is called with the GIL held; those that run C++ work
// release it around that work.

#ifndef ORBAX_OPTIONS_PYTHON_CORE_VALUES_H_
#define ORBAX_OPTIONS_PYTHON_CORE_VALUES_H_

#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstddef>
#include <exception>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_join.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/roots.h"

namespace orbax::checkpoint::options::python {

namespace py = pybind11;

// The formats by number, as `FORMATS` numbers them.
inline constexpr Format kFormats[] = {Format::kText, Format::kJson,
                                      Format::kBinary};

// The root types are `Roots` (roots.h), in the order of the command's
// `--type` (the first is the default): the one list that `WithRoot()` and
// `TYPES` read.
using ::orbax::checkpoint::options::Roots;

// The names of `Roots`.
std::vector<std::string_view> RootNames();

// The names of `Roots` as interned Python strings, in `Roots` order: the
// objects of `TYPES`, made when the module is imported (with the GIL held)
// and never freed.
extern PyObject* root_name_objects[std::tuple_size_v<Roots>];

// Returns `run(std::type_identity<Options>{})` for the root type named `type`. Raises
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
std::string_view ViewBytes(py::handle data, const char* argument);

// The format numbered `format`; ValueError if there is none.
Format FormatOf(int format);

// Decodes `s` as UTF-8 with `errors` (never fails: "surrogateescape" keeps
// any byte, as `os.fsdecode` does for file names).
py::str Decode(const std::string& s, const char* errors);

py::bytes Bytes(const std::string& s);

// Diagnostics as the tuples the package reads (see _core.cc).
py::list DiagnosticList(const std::vector<Diagnostic>& diagnostics);

// One in-memory source through the located path (`ParseLayer()` and
// `Resolve()`): `(minimal, diagnostics)`, the serialised minimal form (None
// if there is an error) and every diagnostic, warnings included.
template <typename Options>
py::tuple LoadStringAs(py::handle data, int format, py::handle name,
                       bool allow_unknown_fields) {
  const std::string_view bytes = ViewBytes(data, "data");
  const std::string_view source = ViewBytes(name, "name");
  const Format parsed_format = FormatOf(format);
  LoadOptions load;
  load.allow_unknown_fields = allow_unknown_fields;
  std::vector<Diagnostic> diagnostics;
  std::optional<std::string> minimal;
  {
    py::gil_scoped_release release;
    std::optional<BasicLayer<Options>> layer =
        ParseLayer<Options>(bytes, parsed_format, source, load, diagnostics);
    if (layer) {
      std::vector<BasicLayer<Options>> layers;
      layers.push_back(*std::move(layer));
      auto config = Resolve(std::move(layers), diagnostics);
      if (config && !HasErrors(diagnostics)) {
        config->minimal.SerializeToString(&minimal.emplace());
      }
    }
  }
  return py::make_tuple(minimal ? py::object(Bytes(*minimal)) : py::none(),
                        DiagnosticList(diagnostics));
}

// Runs `LoadFromString()`, the fast path of one in-memory source, with the
// GIL released, and returns `then(Options&&)` (a py::object) of the options;
// or the diagnostics of the located path instead (a list), which fails on
// exactly the same inputs (the fuzzers check it).
template <typename Options, typename Then>
py::object LoadFast(py::handle data, int format, py::handle name,
                    bool allow_unknown_fields, Then then) {
  const std::string_view bytes = ViewBytes(data, "data");
  const std::string_view source = ViewBytes(name, "name");
  const Format parsed_format = FormatOf(format);
  LoadOptions load;
  load.allow_unknown_fields = allow_unknown_fields;
  absl::StatusOr<Options> options = [&] {
    py::gil_scoped_release release;
    return LoadFromString<Options>(bytes, parsed_format, load, source);
  }();
  if (options.ok()) return then(*std::move(options));
  py::tuple full =
      LoadStringAs<Options>(data, format, name, allow_unknown_fields);
  if (!full[0].is_none()) {  // Never: both paths accept the same inputs.
    throw std::logic_error("LoadFromString() and the located path disagree");
  }
  return full[1];
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

}  // namespace orbax::checkpoint::options::python

#endif  // ORBAX_OPTIONS_PYTHON_CORE_VALUES_H_
