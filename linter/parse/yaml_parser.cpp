// YAML adapter: yaml-cpp's event parser -> syntax::Value with byte spans.
//
// yaml-cpp reports only a start Mark per node (at its first property: tag or anchor), so
// every end offset is computed here by scanning the raw bytes:
//   * quoted scalars: up to the closing quote (an unclosed quote is a SES900 error; yaml-cpp
//     itself silently accepts it at end of input);
//   * plain and block scalars: the decoded value's non-blank characters are matched in order
//     against the source, so folding, indentation and line breaks need no re-implementation;
//   * block collections end where their last child ends, flow collections at the bracket.
// The tree is built with an explicit stack (no recursion); yaml-cpp guards its own depth.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <sstream>
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

/// Raised from the event handler when the source scan finds an error yaml-cpp accepted.
struct ScanError {
  std::uint32_t pos;
  std::string message;
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// CloudFormation short-form tag -> long-form key, or empty when not a CFN tag.
std::string_view cfn_long_name(std::string_view tag) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kTags{{
      {"!Ref", "Ref"},
      {"!Condition", "Condition"},
      {"!Sub", "Fn::Sub"},
      {"!GetAtt", "Fn::GetAtt"},
      {"!Join", "Fn::Join"},
      {"!Select", "Fn::Select"},
      {"!Split", "Fn::Split"},
      {"!If", "Fn::If"},
      {"!Equals", "Fn::Equals"},
      {"!And", "Fn::And"},
      {"!Or", "Fn::Or"},
      {"!Not", "Fn::Not"},
      {"!FindInMap", "Fn::FindInMap"},
      {"!Base64", "Fn::Base64"},
      {"!Cidr", "Fn::Cidr"},
      {"!ImportValue", "Fn::ImportValue"},
      {"!GetAZs", "Fn::GetAZs"},
      {"!Transform", "Fn::Transform"},
      {"!ToJsonString", "Fn::ToJsonString"},
      {"!Length", "Fn::Length"},
  }};
  for (const auto& [s, l] : kTags)
    if (s == tag) return l;
  return {};
}

