// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: writes protobuf wire format straight from the value types, for
// `EffectiveBytes()` and the fingerprint. The binders (binders.h) call it in
// the order of their field list, which is field-number order, and write the
// explicit form as `ToProto()` does, so the bytes are those of protobuf's
// deterministic serialisation of `ToProto(options)`: tests/fingerprint_test
// checks that against protobuf for many random options. It skips building the
// message, which cost as much as serialising it (docs/PERFORMANCE.md).
//
// The encodings are protobuf's own (`CodedOutputStream::Write*ToArray`);
// this class only keeps the buffer: on the stack up to `kInlineSize` bytes,
// then on the heap.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_WIRE_WRITER_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_WIRE_WRITER_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace orbax::checkpoint::options::internal {

class WireWriter {
 public:
  WireWriter() = default;
  WireWriter(const WireWriter&) = delete;
  WireWriter& operator=(const WireWriter&) = delete;

  // An int32 or enum field (negative numbers take ten bytes, as protobuf
  // writes them), an int64 field, a bool field, a double field, a string
  // field.
  void Scalar(int number, int32_t value) {
    uint8_t* p = Tag(number, WireType::WIRETYPE_VARINT, kMaxVarint);
    End(Coded::WriteVarint32SignExtendedToArray(value, p));
  }
  void Scalar(int number, int64_t value) {
    uint8_t* p = Tag(number, WireType::WIRETYPE_VARINT, kMaxVarint);
    End(Coded::WriteVarint64ToArray(static_cast<uint64_t>(value), p));
  }
  void Scalar(int number, bool value) {
    uint8_t* p = Tag(number, WireType::WIRETYPE_VARINT, 1);
    *p++ = value ? 1 : 0;
    End(p);
  }
  void Scalar(int number, double value) {
    uint8_t* p = Tag(number, WireType::WIRETYPE_FIXED64, 8);
    End(Coded::WriteLittleEndian64ToArray(std::bit_cast<uint64_t>(value), p));
  }
  template <typename Enum>
  requires std::is_enum_v<Enum>
  void Scalar(int number, Enum value) {
    Scalar(number, static_cast<int32_t>(value));
  }
  void Scalar(int number, std::string_view value) {
    uint8_t* p = Tag(number, WireType::WIRETYPE_LENGTH_DELIMITED,
                     kMaxVarint32 + value.size());
    p = Coded::WriteVarint32ToArray(static_cast<uint32_t>(value.size()), p);
    std::memcpy(p, value.data(), value.size());
    End(p + value.size());
  }
  void Scalar(int number, const std::string& value) {
    Scalar(number, std::string_view(value));
  }

  // One element of a packed repeated int32 or int64, between
  // BeginDelimited() and EndDelimited().
  void PackedInt32(int32_t value) {
    End(Coded::WriteVarint32SignExtendedToArray(value, Reserve(kMaxVarint)));
  }
  void PackedInt64(int64_t value) {
    End(Coded::WriteVarint64ToArray(static_cast<uint64_t>(value),
                                    Reserve(kMaxVarint)));
  }

  // A length-delimited field (sub-message or packed list): BeginDelimited()
  // writes the tag and returns a mark; write the contents, then
  // EndDelimited(mark) writes their length before them.
  size_t BeginDelimited(int number) {
    uint8_t* p = Tag(number, WireType::WIRETYPE_LENGTH_DELIMITED, 1);
    End(p + 1);  // One byte for the length, enough below 128 bytes.
    return size_ - 1;
  }
  void EndDelimited(size_t mark) {
    const size_t length = size_ - mark - 1;
    if (length > INT32_MAX) std::abort();  // Protobuf's own 2 GiB limit.
    const auto n = static_cast<uint32_t>(length);
    const size_t width = Coded::VarintSize32(n);
    if (width > 1) {  // Make room for a longer length.
      Reserve(width - 1);
      std::memmove(data_ + mark + width, data_ + mark + 1, length);
      size_ += width - 1;
    }
    Coded::WriteVarint32ToArray(n, reinterpret_cast<uint8_t*>(data_) + mark);
  }

  std::string_view bytes() const { return {data_, size_}; }

 private:
  using Coded = google::protobuf::io::CodedOutputStream;
  using WireType = google::protobuf::internal::WireFormatLite;
  static constexpr size_t kInlineSize = 1024;
  static constexpr size_t kMaxVarint = 10;
  static constexpr size_t kMaxVarint32 = 5;

  // Returns where the next `n` bytes go; they count once End() is called.
  uint8_t* Reserve(size_t n) {
    if (capacity_ - size_ < n) Grow(n);
    return reinterpret_cast<uint8_t*>(data_ + size_);
  }
  void End(uint8_t* p) { size_ = reinterpret_cast<char*>(p) - data_; }
  uint8_t* Tag(int number, WireType::WireType type, size_t payload) {
    return Coded::WriteTagToArray(WireType::MakeTag(number, type),
                                  Reserve(kMaxVarint32 + payload));
  }
  void Grow(size_t n) {
    size_t capacity = capacity_ * 2;
    while (capacity - size_ < n) capacity *= 2;
    auto heap = std::make_unique_for_overwrite<char[]>(capacity);
    std::memcpy(heap.get(), data_, size_);
    heap_ = std::move(heap);
    data_ = heap_.get();
    capacity_ = capacity;
  }

  char inline_[kInlineSize];
  std::unique_ptr<char[]> heap_;
  char* data_ = inline_;
  size_t size_ = 0;
  size_t capacity_ = kInlineSize;
};

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_WIRE_WRITER_H_
