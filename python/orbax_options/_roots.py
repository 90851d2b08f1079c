# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""The root types of a config: the messages a config file holds, which
`load()` and `loads()` take as `type` and every function of messages takes.

  CheckpointOptions         options_pb2.CheckpointOptions (the default)
  CheckpointManagerOptions  checkpoint_manager_options_pb2.CheckpointManagerOptions
  Context                   context_pb2.Context (Orbax's v1 API)
  CheckpointerOptions       context_pb2.CheckpointerOptions

`_core` names them as the command's `--type` does (`_core.TYPES`, from the
C++ list of roots); this module pairs each name with its generated class.
"""

from __future__ import annotations

from typing import Dict, Tuple, Type

from google.protobuf import message as _message

from orbax_options import _core
from orbax_options.v1 import checkpoint_manager_options_pb2
from orbax_options.v1 import context_pb2
from orbax_options.v1 import options_pb2

# Each root's class, found by its name in the schema's modules: the C++ list
# of roots (roots.h) is the one list.
_MODULES = (options_pb2, checkpoint_manager_options_pb2, context_pb2)
_CLASSES = tuple(
    next(getattr(m, name) for m in _MODULES if hasattr(m, name))
    for name in _core.TYPES)

# The root types' names (as `--type` spells them) -> their classes, in
# `_core.TYPES` order; the first is the default. The names are
# `_core.TYPES`' own objects, which `_core` knows by identity (faster than
# by their text).
ROOTS: Dict[str, Type[_message.Message]] = dict(zip(_core.TYPES, _CLASSES))
DEFAULT = options_pb2.CheckpointOptions

# A message's full name (`orbax_options.v1.CheckpointOptions`) -> its name.
_BY_FULL_NAME = {cls.DESCRIPTOR.full_name: name for name, cls in ROOTS.items()}
# Any str equal to a name -> the name's own object.
_NAMES = {name: name for name in ROOTS}
_CHOICES = ", ".join(ROOTS)
_FULL_NAMES = " or ".join([", ".join(list(_BY_FULL_NAME)[:-1]),
                           list(_BY_FULL_NAME)[-1]])


def of_type(value: object, function: str) -> Tuple[str, type]:
    """The root that `type=value` names: its name and class.

    `value` is a root's message class (from any message factory: it is
    known by its full name) or its name as `--type` spells it.

    Raises:
      TypeError: `value` is neither a class nor a str.
      ValueError: `value` names no root type.
    """
    if isinstance(value, str):
        name = _NAMES.get(value)
        if name is not None:
            return name, ROOTS[name]
        shown = repr(value)
    elif isinstance(value, type) and issubclass(value, _message.Message):
        name = _BY_FULL_NAME.get(value.DESCRIPTOR.full_name)
        if name is not None:
            return name, ROOTS[name]
        shown = value.DESCRIPTOR.full_name
    else:
        raise TypeError(
            f"{function}() argument 'type' must be a message class or str, "
            f"not {type(value).__name__}")
    raise ValueError(f"{function}() argument 'type' must be one of "
                     f"{_CHOICES} (the message class or its name), not "
                     f"{shown}")


def of_message(message: object, argument: str, function: str) -> str:
    """The name of the root type of `message`, known by its full name (so a
    message made by another message factory is taken too).

    Raises:
      TypeError: naming `argument`, if `message` is not a root's message.
    """
    if isinstance(message, _message.Message):
        name = _BY_FULL_NAME.get(message.DESCRIPTOR.full_name)
        if name is not None:
            return name
    raise TypeError(f"{function}() argument '{argument}' must be an "
                    f"{_FULL_NAMES} message, not {type(message).__name__}")
