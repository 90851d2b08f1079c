# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Stand-in for Orbax's public `orbax.checkpoint.checkpoint_managers`: it
exports the policy modules, so that users write
`from orbax.checkpoint.checkpoint_managers import preservation_policy`."""

from orbax.checkpoint._src.checkpoint_managers import preservation_policy
from orbax.checkpoint._src.checkpoint_managers import save_decision_policy
