// JSON adapter: simdjson (DOM) validates and decodes; a small structural walk over the raw
// bytes, run in lock-step with the DOM tree, supplies the exact byte span of every value
// and key (simdjson's DOM keeps no source positions). When simdjson rejects a document the
// same walk, in validating mode, finds the offset where the input stops being JSON.
//
// parse_embedded_json runs the same code on a decoded string and maps each span back into
// the file through source::align_offsets.
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parse/parse.h"

namespace seslint::parse {
namespace {

using syntax::Kind;
using syntax::MapEntry;
using syntax::Value;
using syntax::ValuePtr;

constexpr std::size_t kMaxDepth = 1024;
constexpr std::size_t npos = std::string_view::npos;

/// Turns offsets in the parsed text into file spans.
struct Mapper {
  source::FileId file = source::kNoFile;
  std::uint32_t base = 0;                          ///< direct mode: file offset of text[0]
  const std::vector<std::uint32_t>* offsets = nullptr;  ///< embedded mode: per-byte offsets
  bool approximate = false;

  source::Span operator()(std::size_t b, std::size_t e) const {
    if (!offsets) {
      return source::Span{file, base + static_cast<std::uint32_t>(b),
                          base + static_cast<std::uint32_t>(std::max(b, e)), false};
    }
    const auto& off = *offsets;
    b = std::min(b, off.size() - 1);
    e = std::min(e, off.size() - 1);
    std::uint32_t B = off[b];
    std::uint32_t E = e > b ? off[e - 1] + 1 : B;
    return source::Span{file, B, std::max(B, E), approximate};
  }
};

/// Error found by the validating walk: offset in the text and a short description.
struct WalkError {
  std::size_t pos;
  const char* what;
};

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/// Strict RFC 8259 scanner over raw bytes. Every function takes the offset of the token's
/// first byte and returns the offset just past it, or throws WalkError.
class Scanner {
 public:
  explicit Scanner(std::string_view t) : t_(t) {}

  std::size_t ws(std::size_t i) const {
    while (i < t_.size() && is_ws(t_[i])) ++i;
    return i;
  }
  char at(std::size_t i) const { return i < t_.size() ? t_[i] : '\0'; }

  std::size_t string(std::size_t i) const {
    if (at(i) != '"') throw WalkError{i, "expected a string"};
    for (++i; i < t_.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(t_[i]);
      if (c == '"') return i + 1;
      if (c < 0x20) throw WalkError{i, "control character in string"};
      if (c == '\\') {
        char n = at(i + 1);
        if (n == 'u') {
          for (std::size_t k = 2; k < 6; ++k)
            if (!is_hex(at(i + k))) throw WalkError{i, "bad \\u escape"};
          i += 5;
        } else if (n == '"' || n == '\\' || n == '/' || n == 'b' || n == 'f' || n == 'n' ||
                   n == 'r' || n == 't') {
          ++i;
        } else {
          throw WalkError{i, "bad escape"};
        }
      }
    }
    throw WalkError{t_.size(), "unterminated string"};
  }

  std::size_t number(std::size_t i) const {
    std::size_t s = i;
    if (at(i) == '-') ++i;
    if (at(i) == '0') {
      ++i;
    } else if (is_digit(at(i))) {
      while (is_digit(at(i))) ++i;
    } else {
      throw WalkError{s, "bad number"};
    }
    if (at(i) == '.') {
      ++i;
      if (!is_digit(at(i))) throw WalkError{i, "bad number"};
      while (is_digit(at(i))) ++i;
    }
    if (at(i) == 'e' || at(i) == 'E') {
      ++i;
      if (at(i) == '+' || at(i) == '-') ++i;
      if (!is_digit(at(i))) throw WalkError{i, "bad number"};
      while (is_digit(at(i))) ++i;
    }
    return i;
  }

  std::size_t literal(std::size_t i, std::string_view word) const {
    if (t_.substr(i, word.size()) != word) throw WalkError{i, "bad literal"};
    return i + word.size();
  }

