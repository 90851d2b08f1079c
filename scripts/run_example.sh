#!/usr/bin/env bash
# README's run command: sets up, builds, then shows the effective options and
# the fingerprint of an example config, and the policies a checkpoint
# manager's config makes Orbax use:
#
#   bash scripts/run_example.sh                 # the two examples below
#   bash scripts/run_example.sh CONFIG [TYPE]   # one config of your own; TYPE
#                                               # is CheckpointOptions (the
#                                               # default) or
#                                               # CheckpointManagerOptions
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
command=${BUILD_DIR:-build}/src/orbax-options

# show_config CONFIG TYPE
show_config() {
  echo "== orbax-options show --effective --type=$2 $1"
  "$command" show --effective --type="$2" "$1"
  if [ "$2" = CheckpointManagerOptions ]; then
    echo
    echo "== orbax-options show --policies --type=$2 $1"
    "$command" show --policies --type="$2" "$1"
  fi
  echo
  echo "== orbax-options fingerprint --type=$2 $1"
  "$command" fingerprint --type="$2" "$1"
}

if [ $# -gt 0 ]; then
  show_config "$1" "${2:-CheckpointOptions}"
else
  show_config examples/multihost_subset.textproto CheckpointOptions
  echo
  show_config examples/checkpoint_manager/train.textproto \
    CheckpointManagerOptions
fi
