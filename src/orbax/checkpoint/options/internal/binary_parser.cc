// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/binary_parser.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/stubs/common.h"
#include "google/protobuf/wire_format_lite.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/internal/escaping.h"
#include "orbax/checkpoint/options/internal/field_path.h"

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

// How the check reads one field this version knows, worked out once per
// message type from its descriptor (`WireSchema`).
struct WireField {
  // What the value must be beyond its wire type.
  enum class Value : uint8_t {
    kAny,
    kInt32,   // int32 and enums: sent sign-extended to 64 bits
    kUint32,  // uint32 and sint32: 32 bits
    kUtf8,    // string
    kMessage,
  };

  const FieldDescriptor* descriptor = nullptr;  // Null: no such field.
  uint32_t message = 0;   // For kMessage: its type's index in the schema.
  uint8_t wire_type = 0;  // The wire type its type is sent with.
  Value value = Value::kAny;
  // The wire types it is accepted with, a bit each: `wire_type`, and
  // length-delimited for a packed list; none for no field.
  uint8_t accepted = 0;
};

// The fields of one message type: by number below kDenseNumbers, the few
// others in a list.
struct WireMessage {
  static constexpr uint32_t kDenseNumbers = 1024;

  const Descriptor* descriptor;
  std::vector<WireField> dense;  // Numbers with no field: a null descriptor.
  std::vector<WireField> sparse;

  // The field `number`, or null if this version has none.
  const WireField* Find(uint32_t number) const {
    if (number < dense.size()) {
      return dense[number].descriptor != nullptr ? &dense[number] : nullptr;
    }
    for (const WireField& field : sparse) {
      if (static_cast<uint32_t>(field.descriptor->number()) == number) {
        return &field;
      }
    }
    return nullptr;
  }
};

WireField::Value ValueOf(const FieldDescriptor* field) {
  switch (field->type()) {
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_ENUM:
      return WireField::Value::kInt32;
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_SINT32:
      return WireField::Value::kUint32;
    case FieldDescriptor::TYPE_STRING:
      return WireField::Value::kUtf8;
    case FieldDescriptor::TYPE_MESSAGE:
      return WireField::Value::kMessage;
    default:
      return WireField::Value::kAny;
  }
}

// Whether the varint `value` holds a value of `field`'s type without being
// cut.
bool VarintFits(const WireField& field, uint64_t value) {
  if (field.value == WireField::Value::kInt32) {
    return value <= 0x7fffffffu || value >= 0xffffffff80000000u;
  }
  return field.value != WireField::Value::kUint32 || value <= 0xffffffffu;
}

// Every message type reachable from one root, read from the descriptors once
// (`Of()`), side by side in one array, so that the check finds a field by
// indexing rather than through the descriptor's hash table.
class WireSchema {
 public:
  // The schema of `root`, built on first use and kept for the process.
  static const WireSchema& Of(const Descriptor* root) {
    // A list that only grows, read without a lock: one entry per root type.
    static std::atomic<const WireSchema*> head{nullptr};
    static std::mutex mutex;
    const auto find = [root]() -> const WireSchema* {
      for (const WireSchema* s = head.load(std::memory_order_acquire);
           s != nullptr; s = s->next_) {
        if (s->messages_.front().descriptor == root) return s;
      }
      return nullptr;
    };
    if (const WireSchema* schema = find()) return *schema;
    std::lock_guard<std::mutex> lock(mutex);
    if (const WireSchema* schema = find()) return *schema;
    auto* schema = new WireSchema(root, head.load(std::memory_order_relaxed));
    head.store(schema, std::memory_order_release);
    return *schema;
  }

  const WireMessage& message(uint32_t index) const { return messages_[index]; }

 private:
  WireSchema(const Descriptor* root, const WireSchema* next) : next_(next) {
    Add(root);
  }

