// cli/lsp/text: what the server needs of document text: file URIs, LSP positions (UTF-16 code
// units by default, UTF-8 bytes when the client offers it) and incremental edits.
//   std::uint32_t off = to_offset(text, {line, character}, Encoding::Utf16);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace seslint::cli::lsp {

enum class Encoding { Utf16, Utf8 };

struct LspPosition {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
};

/// "file:///a/b%20c.tf" -> "/a/b c.tf"; "" for a URI of another scheme.
std::string uri_to_path(std::string_view uri);
/// "/a/b c.tf" -> "file:///a/b%20c.tf".
std::string path_to_uri(std::string_view path);

/// The position of a byte offset (clamped to the text).
LspPosition to_position(std::string_view text, std::uint32_t offset, Encoding enc);
/// The byte offset of a position: a line past the end is the end of the text, a character past the
/// end of its line is the line's end (LSP says so), and a position inside a UTF-8 sequence is
/// the sequence's start.
std::uint32_t to_offset(std::string_view text, LspPosition pos, Encoding enc);

}  // namespace seslint::cli::lsp
