// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The JSON parser (json_parser.h): RapidJSON's SAX reader drives a builder
// that fills the message through reflection, along its descriptor.
//
// Why RapidJSON. The JSON grammar, string escapes, UTF-8 validation and
// number syntax are generic work that RapidJSON (Debian's rapidjson-dev,
// header-only) does fast, iteratively and with byte offsets; protobuf's
// `JsonStringToMessage` accepts JSON that the proto3 mapping and Python's
// `json_format` refuse (quoted booleans, a scalar where a list belongs,
// `null` elements dropped, nested lists flattened) and reports errors
// without a position. This file maps RapidJSON's events onto the message,
// keys, positions, paths and diagnostics; json_values.cc reads values as
// Python does.
//
// Positions. RapidJSON reports events, not where they start; its stream's
// `Tell()` is the offset where an event's token ends (for brackets, where it
// starts). The start of a key or a value is found from the previous event's
// end: whitespace, at most one ':' or ',', whitespace. Offsets become
// 1-based lines and columns by one forward scan over the input in all
// (`Positions`), and only when a location is recorded or reported.
//
// Memory: no DOM. RapidJSON hands over each string decoded into its own
// buffer, which is reused; the builder copies only what goes into the
// message. Paths are built only when recording locations. The keys of an
// object are kept for the duplicate check only while it is open, as views of
// the input unless they were escaped.

#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/internal/json_parser.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/internal/escaping.h"
#include "orbax/checkpoint/options/internal/field_kinds.h"
#include "orbax/checkpoint/options/internal/json_values.h"
#include "orbax/checkpoint/options/internal/parse_context.h"
#include "rapidjson/error/en.h"
#include "rapidjson/error/error.h"
#include "rapidjson/memorystream.h"
#include "rapidjson/reader.h"

namespace orbax::checkpoint::options::internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::OneofDescriptor;

// No recursion, UTF-8 checked in strings, numbers handed over as written.
constexpr unsigned kReadFlags = rapidjson::kParseIterativeFlag |
                                rapidjson::kParseValidateEncodingFlag |
                                rapidjson::kParseNumbersAsStringsFlag;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string ExpectedGotJson(const FieldDescriptor* field,
                            std::string_view got) {
  return absl::StrCat("expected ", ExpectedJson(field), ", got ",
                      std::string(got));
}

// Whether `key` names an extension the way Python's json_format recognises
// (`[a.b]`); Python refuses it for a message without extensions even when
// unknown fields are ignored.
bool IsExtensionKey(std::string_view key) {
  if (!key.empty() && key.back() == '\n') key.remove_suffix(1);  // Python's $.
  if (key.size() < 2 || key.front() != '[' || key.back() != ']') return false;
  for (char c : key.substr(1, key.size() - 2)) {
    if (!(IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          c == '.' || c == '_')) {
      return false;
    }
  }
  return true;
}

// A key as a step of a path: as it is if it looks like a field name,
// quoted otherwise.
std::string PathStep(std::string_view key) {
  bool plain = !key.empty() && key.size() <= kMaxQuotedBytes;
  for (char c : key) {
    plain = plain && c > 0x20 && c < 0x7f && c != '.' && c != '[' && c != ']' &&
            c != '"' && c != '\\';
  }
  return plain ? std::string(key) : Quote(key);
}

// The field named `key`, by its schema name or its JSON name. Messages have
// a handful of fields, which a scan compares faster than a hashed lookup.
const FieldDescriptor* FindField(const Descriptor* type, std::string_view key) {
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->json_name() == key) return type->field(i);
  }
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->name() == key) return type->field(i);
  }
  return nullptr;
}

// Describes byte `offset` of `json` in a syntax error.
std::string DescribeByte(std::string_view json, size_t offset) {
  if (offset >= json.size()) return "the end of the input";
  const unsigned char c = static_cast<unsigned char>(json[offset]);
  if (c >= 0x20 && c < 0x7f) return absl::StrCat("'", std::string(1, c), "'");
  return absl::StrCat("byte 0x", absl::Hex(c, absl::kZeroPad2));
}

// ---------------------------------------------------------------------------
// Positions.

struct LineColumn {
  int line = 0;
  int column = 0;
};

