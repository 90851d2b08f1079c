// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "cli/command.h"

#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/plan_command.h"
#include "orbax/checkpoint/options/checkpoint_manager.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/diff.h"
#include "orbax/checkpoint/options/fingerprint.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/internal/escaping.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/printing.h"
#include "orbax/checkpoint/options/roots.h"
#include "orbax/checkpoint/options/unknown_fields.h"

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
  plan         play a run's saves and deletions as Orbax would decide them

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
                         0750, true, "job", ATOMICITY_MODE_COMMIT_FILE), [...]
                         for a repeated field, or {...} for a message.
                         Repeatable; applied in order with --unset.
  --unset PATH           after every file, restore the field at PATH to unset
                         (Orbax's default; Python None where that is the
                         default), as if no file had set it. Repeatable;
                         applied in order with --set.
  --type=TYPE            the message every FILE holds and PATH starts from:
                         CheckpointOptions (the default),
                         CheckpointManagerOptions, Context (Orbax's v1 API)
                         or CheckpointerOptions (v1's training.Checkpointer)
  --input-format=FORMAT  read every FILE as FORMAT (textproto, json or binpb)
                         whatever its extension; required for '-' (standard
                         input) and for other extensions
  --allow-unknown-fields ignore unknown fields in text and JSON (each is
                         reported as a warning) instead of refusing them
  --report-unknown-fields
                         warn about each unknown field in binary files (which
                         are always kept, as they may come from a newer writer)
  --strict               treat warnings as errors (exit status 1): values
                         Orbax accepts but rewrites or ignores, or fails on
                         only when it runs
  -h, --help             show this help

Files: .textproto, .txtpb, .pbtxt (text format), .json (JSON), .binpb, .pb
(binary); '-' is standard input. Each is at most 64 MiB. Later files win field
by field; sub-messages merge; sets (active_processes, save_on_steps), the
primary host (primary_host / all_hosts_primary), policies and durations are
replaced as a whole.

Diagnostics go to stderr as FILE:LINE:COL: error: FIELD.PATH: message.
Text and JSON output leave out fields from a newer schema, which only binary
carries (a warning names them).
)";

struct Subcommand {
  std::string_view name;
  std::string_view usage;
  std::string_view summary;
  bool has_show_options;
};

const Subcommand kSubcommands[] = {
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
     "  --policies             (--type=CheckpointManagerOptions) print only\n"
     "                         the save decision and preservation policies\n"
     "                         the manager will use: each policy field as\n"
     "                         set, or, where it is unset, the policy Orbax\n"
     "                         derives from the legacy fields\n"
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
     "Loads and validates each file (with the same --set and --unset\n"
     "overrides), then\n"
     "lists each effective field that differs, one per line, as\n"
     "'PATH: VALUE_A -> VALUE_B'. Exit status 0: the same; 1: they differ;\n"
     "2: a usage error, or a file that can't be read or is invalid.\n",
     false},
    {"plan",
     "orbax-options plan --steps START:STOP[:STRIDE] "
     "(--step-seconds S | --step-times FILE) [--metrics FILE] [OPTIONS] "
     "FILE...",
     kPlanSummary, false},
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
  const Subcommand* sub = nullptr;
  std::vector<std::string> files;
  std::vector<Override> overrides;
  std::optional<Format> input_format;
  std::string type = "CheckpointOptions";  // --type: the root of every file.
  bool type_given = false;
  LoadOptions load;
  bool strict = false;
  bool effective = false;
  bool policies = false;  // show --policies
  Format output_format = Format::kText;
  PlanArguments plan;  // plan's own arguments.
};

// Returns true if `args[i]` is option `name`, as `NAME=VALUE` or as `NAME`
// followed by VALUE, and sets `value` and `typed` (the option as typed, for
// messages); a missing value is a usage error in `error`.
bool TakeValue(const std::vector<std::string>& args, size_t& i,
               std::string_view name, std::string& value, std::string& typed,
               std::string& error) {
  const std::string& arg = args[i];
  if (arg == name) {
    if (i + 1 >= args.size()) {
      error = absl::StrCat(std::string(name), " needs a value");
      return true;
    }
    value = args[++i];
    typed = absl::StrCat(arg, " ", value);
    return true;
  }
  if (absl::StartsWith(arg, absl::StrCat(std::string(name), "="))) {
    value = arg.substr(name.size() + 1);
    typed = arg;
    return true;
  }
  return false;
}

