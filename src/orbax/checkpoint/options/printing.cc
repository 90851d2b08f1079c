// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/printing.h"

#include <climits>
#include <cstddef>
#include <cstdlib>
#include <set>
#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/internal/field_kinds.h"

namespace orbax::checkpoint::options {

namespace {

// Prints permission bits in octal (`0750`), which text format reads back.
class PermissionBitsPrinter
    : public google::protobuf::TextFormat::FastFieldValuePrinter {
 public:
  void PrintInt32(
      int32_t value,
      google::protobuf::TextFormat::BaseTextGenerator* out) const override {
    out->PrintString(internal::PermissionBitsText(value));
  }
};

// Registers PermissionBitsPrinter for every permission-bits field of `type`
// and of the message types inside it, each type once.
void RegisterPrinters(const google::protobuf::Descriptor* type,
                      google::protobuf::TextFormat::Printer& printer,
                      std::set<const google::protobuf::Descriptor*>& seen) {
  if (!seen.insert(type).second) return;
  for (int i = 0; i < type->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = type->field(i);
    if (internal::IsPermissionBits(field)) {
      printer.RegisterFieldValuePrinter(field, new PermissionBitsPrinter());
    } else if (field->message_type() != nullptr) {
      RegisterPrinters(field->message_type(), printer, seen);
    }
  }
}

}  // namespace

std::string PrintMessage(const google::protobuf::Message& message,
                         Format format) {
  std::string out;
  switch (format) {
    case Format::kText: {
      // Unknown fields print as `101: 1`, which no text parser reads back.
      google::protobuf::TextFormat::Printer printer;
      printer.SetHideUnknownFields(true);
      std::set<const google::protobuf::Descriptor*> seen;
      RegisterPrinters(message.GetDescriptor(), printer, seen);
      printer.PrintToString(message, &out);
      break;
    }
    case Format::kJson: {
      google::protobuf::util::JsonPrintOptions options;
      options.add_whitespace = true;
      options.preserve_proto_field_names = true;
      // Cannot fail: the schema has no Any and no well-known value types.
      (void)google::protobuf::util::MessageToJsonString(message, &out, options);
      if (out.empty() || out.back() != '\n') out += '\n';
      break;
    }
    case Format::kBinary: {
      // Deterministic (map entries sorted), sized once and written straight
      // into the string: about half the cost of growing it through a
      // StringOutputStream (bench/).
      const size_t size = message.ByteSizeLong();
      if (size > INT_MAX) std::abort();  // Protobuf's own 2 GiB limit.
      out.resize(size);
      google::protobuf::io::ArrayOutputStream stream(out.data(),
                                                     static_cast<int>(size));
      google::protobuf::io::CodedOutputStream coded(&stream);
      coded.SetSerializationDeterministic(true);
      message.SerializeWithCachedSizes(&coded);
      break;
    }
  }
  return out;
}

#define ORBAX_OPTIONS_DEFINE_PRINTING(Root)                       \
  std::string PrintEffective(const Root& options, Format format) { \
    return PrintMessage(ToProto(options), format);                 \
  }
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DEFINE_PRINTING)

}  // namespace orbax::checkpoint::options