// Turns byte offsets into 1-based lines and columns: one column per byte, and
// a tab to the next multiple of 8, plus 1, as protobuf's tokenizer counts.
// Asked in increasing order, it scans the input once in all.
class Positions {
 public:
  explicit Positions(std::string_view text) : text_(text) {}

  LineColumn At(size_t offset) {
    if (offset < scanned_) {  // Never in practice; correct anyway.
      scanned_ = 0;
      at_ = {1, 1};
    }
    offset = std::min(offset, text_.size());
    for (; scanned_ < offset; ++scanned_) {
      const char c = text_[scanned_];
      if (c == '\n') {
        ++at_.line;
        at_.column = 1;
      } else if (c == '\t') {
        at_.column = ((at_.column - 1) / 8 + 1) * 8 + 1;
      } else {
        ++at_.column;
      }
    }
    return at_;
  }

 private:
  std::string_view text_;
  size_t scanned_ = 0;
  LineColumn at_{1, 1};
};

// ---------------------------------------------------------------------------
// The builder: RapidJSON's handler.

class Builder {
 public:
  Builder(std::string_view json, Message& root, ParseContext& context)
      : json_(json),
        root_(root),
        context_(context),
        recording_(context.recording()),
        positions_(json) {}

  bool Run();

  // RapidJSON's handler interface. Numbers come as RawNumber() only.
  bool Null() { return OnScalar({JsonScalar::Kind::kNull, false, {}}); }
  bool Bool(bool b) { return OnScalar({JsonScalar::Kind::kBool, b, {}}); }
  bool Int(int) { return false; }
  bool Uint(unsigned) { return false; }
  bool Int64(int64_t) { return false; }
  bool Uint64(uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    return OnScalar({JsonScalar::Kind::kNumber, false, std::string_view(s, n)});
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return OnScalar({JsonScalar::Kind::kString, false, std::string_view(s, n)});
  }
  bool StartObject() { return OnOpen(/*is_object=*/true); }
  bool StartArray() { return OnOpen(/*is_object=*/false); }
  bool Key(const char* s, rapidjson::SizeType n, bool);
  bool EndObject(rapidjson::SizeType) { return OnClose(); }
  bool EndArray(rapidjson::SizeType) { return OnClose(); }

 private:
  // A key already seen in an object, and where (when recording).
  struct SeenField {
    const FieldDescriptor* field;
    LineColumn at;
  };

  // An open object or list.
  struct Frame {
    enum class Kind : uint8_t {
      kMessage,  // An object read into `message`.
      kList,     // The list of the repeated `field` of `message`.
      kSkip,     // An unknown field's value, or one refused: read, not kept.
    };
    Kind kind = Kind::kSkip;
    bool is_object = false;
    // Inside an element of a repeated field: locations are not recorded.
    bool in_element = false;
    // The length of `path_` that is this frame's own path.
    size_t path_size = 0;
    Message* message = nullptr;
    const FieldDescriptor* field = nullptr;
    // Lists: the index of the next element.
    int index = 0;
    // kMessage: the field of the last key (null when unknown), and where
    // the key stands.
    const FieldDescriptor* member = nullptr;
    LineColumn member_at;
    // kMessage: the fields given, and the oneof members given a value.
    absl::InlinedVector<SeenField, 4> seen;
    absl::InlinedVector<const FieldDescriptor*, 1> oneof_members;
    // Objects: the keys not read into a field, for the duplicate check; they
    // view the input, or `owned_keys` when escaped.
    absl::flat_hash_map<std::string_view, LineColumn> keys;
    std::vector<std::unique_ptr<std::string>> owned_keys;
  };

  // --- positions and reports ---

  // The offset where the current event's token starts, from the end of the
  // previous one: whitespace, at most one ':' or ',', whitespace.
  size_t TokenStart() const {
    size_t i = previous_end_;
    const auto skip_space = [&] {
      while (i < json_.size() && (json_[i] == ' ' || json_[i] == '\t' ||
                                  json_[i] == '\n' || json_[i] == '\r')) {
        ++i;
      }
    };
    skip_space();
    if (i < json_.size() && (json_[i] == ':' || json_[i] == ',')) ++i;
    skip_space();
    return i;
  }
  size_t Tell() const { return stream_->Tell(); }

  // The line and column of `offset`, when recording; {0, 0} otherwise.
  LineColumn At(size_t offset) {
    return recording_ ? positions_.At(offset) : LineColumn{};
  }

