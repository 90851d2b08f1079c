# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""A stand-in for Orbax in the Python tests: Orbax can't be installed on the
machines that run them. It has Orbax's layout (`orbax.checkpoint.options` is
a module) and the option classes of orbax.checkpoint.options."""
