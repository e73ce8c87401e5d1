// report/internal: helpers shared by the reporters (not part of the public API).
//   JsonWriter w;  w.begin_object().key("a").value(1).end_object();  std::string s = w.take();
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/finding.h"
#include "engine/rule.h"
#include "source/source_file.h"

namespace seslint::report::detail {

/// Appends `s` as a quoted JSON string. Escapes '"', '\\', all C0 controls and DEL,
/// U+2028/U+2029 (so the output is also valid JavaScript); passes other valid UTF-8
/// through unchanged and replaces each maximal invalid UTF-8 subpart with U+FFFD.
void append_json_string(std::string& out, std::string_view s);

/// Replaces invalid UTF-8 with U+FFFD (maximal subparts), leaving valid text unchanged.
std::string sanitize_utf8(std::string_view s);

/// Length in bytes of the valid UTF-8 sequence starting at s[i], or 0 when invalid; `bad`
/// receives the length of the maximal invalid subpart to skip (>= 1) in that case.
std::size_t utf8_sequence(std::string_view s, std::size_t i, std::size_t& bad);

/// Pretty-printing JSON writer (2-space indent, "key": value, empty containers as {} / []).
class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b);
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  JsonWriter& value(T v) {
    before_value();
    out_ += std::to_string(v);
    return *this;
  }
  JsonWriter& null();
  /// The document, terminated by a newline.
  std::string take();

 private:
  struct Frame {
    bool array;
    bool empty;
  };
  void before_value();
  JsonWriter& close(char c);
  void newline();
  std::string out_;
  std::vector<Frame> stack_;
  bool after_key_ = false;
};

struct Counts {
  std::size_t errors = 0, warnings = 0, notes = 0;
  std::size_t files = 0;  ///< distinct files with at least one located finding
  std::size_t suppressed = 0;  ///< findings an in-source ignore covers (not in the counts above)
};
Counts count(const engine::Report& rep);

/// Tool diagnostics (parse errors, crashes, bad configuration) have IDs "SES9xx".
inline bool is_tool_diagnostic(std::string_view id) { return id.starts_with("SES9"); }

/// Finding::fingerprint, or computed from the finding when the engine left it empty.
std::string fingerprint_of(const engine::Finding& f, const source::SourceSet& sources);

/// A source path as the repository sees it: relative to Options::repo_root when the path (taken
/// relative to Options::cwd) lies under it, otherwise absolute; unchanged when repo_root or cwd
/// is empty. '/' separators, no "./".
std::string repo_path(const std::string& path, const std::string& repo_root, const std::string& cwd);

/// One-line title of a finding's rule: "SES001 send-scoped-to-domain-identity" (ID alone when unnamed).
std::string rule_title(const engine::Finding& f, const engine::Registry& reg);

/// The message with text-only notes ("note: ...") and help ("help: ...") on following lines.
std::string full_message(const engine::Finding& f, const source::SourceSet& sources, bool include_located_notes);

/// GitHub workflow-command escaping of a message (data) and of a property value.
std::string github_escape_data(std::string_view s);
std::string github_escape_property(std::string_view s);

/// Number of Unicode code points in text[0, offset) (UTF-8 lead bytes counted).
std::uint32_t code_point_offset(std::string_view text, std::uint32_t offset);

}  // namespace seslint::report::detail