  std::string Path() const { return recording_ ? path_ : std::string(); }

  // Reports an error at `at` about the current path; `message` is called
  // only if the report is kept.
  template <typename MessageFn>
  void ErrorAt(LineColumn at, MessageFn&& message) {
    if (++errors_ > kMaxReportedPerSeverity) {
      context_.Error(0, 0, "", "");  // Counted, not kept.
      return;
    }
    context_.Error(at.line, at.column, Path(), message());
  }
  template <typename MessageFn>
  void Error(size_t offset, MessageFn&& message) {
    ErrorAt(errors_ >= kMaxReportedPerSeverity ? LineColumn{} : At(offset),
            std::forward<MessageFn>(message));
  }
  template <typename MessageFn>
  void WarningAt(LineColumn at, MessageFn&& message) {
    if (++warnings_ > kMaxReportedPerSeverity) {
      context_.Warning(0, 0, "", "");
      return;
    }
    context_.Warning(at.line, at.column, Path(), message());
  }

  // --- paths ---

  void AppendToPath(std::string_view step, bool index) {
    if (!recording_) return;
    if (!index && !path_.empty()) path_ += '.';
    path_ += step;
  }

  // --- events ---

  // Sets up the path of the value about to be read and, for an element of a
  // repeated field, records where it stands. `start` is where it starts, if
  // known.
  void BeginValue(std::optional<size_t> start);
  // Marks the value just read as done, in the frame that holds it.
  void EndValue();

  bool OnScalar(const JsonScalar& v);
  bool OnOpen(bool is_object);
  bool OnClose();

  // Reports the root being something other than an object.
  void RootIsNotAnObject(size_t offset, std::string_view got);
  // Reports a second member of a oneof; returns whether `field` may be set.
  bool CheckOneof(Frame& frame, const FieldDescriptor* field);
  // Records where `field`, the current member of `frame`, was set.
  void RecordMember(const Frame& frame);
  // Sets (adds, for an element) `field` of `message` to `v`; reports an
  // error at the value if it is not one of the field's.
  void SetValue(Message& message, const FieldDescriptor* field,
                const JsonScalar& v) {
    std::string warning;
    std::string error = SetJsonValue(message, field, v, warning);
    if (!error.empty()) {
      Error(TokenStart(), [&] { return std::move(error); });
    } else if (!warning.empty()) {
      WarningAt(At(TokenStart()), [&] { return std::move(warning); });
    }
  }
  // Reports a duplicate key of an object and returns false; keeps `key`
  // otherwise.
  bool CheckKey(Frame& frame, std::string_view key, size_t key_start);

  void SyntaxError(rapidjson::ParseErrorCode code, size_t offset);

  std::string_view json_;
  Message& root_;
  ParseContext& context_;
  const bool recording_;
  Positions positions_;
  rapidjson::MemoryStream* stream_ = nullptr;
  // Where the previous event's token ended.
  size_t previous_end_ = 0;
  // The path of the value being read (when recording).
  std::string path_;
  std::vector<Frame> frames_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
  // The field and path of the last number read that was a lone zero, for
  // the syntax error of a leading zero ("0750" reads as 0, then a digit).
  const FieldDescriptor* last_number_field_ = nullptr;
  std::string zero_path_;
};

bool Builder::Run() {
  if (json_.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    ErrorAt({1, 1}, [] {
      return "starts with a UTF-8 byte order mark (bytes EF BB BF); save it "
             "as UTF-8 without one";
    });
    return false;
  }
  const Descriptor* type = root_.GetDescriptor();
  if (IsDuration(type) || IsUnsupportedWellKnownType(type)) {
    ErrorAt({1, 1}, [&] {
      return absl::StrCat(type->full_name(),
                          " is not supported as the root message");
    });
    return false;
  }
  rapidjson::MemoryStream stream(json_.data(), json_.size());
  stream_ = &stream;
  rapidjson::Reader reader;
  const rapidjson::ParseResult result = reader.Parse<kReadFlags>(stream, *this);
  if (result.IsError()) {
    if (result.Code() != rapidjson::kParseErrorTermination) {
      SyntaxError(result.Code(), result.Offset());
    }
    return false;
  }
  if (stream.Tell() < json_.size()) {
    // RapidJSON stops at a NUL byte as at the end.
    const size_t at = stream.Tell();
    Error(at, [&] {
      return absl::StrCat("unexpected ", DescribeByte(json_, at),
                          " after the end of the JSON object");
    });
  }
  return errors_ == 0;
}

