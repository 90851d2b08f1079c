// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// A test-only tool: parses one config source with `ParseLayer()` and prints
// what it set, for tests that compare the loader with another program (such
// as tests/python/json_differential_test.py, against Python's json_format).
//
//   parse_source FORMAT FILE [--allow-unknown-fields] [--type=TYPE]
//
// FORMAT is textproto, json or binpb; TYPE is CheckpointOptions (the
// default) or CheckpointManagerOptions. On success, prints the minimal
// message (exactly what the source set) as deterministic binary to stdout,
// any warnings to stderr, and exits 0; otherwise prints the diagnostics to
// stderr and exits 1. Usage errors and unreadable files exit 2. No
// validation runs: this is the parser alone.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <string_view>
#include <vector>

#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/printing.h"
#include "orbax/checkpoint/options/roots.h"

namespace opts = orbax::checkpoint::options;

namespace {

template <typename Options>
int Parse(const std::string& bytes, opts::Format format, const char* name,
          const opts::LoadOptions& options) {
  std::vector<opts::Diagnostic> diagnostics;
  const std::optional<opts::BasicLayer<Options>> layer =
      opts::ParseLayer<Options>(bytes, format, name, options, diagnostics);
  for (const opts::Diagnostic& d : diagnostics) {
    std::cerr << d.ToString() << "\n";
  }
  if (!layer) return 1;
  const std::string out =
      opts::PrintMessage(layer->message, opts::Format::kBinary);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

int Usage() {
  std::cerr << "usage: parse_source FORMAT FILE [--allow-unknown-fields] "
               "[--type=TYPE, a root of roots.h]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  opts::LoadOptions options;
  std::string type(opts::RootName<opts::CheckpointOptions>());
  for (int i = 3; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--allow-unknown-fields") {
      options.allow_unknown_fields = true;
    } else if (arg.starts_with("--type=")) {
      type = arg.substr(7);
    } else {
      return Usage();
    }
  }
  const std::optional<opts::Format> format = opts::ParseFormatName(argv[1]);
  if (!format) {
    std::cerr << "parse_source: unknown format " << argv[1] << "\n";
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::cerr << "parse_source: cannot open " << argv[2] << "\n";
    return 2;
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  // The root named `type`, from the one list of roots (roots.h).
  int status = -1;
  std::apply(
      [&](auto... root) {
        ((status = type == opts::RootName<typename decltype(root)::type>()
                       ? Parse<typename decltype(root)::type>(
                             bytes.str(), *format, argv[2], options)
                       : status),
         ...);
      },
      opts::Roots{});
  if (status >= 0) return status;
  std::cerr << "parse_source: unknown type " << type << "\n";
  return 2;
}
