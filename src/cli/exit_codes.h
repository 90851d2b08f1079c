// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The exit codes of the `orbax-options` command (command.h says when each
// is returned), for every subcommand.

#ifndef ORBAX_CLI_EXIT_CODES_H_
#define ORBAX_CLI_EXIT_CODES_H_

namespace orbax::checkpoint::options::cli {

// Exit statuses of the command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;  // For `diff`: they differ.
inline constexpr int kExitUsage = 2;    // Also: unreadable input.

}  // namespace orbax::checkpoint::options::cli

#endif  // ORBAX_CLI_EXIT_CODES_H_