void Builder::BeginValue(std::optional<size_t> start) {
  if (frames_.empty()) return;
  Frame& frame = frames_.back();
  if (frame.is_object) return;  // The key set the path.
  if (recording_) {
    path_.resize(frame.path_size);
    if (frame.kind == Frame::Kind::kList && !frame.in_element) {
      const LineColumn at = positions_.At(start ? *start : TokenStart());
      context_.locations()->AddElement(path_, at.line, at.column);
    }
    absl::StrAppend(&path_, "[", frame.index, "]");
  }
}

void Builder::EndValue() {
  if (frames_.empty()) return;
  Frame& frame = frames_.back();
  if (frame.is_object) {
    frame.member = nullptr;
  } else {
    ++frame.index;
  }
  if (recording_) path_.resize(frame.path_size);
}

void Builder::RootIsNotAnObject(size_t offset, std::string_view got) {
  Error(offset, [&] {
    return absl::StrCat("expected a JSON object, got ", std::string(got));
  });
}

bool Builder::CheckOneof(Frame& frame, const FieldDescriptor* field) {
  const OneofDescriptor* oneof = field->real_containing_oneof();
  if (oneof == nullptr) return true;
  for (const FieldDescriptor* other : frame.oneof_members) {
    if (other->real_containing_oneof() != oneof) continue;
    if (other != field) {
      ErrorAt(frame.member_at, [&] {
        return absl::StrCat("conflicts with ", other->name(),
                            ": both are members of oneof \"", oneof->name(),
                            "\"; set only one");
      });
      return false;
    }
    return true;  // The same field again: reported as given twice.
  }
  frame.oneof_members.push_back(field);
  return true;
}

void Builder::RecordMember(const Frame& frame) {
  if (!recording_ || frame.in_element) return;
  context_.locations()->Set(
      path_, SourceLocation{context_.file(), frame.member_at.line,
                            frame.member_at.column});
}

bool Builder::OnScalar(const JsonScalar& v) {
  if (frames_.empty()) {
    RootIsNotAnObject(TokenStart(), DescribeJson(v));
    return false;
  }
  BeginValue(std::nullopt);
  Frame& frame = frames_.back();
  if (v.kind == JsonScalar::Kind::kNumber) {
    last_number_field_ = nullptr;
    if (recording_ && (v.text == "0" || v.text == "-0")) zero_path_ = path_;
  }
  std::string surrogate;
  if (v.kind == JsonScalar::Kind::kString &&
      !(surrogate = FindSurrogate(v.text)).empty()) {
    Error(TokenStart(), [&] {
      return absl::StrCat(Quote(v.text),
                          " holds an unpaired UTF-16 surrogate (", surrogate,
                          "); strings must be Unicode");
    });
  } else if (frame.kind == Frame::Kind::kList) {
    if (v.kind == JsonScalar::Kind::kNull) {
      Error(TokenStart(), [&] {
        return absl::StrCat("null is not allowed as an element of ",
                            ExpectedJsonList(frame.field),
                            "; leave the element out");
      });
    } else {
      if (v.kind == JsonScalar::Kind::kNumber) last_number_field_ = frame.field;
      SetValue(*frame.message, frame.field, v);
    }
  } else if (frame.kind == Frame::Kind::kMessage && frame.member != nullptr) {
    const FieldDescriptor* field = frame.member;
    if (v.kind == JsonScalar::Kind::kNull) {
      // null is unset, except for google.protobuf.NullValue.
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM &&
          field->enum_type()->full_name() == "google.protobuf.NullValue" &&
          !field->is_repeated()) {
        frame.message->GetReflection()->SetEnumValue(frame.message, field, 0);
        RecordMember(frame);
      }
    } else if (field->is_map()) {
      Error(TokenStart(), [] { return "map fields are not supported"; });
    } else if (field->is_repeated()) {
      Error(TokenStart(), [&] {
        return absl::StrCat("expected ", ExpectedJsonList(field), ", got ",
                            DescribeJson(v));
      });
    } else if (CheckOneof(frame, field)) {
      if (v.kind == JsonScalar::Kind::kNumber) last_number_field_ = field;
      const size_t before = errors_;
      SetValue(*frame.message, field, v);
      if (errors_ == before) RecordMember(frame);
    }
  }
  EndValue();
  previous_end_ = Tell();
  return true;
}