  // The index of `type`'s table, added (with every type it reaches) if new.
  uint32_t Add(const Descriptor* type) {
    for (uint32_t i = 0; i < messages_.size(); ++i) {
      if (messages_[i].descriptor == type) return i;
    }
    const auto index = static_cast<uint32_t>(messages_.size());
    messages_.push_back(WireMessage{type, {}, {}});
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      const int wire_type = WireFormat::WireTypeForFieldType(
          static_cast<WireFormat::FieldType>(field->type()));
      const int packed = field->is_packable() ? 1 << 2 : 0;
      WireField entry{field, 0, static_cast<uint8_t>(wire_type), ValueOf(field),
                      static_cast<uint8_t>(1 << wire_type | packed)};
      // Sub-message types first: a type that holds itself finds its index.
      if (field->message_type() != nullptr) {
        entry.message = Add(field->message_type());
      }
      WireMessage& message = messages_[index];
      const auto number = static_cast<uint32_t>(field->number());
      if (number >= WireMessage::kDenseNumbers) {
        message.sparse.push_back(entry);
        continue;
      }
      if (message.dense.size() <= number) message.dense.resize(number + 1);
      message.dense[number] = entry;
    }
    return index;
  }

  const WireSchema* next_;
  std::vector<WireMessage> messages_;  // The root's first.
};

// Reads a varint at `p`, before `end`, into `value`; returns where it ends,
// or null if it is cut short or longer than ten bytes.
inline const uint8_t* ReadVarint(const uint8_t* p, const uint8_t* end,
                                 uint64_t& value) {
  if (p < end && *p < 0x80) {
    value = *p;
    return p + 1;
  }
  if (end - p >= 2 && p[1] < 0x80) {
    value = (p[0] & 0x7fu) | uint64_t{p[1]} << 7;
    return p + 2;
  }
  value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) return nullptr;
    const uint8_t byte = *p++;
    value |= uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) return p;
  }
  return nullptr;
}

// One pass over the wire data; see binary_parser.h. Valid input allocates
// nothing: open messages stand in a fixed array. Quietly (`kLoud` false) it
// only checks, for the loader's fast path; loudly it reports the first
// problem at its field path, which it spells out only then.
template <bool kLoud>
class WireChecker {
 public:
  WireChecker(std::string_view bytes, const WireSchema& schema,
              ParseContext* context)
      : bytes_(bytes), schema_(schema), context_(context) {
    stack_[0] = Frame{&schema.message(0), Data() + bytes.size(), nullptr, -1};
  }

  bool Check() {
    const uint8_t* p = Data();
    Frame* top = &stack_[0];
    while (true) {
      if (p == top->end) {
        if (top == &stack_[0]) return true;
        --top;
        continue;
      }
      const uint8_t* const tag_at = p;
      uint64_t tag;
      p = ReadVarint(p, top->end, tag);
      if (p == nullptr || tag > UINT32_MAX) {
        return Malformed(
            top, absl::StrCat("malformed field tag at byte ", Offset(tag_at)));
      }
      const auto number = static_cast<uint32_t>(tag >> 3);
      const int wire_type = static_cast<int>(tag & 7);
      const WireField* field = top->type->Find(number);
      if ((field == nullptr || (field->accepted >> wire_type & 1) == 0) &&
          !Unexpected(top, field, number, wire_type, tag_at)) {
        return false;
      }
      if (wire_type != WireFormat::WIRETYPE_LENGTH_DELIMITED) {
        p = Scalar(top, field, number, wire_type, p, tag_at);
        if (p == nullptr) return false;
        continue;
      }
      uint64_t length;
      p = ReadVarint(p, top->end, length);
      if (p == nullptr || length > static_cast<uint64_t>(top->end - p)) {
        return Truncated(top, field, number, tag_at);
      }
      const uint8_t* const payload = p;
      p += length;
      if (field == nullptr) continue;
      if (field->value == WireField::Value::kMessage) {
        const int index = Count(top, *field);
        if (top == &stack_[kMaxNestingDepth]) {
          return TooDeep(top, *field, index, payload);
        }
        ++top;
        *top = Frame{&schema_.message(field->message), p, field->descriptor,
                     index};
        p = payload;
        continue;
      }
      if (!Payload(top, *field, payload, p, tag_at)) return false;
    }
  }

 private:
  struct Frame {
    const WireMessage* type;
    const uint8_t* end;  // Where the message ends.
    // The field that holds this message (null for the root), and its index
    // if that field is repeated (else -1): the last step of its path.
    const FieldDescriptor* field;
    int index;
  };

  const uint8_t* Data() const {
    return reinterpret_cast<const uint8_t*>(bytes_.data());
  }
  size_t Offset(const uint8_t* at) const { return at - Data(); }

