// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: command.h
// -----------------------------------------------------------------------------
//
// The `orbax-options` command, as a function the tests and `main()` call:
//
//   orbax-options check [OPTIONS] FILE...        validate the merged layers
//   orbax-options show [--effective] [--format=textproto|json|binpb]
//                      [OPTIONS] FILE...         print the merged options
//   orbax-options fingerprint [OPTIONS] FILE...  print the fingerprint
//   orbax-options diff [OPTIONS] FILE_A FILE_B   list effective differences
//   orbax-options plan --steps ... [OPTIONS] FILE...  play a run (plan_command.h)
//
//   OPTIONS: --set PATH=VALUE and --unset PATH (repeatable, applied in
//            order after every file), --input-format=textproto|json|binpb,
//            --allow-unknown-fields, --report-unknown-fields, --strict
//
// Exit status: 0 success (for `diff`: no difference), warnings or not; 1
// invalid configuration, or a warning with `--strict` (for `diff`: they
// differ); 2 usage error, or a file that can't be read or
// whose format isn't recognised (for `diff`: also an invalid configuration,
// as diff(1) does, so that 1 always means "they differ").
//
// Diagnostics go to `err` GCC style (`FILE:LINE:COL: error: PATH: message`),
// escaped so that nothing the input holds reaches a terminal raw; output
// goes to `out`, and only on success. A malformed argument, such as `--set`
// without `PATH=`, is a usage error named as it was typed.
//
// Example:
//
//   int status = RunCommand({"show", "--effective", "job.textproto"},
//                           std::cout, std::cerr);

#ifndef ORBAX_CLI_COMMAND_H_
#define ORBAX_CLI_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "cli/exit_codes.h"

namespace orbax::checkpoint::options::cli {

// RunCommand()
//
// Runs the command with `args` (without the program name) and returns its
// exit status. Standard input (`-`) is read from file descriptor 0.
[[nodiscard]] int RunCommand(const std::vector<std::string>& args,
                             std::ostream& out, std::ostream& err);

}  // namespace orbax::checkpoint::options::cli

#endif  // ORBAX_CLI_COMMAND_H_
