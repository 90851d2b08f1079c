// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/fingerprint.h"

#include <openssl/sha.h>

#include <string>

#include "absl/strings/escaping.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/printing.h"

namespace orbax::checkpoint::options {

std::string EffectiveBytes(const CheckpointOptions& options) {
  return PrintEffective(options, Format::kBinary);
}

std::string Fingerprint(const CheckpointOptions& options) {
  const std::string bytes = EffectiveBytes(options);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

}  // namespace orbax::checkpoint::options