bool Builder::OnOpen(bool is_object) {
  const size_t at = Tell();  // The bracket: RapidJSON calls before taking it.
  const std::string_view got = is_object ? "an object" : "a list";
  if (frames_.empty()) {
    if (!is_object) {
      RootIsNotAnObject(at, "'['");
      return false;
    }
    Frame root;
    root.kind = Frame::Kind::kMessage;
    root.is_object = true;
    root.message = &root_;
    frames_.push_back(std::move(root));
    previous_end_ = at + 1;
    return true;
  }
  // The root object is level 0; this opens level frames_.size().
  if (frames_.size() > static_cast<size_t>(kMaxNestingDepth)) {
    BeginValue(at);
    Error(at, [] {
      return absl::StrCat("nested more than ", kMaxNestingDepth,
                          " levels deep");
    });
    return false;
  }
  BeginValue(at);
  Frame next;
  next.is_object = is_object;
  next.path_size = recording_ ? path_.size() : 0;
  Frame& parent = frames_.back();
  next.in_element = parent.in_element;
  const FieldDescriptor* field = nullptr;  // What the value is for.
  bool element = false;
  if (parent.kind == Frame::Kind::kList) {
    field = parent.field;
    element = true;
  } else if (parent.kind == Frame::Kind::kMessage) {
    field = parent.member;
  }
  if (field != nullptr) {
    const bool message_type =
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !IsDuration(field->message_type());
    if (field->is_map()) {
      Error(at, [] { return "map fields are not supported"; });
    } else if (message_type &&
               IsUnsupportedWellKnownType(field->message_type())) {
      Error(at, [&] {
        return absl::StrCat(field->message_type()->full_name(),
                            " fields are not supported");
      });
    } else if (element) {
      if (is_object && message_type) {
        next.kind = Frame::Kind::kMessage;
        next.message =
            parent.message->GetReflection()->AddMessage(parent.message, field);
        next.in_element = true;
      } else {
        Error(at, [&] {
          return ExpectedGotJson(field, is_object ? got
                                                  : "a list (lists do not "
                                                    "nest)");
        });
      }
    } else if (field->is_repeated()) {
      if (!is_object) {
        next.kind = Frame::Kind::kList;
        next.message = parent.message;
        next.field = field;
        RecordMember(parent);
      } else {
        Error(at, [&] {
          return absl::StrCat("expected ", ExpectedJsonList(field), ", got ",
                              std::string(got));
        });
      }
    } else if (is_object && message_type) {
      if (CheckOneof(parent, field)) {
        next.kind = Frame::Kind::kMessage;
        next.message = parent.message->GetReflection()->MutableMessage(
            parent.message, field);
        RecordMember(parent);
      }
    } else {
      Error(at, [&] { return ExpectedGotJson(field, got); });
    }
  }
  frames_.push_back(std::move(next));
  previous_end_ = at + 1;
  return true;
}

bool Builder::OnClose() {
  const size_t at = Tell();  // The bracket: RapidJSON calls before taking it.
  frames_.pop_back();
  EndValue();
  previous_end_ = at + 1;
  return true;
}

bool Builder::CheckKey(Frame& frame, std::string_view key, size_t key_start) {
  if (auto it = frame.keys.find(key); it != frame.keys.end()) {
    const LineColumn first = it->second;
    ErrorAt(At(key_start), [&] {
      return absl::StrCat("given more than once; first at ", first.line, ":",
                          first.column);
    });
    return false;
  }
  // A key without escapes is the input between its quotes.
  std::string_view stored = json_.substr(key_start + 1, key.size());
  if (key_start + 1 + key.size() + 1 != Tell() || stored != key) {
    frame.owned_keys.push_back(std::make_unique<std::string>(key));
    stored = *frame.owned_keys.back();
  }
  frame.keys.emplace(stored, At(key_start));
  return true;
}