  /// Validates one value (recursively, depth-limited); records number tokens.
  std::size_t validate(std::size_t i, std::size_t depth,
                       std::vector<std::pair<std::size_t, std::size_t>>& numbers) const {
    i = ws(i);
    char c = at(i);
    if (i >= t_.size()) throw WalkError{i, "unexpected end of input"};
    if (c == '{' || c == '[') {
      if (depth >= kMaxDepth) throw WalkError{i, "nesting too deep"};
      char close = c == '{' ? '}' : ']';
      i = ws(i + 1);
      if (at(i) == close) return i + 1;
      for (;;) {
        if (c == '{') {
          i = ws(string(i));
          if (at(i) != ':') throw WalkError{i, "expected ':'"};
          ++i;
        }
        i = ws(validate(i, depth + 1, numbers));
        if (at(i) == close) return i + 1;
        if (at(i) != ',') throw WalkError{i, c == '{' ? "expected ',' or '}'" : "expected ',' or ']'"};
        i = ws(i + 1);
        if (at(i) == close) throw WalkError{i, "trailing comma"};
      }
    }
    if (c == '"') return string(i);
    if (c == 't') return literal(i, "true");
    if (c == 'f') return literal(i, "false");
    if (c == 'n') return literal(i, "null");
    if (c == '-' || is_digit(c)) {
      std::size_t e = number(i);
      numbers.emplace_back(i, e);
      return e;
    }
    throw WalkError{i, "unexpected character"};
  }

 private:
  std::string_view t_;
};

/// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t first_bad_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || (n == 2 && c < 0xC2) || i + n > s.size()) return i;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    if (n == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return i;
    }
    if (n == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90) || c > 0xF4) return i;
    }
    i += n;
  }
  return npos;
}

/// Builds the value tree from a validated DOM element, locating each token in the text.
class Builder {
 public:
  Builder(std::string_view text, const Mapper& map) : text_(text), scan_(text), map_(map) {}

  /// `i` is at (or before whitespace preceding) the element's first byte; advances past it.
  ValuePtr build(simdjson::dom::element el, std::size_t& i) {
    i = scan_.ws(i);
    std::size_t b = i;
    switch (el.type()) {
      case simdjson::dom::element_type::OBJECT: {
        expect(i, '{');
        auto v = std::make_shared<Value>();
        v->kind = Kind::Map;
        ++i;
        bool first = true;
        simdjson::dom::object obj;
        if (el.get_object().get(obj)) throw WalkError{b, "expected an object"};
        for (simdjson::dom::key_value_pair kv : obj) {
          i = scan_.ws(i);
          if (!first) expect(i, ','), i = scan_.ws(i + 1);
          first = false;
          std::size_t kb = i;
          i = scan_.string(i);
          source::Span key_span = map_(kb, i);
          i = scan_.ws(i);
          expect(i, ':');
          ++i;
          ValuePtr child = build(kv.value, i);
          v->entries.push_back(MapEntry{std::string(kv.key), key_span, std::move(child)});
        }
        i = scan_.ws(i);
        expect(i, '}');
        ++i;
        v->span = v->content = map_(b, i);
        return v;
      }
      case simdjson::dom::element_type::ARRAY: {
        expect(i, '[');
        auto v = std::make_shared<Value>();
        v->kind = Kind::List;
        ++i;
        bool first = true;
        simdjson::dom::array arr;
        if (el.get_array().get(arr)) throw WalkError{b, "expected an array"};
        for (simdjson::dom::element item : arr) {
          i = scan_.ws(i);
          if (!first) expect(i, ','), ++i;
          first = false;
          v->items.push_back(build(item, i));
        }
        i = scan_.ws(i);
        expect(i, ']');
        ++i;
        v->span = v->content = map_(b, i);
        return v;
      }
      case simdjson::dom::element_type::STRING: {
        i = scan_.string(i);
        std::string_view s;
        if (el.get_string().get(s)) throw WalkError{b, "expected a string"};
        return syntax::make_string(std::string(s), map_(b, i), map_(b + 1, i - 1));
      }
      case simdjson::dom::element_type::INT64:
      case simdjson::dom::element_type::UINT64:
      case simdjson::dom::element_type::DOUBLE:
        i = scan_.number(i);
        return syntax::make_scalar(Kind::Number, std::string(text_.substr(b, i - b)), map_(b, i));
      case simdjson::dom::element_type::BOOL: {
        bool t = false;
        if (el.get_bool().get(t)) throw WalkError{b, "expected a boolean"};
        i = scan_.literal(i, t ? "true" : "false");
        return syntax::make_scalar(Kind::Bool, t ? "true" : "false", map_(b, i));
      }
      case simdjson::dom::element_type::NULL_VALUE:
        i = scan_.literal(i, "null");
        return syntax::make_scalar(Kind::Null, "", map_(b, i));
    }
    throw WalkError{b, "unknown element"};
  }

