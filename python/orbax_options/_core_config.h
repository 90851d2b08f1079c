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
//                  frame, and anything else through the Python function.

#ifndef ORBAX_OPTIONS_PYTHON_CORE_CONFIG_H_
#define ORBAX_OPTIONS_PYTHON_CORE_CONFIG_H_

#include <pybind11/pybind11.h>

namespace orbax::checkpoint::options::python {

// Adds `ConfigBase`, `load_config` and `LoadsFastPath` to the module `m`.
void AddConfigTypes(pybind11::module_& m);

}  // namespace orbax::checkpoint::options::python

#endif  // ORBAX_OPTIONS_PYTHON_CORE_CONFIG_H_
