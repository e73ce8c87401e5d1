// source: owns the bytes of every scanned file and turns byte offsets into 1-based
// line/column positions. It knows nothing about formats.
// Lifetime: a SourceSet outlives everything downstream (syntax trees, model, findings),
// so Spans and string_views into a SourceFile's text stay valid for the whole run.
//   SourceSet set;  FileId f = set.add("main.tf", text);
//   Position p = set.file(f).position(span.begin);   // {line, column}, both 1-based
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace seslint::source {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0xFFFFFFFFu;

/// A half-open byte range [begin, end) in one file.
struct Span {
  FileId file = kNoFile;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  /// True when the range is the best known approximation (escaped or re-indented text).
  bool approximate = false;

  bool valid() const { return file != kNoFile; }
  friend bool operator==(const Span&, const Span&) = default;
};

/// 1-based line and column; columns count Unicode code points (SARIF "unicodeCodePoints").
struct Position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

class SourceFile {
 public:
  SourceFile(FileId id, std::string path, std::string text);

  FileId id() const { return id_; }
  /// Path as displayed and reported: relative to the scan root where possible, '/' separators.
  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  std::string_view slice(const Span& s) const;

  /// The single place where byte offsets become line/column.
  Position position(std::uint32_t offset) const;
  std::size_t line_count() const { return line_starts_.size(); }
  /// Text of a 1-based line without its line terminator.
  std::string_view line_text(std::uint32_t line) const;

 private:
  FileId id_;
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

/// Thread-safe owner of all source files of a run. Files never move once added.
class SourceSet {
 public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const;
  std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::deque<std::unique_ptr<SourceFile>> files_;
};

/// Maps each byte of `decoded` (a string's value after unescaping / de-indenting) to the
/// offset in `raw` (the literal's source text) it came from, by in-order alignment.
/// Returns the offsets (size decoded.size()+1, last = end) and sets `exact` to false when
/// the alignment had to skip characters other than whitespace, quotes and backslashes.
std::vector<std::uint32_t> align_offsets(std::string_view decoded, std::string_view raw,
                                         std::uint32_t raw_base, bool& exact);

}  // namespace seslint::source
