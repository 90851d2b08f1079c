// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/text_locator.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "orbax/checkpoint/options/internal/field_path.h"

namespace orbax::checkpoint::options::internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::TextFormat;
using google::protobuf::io::Tokenizer;

SourceLocation At(const std::string& file,
                  const TextFormat::ParseLocation& location) {
  return {file, location.line + 1, location.column + 1};
}

// Swallows the tokenizer's errors: protobuf's parser has reported them.
class NullErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, int, const std::string&) override {}
};

// One message being read: its type (null if unknown), its path, how many
// times each field name appeared in it so far (for `[i]` indices), and where
// its reading stands.
struct Level {
  const Descriptor* type = nullptr;
  std::string path;
  std::map<std::string, int> counts;
  // The field whose name was read last in this message, and its state.
  const FieldDescriptor* field = nullptr;
  std::string field_name;
  bool after_colon = false;  // A value is expected next.
  int list_depth = 0;        // Inside `[...]` after `name:`.
  int list_elements = 0;     // Messages read so far in that list.
};

}  // namespace

void LocateTextFields(const Message& message,
                      const TextFormat::ParseInfoTree& tree,
                      const std::string& file, std::string_view prefix,
                      FieldLocations& locations) {
  const auto* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string path = JoinPath(prefix, field->name());
    const bool is_message =
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (!field->is_repeated()) {
      const TextFormat::ParseLocation location = tree.GetLocation(field, -1);
      if (location.line >= 0) locations.Set(path, At(file, location));
      if (is_message) {
        if (const auto* nested = tree.GetTreeForNested(field, -1)) {
          LocateTextFields(reflection->GetMessage(message, field), *nested,
                           file, path, locations);
        }
      }
      continue;
    }
    const int size = reflection->FieldSize(message, field);
    for (int i = 0; i < size; ++i) {
      // The list syntax `f: [1, 2]` records only the first element.
      TextFormat::ParseLocation location = tree.GetLocation(field, i);
      if (location.line < 0) location = tree.GetLocation(field, 0);
      if (i == 0) locations.Set(path, At(file, location));
      locations.AddElement(path, location.line + 1, location.column + 1);
    }
  }
}

TextFieldAt FindTextFieldAt(std::string_view text, const Descriptor* root,
                            int line, int column) {
  google::protobuf::io::ArrayInputStream input(text.data(),
                                               static_cast<int>(text.size()));
  NullErrorCollector errors;
  Tokenizer tokenizer(&input, &errors);
  // As TextFormat's parser sets it up.
  tokenizer.set_allow_f_after_float(true);
  tokenizer.set_comment_style(Tokenizer::SH_COMMENT_STYLE);
  tokenizer.set_require_space_after_number(false);
  tokenizer.set_allow_multiline_strings(true);

  std::vector<Level> stack(1);
  stack[0].type = root;
  TextFieldAt current;  // The last field name read.
  bool in_extension_name = false;
  TextFieldAt value_of;         // The field of the last scalar value read.
  bool last_was_value = false;  // Whether the last token read was that value.
  bool stopped = false;         // Whether a token at the position was found:
  Tokenizer::Token next;        // this one.

  while (tokenizer.Next()) {
    const Tokenizer::Token& token = tokenizer.current();
    if (token.line > line || (token.line == line && token.column >= column)) {
      stopped = true;
      next = token;
      break;  // Only what was read before the position counts.
    }
    const bool value_expected = current.in_field;
    last_was_value = false;
    const std::string& t = token.text;
    if (in_extension_name) {
      if (t == "]") in_extension_name = false;
      continue;
    }
    Level& level = stack.back();
    if (token.type == Tokenizer::TYPE_IDENTIFIER && !level.after_colon &&
        level.list_depth == 0) {
      const FieldDescriptor* field =
          level.type != nullptr ? level.type->FindFieldByName(t) : nullptr;
      const int index = level.counts[t]++;
      current = TextFieldAt();
      current.path = JoinPath(level.path, t);
      if (field != nullptr && field->is_repeated()) {
        current.path = IndexPath(current.path, index);
      }
      current.in_field = true;
      current.unknown = level.type != nullptr && field == nullptr;
      current.message_type =
          level.type != nullptr ? level.type->full_name() : "";
      current.line = token.line;
      current.column = token.column;
      level.field = field;
      level.field_name = t;
    } else if (t == ":") {
      level.after_colon = true;
    } else if (t == "[" && !level.after_colon && level.list_depth == 0) {
      in_extension_name = true;  // `[ext.name]` or `[type.url/Any]`.
    } else if (t == "[") {
      ++level.list_depth;
    } else if (t == "]") {
      if (level.list_depth > 0) --level.list_depth;
      if (level.list_depth == 0) {
        level.after_colon = false;
        current.in_field = false;
      }
    } else if (t == "{" || t == "<") {
      Level nested;
      nested.type =
          level.field != nullptr &&
                  level.field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
              ? level.field->message_type()
              : nullptr;
      nested.path = current.path;
      if (level.list_depth > 0) {
        // `f: [{...}, {...}]`: the first element has the index the name got;
        // each later one the next.
        const int index = level.list_elements++ == 0
                              ? level.counts[level.field_name] - 1
                              : level.counts[level.field_name]++;
        nested.path = JoinPath(level.path, level.field_name);
        if (level.field != nullptr && level.field->is_repeated()) {
          nested.path = IndexPath(nested.path, index);
        }
      } else {
        level.after_colon = false;
      }
      stack.push_back(std::move(nested));
      current.in_field = false;
    } else if (t == "}" || t == ">") {
      if (stack.size() > 1) stack.pop_back();
      Level& parent = stack.back();
      if (parent.list_depth == 0) {
        parent.field = nullptr;
        parent.list_elements = 0;
      }
      current.in_field = false;
    } else if (t == "-") {
      // A sign; the number or `inf` follows.
    } else if (level.list_depth == 0) {
      level.after_colon = false;  // A scalar value: the field is complete.
      level.list_elements = 0;
      if (value_expected) {
        value_of = current;
        value_of.line = token.line;
        value_of.column = token.column;
        last_was_value = true;
      }
      current.in_field = false;
    }
  }
  if (current.in_field) return current;
  // Right after a value, at a token that may follow a complete field: the
  // parser had no quarrel with that token, so the error is about the value.
  const bool may_follow_a_field =
      stopped ? next.type == Tokenizer::TYPE_IDENTIFIER ||
                    ((next.text == "}" || next.text == ">") && stack.size() > 1)
              : stack.size() == 1;
  if (last_was_value && may_follow_a_field) {
    value_of.after_value = true;
    return value_of;
  }
  TextFieldAt enclosing;
  enclosing.path = stack.back().path;
  enclosing.message_type =
      stack.back().type != nullptr ? stack.back().type->full_name() : "";
  return enclosing;
}

}  // namespace orbax::checkpoint::options::internal
