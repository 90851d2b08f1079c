// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: deterministic binary serialisation into a caller's buffer, shared
// by `PrintMessage(..., Format::kBinary)` and the fingerprint, so that the
// bytes printed and the bytes hashed come from one place.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_DETERMINISTIC_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_DETERMINISTIC_H_

#include <climits>
#include <cstddef>
#include <cstdlib>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message.h"

namespace orbax::checkpoint::options::internal {

// Returns `message.ByteSizeLong()`, which also caches the sizes that
// `WriteDeterministic()` needs.
inline size_t SizeForWrite(const google::protobuf::MessageLite& message) {
  const size_t size = message.ByteSizeLong();
  if (size > INT_MAX) std::abort();  // Protobuf's own 2 GiB limit.
  return size;
}

// Writes `message` deterministically (map entries sorted) into `out`, which
// holds exactly `size` bytes, as `SizeForWrite(message)` returned just before.
inline void WriteDeterministic(const google::protobuf::MessageLite& message,
                               size_t size, char* out) {
  google::protobuf::io::ArrayOutputStream stream(out, static_cast<int>(size));
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeWithCachedSizes(&coded);
}

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_DETERMINISTIC_H_
