# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Stand-in for `orbax.checkpoint`; see ../__init__.py."""
