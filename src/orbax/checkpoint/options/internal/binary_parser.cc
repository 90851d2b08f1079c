// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/binary_parser.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/stubs/common.h"
#include "google/protobuf/wire_format_lite.h"
#include "orbax/checkpoint/options/internal/escaping.h"
#include "orbax/checkpoint/options/internal/field_path.h"
#include "orbax/checkpoint/options/loading.h"

namespace orbax::checkpoint::options::internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using WireFormat = google::protobuf::internal::WireFormatLite;

std::string WireTypeName(int wire_type) {
  static constexpr std::string_view kNames[] = {
      "varint",      "fixed64",   "length-delimited",
      "start-group", "end-group", "fixed32"};
  return absl::StrCat(std::string(kNames[wire_type]), " (wire type ", wire_type,
                      ")");
}

// What a field's type is called in messages: `int32`, `AsyncOptions`, ...
std::string TypeName(const FieldDescriptor* field) {
  if (field->message_type() != nullptr) return field->message_type()->name();
  if (field->enum_type() != nullptr) return field->enum_type()->name();
  return field->type_name();
}

// Whether the varint `value` holds a value of `field`'s type without being
// cut: int32 and enums are sent sign-extended to 64 bits, uint32 and sint32
// take 32 bits.
bool VarintFits(const FieldDescriptor* field, uint64_t value) {
  switch (field->type()) {
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_ENUM:
      return value <= 0x7fffffffu || value >= 0xffffffff80000000u;
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_SINT32:
      return value <= 0xffffffffu;
    default:
      return true;
  }
}

// One pass over the wire data; see binary_parser.h. Field paths are spelt
// out only for a problem: valid input allocates nothing but the stack of
// open messages. With no context, it only checks (`quiet`).
class WireChecker {
 public:
  WireChecker(std::string_view bytes, const Descriptor* root,
              ParseContext* context)
      : bytes_(bytes), root_(root), context_(context) {
    stack_.push_back(Frame{root, bytes.size(), nullptr, -1, {}});
  }

  bool Check() {
    while (true) {
      Frame& frame = stack_.back();
      if (pos_ == frame.end) {
        if (stack_.size() == 1) return true;
        stack_.pop_back();
        continue;
      }
      const size_t tag_at = pos_;
      uint64_t tag;
      if (!ReadVarint(tag) || tag > UINT32_MAX) {
        return Malformed(absl::StrCat("malformed field tag at byte ", tag_at));
      }
      const int number = static_cast<int>(tag >> 3);
      const int wire_type = static_cast<int>(tag & 7);
      if (number == 0 || wire_type > 5) {
        return Malformed(absl::StrCat("malformed field tag at byte ", tag_at,
                                      " (field ", number, ", wire type ",
                                      wire_type, ")"));
      }
      if (wire_type == WireFormat::WIRETYPE_END_GROUP) {
        return Malformed(absl::StrCat("unexpected end of group ", number,
                                      " at byte ", tag_at));
      }
      const FieldDescriptor* field = frame.type->FindFieldByNumber(number);
      if (!Field(field, number, wire_type, tag_at)) return false;
    }
  }

 private:
  struct Frame {
    const Descriptor* type;
    size_t end;  // Where the message ends.
    // The field that holds this message (null for the root), and its index
    // if that field is repeated (else -1): the last step of its path.
    const FieldDescriptor* field;
    int index;
    // How many elements of each repeated message field were seen, for `[i]`.
    std::vector<std::pair<int, int>> counts;
  };

  // The path of the message being read.
  std::string MessagePath() const {
    std::string path;
    for (const Frame& frame : stack_) {
      if (frame.field == nullptr) continue;
      path = JoinPath(path, frame.field->name());
      if (frame.index >= 0) path = IndexPath(path, frame.index);
    }
    return path;
  }

  // The path of field `number` (`field`, if this version knows it) of the
  // message being read.
  std::string FieldPath(const FieldDescriptor* field, int number) const {
    return JoinPath(MessagePath(),
                    field != nullptr ? field->name() : absl::StrCat(number));
  }

