# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Stand-in for `orbax.checkpoint._src.checkpoint_managers`, where Orbax
defines its policy classes; see ../../../__init__.py."""