bool Builder::Key(const char* s, rapidjson::SizeType n, bool) {
  const std::string_view key(s, n);
  Frame& frame = frames_.back();
  if (recording_) path_.resize(frame.path_size);
  if (frame.kind == Frame::Kind::kSkip) {
    AppendToPath(PathStep(key), false);
    const size_t start = TokenStart();
    if (const std::string surrogate = FindSurrogate(key); !surrogate.empty()) {
      Error(start, [&] {
        return absl::StrCat("key ", Quote(key),
                            " holds an unpaired UTF-16 surrogate (", surrogate,
                            "); strings must be Unicode");
      });
    }
    (void)CheckKey(frame, key, start);
    previous_end_ = Tell();
    return true;
  }
  const Descriptor* type = frame.message->GetDescriptor();
  const FieldDescriptor* field = FindField(type, key);
  frame.member = field;
  if (field != nullptr) {
    AppendToPath(field->name(), false);
    frame.member_at = recording_ ? positions_.At(TokenStart()) : LineColumn{};
    for (const SeenField& seen : frame.seen) {
      if (seen.field != field) continue;
      ErrorAt(frame.member_at, [&] {
        return absl::StrCat("given more than once; first at ", seen.at.line,
                            ":", seen.at.column);
      });
      previous_end_ = Tell();
      return true;
    }
    frame.seen.push_back({field, frame.member_at});
    previous_end_ = Tell();
    return true;
  }
  AppendToPath(PathStep(key), false);
  const size_t start = TokenStart();
  frame.member_at = At(start);
  if (!CheckKey(frame, key, start)) {
    // Reported as given twice.
  } else if (const std::string surrogate = FindSurrogate(key);
             !surrogate.empty()) {
    Error(start, [&] {
      return absl::StrCat("key ", Quote(key),
                          " holds an unpaired UTF-16 surrogate (", surrogate,
                          "); strings must be Unicode");
    });
  } else if (key.empty()) {
    // protobuf's C++ parser refuses it even when unknown fields are
    // ignored (Python ignores it); it names nothing anyway.
    ErrorAt(frame.member_at, [&] {
      return absl::StrCat("unknown field: an empty key; ", type->name(),
                          " fields have names");
    });
  } else if (IsExtensionKey(key)) {
    ErrorAt(frame.member_at, [&] {
      return absl::StrCat("unknown field: ", type->name(),
                          " has no extension named ", Quote(key));
    });
  } else if (context_.allow_unknown_fields()) {
    WarningAt(frame.member_at, [&] {
      return absl::StrCat("unknown field ignored: ", type->name(),
                          " has no field named ", Quote(key));
    });
  } else {
    ErrorAt(frame.member_at, [&] {
      return absl::StrCat("unknown field: ", type->name(),
                          " has no field named ", Quote(key));
    });
  }
  previous_end_ = Tell();
  return true;
}

