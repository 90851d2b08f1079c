// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: `ErrorSink` collects `FieldError`s under a path prefix, so that a
// nested binder reports `timeout_secs` and the error reads
// `async_options.timeout_secs`.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_ERROR_SINK_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_ERROR_SINK_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "orbax/checkpoint/options/field_error.h"

namespace orbax::checkpoint::options::internal {

class ErrorSink {
 public:
  explicit ErrorSink(std::vector<FieldError>& errors, std::string prefix = "")
      : errors_(&errors), prefix_(std::move(prefix)) {}

  // Returns a sink whose paths start with this one's path plus `field`.
  ErrorSink Child(std::string_view field) const {
    return ErrorSink(*errors_, Path(field));
  }

  // Reports `message` for `field` under this sink's prefix; an empty `field`
  // reports it for the prefix itself.
  void Add(std::string_view field, std::string message) const {
    errors_->push_back({Path(field), std::move(message)});
  }

  size_t count() const { return errors_->size(); }

 private:
  std::string Path(std::string_view field) const {
    if (prefix_.empty()) return std::string(field);
    if (field.empty()) return prefix_;
    std::string path = prefix_;
    if (field.front() != '[') path += '.';
    path += field;
    return path;
  }

  std::vector<FieldError>* errors_;
  std::string prefix_;
};

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_ERROR_SINK_H_