// Checks the form of a `--set` or `--unset` argument; returns the usage
// error, or "" if it is well formed.
std::string OverrideFormError(const Override& override,
                              const std::string& typed) {
  const std::string& argument = override.argument;
  if (override.kind == Override::Kind::kSet) {
    const size_t equals = argument.find('=');
    if (equals == std::string::npos || equals == 0) {
      return absl::StrCat(internal::Sanitized(typed),
                          ": expected PATH=VALUE, e.g. --set "
                          "async_options.timeout_secs=600");
    }
    return "";
  }
  if (argument.empty() || argument.find('=') != std::string::npos) {
    return absl::StrCat(internal::Sanitized(typed),
                        ": expected a field PATH, e.g. --unset "
                        "multiprocessing_options.active_processes");
  }
  return "";
}

// Reads the option `args[i]` (with its value, which may be `args[i + 1]`)
// into `inv`. Returns the usage error, or "" if there is none.
std::string TakeOption(const std::vector<std::string>& args, size_t& i,
                       Invocation& inv) {
  const Subcommand& sub = *inv.sub;
  const std::string& arg = args[i];
  std::string value, typed, error;
  if (TakeValue(args, i, "--set", value, typed, error) ||
      TakeValue(args, i, "--unset", value, typed, error)) {
    if (!error.empty()) return error;
    const Override override = absl::StartsWith(typed, "--set")
                                  ? Override::Set(value)
                                  : Override::Unset(value);
    error = OverrideFormError(override, typed);
    if (error.empty()) inv.overrides.push_back(override);
  } else if (TakeValue(args, i, "--type", value, typed, error)) {
    inv.type = value;
    inv.type_given = true;
  } else if (TakeValue(args, i, "--input-format", value, typed, error)) {
    inv.input_format = ParseFormatName(value);
    if (error.empty() && !inv.input_format) {
      error = "unknown input format '" + internal::Sanitized(value) +
              "'; expected textproto, json or binpb";
    }
  } else if (arg == "--allow-unknown-fields") {
    inv.load.allow_unknown_fields = true;
  } else if (arg == "--report-unknown-fields") {
    inv.load.report_unknown_fields = true;
  } else if (arg == "--strict") {
    inv.strict = true;
  } else if (sub.has_show_options && arg == "--effective") {
    inv.effective = true;
  } else if (sub.has_show_options && arg == "--policies") {
    inv.policies = true;
  } else if (sub.has_show_options &&
             TakeValue(args, i, "--format", value, typed, error)) {
    const std::optional<Format> format = ParseFormatName(value);
    if (format) {
      inv.output_format = *format;
    } else if (error.empty()) {
      error = "unknown output format '" + internal::Sanitized(value) +
              "'; expected textproto, json or binpb";
    }
  } else if (!(sub.name == "plan" &&
               TakePlanArgument(args, i, TakeValue, inv.plan, error))) {
    error = "unknown option '" + internal::Sanitized(arg) + "'";
  }
  return error;
}

// Checks what the options of `inv` need of each other and of its files
// (and makes `plan`'s root the manager's, unless --type says otherwise).
// Returns the usage error, or "" if there is none.
std::string InvocationError(Invocation& inv) {
  const std::string_view sub = inv.sub->name;
  const std::string manager(RootName<CheckpointManagerOptions>());
  if (sub == "diff" && inv.files.size() != 2) {
    return "diff needs exactly two files, FILE_A and FILE_B";
  }
  if (inv.files.empty()) return "no FILE given";
  if (sub == "plan") {
    if (!inv.type_given) inv.type = manager;
    std::string error = PlanArgumentsError(inv.plan);
    if (error.empty() && inv.type != manager &&
        inv.type != RootName<CheckpointerOptions>()) {
      error = "plan needs --type=CheckpointManagerOptions or "
              "--type=CheckpointerOptions";
    }
    if (!error.empty()) return error;
  }
  if (inv.policies && inv.effective) {
    return "--policies and --effective are two views; give one";
  }
  if (inv.policies && inv.type != manager) {
    return "--policies needs --type=CheckpointManagerOptions";
  }
  if (std::count(inv.files.begin(), inv.files.end(), "-") > 1) {
    return "'-' (standard input) given more than once";
  }
  return "";
}

