# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Orbax's checkpoint options, loaded, validated and compared as the
`orbax-options` command and the C++ library do: the same code, bound with
pybind11.

    import orbax_options

    config = orbax_options.load("base.textproto", "job.json",
                                overrides=["async_options.timeout_secs=600"])
    config.effective      # options_pb2.CheckpointOptions, explicit form
    config.fingerprint    # 64 hex digits, as `orbax-options fingerprint`

    # In a training process: Orbax's own objects, callables attached.
    options = orbax_options.to_orbax(config.effective,
                                     barrier_sync_fn=my_barrier)
    # And back: the fingerprint of what Orbax holds.
    orbax_options.fingerprint(orbax_options.from_orbax(*options))

    # A CheckpointManager's whole configuration, as `--type` chooses it.
    manager = orbax_options.load(
        "train.textproto",
        type=checkpoint_manager_options_pb2.CheckpointManagerOptions)
    manager_options = orbax_options.to_orbax(manager.effective,
                                             best_fn=my_metric)
    orbax_options.policies(manager.effective)   # as `show --policies`

    # In every process of a JAX job, after jax.distributed.initialize():
    # the same effective options everywhere, or an AgreementError on all.
    orbax_options.agree(config)

Messages are of the two root types, `orbax_options.v1.options_pb2.
CheckpointOptions` and `orbax_options.v1.checkpoint_manager_options_pb2.
CheckpointManagerOptions`; every function takes either.
"""

from orbax_options._agree import AgreementError
from orbax_options._agree import agree
from orbax_options._config import Config
from orbax_options._config import Unset
from orbax_options._config import load
from orbax_options._config import loads
from orbax_options._errors import ConfigError
from orbax_options._errors import ConfigFileNotFoundError
from orbax_options._errors import ConfigIsADirectoryError
from orbax_options._errors import ConfigNotADirectoryError
from orbax_options._errors import ConfigPermissionError
from orbax_options._errors import ConfigReadError
from orbax_options._errors import Diagnostic
from orbax_options._messages import FieldDiff
from orbax_options._messages import diff
from orbax_options._messages import fingerprint
from orbax_options._messages import policies
from orbax_options._messages import to_json
from orbax_options._messages import to_text
from orbax_options._messages import validate
from orbax_options._orbax import CheckpointerArguments
from orbax_options._orbax import OrbaxOptions
from orbax_options._orbax import from_orbax
from orbax_options._orbax import orbax_callables
from orbax_options._orbax import to_orbax
from orbax_options._plan import Assumption
from orbax_options._plan import Deletion
from orbax_options._plan import Plan
from orbax_options._plan import plan
from orbax_options.v1 import checkpoint_manager_options_pb2
from orbax_options.v1 import options_pb2

__version__ = "0.1.0"

__all__ = [
    "AgreementError",
    "Assumption",
    "CheckpointerArguments",
    "Config",
    "ConfigError",
    "ConfigFileNotFoundError",
    "ConfigIsADirectoryError",
    "ConfigNotADirectoryError",
    "ConfigPermissionError",
    "ConfigReadError",
    "Deletion",
    "Diagnostic",
    "FieldDiff",
    "OrbaxOptions",
    "Plan",
    "Unset",
    "agree",
    "checkpoint_manager_options_pb2",
    "diff",
    "fingerprint",
    "from_orbax",
    "load",
    "loads",
    "options_pb2",
    "orbax_callables",
    "plan",
    "policies",
    "to_json",
    "to_orbax",
    "to_text",
    "validate",
]
