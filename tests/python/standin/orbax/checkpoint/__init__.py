# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Stand-in for `orbax.checkpoint`; see ../__init__.py. As in Orbax, the
package exports `CheckpointManagerOptions` (from `checkpoint_manager`) and the
modules `options` and `checkpoint_managers`."""

from orbax.checkpoint import checkpoint_managers
from orbax.checkpoint import options
from orbax.checkpoint.checkpoint_manager import CheckpointManagerOptions