void Builder::SyntaxError(rapidjson::ParseErrorCode code, size_t offset) {
  const std::string here = DescribeByte(json_, offset);
  const bool at_end = offset >= json_.size();
  std::string message;
  switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
      message = "empty input; expected a JSON object";
      break;
    case rapidjson::kParseErrorDocumentRootNotSingular:
      message = absl::StrCat("unexpected ", here,
                             " after the end of the JSON object");
      break;
    case rapidjson::kParseErrorValueInvalid: {
      const size_t start = TokenStart();
      if (frames_.empty() && start == offset) {
        message = absl::StrCat("expected a JSON object, got ", here);
      } else if (at_end) {
        message = "unexpected end of input; expected a value";
      } else if (start < offset) {
        size_t end = offset;
        while (end < json_.size() && end - start < kMaxQuotedBytes &&
               (std::isalnum(static_cast<unsigned char>(json_[end])) ||
                json_[end] == '.' || json_[end] == '-' || json_[end] == '+')) {
          ++end;
        }
        message = absl::StrCat("invalid JSON value '",
                               Sanitized(json_.substr(start, end - start)),
                               "'; expected true, false, null, a number, a "
                               "string, an object or a list");
      } else {
        message = absl::StrCat("expected a value, got ", here);
      }
      break;
    }
    case rapidjson::kParseErrorObjectMissName:
      message =
          at_end ? "unexpected end of input; expected a field name"
                 : absl::StrCat("expected a field name in quotes, got ", here);
      break;
    case rapidjson::kParseErrorObjectMissColon:
      message = at_end ? "unexpected end of input; expected ':'"
                       : absl::StrCat("expected ':' after the field name, got ",
                                      here);
      break;
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket: {
      const std::string_view expected =
          code == rapidjson::kParseErrorObjectMissCommaOrCurlyBracket
              ? "',' or '}'"
              : "',' or ']'";
      // A number with a leading zero ("0750") reads as 0, then a digit.
      size_t start = offset;
      while (start > 0 &&
             (IsDigit(json_[start - 1]) || json_[start - 1] == '-')) {
        --start;
      }
      const std::string_view number = json_.substr(start, offset - start);
      if (!at_end && IsDigit(json_[offset]) &&
          (number == "0" || number == "-0")) {
        size_t end = offset;
        while (end < json_.size() && IsDigit(json_[end])) ++end;
        const std::string written(json_.substr(start, end - start));
        message = absl::StrCat("JSON numbers have no leading zeros: ",
                               ShowJsonNumber(written));
        if (last_number_field_ != nullptr &&
            IsPermissionBits(last_number_field_)) {
          // At most 12 digits: 8^12 fits int64_t many times over.
          int64_t as_octal = 0;
          bool octal = written.size() <= 12;
          for (char c : written) {
            if (!octal) break;
            if (c == '-') continue;
            octal = c <= '7';
            as_octal = as_octal * 8 + (c - '0');
          }
          if (octal) {
            absl::StrAppend(&message, "; JSON has no octal: to mean ", written,
                            ", write ", as_octal);
          }
        }
        offset = start;
        path_ = zero_path_;
      } else {
        message = at_end ? absl::StrCat("unexpected end of input; expected ",
                                        std::string(expected))
                         : absl::StrCat("expected ", std::string(expected),
                                        ", got ", here);
      }
      break;
    }
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex:
      message = "\\u must be followed by 4 hex digits";
      break;
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      message = absl::StrCat(
          "unpaired UTF-16 surrogate ", Sanitized(json_.substr(offset, 6)),
          ": a \\u escape in D800-DBFF must be followed by one in DC00-DFFF");
      break;
    case rapidjson::kParseErrorStringEscapeInvalid:
      if (!at_end && json_[offset] == '\\') {
        message = absl::StrCat("invalid escape \\",
                               offset + 1 < json_.size()
                                   ? Sanitized(json_.substr(offset + 1, 1))
                                   : std::string());
      } else {
        message =
            absl::StrCat("control character ", here, " in a string; escape it");
      }
      break;
    case rapidjson::kParseErrorStringMissQuotationMark:
      message = at_end ? "unterminated string"
                       : absl::StrCat("control character ", here,
                                      " in a string; escape it");
      break;
    case rapidjson::kParseErrorStringInvalidEncoding:
      message =
          absl::StrCat("not valid UTF-8 (", here, "); JSON text must be UTF-8");
      break;
    case rapidjson::kParseErrorNumberTooBig: {
      // Read as the value it stands for: the field says what it takes.
      size_t end = offset;
      while (end < json_.size() &&
             (IsDigit(json_[end]) || json_[end] == '.' || json_[end] == '-' ||
              json_[end] == '+' || json_[end] == 'e' || json_[end] == 'E')) {
        ++end;
      }
      const size_t before = errors_;
      const std::string path = path_;
      if (!frames_.empty()) {
        OnScalar({JsonScalar::Kind::kNumber, false,
                  json_.substr(offset, end - offset)});
      }
      if (errors_ != before) return;
      path_ = path;
      message = absl::StrCat(ShowJsonNumber(json_.substr(offset, end - offset)),
                             " is too large for a JSON number (past the "
                             "range of a double)");
      break;
    }
    case rapidjson::kParseErrorNumberMissFraction:
      message =
          absl::StrCat("expected digits after '.' in a number, got ", here);
      break;
    case rapidjson::kParseErrorNumberMissExponent:
      message =
          absl::StrCat("expected digits in a number's exponent, got ", here);
      break;
    default:
      message =
          absl::StrCat("invalid JSON: ", rapidjson::GetParseError_En(code));
  }
  Error(offset, [&] { return std::move(message); });
}

}  // namespace

bool ParseJson(std::string_view json, google::protobuf::Message& root,
               ParseContext& context) {
  Builder builder(json, root, context);
  return builder.Run();
}

}  // namespace orbax::checkpoint::options::internal