  // Whether field `number` (`field`, null if this version has none), not sent
  // with a wire type of its own, may stand here: loudly an unknown field, up
  // to kMaxUnknownFields (quietly, the located path tells those apart).
  bool Unexpected(const Frame* top, const WireField* field, uint32_t number,
                  int wire_type, const uint8_t* tag_at) {
    if (number == 0 || wire_type > 5) {
      return Malformed(top, absl::StrCat("malformed field tag at byte ",
                                         Offset(tag_at), " (field ", number,
                                         ", wire type ", wire_type, ")"));
    }
    if (wire_type == WireFormat::WIRETYPE_END_GROUP) {
      return Malformed(top, absl::StrCat("unexpected end of group ", number,
                                         " at byte ", Offset(tag_at)));
    }
    if (field != nullptr) {
      return Fail(top, field, number,
                  absl::StrCat("sent as ", WireTypeName(wire_type), " at byte ",
                               Offset(tag_at), ", but this version's ",
                               TypeName(field->descriptor),
                               " field is sent as ",
                               WireTypeName(field->wire_type),
                               ": the writer's schema does not match"));
    }
    if (!kLoud) return false;
    if (++unknown_fields_ <= kMaxUnknownFields) return true;
    return Fail(top, nullptr, number,
                absl::StrCat("more than ", kMaxUnknownFields,
                             " unknown fields (fields from a newer "
                             "writer), the most one source may hold"));
  }

  // Reads the value of a field of `wire_type` other than length-delimited,
  // at `p`; returns where it ends, or null.
  const uint8_t* Scalar(const Frame* top, const WireField* field,
                        uint32_t number, int wire_type, const uint8_t* p,
                        const uint8_t* tag_at) {
    switch (wire_type) {
      case WireFormat::WIRETYPE_VARINT: {
        uint64_t value;
        p = ReadVarint(p, top->end, value);
        if (p == nullptr) {
          Truncated(top, field, number, tag_at);
        } else if (field != nullptr && !VarintFits(*field, value)) {
          DoesNotFit(top, *field, value, "", tag_at);
          p = nullptr;
        }
        return p;
      }
      case WireFormat::WIRETYPE_FIXED64:
      case WireFormat::WIRETYPE_FIXED32: {
        const size_t width = wire_type == WireFormat::WIRETYPE_FIXED64 ? 8 : 4;
        if (static_cast<size_t>(top->end - p) >= width) return p + width;
        Truncated(top, field, number, tag_at);
        return nullptr;
      }
      default:
        // proto2's groups, which no proto3 writer sends (docs/schema.md,
        // "Evolving the schema"), and which would cost protobuf tens of
        // bytes of memory for each byte of input.
        Fail(top, field, number,
             absl::StrCat("a group (wire type 3) at byte ", Offset(tag_at),
                          ": proto2's group encoding, which no "
                          "writer of this proto3 schema sends"));
        return nullptr;
    }
  }

  // Checks the payload of a known field that is not a message, from `begin`
  // to `end`: a packed list's values, and loudly a string's UTF-8 (quietly,
  // protobuf's parser refuses it, as proto3 does).
  bool Payload(const Frame* top, const WireField& field, const uint8_t* begin,
               const uint8_t* end, const uint8_t* tag_at) {
    if (field.value == WireField::Value::kUtf8) {
      const std::string_view text(reinterpret_cast<const char*>(begin),
                                  end - begin);
      if (!kLoud || google::protobuf::internal::IsStructurallyValidUTF8(
                        text.data(), static_cast<int>(text.size()))) {
        return true;
      }
      return Fail(top, &field, field.descriptor->number(),
                  absl::StrCat("not valid UTF-8: ", Quote(text),
                               "; string fields must be UTF-8"));
    }
    return field.wire_type == WireFormat::WIRETYPE_LENGTH_DELIMITED ||
           Packed(top, field, begin, end, tag_at);
  }

  // Checks the contents of a packed list, from `begin` to `end`.
  bool Packed(const Frame* top, const WireField& field, const uint8_t* begin,
              const uint8_t* end, const uint8_t* tag_at) {
    const size_t size = end - begin;
    const size_t width = field.wire_type == WireFormat::WIRETYPE_FIXED32   ? 4
                         : field.wire_type == WireFormat::WIRETYPE_FIXED64 ? 8
                                                                           : 0;
    if (width != 0) {
      if (size % width == 0) return true;
      return Malformed(
          top,
          absl::StrCat("the packed list at byte ", Offset(tag_at), " is ", size,
                       " bytes, not a multiple of ", width),
          &field, field.descriptor->number());
    }
    for (const uint8_t* p = begin; p != end;) {
      uint64_t value;
      p = ReadVarint(p, end, value);
      if (p == nullptr) {
        return Malformed(
            top, absl::StrCat("malformed packed list at byte ", Offset(tag_at)),
            &field, field.descriptor->number());
      }
      if (!VarintFits(field, value)) {
        return DoesNotFit(top, field, value, " in the packed list", tag_at);
      }
    }
    return true;
  }

