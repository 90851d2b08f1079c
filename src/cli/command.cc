// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "cli/command.h"

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/match.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/diff.h"
#include "orbax/checkpoint/options/fingerprint.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/printing.h"

namespace orbax::checkpoint::options::cli {
namespace {

constexpr char kProgram[] = "orbax-options";

constexpr char kOverview[] =
    R"(Usage: orbax-options COMMAND [OPTIONS] FILE...

Loads Orbax checkpoint options from config files (text format, JSON or
binary), merges them in order, validates the result, and prints it.

Commands:
  check        validate the merged layers
  show         print the merged options (minimal or effective form)
  fingerprint  print the fingerprint of the effective options (64 hex digits)
  diff         list the effective fields in which two configs differ

Run 'orbax-options COMMAND --help' for a command's options.

Exit status: 0 success (diff: no difference); 1 invalid configuration (diff:
they differ); 2 usage error, or a file that can't be read or whose format
isn't recognised (diff: also an invalid configuration).
)";

constexpr char kCommonOptions[] =
    R"(Options:
  --set PATH=VALUE       after every file, set the field at PATH (a dotted
                         path from the root, e.g. async_options.timeout_secs)
                         to VALUE, written in text format: a scalar (600,
                         true, "job", ATOMICITY_MODE_COMMIT_FILE), [...] for a
                         repeated field, or {...} for a message. Repeatable;
                         applied in order.
  --input-format=FORMAT  read every FILE as FORMAT (textproto, json or binpb)
                         whatever its extension; required for '-' (standard
                         input) and for other extensions
  --allow-unknown-fields ignore unknown fields in text and JSON (each is
                         reported as a warning) instead of refusing them
  --report-unknown-fields
                         warn about each unknown field in binary files (which
                         are always kept, as they may come from a newer writer)
  -h, --help             show this help

Files: .textproto, .txtpb, .pbtxt (text format), .json (JSON), .binpb, .pb
(binary); '-' is standard input. Each is at most 64 MiB. Later files win field
by field; sub-messages merge; active_processes and the primary host
(primary_host / all_hosts_primary) are replaced as a whole.

Diagnostics go to stderr as FILE:LINE:COL: error: FIELD.PATH: message.
)";

struct Subcommand {
  std::string_view name;
  std::string_view usage;
  std::string_view summary;
  bool has_show_options;
};

constexpr Subcommand kSubcommands[] = {
    {"check", "orbax-options check [OPTIONS] FILE...",
     "Merges the files in order, applies --set, and validates the result.\n"
     "Prints \"ok\" if the options are valid.\n",
     false},
    {"show",
     "orbax-options show [--effective] [--format=textproto|json|binpb] "
     "[OPTIONS] FILE...",
     "Merges and validates like 'check', then prints the options: by default\n"
     "the minimal form (only what the files and --set set); with --effective,\n"
     "every effective value, Orbax's defaults included.\n\n"
     "  --effective            print the effective form\n"
     "  --format=FORMAT        textproto (default), json (snake_case names,\n"
     "                         enums by name) or binpb (deterministic "
     "binary)\n",
     true},
    {"fingerprint", "orbax-options fingerprint [OPTIONS] FILE...",
     "Merges and validates like 'check', then prints the fingerprint: the\n"
     "lowercase hex SHA-256 of the deterministic binary serialisation of the\n"
     "effective form. Equal options give equal fingerprints whatever the\n"
     "format, field order, layering or spelling.\n",
     false},
    {"diff", "orbax-options diff [OPTIONS] FILE_A FILE_B",
     "Loads and validates each file (with the same --set overrides), then\n"
     "lists each effective field that differs, one per line, as\n"
     "'PATH: VALUE_A -> VALUE_B'. Exit status 0: the same; 1: they differ;\n"
     "2: a usage error, or a file that can't be read or is invalid.\n",
     false},
};

void PrintHelp(const Subcommand& sub, std::ostream& out) {
  out << "Usage: " << sub.usage << "\n\n"
      << sub.summary << "\n"
      << kCommonOptions;
}

int UsageError(std::ostream& err, std::string_view message,
               std::string_view help_for) {
  err << kProgram << ": error: " << message << "\n"
      << "Try '" << kProgram << (help_for.empty() ? "" : " ") << help_for
      << " --help'.\n";
  return kExitUsage;
}

struct Invocation {
  std::vector<std::string> files;
  std::vector<std::string> sets;
  std::optional<Format> input_format;
  LoadOptions load;
  bool effective = false;
  Format output_format = Format::kText;
};

// Returns true if `arg` is `--name=VALUE` or `--name` followed by VALUE, and
// sets `value`; reports a missing value as a usage error in `error`.
bool TakeValue(const std::vector<std::string>& args, size_t& i,
               std::string_view name, std::string& value, std::string& error) {
  const std::string& arg = args[i];
  if (arg == name) {
    if (i + 1 >= args.size()) {
      error = std::string(name) + " needs a value";
      return true;
    }
    value = args[++i];
    return true;
  }
  if (absl::StartsWith(arg, std::string(name) + "=")) {
    value = arg.substr(name.size() + 1);
    return true;
  }
  return false;
}