bool is_null_word(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool is_bool_word(std::string_view s, bool& value) {
  if (s == "true" || s == "True" || s == "TRUE") { value = true; return true; }
  if (s == "false" || s == "False" || s == "FALSE") { value = false; return true; }
  return false;
}

bool all_of_class(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_oct(char c) { return c >= '0' && c <= '7'; }

/// YAML 1.2 core schema numbers (int, octal 0o, hex 0x, float, .inf, .nan).
bool is_number_word(std::string_view s) {
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x') return all_of_class(s.substr(2), is_hex);
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o') return all_of_class(s.substr(2), is_oct);
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  std::string_view t = s;
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) t.remove_prefix(1);
  if (t == ".inf" || t == ".Inf" || t == ".INF") return true;
  std::size_t i = 0, int_digits = 0, frac_digits = 0;
  while (i < t.size() && is_digit(t[i])) ++i, ++int_digits;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && is_digit(t[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
    std::size_t exp_digits = 0;
    while (i < t.size() && is_digit(t[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == t.size();
}

/// Where a node's properties (tags, anchors) are and where its content starts.
struct Props {
  std::uint32_t begin = 0;        ///< the mark
  std::uint32_t props_end = 0;    ///< end of the last property (== begin without properties)
  std::uint32_t value_begin = 0;  ///< first byte of the content
  bool has_tag = false;
  std::uint32_t tag_begin = 0, tag_end = 0;
};

struct Frame {
  bool is_map = false;
  bool flow = false;
  std::shared_ptr<Value> node;
  Props props;
  std::string tag;
  YAML::anchor_t anchor = 0;
  std::uint32_t cursor = 0;  ///< end of the last child (or the start of the collection)
  bool have_key = false;
  std::string key;
  source::Span key_span;
  std::uint64_t expanded = 1;  ///< values in this collection with every alias expanded (saturating)
};

/// Above this many values with aliases expanded, a document is reported as an alias bomb.
constexpr std::uint64_t kMaxExpandedValues = 4'000'000;

class Builder : public YAML::EventHandler {
 public:
  Builder(const source::SourceFile& file, std::string_view text, std::uint32_t base)
      : file_(file), text_(text), base_(base) {}

  ValuePtr root() const { return root_; }
  /// Where aliases first made the document expand past kMaxExpandedValues (0 = never).
  std::optional<std::uint32_t> alias_bomb_at() const { return alias_bomb_at_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Props p = props_at(mark);
    std::uint32_t b, e;
    if (p.props_end != p.begin) {
      b = p.begin, e = p.props_end;  // `&a` alone: the properties are the node
    } else {
      std::uint32_t n = word_end(p.value_begin);
      if (n > p.value_begin && is_null_word(text_.substr(p.value_begin, n - p.value_begin))) {
        b = p.value_begin, e = n;
      } else {
        b = e = empty_position();  // no content: a zero-width span after the indicator
      }
    }
    finish(make_scalar(Kind::Null, "", b, e), anchor, "", p);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    std::uint32_t b = clamp(mark.pos);
    std::uint32_t e = word_end(b);
    auto copy = std::make_shared<Value>();
    auto it = anchors_.find(anchor);
    if (it != anchors_.end() && it->second) {
      *copy = *it->second;  // shallow: children stay shared with (and located at) the anchor
    } else {
      copy->kind = Kind::Unknown;  // alias to an anchor still being built (a cycle)
      copy->text = "recursive alias";
    }
    copy->span = span(b, e);
    if (copy->kind != Kind::String) copy->content = copy->span;
    // The alias shares the anchor's children (nothing is copied); what it would expand to is
    // counted so a "billion laughs" document is reported.
    auto sz = anchor_sizes_.find(anchor);
    emit(copy, sz == anchor_sizes_.end() ? 1 : sz->second);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Props p = props_at(mark);
    std::uint32_t vb = p.value_begin;
    char c = vb < text_.size() ? text_[vb] : '\0';
    std::uint32_t b = vb, e = vb, cb = vb, ce = vb;
    bool approx = false;
    bool plain = false;
    if (c == '"' || c == '\'') {
      std::uint32_t close = c == '"' ? double_quote_end(vb) : single_quote_end(vb);
      e = close + 1, cb = vb + 1, ce = close;
    } else if (c == '|' || c == '>') {
      std::uint32_t h = vb + 1;
      while (h < text_.size() && (is_digit(text_[h]) || text_[h] == '+' || text_[h] == '-')) ++h;
      std::uint32_t eol = h;
      while (eol < text_.size() && text_[eol] != '\n') ++eol;
      cb = std::min<std::uint32_t>(eol + 1, static_cast<std::uint32_t>(text_.size()));
      ce = match_decoded(value, cb, approx);
      if (ce == cb) ce = cb;  // empty block scalar
      e = ce > cb ? ce : h;
    } else if (value.empty()) {
      b = e = cb = ce = p.props_end;  // `!GetAZs` with nothing after it: an empty string
    } else {
      plain = true;
      e = ce = match_decoded(value, vb, approx);
    }
    Kind kind = Kind::String;
    std::string text = value;
    bool resolve = plain && tag != "!" && tag != "tag:yaml.org,2002:str";
    if (resolve) {
      bool bv = false;
      if (is_null_word(value) && tag != "tag:yaml.org,2002:int") {
        kind = Kind::Null, text.clear();
      } else if (is_bool_word(value, bv)) {
        kind = Kind::Bool, text = bv ? "true" : "false";
      } else if (is_number_word(value)) {
        kind = Kind::Number;
      }
    }
    ValuePtr v;
    if (kind == Kind::String) {
      source::Span s = span(b, e), cs = span(cb, ce);
      s.approximate = cs.approximate = approx;
      v = syntax::make_string(std::move(text), s, cs);
    } else {
      v = make_scalar(kind, std::move(text), b, e);
    }
    finish(std::move(v), anchor, tag, p);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    start(mark, tag, anchor, style, false);
  }
  void OnSequenceEnd() override { end(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    start(mark, tag, anchor, style, true);
  }
  void OnMapEnd() override { end(); }

 private:
  std::uint32_t clamp(int pos) const {
    if (pos < 0) return 0;
    return std::min<std::uint32_t>(static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(text_.size()));
  }

  source::Span span(std::uint32_t b, std::uint32_t e) const {
    return source::Span{file_.id(), base_ + b, base_ + std::max(b, e), false};
  }

  ValuePtr make_scalar(Kind kind, std::string text, std::uint32_t b, std::uint32_t e) const {
    return syntax::make_scalar(kind, std::move(text), span(b, e));
  }

  /// End of a run of non-blank bytes (an alias, a null literal, a property).
  std::uint32_t word_end(std::uint32_t i) const {
    while (i < text_.size() && !is_space(text_[i]) && text_[i] != ',' && text_[i] != ']' &&
           text_[i] != '}')
      ++i;
    return i;
  }

  /// Skips blanks, line breaks and comments.
  std::uint32_t skip_trivia(std::uint32_t i) const {
    while (i < text_.size()) {
      if (is_space(text_[i])) {
        ++i;
      } else if (text_[i] == '#') {
        while (i < text_.size() && text_[i] != '\n') ++i;
      } else {
        break;
      }
    }
    return i;
  }

  Props props_at(const YAML::Mark& mark) const {
    Props p;
    p.begin = p.props_end = p.value_begin = clamp(mark.pos);
    std::uint32_t i = p.begin;
    while (i < text_.size() && (text_[i] == '!' || text_[i] == '&')) {
      std::uint32_t e = i;
      if (text_[i] == '!' && i + 1 < text_.size() && text_[i + 1] == '<') {
        while (e < text_.size() && text_[e] != '>' && text_[e] != '\n') ++e;
        if (e < text_.size() && text_[e] == '>') ++e;
      } else {
        e = word_end(i);
      }
      if (text_[i] == '!' && !p.has_tag) p.has_tag = true, p.tag_begin = i, p.tag_end = e;
      p.props_end = e;
      i = skip_trivia(e);
    }
    p.value_begin = p.props_end == p.begin ? p.begin : i;
    return p;
  }

  /// Offset of the closing quote of a double-quoted scalar opened at `open`.
  std::uint32_t double_quote_end(std::uint32_t open) const {
    for (std::uint32_t i = open + 1; i < text_.size(); ++i) {
      if (text_[i] == '\\') ++i;
      else if (text_[i] == '"') return i;
    }
    throw ScanError{open, "unclosed double-quoted scalar"};
  }

  std::uint32_t single_quote_end(std::uint32_t open) const {
    for (std::uint32_t i = open + 1; i < text_.size(); ++i) {
      if (text_[i] != '\'') continue;
      if (i + 1 < text_.size() && text_[i + 1] == '\'') { ++i; continue; }
      return i;
    }
    throw ScanError{open, "unclosed single-quoted scalar"};
  }

  /// Matches the non-blank characters of a plain or block scalar's decoded value against
  /// the source from `from` and returns the end of the last one. Folding and indentation
  /// only ever add or remove whitespace, so the non-blank characters appear in order.
  std::uint32_t match_decoded(std::string_view value, std::uint32_t from, bool& approx) const {
    std::uint32_t r = from, end = from;
    for (char c : value) {
      if (is_space(c)) continue;
      while (r < text_.size() && is_space(text_[r])) ++r;
      if (r >= text_.size() || text_[r] != c) {
        // Not expected for valid input (e.g. transcoded bytes): fall back to end of line.
        approx = true;
        std::uint32_t e = std::max(end, from);
        while (e < text_.size() && text_[e] != '\n' && text_[e] != '\r') ++e;
        return e;
      }
      end = ++r;
    }
    return end;
  }

  /// Position of an empty node: just after the ':' / '-' / '?' that introduced it.
  std::uint32_t empty_position() const {
    if (stack_.empty()) return 0;
    std::uint32_t i = skip_trivia(stack_.back().cursor);
    if (i < text_.size() && (text_[i] == ':' || text_[i] == '-' || text_[i] == '?')) return i + 1;
    return stack_.back().cursor;
  }

  /// Applies anchor registration and the CloudFormation long-form rewrite, then emits.
  void finish(ValuePtr v, YAML::anchor_t anchor, const std::string& tag, const Props& p, std::uint64_t size = 1) {
    std::string_view long_name = cfn_long_name(tag);
    if (!long_name.empty() && p.has_tag) {
      auto m = std::make_shared<Value>();
      m->kind = Kind::Map;
      m->span = span(p.begin, std::max(v->span.end - base_, p.tag_end));
      m->content = m->span;
      m->entries.push_back(MapEntry{std::string(long_name), span(p.tag_begin, p.tag_end), v});
      v = std::move(m);
    } else if (p.props_end != p.begin && v->span.begin - base_ > p.begin) {
      // Other tags and anchors belong to the node's span.
      auto copy = std::make_shared<Value>(*v);
      copy->span.begin = base_ + p.begin;
      if (copy->kind != Kind::String) copy->content = copy->span;
      v = std::move(copy);
    }
    if (anchor) {
      anchors_[anchor] = v;
      anchor_sizes_[anchor] = size;
    }
    emit(std::move(v), size);
  }

  void emit(ValuePtr v, std::uint64_t size = 1) {
    if (stack_.empty()) {
      if (!root_) root_ = std::move(v);
      return;
    }
    Frame& f = stack_.back();
    f.expanded = std::min(f.expanded + size, kMaxExpandedValues + 1);
    if (f.expanded > kMaxExpandedValues && !alias_bomb_at_) alias_bomb_at_ = v->span.begin;
    f.cursor = std::max(f.cursor, v->span.end - base_);
    if (!f.is_map) {
      f.node->items.push_back(std::move(v));
    } else if (!f.have_key) {
      f.have_key = true;
      f.key_span = v->span;
      bool scalar = v->kind == Kind::String || v->kind == Kind::Number || v->kind == Kind::Bool ||
                    v->kind == Kind::Null;
      f.key = scalar ? v->text : std::string(file_.slice(v->span));
    } else {
      f.have_key = false;
      f.node->entries.push_back(MapEntry{std::move(f.key), f.key_span, std::move(v)});
      f.key.clear();
    }
  }

  void start(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
             YAML::EmitterStyle::value style, bool is_map) {
    Frame f;
    f.is_map = is_map;
    f.flow = style == YAML::EmitterStyle::Flow;
    f.props = props_at(mark);
    f.tag = tag;
    f.anchor = anchor;
    f.node = std::make_shared<Value>();
    f.node->kind = is_map ? Kind::Map : Kind::List;
    f.cursor = f.props.value_begin + (f.flow ? 1 : 0);
    stack_.push_back(std::move(f));
  }

  void end() {
    if (stack_.empty()) return;
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.is_map && f.have_key) {  // a trailing key without value in flow style: `{a}`
      f.node->entries.push_back(MapEntry{std::move(f.key), f.key_span,
                                         make_scalar(Kind::Null, "", f.cursor, f.cursor)});
    }
    std::uint32_t b = f.props.value_begin, e = f.cursor;
    if (f.flow) {
      char close = f.is_map ? '}' : ']';
      std::uint32_t i = f.cursor;
      while (i < text_.size() && text_[i] != close) {
        if (text_[i] == '#' && i > 0 && is_space(text_[i - 1])) {
          while (i < text_.size() && text_[i] != '\n') ++i;
        } else {
          ++i;
        }
      }
      e = std::min<std::uint32_t>(i + 1, static_cast<std::uint32_t>(text_.size()));
    }
    f.node->span = span(b, e);
    f.node->content = f.node->span;
    finish(f.node, f.anchor, f.tag, f.props, f.expanded);
  }

  const source::SourceFile& file_;
  std::string_view text_;
  std::uint32_t base_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, ValuePtr> anchors_;
  std::map<YAML::anchor_t, std::uint64_t> anchor_sizes_;
  std::optional<std::uint32_t> alias_bomb_at_;
  ValuePtr root_;
};

/// Receives the events of the documents after the first, which are ignored.
struct DocumentCounter : YAML::EventHandler {
  YAML::Mark start;
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

Diagnostic error_at(const source::SourceFile& file, std::uint32_t offset, std::string message) {
  auto size = static_cast<std::uint32_t>(file.text().size());
  offset = std::min(offset, size);
  return Diagnostic{diag::kParseError, Severity::Error, std::move(message),
                    source::Span{file.id(), offset, std::min(offset + 1, size), false}};
}

/// yaml-cpp's messages do not mention tabs; say so when the error line is tab-indented.
std::string explain(const source::SourceFile& file, std::uint32_t offset, std::string msg) {
  std::string_view line = file.line_text(file.position(offset).line);
  std::size_t i = 0;
  while (i < line.size() && is_blank(line[i])) {
    if (line[i] == '\t') return msg + " (tab characters cannot be used for indentation)";
    ++i;
  }
  return msg;
}

}  // namespace

ParseResult parse_yaml(const source::SourceFile& file) {
  ParseResult result;
  std::string_view text = file.text();
  std::uint32_t base = 0;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3), base = 3;

  std::istringstream in{std::string(text)};
  try {
    YAML::Parser parser(in);
    Builder builder(file, text, base);
    if (!parser.HandleNextDocument(builder)) return result;  // empty stream: no document
    result.root = builder.root();
    if (!result.root) return result;
    if (auto at = builder.alias_bomb_at()) {
      result.diagnostics.push_back(Diagnostic{
          diag::kUnsupported, Severity::Warning,
          "YAML aliases expand this document to more than " + std::to_string(kMaxExpandedValues) +
              " values (an alias bomb); each shared value is read once, and what is resolved from them is bounded",
          source::Span{file.id(), *at, *at, false}});
    }
    const auto end_of_file = static_cast<std::uint32_t>(file.text().size());
    try {
      DocumentCounter later;
      if (parser.HandleNextDocument(later)) {
        // yaml-cpp's mark can lie one past the end of the text (fuzz_yaml 82852fb9).
        std::uint32_t at = std::min(base + static_cast<std::uint32_t>(std::max(later.start.pos, 0)), end_of_file);
        result.diagnostics.push_back(Diagnostic{
            diag::kUnsupported, Severity::Note,
            "file contains more than one YAML document; only the first is checked",
            source::Span{file.id(), at, at, false}});
        result.partial = true;
      }
    } catch (const YAML::Exception& e) {
      std::uint32_t at = std::min(base + static_cast<std::uint32_t>(std::max(e.mark.pos, 0)), end_of_file);
      result.diagnostics.push_back(Diagnostic{
          diag::kUnsupported, Severity::Note,
          "file contains more than one YAML document; only the first is checked",
          source::Span{file.id(), at, at, false}});
      result.partial = true;
    }
  } catch (const ScanError& e) {
    result.root = nullptr;
    result.diagnostics.push_back(error_at(file, base + e.pos, explain(file, base + e.pos, e.message)));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own depth guard; its message text is not meaningful ("bad file").
    result.root = nullptr;
    std::uint32_t at = e.mark.is_null() ? 0 : base + static_cast<std::uint32_t>(std::max(e.mark.pos, 0));
    result.diagnostics.push_back(error_at(file, at, "YAML nesting too deep (more than " +
                                                        std::to_string(e.depth() - 1) + " levels)"));
  } catch (const YAML::Exception& e) {
    result.root = nullptr;
    std::uint32_t at = e.mark.is_null() ? 0 : base + static_cast<std::uint32_t>(std::max(e.mark.pos, 0));
    result.diagnostics.push_back(error_at(file, at, explain(file, at, e.msg)));
  } catch (const std::exception& e) {
    result.root = nullptr;
    result.diagnostics.push_back(error_at(file, 0, std::string("YAML parser failure: ") + e.what()));
  }
  return result;
}

}  // namespace seslint::parse
