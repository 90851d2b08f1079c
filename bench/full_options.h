// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: full_options.h
// -----------------------------------------------------------------------------
//
// The realistic options the benchmarks run on. `FullOptions()`, for
// options_bench.cc and loading_bench.cc: every sub-message and every field
// set to a non-default value, with the process set of a 4096-host job from
// which a few failed hosts were dropped. `FullManagerOptions()`, for
// manager_bench.cc: a large job's `CheckpointManagerOptions`, with nested
// policies, a set of steps up to 10^9, durations and every option message.
// `FullContext()` and `FullCheckpointerOptions()`, for context_bench.cc: the
// v1 roots with every field set, the checkpointer with the manager's
// policies and the full `Context` inside.

#ifndef ORBAX_OPTIONS_BENCH_FULL_OPTIONS_H_
#define ORBAX_OPTIONS_BENCH_FULL_OPTIONS_H_

#include <string>

#include "orbax/checkpoint/options/options.h"

namespace orbax::checkpoint::options::bench {

// FullOptions()
//
// Returns the options; `Validate()` accepts them.
CheckpointOptions FullOptions();

// FullOptionsBytes(), FullOptionsText(), FullOptionsJson()
//
// Return `FullOptions()` in binary, text format and JSON, as
// `PrintEffective()` writes them (JSON with the schema's field names): the
// inputs that the raw parsers and our loaders read.
const std::string& FullOptionsBytes();
const std::string& FullOptionsText();
const std::string& FullOptionsJson();

// FullManagerOptions()
//
// Returns the manager options; they load without an error or a warning.
CheckpointManagerOptions FullManagerOptions();

// FullManagerOptionsBytes(), FullManagerOptionsText(),
// FullManagerOptionsJson()
//
// As `FullOptionsBytes()` and the rest, for `FullManagerOptions()`.
const std::string& FullManagerOptionsBytes();
const std::string& FullManagerOptionsText();
const std::string& FullManagerOptionsJson();

// FullContext(), FullCheckpointerOptions()
//
// Return the v1 roots; they load without an error, with one warning, as
// every field is set: `memory.transfer_concurrent_bytes` is ignored under
// `memory.regulator_options`.
Context FullContext();
CheckpointerOptions FullCheckpointerOptions();

// FullContextBytes(), FullContextText(), FullContextJson(),
// FullCheckpointerOptionsBytes(), FullCheckpointerOptionsText(),
// FullCheckpointerOptionsJson()
//
// As `FullOptionsBytes()` and the rest, for the v1 roots.
const std::string& FullContextBytes();
const std::string& FullContextText();
const std::string& FullContextJson();
const std::string& FullCheckpointerOptionsBytes();
const std::string& FullCheckpointerOptionsText();
const std::string& FullCheckpointerOptionsJson();

}  // namespace orbax::checkpoint::options::bench

#endif  // ORBAX_OPTIONS_BENCH_FULL_OPTIONS_H_