// Reads the options of `args` (after the subcommand) into `inv`. Returns
// kExitOk, or the status of a usage error it reported, or -1 after printing
// help.
int ParseArguments(const std::vector<std::string>& args, Invocation& inv,
                   std::ostream& out, std::ostream& err) {
  const std::string help_for(inv.sub->name);
  bool options_done = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
      inv.files.push_back(arg);
    } else if (arg == "--") {
      options_done = true;
    } else if (arg == "--help" || arg == "-h") {
      PrintHelp(*inv.sub, out);
      return -1;
    } else if (std::string error = TakeOption(args, i, inv); !error.empty()) {
      return UsageError(err, error, help_for);
    }
  }
  const std::string error = InvocationError(inv);
  return error.empty() ? kExitOk : UsageError(err, error, help_for);
}

void PrintDiagnostics(const std::vector<Diagnostic>& diagnostics,
                      std::ostream& err) {
  for (const Diagnostic& d : diagnostics) err << d.ToString() << "\n";
}

// With `--strict`, makes every warning an error.
void ApplyStrict(const Invocation& inv, std::vector<Diagnostic>& diagnostics) {
  if (!inv.strict) return;
  for (Diagnostic& d : diagnostics) d.severity = Diagnostic::Severity::kError;
}

// The exit status that `diagnostics` call for.
int StatusOf(const std::vector<Diagnostic>& diagnostics) {
  if (HasReadErrors(diagnostics)) return kExitUsage;
  return HasErrors(diagnostics) ? kExitInvalid : kExitOk;
}

// The root types that `--type` names, and what runs each; the first is the
// default.
struct RootType {
  std::string_view name;
  int (*run)(const Invocation&, std::ostream&, std::ostream&);
  // Whether `file` parses as this root, every field known (for a hint after
  // a wrong --type).
  bool (*parses)(const Invocation&, const std::string& file);
};
const std::vector<RootType>& RootTypes();

// Binary input parses as any message, keeping what it doesn't know, so a
// file parses as a root only if that root knows every field in it.
template <typename Options>
bool Parses(const Invocation& inv, const std::string& file) {
  std::vector<Diagnostic> ignored;
  std::optional<BasicLayer<Options>> layer =
      ReadLayer<Options>(file, inv.input_format, inv.load, ignored);
  return layer && ListUnknownFields(layer->message).empty();
}

// After a failed load as `Options`, or one that kept unknown fields: for
// each file that doesn't parse as `Options` with every field known, but does
// as another root type, says which --type would read it (once for a file
// named twice, as in `diff A A`).
template <typename Options>
void HintAtOtherTypes(const Invocation& inv, std::ostream& err) {
  for (auto it = inv.files.begin(); it != inv.files.end(); ++it) {
    const std::string& file = *it;
    if (file == "-" || std::find(inv.files.begin(), it, file) != it ||
        Parses<Options>(inv, file)) {
      continue;
    }
    for (const RootType& type : RootTypes()) {
      if (type.name == RootName<Options>() || !type.parses(inv, file)) {
        continue;
      }
      err << kProgram << ": note: " << internal::Sanitized(file)
          << " parses as " << type.name << "; to read it as that, give --type="
          << type.name << "\n";
      break;
    }
  }
}

