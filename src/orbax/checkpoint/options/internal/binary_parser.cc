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

struct WireMessage;

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
  const WireMessage* message = nullptr;         // For kMessage: its type.
  uint8_t wire_type = 0;  // The wire type its type is sent with.
  bool packable = false;  // Also accepted length-delimited, as a packed list.
  Value value = Value::kAny;
};

// The fields of one message type, by number.
struct WireMessage {
  static constexpr int kDenseNumbers = 1024;

  const Descriptor* descriptor;
  std::vector<WireField> dense;   // By number; numbers with no field: null.
  std::vector<WireField> sparse;  // Numbers from kDenseNumbers, sorted.

  // The field `number`, or null if this version has none.
  const WireField* Find(uint32_t number) const {
    if (number < dense.size()) {
      const WireField* field = &dense[number];
      return field->descriptor != nullptr ? field : nullptr;
    }
    const auto it = std::lower_bound(
        sparse.begin(), sparse.end(), number,
        [](const WireField& f, uint32_t n) {
          return static_cast<uint32_t>(f.descriptor->number()) < n;
        });
    return it != sparse.end() &&
                   static_cast<uint32_t>(it->descriptor->number()) == number
               ? &*it
               : nullptr;
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
  switch (field.value) {
    case WireField::Value::kInt32:
      return value <= 0x7fffffffu || value >= 0xffffffff80000000u;
    case WireField::Value::kUint32:
      return value <= 0xffffffffu;
    default:
      return true;
  }
}

// Every message type reachable from one root, read from the descriptors once
// (`Of()`), so that the check finds a field by indexing an array rather than
// through the descriptor's hash table.
class WireSchema {
 public:
  // The schema of `root`, built on first use and kept for the process.
  static const WireSchema& Of(const Descriptor* root) {
    // A list that only grows, read without a lock: one entry per root type.
    static std::atomic<const WireSchema*> head{nullptr};
    static std::mutex mutex;
    for (const WireSchema* s = head.load(std::memory_order_acquire);
         s != nullptr; s = s->next_) {
      if (s->root()->descriptor == root) return *s;
    }
    std::lock_guard<std::mutex> lock(mutex);
    for (const WireSchema* s = head.load(std::memory_order_acquire);
         s != nullptr; s = s->next_) {
      if (s->root()->descriptor == root) return *s;
    }
    auto* schema = new WireSchema(root, head.load(std::memory_order_relaxed));
    head.store(schema, std::memory_order_release);
    return *schema;
  }

  const WireMessage* root() const { return messages_.front().get(); }

 private:
  WireSchema(const Descriptor* root, const WireSchema* next) : next_(next) {
    Add(root);
  }

  // The table of `type`, added (with every type it reaches) if new.
  const WireMessage* Add(const Descriptor* type) {
    for (const auto& message : messages_) {
      if (message->descriptor == type) return message.get();
    }
    messages_.push_back(std::make_unique<WireMessage>());
    WireMessage& message = *messages_.back();
    message.descriptor = type;
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      WireField entry;
      entry.descriptor = field;
      entry.wire_type = static_cast<uint8_t>(WireFormat::WireTypeForFieldType(
          static_cast<WireFormat::FieldType>(field->type())));
      entry.packable = field->is_packable();
      entry.value = ValueOf(field);
      if (field->number() < WireMessage::kDenseNumbers) {
        if (message.dense.size() <= static_cast<size_t>(field->number())) {
          message.dense.resize(field->number() + 1);
        }
        message.dense[field->number()] = entry;
      } else {
        message.sparse.push_back(entry);
      }
    }
    std::sort(message.sparse.begin(), message.sparse.end(),
              [](const WireField& a, const WireField& b) {
                return a.descriptor->number() < b.descriptor->number();
              });
    // Sub-message types last: a type that holds itself finds its own table.
    for (auto* fields : {&message.dense, &message.sparse}) {
      for (WireField& field : *fields) {
        if (field.value == WireField::Value::kMessage) {
          field.message = Add(field.descriptor->message_type());
        }
      }
    }
    return &message;
  }

  const WireSchema* next_;
  std::vector<std::unique_ptr<WireMessage>> messages_;
};

