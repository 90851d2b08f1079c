// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: `ProtobufLogCapture` keeps protobuf's log messages off stderr
// while the config loader calls into protobuf, so that they can become
// diagnostics instead.
//
// protobuf has one process-wide log handler. The first capture installs a
// handler that hands each message to the capture active on the calling thread,
// and passes messages from every other thread on to the handler it replaced;
// so captures on different threads do not interfere, and logging outside a
// capture behaves as before.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_LOG_CAPTURE_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_LOG_CAPTURE_H_

#include <string>
#include <vector>

namespace orbax::checkpoint::options::internal {

class ProtobufLogCapture {
 public:
  // One captured log message.
  struct Message {
    bool is_error = false;  // LOGLEVEL_ERROR or worse.
    std::string text;
  };

  // Starts capturing this thread's protobuf log messages. Captures nest.
  ProtobufLogCapture();
  // Stops capturing; the enclosing capture, if any, resumes.
  ~ProtobufLogCapture();

  ProtobufLogCapture(const ProtobufLogCapture&) = delete;
  ProtobufLogCapture& operator=(const ProtobufLogCapture&) = delete;

  // The messages captured so far, in order.
  const std::vector<Message>& messages() const { return messages_; }

 private:
  friend struct LogCaptureAccess;
  std::vector<Message> messages_;
  ProtobufLogCapture* enclosing_;
};

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_LOG_CAPTURE_H_
