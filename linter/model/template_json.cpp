#include "model/template_json.h"

#include <algorithm>

#include "parse/parse.h"

namespace seslint::model {

using syntax::Kind;
using syntax::Value;
using syntax::ValuePtr;

namespace {

/// Where a stretch of the rendered text came from.
struct Piece {
  std::uint32_t begin = 0, end = 0;  ///< in the rendered text
  source::Span src;
  /// How many leading / trailing bytes are the source's own bytes (a String part that
  /// resolution merged with the known pieces of an interpolated value is exact at its ends only).
  std::uint32_t prefix = 0, suffix = 0;
};

constexpr char kMark = '`';

class Renderer {
 public:
  Renderer(const Value& tmpl, const source::SourceFile& file) : tmpl_(tmpl), file_(file) {}

  ValuePtr run() {
    bool in_string = false, escaped = false;
    for (const auto& item : tmpl_.items) {
      if (!item) return nullptr;
      const auto begin = static_cast<std::uint32_t>(text_.size());
      if (item->kind == Kind::String) {
        text_ += item->text;
        for (char c : item->text) {
          if (escaped) escaped = false;
          else if (c == '\\') escaped = in_string;
          else if (c == '"') in_string = !in_string;
        }
        const source::Span s = item->span;
        Piece p{begin, static_cast<std::uint32_t>(text_.size()), s, 0, 0};
        if (s.valid() && s.file == file_.id()) {
          const std::string_view src = file_.slice(s), t = item->text;
          std::size_t n = 0;
          while (n < src.size() && n < t.size() && src[n] == t[n]) ++n;
          std::size_t m = 0;
          while (m < src.size() - n && m < t.size() - n && src[src.size() - 1 - m] == t[t.size() - 1 - m]) ++m;
          p.prefix = static_cast<std::uint32_t>(n);
          p.suffix = static_cast<std::uint32_t>(m);
        }
        pieces_.push_back(p);
      } else {
        // A placeholder no policy text holds: `N` (quoted when the part stands for a whole JSON value).
        const std::string mark = std::string(1, kMark) + std::to_string(holes_.size()) + kMark;
        text_ += in_string ? mark : "\"" + mark + "\"";
        holes_.push_back(item);
        pieces_.push_back(Piece{begin, static_cast<std::uint32_t>(text_.size()), item->span, 0, 0});
      }
    }
    if (holes_.empty() || text_.find_first_not_of(" \t\r\n") == std::string::npos) return nullptr;
    source::SourceFile scratch(source::kNoFile - 1, file_.path(), text_);
    parse::ParseResult r = parse::parse_json(scratch);
    if (!r.root || !r.diagnostics.empty()) return nullptr;
    return put_back(r.root, 0);
  }

 private:
  source::Span map(source::Span s) const {
    if (pieces_.empty()) return tmpl_.span;
    auto at = [&](std::uint32_t o, bool is_end) -> std::pair<std::uint32_t, bool> {
      // The piece holding the byte at o (for an end offset: the byte before it).
      const std::uint32_t byte = is_end && o > 0 ? o - 1 : o;
      auto it = std::upper_bound(pieces_.begin(), pieces_.end(), byte, [](std::uint32_t x, const Piece& p) { return x < p.end; });
      if (it == pieces_.end()) it = std::prev(pieces_.end());
      const std::uint32_t rel = o - it->begin, len = it->end - it->begin;
      if (rel <= it->prefix && (rel < it->prefix || is_end)) return {it->src.begin + rel, true};
      if (len - rel <= it->suffix) return {it->src.end - (len - rel), true};
      return {is_end ? it->src.end : it->src.begin + it->prefix, false};
    };
    auto [b, eb] = at(s.begin, false);
    auto [e, ee] = at(s.end, true);
    source::Span out{file_.id(), b, std::max(b, e), !(eb && ee)};
    if (!out.valid() || tmpl_.span.file != file_.id()) return tmpl_.span;
    return out;
  }

  ValuePtr put_back(const ValuePtr& v, unsigned depth) {
    if (!v || depth > 256) return v;
    auto c = std::make_shared<Value>(*v);
    c->span = map(v->span);
    c->content = v->content.valid() ? map(v->content) : c->span;
    for (auto& e : c->entries) {
      e.key_span = map(e.key_span);
      e.value = put_back(e.value, depth + 1);
    }
    for (auto& i : c->items) i = put_back(i, depth + 1);
    if (c->kind != Kind::String || c->text.find(kMark) == std::string::npos) return c;
    // Split the string at its placeholders.
    std::vector<ValuePtr> parts;
    const std::string& t = c->text;
    std::size_t i = 0, lit = 0;
    auto flush = [&](std::size_t to) {
      if (to > lit) parts.push_back(syntax::make_string(t.substr(lit, to - lit), c->span, c->span));
    };
    while ((i = t.find(kMark, i)) != std::string::npos) {
      const std::size_t close = t.find(kMark, i + 1);
      if (close == std::string::npos) break;
      const std::string digits = t.substr(i + 1, close - i - 1);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
        i = close;
        continue;
      }
      const std::size_t n = std::stoul(digits);
      if (n >= holes_.size()) {
        i = close;
        continue;
      }
      flush(i);
      parts.push_back(holes_[n]);
      i = lit = close + 1;
    }
    flush(t.size());
    if (parts.size() == 1 && parts[0]->kind != Kind::String) return parts[0];
    auto tpl = std::make_shared<Value>();
    tpl->kind = Kind::Template;
    tpl->span = tpl->content = c->span;
    for (auto& p : parts) {
      // Template parts are strings and unknowns: a partly known part contributes its own parts.
      if (p->kind == Kind::Template) tpl->items.insert(tpl->items.end(), p->items.begin(), p->items.end());
      else tpl->items.push_back(p);
    }
    return tpl;
  }

  const Value& tmpl_;
  const source::SourceFile& file_;
  std::string text_;
  std::vector<Piece> pieces_;
  std::vector<ValuePtr> holes_;
};

}  // namespace

ValuePtr parse_template_json(const Value& tmpl, const source::SourceFile& file) {
  if (tmpl.kind != Kind::Template) return nullptr;
  return Renderer(tmpl, file).run();
}

}  // namespace seslint::model