// Reads `file` and applies `overrides`, already parsed, then resolves.
template <typename Options>
std::optional<BasicResolvedConfig<Options>> LoadOne(
    const Invocation& inv, const std::string& file,
    const std::vector<BasicLayer<Options>>& overrides,
    std::vector<Diagnostic>& diagnostics) {
  std::optional<BasicLayer<Options>> layer =
      ReadLayer<Options>(file, inv.input_format, inv.load, diagnostics);
  if (!layer) return std::nullopt;
  std::vector<BasicLayer<Options>> layers = {*std::move(layer)};
  layers.insert(layers.end(), overrides.begin(), overrides.end());
  return Resolve(std::move(layers), diagnostics);
}

// `diff`: each file with the same overrides, which are parsed (and any error
// in them reported) once. A problem found on both sides is printed once; one
// located in an override and found on one side only says which.
template <typename Options>
int RunDiff(const Invocation& inv, std::ostream& out, std::ostream& err) {
  std::vector<Diagnostic> diagnostics;
  std::vector<BasicLayer<Options>> overrides;
  for (const Override& override : inv.overrides) {
    if (auto layer = ParseOverride<Options>(override, diagnostics)) {
      overrides.push_back(*std::move(layer));
    }
  }
  if (HasErrors(diagnostics)) {
    PrintDiagnostics(diagnostics, err);
    return kExitUsage;  // As diff(1): 2 means trouble.
  }
  std::vector<Diagnostic> side[2];
  std::optional<BasicResolvedConfig<Options>> config[2];
  for (int i = 0; i < 2; ++i) {
    config[i] = LoadOne<Options>(inv, inv.files[i], overrides, side[i]);
    ApplyStrict(inv, side[i]);
    if (HasErrors(side[i])) config[i].reset();
  }
  const auto in_override = [&](const Diagnostic& d) {
    return std::any_of(overrides.begin(), overrides.end(),
                       [&](const BasicLayer<Options>& l) {
                         return l.name == d.location.file;
                       });
  };
  for (int i = 0; i < 2; ++i) {
    for (Diagnostic d : side[i]) {
      const bool on_both = std::find(side[1 - i].begin(), side[1 - i].end(),
                                     d) != side[1 - i].end();
      if (on_both && i == 1) continue;  // Printed with side 0.
      if (!on_both && in_override(d)) {
        absl::StrAppend(&d.message, " (with ", inv.files[i], ")");
      }
      err << d.ToString() << "\n";
    }
  }
  if (!config[0] || !config[1]) {
    HintAtOtherTypes<Options>(inv, err);
    return kExitUsage;
  }
  const std::vector<FieldDiff> diffs =
      DiffOptions(config[0]->options, config[1]->options);
  for (const FieldDiff& d : diffs) out << d.ToString() << "\n";
  return diffs.empty() ? kExitOk : kExitInvalid;
}

// Warns that text and JSON output leave out the unknown fields of `message`.
void WarnUnprintedUnknownFields(const google::protobuf::Message& message,
                                Format format, std::ostream& err) {
  if (format == Format::kBinary) return;
  const std::vector<UnknownField> unknown = ListUnknownFields(message);
  if (unknown.empty()) return;
  err << kProgram << ": warning: " << unknown.size()
      << " unknown field(s) not printed, as " << FormatName(format)
      << " has no names for them: "
      << absl::StrJoin(unknown, ", ",
                       [](std::string* out, const UnknownField& f) {
                         out->append(f.ToString());
                       })
      << "; --format=binpb keeps them\n";
}

// `show --policies`: the policies the manager will use, as a
// `CheckpointManagerOptions` that sets only them; in text format, after a
// comment that says which of them Orbax derives.
void PrintPolicies(const CheckpointManagerOptions& options, Format format,
                   std::ostream& out) {
  const ManagerPolicies policies = DerivedPolicies(options);
  v1::CheckpointManagerOptions message;
  *message.mutable_save_decision_policy() =
      ToProto(policies.save_decision_policy);
  *message.mutable_preservation_policy() =
      ToProto(policies.preservation_policy);
  if (format == Format::kText) {
    out << "# The policies Orbax's CheckpointManager will use. "
           "Runtime-only\n"
           "# should_save_fn and best_fn, if given, change derived ones.\n"
        << "# save_decision_policy: "
        << (options.save_decision_policy
                ? "as set"
                : "derived from save_interval_steps and save_on_steps")
        << "\n# preservation_policy: "
        << (options.preservation_policy
                ? "as set"
                : "derived from max_to_keep, keep_time_interval and "
                  "keep_period")
        << "\n";
  }
  out << PrintMessage(message, format);
}

