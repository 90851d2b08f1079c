// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// A test-only tool: parses one config source with `ParseLayer()` and prints
// what it set, for tests that compare the loader with another program (such
// as tests/python/json_differential_test.py, against Python's json_format).
//
//   parse_source FORMAT FILE [--allow-unknown-fields]
//
// FORMAT is textproto, json or binpb. On success, prints the minimal message
// (exactly what the source set) as deterministic binary to stdout, any
// warnings to stderr, and exits 0; otherwise prints the diagnostics to stderr
// and exits 1. Usage errors and unreadable files exit 2. No validation runs:
// this is the parser alone.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/printing.h"

int main(int argc, char** argv) {
  namespace opts = orbax::checkpoint::options;
  if (argc < 3 || argc > 4 ||
      (argc == 4 && std::string_view(argv[3]) != "--allow-unknown-fields")) {
    std::cerr << "usage: parse_source FORMAT FILE [--allow-unknown-fields]\n";
    return 2;
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
  opts::LoadOptions options;
  options.allow_unknown_fields = argc == 4;
  std::vector<opts::Diagnostic> diagnostics;
  const std::optional<opts::Layer> layer =
      opts::ParseLayer(bytes.str(), *format, argv[2], options, diagnostics);
  for (const opts::Diagnostic& d : diagnostics) {
    std::cerr << d.ToString() << "\n";
  }
  if (!layer) return 1;
  const std::string out =
      opts::PrintMessage(layer->message, opts::Format::kBinary);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
