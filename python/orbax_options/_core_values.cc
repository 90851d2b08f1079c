// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "_core_values.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace orbax::checkpoint::options::python {
namespace {

py::tuple DiagnosticTuple(const Diagnostic& d) {
  return py::make_tuple(
      d.severity == Diagnostic::Severity::kError ? "error" : "warning",
      absl::StatusCodeToString(d.code),
      Decode(d.location.file, "surrogateescape"), d.location.line,
      d.location.column, Decode(d.path, "backslashreplace"),
      Decode(d.message, "backslashreplace"),
      Decode(d.ToString(), "backslashreplace"), d.error_number);
}

}  // namespace

std::vector<std::string_view> RootNames() {
  return std::apply(
      [](auto... root) {
        return std::vector<std::string_view>{
            RootName<typename decltype(root)::type>()...};
      },
      Roots{});
}

PyObject* root_name_objects[std::tuple_size_v<Roots>] = {};

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

py::str Decode(const std::string& s, const char* errors) {
  PyObject* decoded =
      PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), errors);
  if (decoded == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(decoded);
}

py::bytes Bytes(const std::string& s) { return py::bytes(s.data(), s.size()); }

py::list DiagnosticList(const std::vector<Diagnostic>& diagnostics) {
  py::list out;
  for (const Diagnostic& d : diagnostics) out.append(DiagnosticTuple(d));
  return out;
}

}  // namespace orbax::checkpoint::options::python
