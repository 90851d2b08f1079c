// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal to the `_core` extension (_core.cc): what `orbax_options.loads()`
// is built from, because it is measured against C++ `LoadFromString()`
// (docs/PERFORMANCE.md):
//
//   ConfigBase     the base class of `orbax_options.Config`, which keeps the
//                  options `loads()` loaded as C++ values;
//   load_config()  a new Config from one in-memory source;
//   LoadsFastPath  `loads()` itself: its common case in C, with no Python
//                  frame, and anything else through the Python function;
//   OptionsOf()    the C++ options of a Config, for every other function of
//                  the module that takes one, so that a message crosses
//                  into C++ (and is parsed) once per call.

#ifndef ORBAX_OPTIONS_PYTHON_CORE_CONFIG_H_
#define ORBAX_OPTIONS_PYTHON_CORE_CONFIG_H_

#include <pybind11/pybind11.h>

#include "_core_values.h"

namespace orbax::checkpoint::options::python {

// Adds `ConfigBase`, `load_config` and `LoadsFastPath` to the module `m`.
void AddConfigTypes(pybind11::module_& m);

// Adds `plan` (_core_plan.cc: `MakePlan()` of a Config, with the parsers of
// plan_input.h, so that it gives the command's messages) to the module `m`.
void AddPlan(pybind11::module_& m);

// The options of `config`, a ConfigBase of the root `Options`: those it
// holds, or, for one made from bytes alone (`load()`, a pickle), those its
// `_effective_bytes` load to, kept from then on. Raises TypeError for any
// other object, ValueError for bytes that do not load.
template <typename Options>
const Options& OptionsOf(py::handle config);

// Returns `run(options)` for the options of `config` (`OptionsOf()`), of
// the root its `_type` names.
template <typename Run>
py::object WithConfig(py::handle config, Run run) {
  return WithRoot(py::tuple(config.attr("_type"))[0], [&](auto root) {
    return run(OptionsOf<typename decltype(root)::type>(config));
  });
}

}  // namespace orbax::checkpoint::options::python

#endif  // ORBAX_OPTIONS_PYTHON_CORE_CONFIG_H_
