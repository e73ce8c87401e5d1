#include "report/internal.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace seslint::report::detail {

std::size_t utf8_sequence(std::string_view s, std::size_t i, std::size_t& bad) {
  auto byte = [&s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  bad = 1;
  if (c < 0x80) return 1;
  // Well-formed sequences (Unicode 15, table 3-7): the second byte's range depends on the
  // lead byte (rules out overlong forms, surrogates and code points above U+10FFFF).
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;  // stray continuation byte, C0/C1 overlong lead, or F5..FF
  }
  for (std::size_t k = 1; k < len; ++k) {
    if (i + k >= s.size()) return 0;
    unsigned char b = byte(i + k);
    unsigned char want_lo = k == 1 ? lo : 0x80, want_hi = k == 1 ? hi : 0xBF;
    if (b < want_lo || b > want_hi) return 0;
    bad = k + 1;  // the lead plus the continuation bytes seen so far form the invalid subpart
  }
  return len;
}

namespace {
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t bad = 1;
    std::size_t n = utf8_sequence(s, i, bad);
    if (n == 0) {
      out += kReplacement;
      i += bad;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20 || c == 0x7F) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    std::size_t bad = 1;
    std::size_t n = utf8_sequence(s, i, bad);
    if (n == 0) {
      out += kReplacement;
      i += bad;
      continue;
    }
    std::string_view seq = s.substr(i, n);
    const auto b1 = n == 3 ? static_cast<unsigned char>(seq[1]) : 0, b2 = n == 3 ? static_cast<unsigned char>(seq[2]) : 0;
    if (n == 3 && static_cast<unsigned char>(seq[0]) == 0xE2 &&
        ((b1 == 0x80 && b2 >= 0xA8 && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9))) {
      // U+2028/U+2029 (line breaks to JavaScript) and the bidi controls U+202A..U+202E,
      // U+2066..U+2069 (they reorder what a log viewer shows) are written escaped.
      const unsigned cp = 0x2000u | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      out += "\\u";
      out += kHex[(cp >> 12) & 0xF];
      out += kHex[(cp >> 8) & 0xF];
      out += kHex[(cp >> 4) & 0xF];
      out += kHex[cp & 0xF];
    } else {
      out.append(seq);
    }
    i += n;
  }
  out += '"';
}

void JsonWriter::newline() {
  out_ += '\n';
  out_.append(stack_.size() * 2, ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!stack_.empty()) {
    if (!stack_.back().empty) out_ += ',';
    stack_.back().empty = false;
    newline();
  }
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  stack_.push_back({false, true});
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  stack_.push_back({true, true});
  return *this;
}

JsonWriter& JsonWriter::end_object() { return close('}'); }

JsonWriter& JsonWriter::end_array() { return close(']'); }

JsonWriter& JsonWriter::close(char c) {
  bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline();
  out_ += c;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  if (!stack_.back().empty) out_ += ',';
  stack_.back().empty = false;
  newline();
  append_json_string(out_, k);
  out_ += ": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  before_value();
  append_json_string(out_, s);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

std::string JsonWriter::take() {
  out_ += '\n';
  return std::move(out_);
}

Counts count(const engine::Report& rep) {
  Counts c;
  std::set<source::FileId> files;
  for (const auto& f : rep.findings) {
    if (f.suppressed) {
      ++c.suppressed;
      continue;
    }
    switch (f.severity) {
      case Severity::Error: ++c.errors; break;
      case Severity::Warning: ++c.warnings; break;
      case Severity::Note: ++c.notes; break;
    }
    if (f.span.valid()) files.insert(f.span.file);
  }
  c.files = files.size();
  return c;
}

std::string fingerprint_of(const engine::Finding& f, const source::SourceSet& sources) {
  if (!f.fingerprint.empty()) return f.fingerprint;
  return engine::compute_fingerprint(f, f.span.valid() ? sources.file(f.span.file).path() : std::string());
}

std::string repo_path(const std::string& path, const std::string& repo_root, const std::string& cwd) {
  namespace fs = std::filesystem;
  std::string p = path;
  std::replace(p.begin(), p.end(), '\\', '/');
  while (p.starts_with("./")) p.erase(0, 2);
  if (repo_root.empty() || cwd.empty()) return p;
  fs::path abs = fs::path(p).is_absolute() ? fs::path(p) : fs::path(cwd) / p;
  std::string root = repo_root;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  fs::path rel = abs.lexically_normal().lexically_relative(fs::path(root).lexically_normal());
  if (rel.empty() || *rel.begin() == ".." || rel == ".") return abs.lexically_normal().generic_string();
  return rel.generic_string();
}

std::string rule_title(const engine::Finding& f, const engine::Registry& reg) {
  const engine::RuleMeta* m = reg.meta(f.rule_id);
  if (!m || m->name.empty()) return f.rule_id;
  return f.rule_id + " " + std::string(m->name);
}

std::string full_message(const engine::Finding& f, const source::SourceSet& sources, bool include_located_notes) {
  std::string text = f.message.empty() ? "(no message)" : f.message;
  for (const auto& n : f.notes) {
    bool located = n.span.valid() && n.span.file < sources.size();
    if (!located) {
      text += "\nnote: " + n.message;
    } else if (include_located_notes) {
      const auto& file = sources.file(n.span.file);
      source::Position pos = file.position(n.span.begin);
      text += "\nnote: " + file.path() + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + n.message;
    }
  }
  if (!f.help.empty()) text += "\nhelp: " + f.help;
  return text;
}

std::uint32_t code_point_offset(std::string_view text, std::uint32_t offset) {
  if (offset > text.size()) offset = static_cast<std::uint32_t>(text.size());
  std::uint32_t n = 0;
  for (std::uint32_t i = 0; i < offset; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace seslint::report::detail
