// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/fingerprint.h"

#include <openssl/evp.h>

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/arena.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/internal/fields.h"
#include "orbax/checkpoint/options/printing.h"
#include "orbax/checkpoint/options/v1/options.pb.h"

namespace orbax::checkpoint::options {
namespace {

// SHA-256, fetched from OpenSSL's providers once. (The one-shot `SHA256()`
// fetches it on every call, which cost more than hashing the options.)
const EVP_MD* Sha256() {
  static const EVP_MD* const md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return md;
}

// A digest context per thread, made once and reset by each use: `EVP_Digest`
// allocates and frees one on every call.
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

EVP_MD_CTX* ThreadDigestContext() {
  thread_local const std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(
      EVP_MD_CTX_new());
  return ctx.get();
}

}  // namespace

std::string EffectiveBytes(const CheckpointOptions& options) {
  // ToProto(options), built on an arena whose first block is on the stack:
  // typical options need no heap allocation to build.
  alignas(std::max_align_t) char block[2048];
  google::protobuf::Arena arena(block, sizeof(block));
  auto* message =
      google::protobuf::Arena::CreateMessage<v1::CheckpointOptions>(&arena);
  internal::SaveFields(options, *message);
  return PrintMessage(*message, Format::kBinary);
}

std::string Fingerprint(const CheckpointOptions& options) {
  const std::string bytes = EffectiveBytes(options);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  EVP_MD_CTX* ctx = ThreadDigestContext();
  if (ctx == nullptr || EVP_DigestInit_ex2(ctx, Sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx, bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, digest, &digest_size) != 1) {
    std::abort();  // Only on allocation failure inside OpenSSL.
  }
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), digest_size));
}

}  // namespace orbax::checkpoint::options