  // Checks one field whose tag was just read.
  bool Field(const FieldDescriptor* field, int number, int wire_type,
             size_t tag_at) {
    // Quietly (the loader's fast path), an unknown field fails the check:
    // the located path tells a newer writer's field from a discarded one.
    if (field == nullptr && context_ == nullptr) return false;
    if (field == nullptr && ++unknown_fields_ > kMaxUnknownFields) {
      return Fail(field, number,
                  absl::StrCat("more than ", kMaxUnknownFields,
                               " unknown fields (fields from a newer "
                               "writer), the most one source may hold"));
    }
    if (field != nullptr) {
      const int expected = WireFormat::WireTypeForFieldType(
          static_cast<WireFormat::FieldType>(field->type()));
      if (wire_type != expected &&
          !(field->is_packable() &&
            wire_type == WireFormat::WIRETYPE_LENGTH_DELIMITED)) {
        return Fail(
            field, number,
            absl::StrCat("sent as ", WireTypeName(wire_type), " at byte ",
                         tag_at, ", but this version's ", TypeName(field),
                         " field is sent as ", WireTypeName(expected),
                         ": the writer's schema does not match"));
      }
    }
    switch (wire_type) {
      case WireFormat::WIRETYPE_VARINT: {
        uint64_t value;
        if (!ReadVarint(value)) return Truncated(field, number, tag_at);
        if (field != nullptr && !VarintFits(field, value)) {
          return Fail(field, number,
                      absl::StrCat("value ", value, " at byte ", tag_at,
                                   " does not fit ", TypeName(field),
                                   ": the writer's schema does not match"));
        }
        return true;
      }
      case WireFormat::WIRETYPE_FIXED64:
        return Skip(8) || Truncated(field, number, tag_at);
      case WireFormat::WIRETYPE_FIXED32:
        return Skip(4) || Truncated(field, number, tag_at);
      case WireFormat::WIRETYPE_START_GROUP:
        // proto2's groups: no proto3 schema has one, so neither this version
        // nor a compatible newer one writes them (README, "Evolving the
        // schema"). Kept, they would cost protobuf tens of bytes of memory
        // for each byte of input.
        return Fail(field, number,
                    absl::StrCat("a group (wire type 3) at byte ", tag_at,
                                 ": proto2's group encoding, which no "
                                 "writer of this proto3 schema sends"));
      case WireFormat::WIRETYPE_LENGTH_DELIMITED:
        break;
    }
    uint64_t length;
    if (!ReadVarint(length) || length > stack_.back().end - pos_) {
      return Truncated(field, number, tag_at);
    }
    const std::string_view payload = bytes_.substr(pos_, length);
    if (field == nullptr) {
      pos_ += length;
      return true;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const int index =
          field->is_repeated() ? Count(stack_.back(), number) : -1;
      return Push(field, index, pos_ + length);
    }
    pos_ += length;
    if (field->type() == FieldDescriptor::TYPE_STRING &&
        !google::protobuf::internal::IsStructurallyValidUTF8(
            payload.data(), static_cast<int>(payload.size()))) {
      return Fail(field, number,
                  absl::StrCat("not valid UTF-8: ", Quote(payload),
                               "; string fields must be UTF-8"));
    }
    if (field->is_packable()) return Packed(field, payload, tag_at);
    return true;
  }