// Runs the subcommand on a config whose root is `Options`.
template <typename Options>
int RunAs(const Invocation& inv, std::ostream& out, std::ostream& err) {
  const Subcommand& sub = *inv.sub;
  if (sub.name == "diff") return RunDiff<Options>(inv, out, err);
  std::vector<Diagnostic> diagnostics;
  std::optional<BasicResolvedConfig<Options>> config = LoadConfig<Options>(
      inv.files, inv.overrides, inv.input_format, inv.load, diagnostics);
  ApplyStrict(inv, diagnostics);
  PrintDiagnostics(diagnostics, err);
  const int status = StatusOf(diagnostics);
  if (status != kExitOk || !config) {
    if (status == kExitInvalid) HintAtOtherTypes<Options>(inv, err);
    return status != kExitOk ? status : kExitInvalid;
  }
  if (!ListUnknownFields(config->minimal).empty()) {
    // Binary input of another type loads, its fields kept as unknown.
    HintAtOtherTypes<Options>(inv, err);
  }
  if (sub.name == "check") {
    out << "ok\n";
  } else if (sub.name == "show") {
    if constexpr (std::is_same_v<Options, CheckpointManagerOptions>) {
      if (inv.policies) {
        PrintPolicies(config->options, inv.output_format, out);
        out.flush();
        return kExitOk;
      }
    }
    if (inv.effective) {
      out << PrintEffective(config->options, inv.output_format);
    } else {
      WarnUnprintedUnknownFields(config->minimal, inv.output_format, err);
      out << PrintMessage(config->minimal, inv.output_format);
    }
  } else if (sub.name == "fingerprint") {
    out << Fingerprint(config->options) << "\n";
  } else if (sub.name == "plan") {
    if constexpr (std::is_same_v<Options, CheckpointManagerOptions> ||
                  std::is_same_v<Options, CheckpointerOptions>) {
      return RunPlan(config->options, inv.plan, out, err);
    }
  }
  out.flush();
  return kExitOk;
}

// In the order of the one list of roots (roots.h).
const std::vector<RootType>& RootTypes() {
  static const std::vector<RootType>* const types = std::apply(
      [](auto... root) {
        return new std::vector<RootType>{
            {RootName<typename decltype(root)::type>(),
             RunAs<typename decltype(root)::type>,
             Parses<typename decltype(root)::type>}...};
      },
      Roots{});
  return *types;
}

std::string RootTypeNames() {
  return absl::StrJoin(
      RootTypes(), ", ",
      [](std::string* out, const RootType& type) { out->append(type.name); });
}

}  // namespace

int RunCommand(const std::vector<std::string>& args, std::ostream& out,
               std::ostream& err) {
  if (args.empty()) {
    return UsageError(err,
                      "missing command (check, show, fingerprint, diff, plan)",
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
      return UsageError(
          err, "unknown command '" + internal::Sanitized(args[1]) + "'", "");
    }
    out << kOverview;
    return kExitOk;
  }
  Invocation inv;
  for (const Subcommand& s : kSubcommands) {
    if (s.name == args[0]) inv.sub = &s;
  }
  if (inv.sub == nullptr) {
    return UsageError(err,
                      "unknown command '" + internal::Sanitized(args[0]) +
                          "'; expected check, show, fingerprint, diff or plan",
                      "");
  }
  const int parsed = ParseArguments(args, inv, out, err);
  if (parsed == -1) return kExitOk;  // Printed help.
  if (parsed != kExitOk) return parsed;
  for (const RootType& type : RootTypes()) {
    if (type.name == inv.type) return type.run(inv, out, err);
  }
  return UsageError(err,
                    "unknown type '" + internal::Sanitized(inv.type) +
                        "'; expected " + RootTypeNames(),
                    inv.sub->name);
}

}  // namespace orbax::checkpoint::options::cli
