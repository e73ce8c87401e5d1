#include "source/source_file.h"

#include <algorithm>
#include <stdexcept>

namespace seslint::source {

SourceFile::SourceFile(FileId id, std::string path, std::string text)
    : id_(id), path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::string_view SourceFile::slice(const Span& s) const {
  std::uint32_t b = std::min<std::uint32_t>(s.begin, static_cast<std::uint32_t>(text_.size()));
  std::uint32_t e = std::min<std::uint32_t>(std::max(s.end, b), static_cast<std::uint32_t>(text_.size()));
  return std::string_view(text_).substr(b, e - b);
}

Position SourceFile::position(std::uint32_t offset) const {
  if (offset > text_.size()) offset = static_cast<std::uint32_t>(text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::uint32_t line_index = static_cast<std::uint32_t>(it - line_starts_.begin()) - 1;
  std::uint32_t col = 1;
  std::uint32_t start = line_starts_[line_index];
  // A UTF-8 byte order mark is not a character of the first line.
  if (start == 0 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) start = std::min<std::uint32_t>(3, offset);
  for (std::uint32_t i = start; i < offset; ++i) {
    // Count code points: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
  }
  return Position{line_index + 1, col};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t b = line_starts_[line - 1];
  if (b == 0 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) b = 3;  // the BOM is not shown
  std::uint32_t e = line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
  while (e > b && (text_[e - 1] == '\n' || text_[e - 1] == '\r')) --e;
  return std::string_view(text_).substr(b, e - b);
}

FileId SourceSet::add(std::string path, std::string text) {
  std::lock_guard<std::mutex> lock(mu_);
  FileId id = static_cast<FileId>(files_.size());
  files_.push_back(std::make_unique<SourceFile>(id, std::move(path), std::move(text)));
  return id;
}

const SourceFile& SourceSet::file(FileId id) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (id >= files_.size()) throw std::out_of_range("seslint: unknown FileId");
  return *files_[id];
}

std::size_t SourceSet::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return files_.size();
}

std::vector<std::uint32_t> align_offsets(std::string_view decoded, std::string_view raw,
                                         std::uint32_t raw_base, bool& exact) {
  exact = true;
  std::vector<std::uint32_t> out;
  out.reserve(decoded.size() + 1);
  std::size_t r = 0;
  for (char c : decoded) {
    // Bounded look-ahead: escapes and indentation never skip more than this.
    constexpr std::size_t kMaxSkip = 256;
    std::size_t limit = std::min(raw.size(), r + kMaxSkip);
    std::size_t probe = r;
    while (probe < limit && raw[probe] != c) ++probe;
    if (probe == limit) {
      // Produced by an escape sequence with no literal counterpart (e.g. "\n", "\u0041").
      exact = false;
      out.push_back(raw_base + static_cast<std::uint32_t>(std::min(r, raw.size())));
      continue;
    }
    for (std::size_t k = r; k < probe; ++k) {
      char s = raw[k];
      if (s != ' ' && s != '\t' && s != '\n' && s != '\r' && s != '\\' && s != '"' && s != '\'') exact = false;
    }
    out.push_back(raw_base + static_cast<std::uint32_t>(probe));
    r = probe + 1;
  }
  out.push_back(raw_base + static_cast<std::uint32_t>(std::min(r, raw.size())));
  return out;
}

}  // namespace seslint::source
