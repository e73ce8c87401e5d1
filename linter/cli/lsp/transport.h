// cli/lsp/transport: LSP base protocol framing over byte streams: "Content-Length: N\r\n"
// headers, an empty line, then N bytes of JSON.
//   std::string body, error; while (read_message(in, body, error) != ReadStatus::Eof) ...
#pragma once

#include <iosfwd>
#include <string>

namespace seslint::cli::lsp {

enum class ReadStatus {
  Ok,         ///< `body` holds one message
  BadHeader,  ///< the header block had no valid Content-Length (`error` says why); skipped
  Eof,        ///< the stream ended
};

/// Largest message body accepted (a larger Content-Length is a BadHeader and its body is skipped).
inline constexpr std::size_t kMaxMessage = 64u * 1024 * 1024;

ReadStatus read_message(std::istream& in, std::string& body, std::string& error);

/// Writes one framed message and flushes.
void write_message(std::ostream& out, const std::string& body);

}  // namespace seslint::cli::lsp