// Reads a varint at `p`, before `end`, into `value`; returns where it ends,
// or null if it is cut short or longer than ten bytes.
inline const uint8_t* ReadVarint(const uint8_t* p, const uint8_t* end,
                                 uint64_t& value) {
  if (p < end && *p < 0x80) {
    value = *p;
    return p + 1;
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
      : bytes_(bytes), context_(context) {
    stack_[0] = Frame{schema.root(), Data() + bytes.size(), nullptr, -1};
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
      if (number == 0 || wire_type > 5) {
        return Malformed(top, absl::StrCat("malformed field tag at byte ",
                                           Offset(tag_at), " (field ", number,
                                           ", wire type ", wire_type, ")"));
      }
      if (wire_type == WireFormat::WIRETYPE_END_GROUP) {
        return Malformed(top, absl::StrCat("unexpected end of group ", number,
                                           " at byte ", Offset(tag_at)));
      }
      const WireField* field = top->type->Find(number);
      // Quietly, an unknown field fails the check: the located path tells
      // a newer writer's field from a discarded one.
      if (field == nullptr && !kLoud) return false;
      if (field == nullptr && ++unknown_fields_ > kMaxUnknownFields) {
        return Fail(top, nullptr, number,
                    absl::StrCat("more than ", kMaxUnknownFields,
                                 " unknown fields (fields from a newer "
                                 "writer), the most one source may hold"));
      }
      if (field != nullptr && wire_type != field->wire_type &&
          !(field->packable &&
            wire_type == WireFormat::WIRETYPE_LENGTH_DELIMITED)) {
        return WrongWireType(top, *field, wire_type, tag_at);
      }
      const FieldDescriptor* descriptor =
          field != nullptr ? field->descriptor : nullptr;
      switch (wire_type) {
        case WireFormat::WIRETYPE_VARINT: {
          uint64_t value;
          p = ReadVarint(p, top->end, value);
          if (p == nullptr) return Truncated(top, descriptor, number, tag_at);
          if (field != nullptr && !VarintFits(*field, value)) {
            return DoesNotFit(top, *field, value, "", tag_at);
          }
          continue;
        }
        case WireFormat::WIRETYPE_FIXED64:
        case WireFormat::WIRETYPE_FIXED32: {
          const size_t width =
              wire_type == WireFormat::WIRETYPE_FIXED64 ? 8 : 4;
          if (static_cast<size_t>(top->end - p) < width) {
            return Truncated(top, descriptor, number, tag_at);
          }
          p += width;
          continue;
        }
        case WireFormat::WIRETYPE_START_GROUP:
          // proto2's groups: no proto3 schema has one, so neither this
          // version nor a compatible newer one writes them (README,
          // "Evolving the schema"). Kept, they would cost protobuf tens of
          // bytes of memory for each byte of input.
          return Fail(
              top, descriptor, number,
              absl::StrCat("a group (wire type 3) at byte ", Offset(tag_at),
                           ": proto2's group encoding, which no "
                           "writer of this proto3 schema sends"));
      }
      // Length-delimited.
      uint64_t length;
      p = ReadVarint(p, top->end, length);
      if (p == nullptr || length > static_cast<uint64_t>(top->end - p)) {
        return Truncated(top, descriptor, number, tag_at);
      }
      const uint8_t* const payload = p;
      p += length;
      if (field == nullptr) continue;
      switch (field->value) {
        case WireField::Value::kMessage: {
          const int index = Count(top, *field);
          if (top == &stack_[kMaxNestingDepth]) {
            return TooDeep(top, *field, index, payload);
          }
          ++top;
          *top = Frame{field->message, p, field->descriptor, index};
          p = payload;
          continue;
        }
        case WireField::Value::kUtf8:
          if (!google::protobuf::internal::IsStructurallyValidUTF8(
                  reinterpret_cast<const char*>(payload),
                  static_cast<int>(length))) {
            return NotUtf8(top, *field, payload, length);
          }
          continue;
        default:
          if (field->packable && !Packed(top, *field, payload, p, tag_at)) {
            return false;
          }
          continue;
      }
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
          field.descriptor);
    }
    for (const uint8_t* p = begin; p != end;) {
      uint64_t value;
      p = ReadVarint(p, end, value);
      if (p == nullptr) {
        return Malformed(
            top, absl::StrCat("malformed packed list at byte ", Offset(tag_at)),
            field.descriptor);
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
  std::string FieldPath(const Frame* top, const FieldDescriptor* field,
                        int number) const {
    return JoinPath(MessagePath(top),
                    field != nullptr ? field->name() : absl::StrCat(number));
  }

  bool WrongWireType(const Frame* top, const WireField& field, int wire_type,
                     const uint8_t* tag_at) {
    return Fail(top, field.descriptor, field.descriptor->number(),
                absl::StrCat("sent as ", WireTypeName(wire_type), " at byte ",
                             Offset(tag_at), ", but this version's ",
                             TypeName(field.descriptor), " field is sent as ",
                             WireTypeName(field.wire_type),
                             ": the writer's schema does not match"));
  }

  bool DoesNotFit(const Frame* top, const WireField& field, uint64_t value,
                  const char* where, const uint8_t* tag_at) {
    return Fail(
        top, field.descriptor, field.descriptor->number(),
        absl::StrCat("value ", value, where, " at byte ", Offset(tag_at),
                     " does not fit ", TypeName(field.descriptor),
                     ": the writer's schema does not match"));
  }

  bool NotUtf8(const Frame* top, const WireField& field, const uint8_t* payload,
               size_t length) {
    return Fail(
        top, field.descriptor, field.descriptor->number(),
        absl::StrCat("not valid UTF-8: ",
                     Quote(std::string_view(
                         reinterpret_cast<const char*>(payload), length)),
                     "; string fields must be UTF-8"));
  }

  bool TooDeep(const Frame* top, const WireField& field, int index,
               const uint8_t* at) {
    if (!kLoud) return false;
    std::string path =
        FieldPath(top, field.descriptor, field.descriptor->number());
    if (index >= 0) path = IndexPath(path, index);
    return FailAt(std::move(path),
                  absl::StrCat("nested more than ", kMaxNestingDepth,
                               " levels deep (at byte ", Offset(at), ")"));
  }

  bool Truncated(const Frame* top, const FieldDescriptor* field, int number,
                 const uint8_t* tag_at) {
    return Malformed(top,
                     absl::StrCat("the field at byte ", Offset(tag_at),
                                  " is cut short (truncated data?)"),
                     field, number);
  }

  // Reports wire data that is not a message at all, at the message at `top`,
  // or at its field `number` (`field`) if given.
  bool Malformed(const Frame* top, const std::string& detail,
                 const FieldDescriptor* field = nullptr, int number = 0) {
    if (!kLoud) return false;
    return FailAt(
        field != nullptr || number != 0 ? FieldPath(top, field, number)
                                        : MessagePath(top),
        absl::StrCat("not a valid binary ", stack_[0].type->descriptor->name(),
                     " message (", bytes_.size(), " bytes): ", detail));
  }

  bool Fail(const Frame* top, const FieldDescriptor* field, int number,
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
