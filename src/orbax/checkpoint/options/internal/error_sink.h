// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: `ErrorSink` collects `FieldError`s, errors (`Add()`) and
// warnings (`Warn()`) in lists of their own, under a path prefix, so that a
// nested binder reports `timeout_secs` and the error reads
// `async_options.timeout_secs`.
//
// A child sink only points at its parent and names its field; the path is
// spelled out when an error is added, so valid input, the common case,
// allocates nothing here. A child must not outlive its parent: pass
// `sink.Child(name)` straight to the callee, as the binders do.
//
// A sink keeps at most `kMaxFieldErrors` errors (a list of a million bad
// process indices must not take a million messages), and as many warnings;
// `Finish()` then adds one that says how many more there were.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_ERROR_SINK_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_ERROR_SINK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "orbax/checkpoint/options/field_error.h"

namespace orbax::checkpoint::options::internal {

// Finding
//
// What a rule found: `message`, empty if nothing, and `cause`, the field
// (from the value that holds the rule's field) that the problem comes from
// when that is another field, or empty (`FieldError::cause`). A rule may
// return a plain message instead.
struct Finding {
  // Nothing found. (Kept apart from the constructor below, so that a rule
  // that finds nothing, the common case, moves no string.)
  Finding() = default;
  Finding(std::string message, std::string_view cause = {})  // NOLINT
      : message(std::move(message)), cause(cause) {}
  Finding(const char* message) : message(message) {}  // NOLINT
  std::string message;
  std::string_view cause;
};

// The most errors one sink keeps.
inline constexpr size_t kMaxFieldErrors = 100;

class ErrorSink {
 public:
  // Errors go to `errors`; warnings (`Warn()`) to `warnings`, or nowhere if
  // it is null.
  explicit ErrorSink(std::vector<FieldError>& errors,
                     std::vector<FieldError>* warnings = nullptr,
                     std::string prefix = "")
      : errors_(&errors),
        warnings_(warnings),
        prefix_(std::move(prefix)),
        root_(this) {}

  // A sink is passed by reference; a child is made by `Child()`.
  ErrorSink(const ErrorSink&) = delete;
  ErrorSink& operator=(const ErrorSink&) = delete;

  // Returns a sink whose paths start with this one's path plus `field`.
  // `field` must outlive the child (binders pass their static names).
  ErrorSink Child(std::string_view field) const {
    return ErrorSink(this, field, -1);
  }

  // Returns a sink whose paths start with this one's path plus `[index]`,
  // for an element of a repeated field.
  ErrorSink Element(int index) const { return ErrorSink(this, {}, index); }

  // Reports `message` for `field` under this sink's prefix; an empty `field`
  // reports it for the prefix itself. `cause`, if not empty, is the field
  // under this sink's prefix that the problem comes from (`FieldError::cause`).
  void Add(std::string_view field, std::string message,
           std::string_view cause = {}) const {
    if (root_->added_++ >= kMaxFieldErrors) return;
    errors_->push_back(Make(field, std::move(message), cause));
  }

  // Reports a warning: something Orbax accepts, but rewrites or ignores, or
  // that fails only when Orbax runs. Kept like errors, in a list of its own.
  void Warn(std::string_view field, std::string message,
            std::string_view cause = {}) const {
    if (warnings_ == nullptr || root_->warned_++ >= kMaxFieldErrors) return;
    warnings_->push_back(Make(field, std::move(message), cause));
  }

  // The number of errors added, kept or not.
  size_t count() const { return root_->added_; }

  // The steps that the step sets loaded so far under the root sink name
  // (`StepsNamed()`), which `kMaxConfigSteps` bounds for a whole config.
  int64_t& steps_named() const { return root_->steps_named_; }

  // Adds an error that says how many were not kept, if any. Call once, on
  // the root sink, after the last `Add()`.
  void Finish() const {
    if (added_ > kMaxFieldErrors) {
      errors_->push_back({"", absl::StrCat(added_ - kMaxFieldErrors,
                                           " more errors not shown (the first ",
                                           kMaxFieldErrors, " are)")});
    }
    if (warned_ > kMaxFieldErrors) {
      warnings_->push_back(
          {"", absl::StrCat(warned_ - kMaxFieldErrors,
                            " more warnings not shown (the first ",
                            kMaxFieldErrors, " are)")});
    }
  }

 private:
  ErrorSink(const ErrorSink* parent, std::string_view field, int index)
      : errors_(parent->errors_),
        warnings_(parent->warnings_),
        parent_(parent),
        field_(field),
        index_(index),
        root_(parent->root_) {}

  FieldError Make(std::string_view field, std::string message,
                  std::string_view cause) const {
    std::string path;
    AppendPath(path);
    std::string cause_path;
    if (!cause.empty()) {
      cause_path = path;
      AppendField(cause_path, cause);
    }
    AppendField(path, field);
    return {std::move(path), std::move(message), std::move(cause_path)};
  }

  // Appends this sink's own path: the root's prefix, then each child's field
  // or index.
  void AppendPath(std::string& path) const {
    if (parent_ == nullptr) {
      path = prefix_;
      return;
    }
    parent_->AppendPath(path);
    if (index_ >= 0) {
      absl::StrAppend(&path, "[", index_, "]");
    } else {
      AppendField(path, field_);
    }
  }

  // Appends `field`, with a '.' unless the path is empty or `field` is an
  // index such as "[3]".
  static void AppendField(std::string& path, std::string_view field) {
    if (field.empty()) return;
    if (!path.empty() && field.front() != '[') path += '.';
    path += field;
  }

  std::vector<FieldError>* errors_;
  std::vector<FieldError>* warnings_;  // Null: warnings are dropped.
  const ErrorSink* parent_ = nullptr;  // Null for a root sink.
  std::string_view field_;             // This child's field in `parent_`,
  int index_ = -1;                     // or its index, for an element.
  std::string prefix_;                 // A root sink's prefix.
  const ErrorSink* root_;              // The root sink, which counts.
  mutable size_t added_ = 0;           // On the root: errors added,
  mutable size_t warned_ = 0;          // and warnings;
  mutable int64_t steps_named_ = 0;    // and steps_named().
};

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_ERROR_SINK_H_