void PrintDiagnostics(const std::vector<Diagnostic>& diagnostics,
                      std::ostream& err) {
  for (const Diagnostic& d : diagnostics) err << d.ToString() << "\n";
}

// Loads `files` with the options and overrides of `inv`, printing every
// diagnostic to `err`. Returns the config, or `std::nullopt` with `status`
// set to the exit status the failure calls for.
std::optional<ResolvedConfig> Load(const Invocation& inv,
                                   const std::vector<std::string>& files,
                                   std::ostream& err, int& status) {
  std::vector<Diagnostic> diagnostics;
  std::optional<ResolvedConfig> config =
      LoadConfig(files, inv.sets, inv.input_format, inv.load, diagnostics);
  PrintDiagnostics(diagnostics, err);
  if (HasReadErrors(diagnostics)) {
    status = kExitUsage;
  } else if (!config || HasErrors(diagnostics)) {
    status = kExitInvalid;
  } else {
    status = kExitOk;
  }
  return status == kExitOk ? std::move(config) : std::nullopt;
}

int Run(const Subcommand& sub, const Invocation& inv, std::ostream& out,
        std::ostream& err) {
  int status = kExitOk;
  if (sub.name == "diff") {
    std::optional<ResolvedConfig> a = Load(inv, {inv.files[0]}, err, status);
    int status_b = kExitOk;
    std::optional<ResolvedConfig> b = Load(inv, {inv.files[1]}, err, status_b);
    if (!a || !b) return kExitUsage;  // As diff(1): 2 means trouble.
    const std::vector<FieldDiff> diffs = DiffOptions(a->options, b->options);
    for (const FieldDiff& d : diffs) out << d.ToString() << "\n";
    return diffs.empty() ? kExitOk : kExitInvalid;
  }
  std::optional<ResolvedConfig> config = Load(inv, inv.files, err, status);
  if (!config) return status;
  if (sub.name == "check") {
    out << "ok\n";
  } else if (sub.name == "show") {
    out << (inv.effective ? PrintEffective(config->options, inv.output_format)
                          : PrintMessage(config->minimal, inv.output_format));
  } else if (sub.name == "fingerprint") {
    out << Fingerprint(config->options) << "\n";
  }
  out.flush();
  return kExitOk;
}

}  // namespace

int RunCommand(const std::vector<std::string>& args, std::ostream& out,
               std::ostream& err) {
  if (args.empty()) {
    return UsageError(err, "missing command (check, show, fingerprint, diff)",
                      "");
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    if (args[0] == "help" && args.size() > 1) {
      for (const Subcommand& sub : kSubcommands) {
        if (sub.name == args[1]) {
          PrintHelp(sub, out);
          return kExitOk;
        }
      }
      return UsageError(err, "unknown command '" + args[1] + "'", "");
    }
    out << kOverview;
    return kExitOk;
  }
  const Subcommand* sub = nullptr;
  for (const Subcommand& s : kSubcommands) {
    if (s.name == args[0]) sub = &s;
  }
  if (sub == nullptr) {
    return UsageError(err,
                      "unknown command '" + args[0] +
                          "'; expected check, show, fingerprint or diff",
                      "");
  }
  const std::string help_for(sub->name);

  Invocation inv;
  bool options_done = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
      inv.files.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      PrintHelp(*sub, out);
      return kExitOk;
    }
    std::string value, error;
    if (TakeValue(args, i, "--set", value, error)) {
      if (!error.empty()) return UsageError(err, error, help_for);
      inv.sets.push_back(value);
    } else if (TakeValue(args, i, "--input-format", value, error)) {
      if (!error.empty()) return UsageError(err, error, help_for);
      inv.input_format = ParseFormatName(value);
      if (!inv.input_format) {
        return UsageError(err,
                          "unknown input format '" + value +
                              "'; expected textproto, json or binpb",
                          help_for);
      }
    } else if (arg == "--allow-unknown-fields") {
      inv.load.allow_unknown_fields = true;
    } else if (arg == "--report-unknown-fields") {
      inv.load.report_unknown_fields = true;
    } else if (sub->has_show_options && arg == "--effective") {
      inv.effective = true;
    } else if (sub->has_show_options &&
               TakeValue(args, i, "--format", value, error)) {
      if (!error.empty()) return UsageError(err, error, help_for);
      std::optional<Format> format = ParseFormatName(value);
      if (!format) {
        return UsageError(err,
                          "unknown output format '" + value +
                              "'; expected textproto, json or binpb",
                          help_for);
      }
      inv.output_format = *format;
    } else {
      return UsageError(err, "unknown option '" + arg + "'", help_for);
    }
  }

  if (sub->name == "diff" && inv.files.size() != 2) {
    return UsageError(err, "diff needs exactly two files, FILE_A and FILE_B",
                      help_for);
  }
  if (inv.files.empty()) return UsageError(err, "no FILE given", help_for);
  int stdin_count = 0;
  for (const std::string& f : inv.files) stdin_count += f == "-";
  if (stdin_count > 1) {
    return UsageError(err, "'-' (standard input) given more than once",
                      help_for);
  }
  return Run(*sub, inv, out, err);
}

}  // namespace orbax::checkpoint::options::cli
