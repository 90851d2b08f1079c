// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal to the `_core` extension (_core.cc): `plan()`, `MakePlan()`
// (plan.h) for `orbax_options.plan()` (_plan.py), with the parsers of
// plan_input.h, so that it gives the command's messages.

#ifndef ORBAX_OPTIONS_PYTHON_CORE_PLAN_H_
#define ORBAX_OPTIONS_PYTHON_CORE_PLAN_H_

#include <pybind11/pybind11.h>

namespace orbax::checkpoint::options::python {

// Adds `plan` to the module `m`.
void AddPlan(pybind11::module_& m);

}  // namespace orbax::checkpoint::options::python

#endif  // ORBAX_OPTIONS_PYTHON_CORE_PLAN_H_
