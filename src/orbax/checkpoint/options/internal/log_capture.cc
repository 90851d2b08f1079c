// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/log_capture.h"

#include <mutex>
#include <string>

#include "google/protobuf/stubs/logging.h"

namespace orbax::checkpoint::options::internal {
namespace {

thread_local ProtobufLogCapture* active_capture = nullptr;
google::protobuf::LogHandler* previous_handler = nullptr;

}  // namespace

struct LogCaptureAccess {
  static void Handle(google::protobuf::LogLevel level, const char* filename,
                     int line, const std::string& message) {
    if (ProtobufLogCapture* capture = active_capture) {
      capture->messages_.push_back(
          {level >= google::protobuf::LOGLEVEL_ERROR, message});
    } else if (previous_handler != nullptr) {
      previous_handler(level, filename, line, message);
    }
  }
};

ProtobufLogCapture::ProtobufLogCapture() : enclosing_(active_capture) {
  static std::once_flag installed;
  std::call_once(installed, [] {
    previous_handler =
        google::protobuf::SetLogHandler(&LogCaptureAccess::Handle);
  });
  active_capture = this;
}

ProtobufLogCapture::~ProtobufLogCapture() { active_capture = enclosing_; }

}  // namespace orbax::checkpoint::options::internal
