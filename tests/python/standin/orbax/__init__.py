# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""A stand-in for Orbax in the Python tests: Orbax can't be installed on the
machines that run them. It has Orbax's layout and the classes that
orbax_options converts, written for the tests from upstream's definitions
(names, fields, types, defaults, frozenness, and what `__post_init__` does):

  orbax.checkpoint.options                  the five option classes (a module)
  orbax.checkpoint.checkpoint_manager       CheckpointManagerOptions
  orbax.checkpoint._src.checkpoint_managers.save_decision_policy
  orbax.checkpoint._src.checkpoint_managers.preservation_policy
                                            the policy classes
  orbax.checkpoint.checkpoint_managers      exports the two policy modules

Nothing else of Orbax: no policy decides anything here."""
