# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Stand-in for Orbax's private `orbax.checkpoint._src`; see
../../__init__.py."""
