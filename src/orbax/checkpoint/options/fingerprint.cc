// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/fingerprint.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"
#include "orbax/checkpoint/options/checkpoint_manager.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/internal/fields.h"
#include "orbax/checkpoint/options/internal/wire_writer.h"

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

// Calls `use` with the effective bytes of `options`, written straight from
// the values by the field lists (wire_writer.h), into a stack buffer when
// they fit: typical options need no heap allocation. The manager's options
// are written as ToProto() writes them, with `read_only`'s resets.
template <typename S, typename Use>
auto WithEffectiveBytes(const S& options, Use use) {
  internal::WireWriter out;
  if constexpr (std::is_same_v<S, CheckpointManagerOptions>) {
    if (options.read_only) {
      S effective = options;
      ApplyReadOnly(effective);
      internal::WriteFields(effective, out);
      return use(out.bytes());
    }
  }
  internal::WriteFields(options, out);
  return use(out.bytes());
}

template <typename S>
std::string EffectiveBytesImpl(const S& options) {
  return WithEffectiveBytes(
      options, [](std::string_view bytes) { return std::string(bytes); });
}

template <typename S>
std::string FingerprintImpl(const S& options) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  const bool hashed = WithEffectiveBytes(options, [&](std::string_view bytes) {
    EVP_MD_CTX* ctx = ThreadDigestContext();
    return ctx != nullptr && EVP_DigestInit_ex2(ctx, Sha256(), nullptr) == 1 &&
           EVP_DigestUpdate(ctx, bytes.data(), bytes.size()) == 1 &&
           EVP_DigestFinal_ex(ctx, digest, &digest_size) == 1;
  });
  if (!hashed) std::abort();  // Only on allocation failure inside OpenSSL.
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), digest_size));
}

}  // namespace

#define ORBAX_OPTIONS_DEFINE_FINGERPRINT(Root)        \
  std::string EffectiveBytes(const Root& options) {   \
    return EffectiveBytesImpl(options);               \
  }                                                   \
  std::string Fingerprint(const Root& options) {      \
    return FingerprintImpl(options);                  \
  }
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DEFINE_FINGERPRINT)

}  // namespace orbax::checkpoint::options
