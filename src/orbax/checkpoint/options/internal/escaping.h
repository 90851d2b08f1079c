// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: text from a config source, made safe to show in a diagnostic.
//
// Config files, `--set` arguments and file names may hold anything: terminal
// escape sequences, NUL bytes, bytes that are not UTF-8, or a megabyte on one
// line. Diagnostics go to terminals and logs, so:
//
//   * `Quote()` echoes a value the user wrote, in double quotes, escaped and
//     capped at `kMaxQuotedBytes` bytes of the value, e.g.
//     `"\x1b]0;pwned\a"` or `"aaaa..." (1048576 bytes)`;
//   * `AppendSanitized()` escapes, in any text, only what must not reach a
//     terminal raw: C0 and C1 control characters, DEL, the Unicode controls
//     that reorder text (the Bidi_Control property: marks, embeddings,
//     overrides and isolates), and bytes that are not UTF-8.
//     `Diagnostic::ToString()` applies it to the whole line as a last line
//     of defence.
//
// Escapes are C's (`\n`, `\t`, `\x1b`), with `\u202e` for the Unicode
// controls. Valid UTF-8 text, such as `"train_état"`, is shown as it is.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_ESCAPING_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_ESCAPING_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace orbax::checkpoint::options::internal {

// The most bytes of a value that `Quote()` shows.
inline constexpr size_t kMaxQuotedBytes = 64;

// Returns `value` in double quotes, with `"` and `\` escaped as well as what
// `AppendSanitized()` escapes; a longer value is cut after `kMaxQuotedBytes`
// bytes (at a character boundary) and followed by its size.
std::string Quote(std::string_view value);

// Appends `text` to `out`, escaping what must not reach a terminal raw.
void AppendSanitized(std::string& out, std::string_view text);

// Returns `text` with what must not reach a terminal raw escaped.
std::string Sanitized(std::string_view text);

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_ESCAPING_H_