  // Checks the contents of a packed repeated field.
  bool Packed(const FieldDescriptor* field, std::string_view payload,
              size_t tag_at) {
    const int element = WireFormat::WireTypeForFieldType(
        static_cast<WireFormat::FieldType>(field->type()));
    const size_t width = element == WireFormat::WIRETYPE_FIXED32   ? 4
                         : element == WireFormat::WIRETYPE_FIXED64 ? 8
                                                                   : 0;
    if (width != 0) {
      if (payload.size() % width == 0) return true;
      return Malformed(
          absl::StrCat("the packed list at byte ", tag_at, " is ",
                       payload.size(), " bytes, not a multiple of ", width),
          field);
    }
    for (size_t i = 0; i < payload.size();) {
      uint64_t value = 0;
      int shift = 0;
      while (true) {
        if (i == payload.size() || shift > 63) {
          return Malformed(
              absl::StrCat("malformed packed list at byte ", tag_at), field);
        }
        const auto byte = static_cast<uint8_t>(payload[i++]);
        value |= uint64_t{byte & 0x7fu} << shift;
        shift += 7;
        if ((byte & 0x80) == 0) break;
      }
      if (!VarintFits(field, value)) {
        return Fail(field, field->number(),
                    absl::StrCat("value ", value,
                                 " in the packed list "
                                 "at byte ",
                                 tag_at, " does not fit ", TypeName(field),
                                 ": the writer's schema does not match"));
      }
    }
    return true;
  }

  // Enters a sub-message held by `field`.
  bool Push(const FieldDescriptor* field, int index, size_t end) {
    if (static_cast<int>(stack_.size()) > kMaxNestingDepth) {
      std::string path = FieldPath(field, field->number());
      if (index >= 0) path = IndexPath(path, index);
      return FailAt(std::move(path),
                    absl::StrCat("nested more than ", kMaxNestingDepth,
                                 " levels deep (at byte ", pos_, ")"));
    }
    stack_.push_back(Frame{field->message_type(), end, field, index, {}});
    return true;
  }

  static int Count(Frame& frame, int number) {
    for (auto& [n, count] : frame.counts) {
      if (n == number) return count++;
    }
    frame.counts.emplace_back(number, 1);
    return 0;
  }

  bool ReadVarint(uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= stack_.back().end) return false;
      const auto byte = static_cast<uint8_t>(bytes_[pos_++]);
      value |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }

  bool Skip(size_t n) {
    if (stack_.back().end - pos_ < n) return false;
    pos_ += n;
    return true;
  }

  bool Truncated(const FieldDescriptor* field, int number, size_t tag_at) {
    return Malformed(absl::StrCat("the field at byte ", tag_at,
                                  " is cut short (truncated data?)"),
                     field, number);
  }

  // Reports wire data that is not a message at all, at the message being
  // read, or at its field `number` if given.
  bool Malformed(const std::string& detail,
                 const FieldDescriptor* field = nullptr, int number = 0) {
    if (context_ == nullptr) return false;
    return FailAt(
        field != nullptr || number != 0 ? FieldPath(field, number)
                                        : MessagePath(),
        absl::StrCat("not a valid binary ", root_->name(), " message (",
                     bytes_.size(), " bytes): ", detail));
  }

  bool Fail(const FieldDescriptor* field, int number, std::string message) {
    if (context_ == nullptr) return false;
    return FailAt(FieldPath(field, number), std::move(message));
  }

  bool FailAt(std::string path, std::string message) {
    if (context_ == nullptr) return false;
    context_->Error(0, 0, context_->recording() ? std::move(path) : "",
                    std::move(message));
    return false;
  }

  std::string_view bytes_;
  const Descriptor* root_;
  ParseContext* context_;  // Null: check quietly.
  size_t pos_ = 0;
  int unknown_fields_ = 0;
  std::vector<Frame> stack_;
};

}  // namespace

bool PassesWireCheck(std::string_view bytes,
                     const google::protobuf::Descriptor* root) {
  return WireChecker(bytes, root, nullptr).Check();
}

bool ParseBinary(std::string_view bytes, Message& root, ParseContext& context) {
  if (!WireChecker(bytes, root.GetDescriptor(), &context).Check()) {
    return false;
  }
  if (!root.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    // Not reached for input the check passed; kept so that no input is ever
    // accepted half-parsed.
    context.Error(
        0, 0, "",
        absl::StrCat("not a valid binary ", root.GetDescriptor()->name(),
                     " message (", bytes.size(), " bytes)"));
    return false;
  }
  if (context.recording()) {
    LocateSetFields(root, "", SourceLocation{context.file()},
                    *context.locations());
  }
  return true;
}

}  // namespace orbax::checkpoint::options::internal