  // The index of the next element of `field` in the message at `top` if it
  // is repeated, else -1; counted loudly only, as only paths need it. Called
  // as `field`'s message is entered, which starts with no counts.
  int Count(const Frame* top, const WireField& field) {
    if (!kLoud) return -1;
    const size_t depth = top - &stack_[0];
    if (counts_.size() <= depth + 1) counts_.resize(depth + 2);
    counts_[depth + 1].clear();
    if (!field.descriptor->is_repeated()) return -1;
    for (auto& [n, count] : counts_[depth]) {
      if (n == field.descriptor->number()) return count++;
    }
    counts_[depth].emplace_back(field.descriptor->number(), 1);
    return 0;
  }

  // The path of the message at `top`.
  std::string MessagePath(const Frame* top) const {
    std::string path;
    for (const Frame* frame = &stack_[1]; frame <= top; ++frame) {
      path = JoinPath(path, frame->field->name());
      if (frame->index >= 0) path = IndexPath(path, frame->index);
    }
    return path;
  }

  // The path of field `number` (`field`, if this version knows it) of the
  // message at `top`.
  std::string FieldPath(const Frame* top, const WireField* field,
                        uint32_t number) const {
    return JoinPath(MessagePath(top), field != nullptr
                                          ? field->descriptor->name()
                                          : absl::StrCat(number));
  }

  bool DoesNotFit(const Frame* top, const WireField& field, uint64_t value,
                  const char* where, const uint8_t* tag_at) {
    return Fail(
        top, &field, field.descriptor->number(),
        absl::StrCat("value ", value, where, " at byte ", Offset(tag_at),
                     " does not fit ", TypeName(field.descriptor),
                     ": the writer's schema does not match"));
  }

  bool TooDeep(const Frame* top, const WireField& field, int index,
               const uint8_t* at) {
    if (!kLoud) return false;
    std::string path = FieldPath(top, &field, field.descriptor->number());
    if (index >= 0) path = IndexPath(path, index);
    return FailAt(std::move(path),
                  absl::StrCat("nested more than ", kMaxNestingDepth,
                               " levels deep (at byte ", Offset(at), ")"));
  }

  bool Truncated(const Frame* top, const WireField* field, uint32_t number,
                 const uint8_t* tag_at) {
    return Malformed(top,
                     absl::StrCat("the field at byte ", Offset(tag_at),
                                  " is cut short (truncated data?)"),
                     field, number);
  }

  // Reports wire data that is not a message at all, at the message at `top`,
  // or at its field `number` (`field`) if given.
  bool Malformed(const Frame* top, const std::string& detail,
                 const WireField* field = nullptr, uint32_t number = 0) {
    if (!kLoud) return false;
    return FailAt(
        field != nullptr || number != 0 ? FieldPath(top, field, number)
                                        : MessagePath(top),
        absl::StrCat("not a valid binary ", stack_[0].type->descriptor->name(),
                     " message (", bytes_.size(), " bytes): ", detail));
  }

  bool Fail(const Frame* top, const WireField* field, uint32_t number,
            std::string message) {
    if (!kLoud) return false;
    return FailAt(FieldPath(top, field, number), std::move(message));
  }

  bool FailAt(std::string path, std::string message) {
    if (!kLoud) return false;
    context_->Error(0, 0, context_->recording() ? std::move(path) : "",
                    std::move(message));
    return false;
  }

  std::string_view bytes_;
  const WireSchema& schema_;
  ParseContext* context_;  // Loudly only.
  int unknown_fields_ = 0;
  std::array<Frame, kMaxNestingDepth + 1> stack_;
  // Loudly, per open message: how many elements of each repeated message
  // field were seen, for `[i]` in paths.
  std::vector<std::vector<std::pair<int, int>>> counts_;
};

}  // namespace

bool PassesWireCheck(std::string_view bytes,
                     const google::protobuf::Descriptor* root) {
  return WireChecker<false>(bytes, WireSchema::Of(root), nullptr).Check();
}

bool ParseBinary(std::string_view bytes, Message& root, ParseContext& context) {
  if (!WireChecker<true>(bytes, WireSchema::Of(root.GetDescriptor()), &context)
           .Check()) {
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
