// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/validation.h"

#include <vector>

#include "absl/status/status.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/field_error.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/internal/fields.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {
namespace {

// Every broken rule of `value`, and its warnings if `warnings` is not null;
// a policy on its own nested within kMaxPolicyDepth.
template <typename S>
std::vector<FieldError> ValidationErrorsOf(
    const S& value, std::vector<FieldError>* warnings = nullptr) {
  std::vector<FieldError> errors;
  internal::ErrorSink sink(errors, warnings);
  internal::Codec<S>::Validate(value, sink);
  sink.Finish();
  return errors;
}

template <typename S>
absl::Status ValidateImpl(const S& value) {
  return ToStatus(ValidationErrorsOf(value));
}

template <typename S>
std::vector<FieldError> ValidationWarningsOf(const S& value) {
  std::vector<FieldError> warnings;
  (void)ValidationErrorsOf(value, &warnings);
  return warnings;
}

}  // namespace

absl::Status Validate(const AsyncOptions& options) {
  return ValidateImpl(options);
}
absl::Status Validate(const MultiprocessingOptions& options) {
  return ValidateImpl(options);
}
absl::Status Validate(const FileOptions& options) {
  return ValidateImpl(options);
}
absl::Status Validate(const MemoryLimitOptions& options) {
  return ValidateImpl(options);
}
absl::Status Validate(const AtomicityOptions& options) {
  return ValidateImpl(options);
}

absl::Status Validate(const SaveDecisionPolicy& policy) {
  return ValidateImpl(policy);
}
absl::Status Validate(const PreservationPolicy& policy) {
  return ValidateImpl(policy);
}

#define ORBAX_OPTIONS_DEFINE_VALIDATION(Root)                     \
  absl::Status Validate(const Root& options) {                    \
    return ValidateImpl(options);                                 \
  }                                                               \
  std::vector<FieldError> ValidationErrors(const Root& options) { \
    return ValidationErrorsOf(options);                           \
  }                                                               \
  std::vector<FieldError> ValidationWarnings(const Root& options) { \
    return ValidationWarningsOf(options);                         \
  }
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DEFINE_VALIDATION)

}  // namespace orbax::checkpoint::options