 private:
  void expect(std::size_t i, char c) const {
    if (scan_.at(i) != c) throw WalkError{i, "source and decoded tree disagree"};
  }

  std::string_view text_;
  Scanner scan_;
  const Mapper& map_;
};

Diagnostic error_at(const Mapper& map, std::size_t pos, std::size_t size, std::string message) {
  pos = std::min(pos, size);
  source::Span s = map(pos, std::min(pos + 1, size));
  return Diagnostic{diag::kParseError, Severity::Error, std::move(message), s};
}

/// Parses `text` (whose byte i is at map(i)) as one JSON document.
ParseResult parse_text(std::string_view text, const Mapper& map, std::string_view what) {
  ParseResult result;
  std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  Scanner scan(text);
  if (scan.ws(start) >= text.size()) {
    std::size_t at = text.size();
    result.diagnostics.push_back(Diagnostic{diag::kParseError, Severity::Warning,
                                            "empty " + std::string(what) + " document", map(at, at)});
    return result;
  }

  std::string_view body = text.substr(start);
  simdjson::padded_string padded(body);
  // One parser per thread: it keeps its buffers between files (max depth: 1024 = kMaxDepth).
  thread_local simdjson::dom::parser parser;
  static_assert(kMaxDepth == simdjson::DEFAULT_MAX_DEPTH);
  simdjson::dom::element root;
  auto err = parser.parse(padded).get(root);

  // Locate the problem (or collect number tokens) with the validating walk.
  std::vector<std::pair<std::size_t, std::size_t>> numbers;
  std::size_t bad = npos;
  const char* why = "";
  try {
    std::size_t end = scan.ws(scan.validate(start, 0, numbers));
    if (end != text.size()) throw WalkError{end, "content after the JSON value"};
  } catch (const WalkError& e) {
    bad = e.pos, why = e.what;
  }

  if (err == simdjson::NUMBER_ERROR && bad == npos) {
    // simdjson rejects integers beyond 64 bits and doubles beyond range, which are valid
    // JSON. Number text is taken from the source anyway, so blank those tokens out (same
    // length, keeping every offset) and let simdjson check the rest.
    std::string copy(body);
    for (auto [b, e] : numbers) {
      copy[b - start] = '0';
      for (std::size_t k = b + 1; k < e; ++k) copy[k - start] = ' ';
    }
    padded = simdjson::padded_string(copy);
    err = parser.parse(padded).get(root);
  }

  if (err) {
    std::size_t at = bad;
    if (err == simdjson::UTF8_ERROR) {
      std::size_t u = first_bad_utf8(body);
      if (u != npos) at = u + start;
    }
    if (at == npos) at = start;
    std::string message = "invalid " + std::string(what) + ": " + simdjson::error_message(err);
    if (bad != npos && at == bad) message += std::string(" (") + why + ")";
    result.diagnostics.push_back(error_at(map, at, text.size(), std::move(message)));
    return result;
  }

  try {
    Builder builder(text, map);
    std::size_t i = start;
    result.root = builder.build(root, i);
  } catch (const WalkError& e) {
    result.root = nullptr;
    result.diagnostics.push_back(error_at(map, e.pos, text.size(),
                                          std::string("internal JSON location error: ") + e.what));
  }
  return result;
}

}  // namespace

ParseResult parse_json(const source::SourceFile& file) {
  Mapper map;
  map.file = file.id();
  return parse_text(file.text(), map, "JSON");
}

ParseResult parse_embedded_json(const syntax::Value& str, const source::SourceFile& file) {
  bool exact = true;
  std::vector<std::uint32_t> offsets;
  if (str.content.valid() && str.content.file == file.id()) {
    offsets = source::align_offsets(str.text, file.slice(str.content), str.content.begin, exact);
  } else {
    // A string without source bytes in this file (e.g. computed by the model): every span
    // falls back to the start of the value, flagged approximate.
    std::uint32_t at = str.span.valid() && str.span.file == file.id() ? str.span.begin : 0;
    offsets.assign(str.text.size() + 1, at);
    exact = false;
  }
  Mapper map;
  map.file = file.id();
  map.offsets = &offsets;
  map.approximate = !exact || str.content.approximate;
  return parse_text(str.text, map, "embedded JSON");
}

}  // namespace seslint::parse
