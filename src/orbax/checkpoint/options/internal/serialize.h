// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: deterministic binary serialisation, the one place that writes it.
// Map entries (if a schema ever has maps) come out sorted, so equal messages
// give equal bytes; unknown fields are written after the known fields of each
// message, in the order they arrived.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_SERIALIZE_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_SERIALIZE_H_

#include <string>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message_lite.h"

namespace orbax::checkpoint::options::internal {

inline std::string SerializeDeterministically(
    const google::protobuf::MessageLite& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&out);
  }  // `out` flushes into `bytes` here.
  return bytes;
}

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_SERIALIZE_H_
