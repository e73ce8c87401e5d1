#include "cli/lsp/text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace seslint::cli::lsp {

namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Length of the UTF-8 sequence a lead byte starts (1 for ASCII and for stray bytes).
std::size_t seq_len(unsigned char c) {
  if (c >= 0xF0 && c <= 0xF4) return 4;
  if (c >= 0xE0) return c <= 0xEF ? 3 : 1;
  if (c >= 0xC2) return 2;
  return 1;
}

}  // namespace

std::string uri_to_path(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.substr(0, kScheme.size()) != kScheme) return "";
  uri.remove_prefix(kScheme.size());
  // file://host/path: only the local host (empty or "localhost") is a path here.
  auto slash = uri.find('/');
  if (slash == std::string_view::npos) return "";
  std::string_view host = uri.substr(0, slash);
  if (!host.empty() && host != "localhost") return "";
  uri.remove_prefix(slash);
  std::string out;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && hex(uri[i + 1]) >= 0 && hex(uri[i + 2]) >= 0) {
      out += static_cast<char>(hex(uri[i + 1]) * 16 + hex(uri[i + 2]));
      i += 2;
    } else if (uri[i] == '?' || uri[i] == '#') {
      break;
    } else {
      out += uri[i];
    }
  }
  return out;
}

std::string path_to_uri(std::string_view path) {
  std::string out = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

LspPosition to_position(std::string_view text, std::uint32_t offset, Encoding enc) {
  if (offset > text.size()) offset = static_cast<std::uint32_t>(text.size());
  LspPosition p;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  if (enc == Encoding::Utf8) {
    p.character = static_cast<std::uint32_t>(offset - line_start);
    return p;
  }
  for (std::size_t i = line_start; i < offset;) {
    std::size_t n = seq_len(static_cast<unsigned char>(text[i]));
    p.character += n == 4 ? 2 : 1;
    i += n;
  }
  return p;
}

std::uint32_t to_offset(std::string_view text, LspPosition pos, Encoding enc) {
  std::size_t i = 0;
  for (std::uint32_t line = 0; line < pos.line; ++line) {
    auto nl = text.find('\n', i);
    if (nl == std::string_view::npos) return static_cast<std::uint32_t>(text.size());
    i = nl + 1;
  }
  std::uint32_t units = 0;
  while (i < text.size() && text[i] != '\n' && !(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
    std::size_t n = seq_len(static_cast<unsigned char>(text[i]));
    std::uint32_t w = enc == Encoding::Utf8 ? static_cast<std::uint32_t>(n) : (n == 4 ? 2u : 1u);
    if (units + w > pos.character) break;
    units += w;
    i += n;
  }
  return static_cast<std::uint32_t>(std::min(i, text.size()));
}

}  // namespace seslint::cli::lsp
