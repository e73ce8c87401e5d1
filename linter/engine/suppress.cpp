#include "engine/suppress.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "engine/runner.h"

namespace seslint::engine {

namespace {

struct Comment {
  std::uint32_t begin = 0;  ///< offset of the '#' or '//'
  std::uint32_t text = 0;   ///< offset of the text after the marker
  std::uint32_t end = 0;
  bool after_code = false;  ///< code precedes it on its line
};

struct Scan {
  std::vector<Comment> comments;
  std::map<std::uint32_t, std::uint32_t> braces;  ///< HCL: offset of '{' -> offset of its '}'
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::uint32_t line_start(std::string_view t, std::uint32_t i) {
  while (i > 0 && t[i - 1] != '\n') --i;
  return i;
}

std::uint32_t line_end(std::string_view t, std::uint32_t i) {
  while (i < t.size() && t[i] != '\n') ++i;
  return i;
}

bool code_before(std::string_view t, std::uint32_t i) {
  for (std::uint32_t k = line_start(t, i); k < i; ++k)
    if (!is_space(t[k])) return true;
  return false;
}

/// HCL: comments (#, //, /* */), strings with ${} interpolations, heredocs, brace pairs.
Scan scan_hcl(std::string_view t) {
  Scan out;
  // Each frame: '{' code braces (with their offsets), '"' a string, '$' an interpolation.
  struct Frame { char kind; std::uint32_t at; };
  std::vector<Frame> stack;
  const auto n = static_cast<std::uint32_t>(t.size());
  auto in_string = [&]() { return !stack.empty() && stack.back().kind == '"'; };
  for (std::uint32_t i = 0; i < n; ++i) {
    char c = t[i];
    if (in_string()) {
      if (c == '\\') ++i;
      else if (c == '"') stack.pop_back();
      else if ((c == '$' || c == '%') && i + 1 < n && t[i + 1] == '{') stack.push_back({'$', ++i});
      else if (c == '\n') stack.pop_back();  // unterminated: the parser reports it
      continue;
    }
    if (c == '"') {
      stack.push_back({'"', i});
    } else if (c == '#' || (c == '/' && i + 1 < n && t[i + 1] == '/')) {
      Comment cm{i, c == '#' ? i + 1 : i + 2, line_end(t, i), code_before(t, i)};
      out.comments.push_back(cm);
      i = cm.end;
    } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      auto close = t.find("*/", i + 2);
      std::uint32_t e = close == std::string_view::npos ? n : static_cast<std::uint32_t>(close);
      out.comments.push_back(Comment{i, i + 2, e, code_before(t, i)});
      i = close == std::string_view::npos ? n : e + 1;
    } else if (c == '<' && i + 1 < n && t[i + 1] == '<') {
      // Heredoc: <<ID or <<-ID, then the body up to a line holding only ID.
      std::uint32_t k = i + 2;
      if (k < n && t[k] == '-') ++k;
      std::uint32_t id_begin = k;
      while (k < n && (std::isalnum(static_cast<unsigned char>(t[k])) || t[k] == '_')) ++k;
      if (k == id_begin) continue;
      std::string_view id = t.substr(id_begin, k - id_begin);
      std::uint32_t line = line_end(t, k);
      while (line < n) {
        std::uint32_t b = line + 1, e = line_end(t, b);
        std::string_view body = t.substr(b, e - b);
        while (!body.empty() && is_space(body.front())) body.remove_prefix(1);
        while (!body.empty() && is_space(body.back())) body.remove_suffix(1);
        line = e;
        if (body == id) break;
      }
      i = line;
    } else if (c == '{') {
      stack.push_back({'{', i});
    } else if (c == '}') {
      if (!stack.empty()) {
        if (stack.back().kind == '{') out.braces[stack.back().at] = i;
        stack.pop_back();  // a '{' or the end of an interpolation
      }
    }
  }
  return out;
}

std::uint32_t indent_of(std::string_view t, std::uint32_t b) {
  std::uint32_t k = b;
  while (k < t.size() && (t[k] == ' ' || t[k] == '\t')) ++k;
  return k - b;
}

bool blank_or_comment(std::string_view t, std::uint32_t b) {
  std::uint32_t k = b + indent_of(t, b);
  return k >= t.size() || t[k] == '\n' || t[k] == '\r' || t[k] == '#';
}

/// YAML: '#' comments outside quoted scalars and block scalars (| and > bodies).
Scan scan_yaml(std::string_view t) {
  Scan out;
  const auto n = static_cast<std::uint32_t>(t.size());
  std::uint32_t b = 0;
  long block_indent = -1;  // inside a block scalar introduced on a line with this indent
  while (b < n) {
    std::uint32_t e = line_end(t, b);
    const std::uint32_t ind = indent_of(t, b);
    if (block_indent >= 0) {
      const bool blank = b + ind >= e || t[b + ind] == '\r';
      if (blank || static_cast<long>(ind) > block_indent) {
        b = e + 1;
        continue;
      }
      block_indent = -1;
    }
    char quote = 0;
    char prev = ' ';  // last non-space character, ' ' at the line start
    std::uint32_t last_token = b;  // where the last significant character is
    for (std::uint32_t i = b; i < e; ++i) {
      char c = t[i];
      if (quote) {
        if (quote == '"' && c == '\\') ++i;
        else if (c == quote) {
          if (quote == '\'' && i + 1 < e && t[i + 1] == '\'') ++i;
          else quote = 0;
        }
        continue;
      }
      if ((c == '"' || c == '\'') && (prev == ' ' || prev == ':' || prev == '-' || prev == '[' || prev == '{' || prev == ',') &&
          (i == b || is_space(t[i - 1]) || t[i - 1] == '[' || t[i - 1] == '{' || t[i - 1] == ',')) {
        quote = c;
        continue;
      }
      if (c == '#' && (i == b || is_space(t[i - 1]))) {
        out.comments.push_back(Comment{i, i + 1, e, code_before(t, i)});
        break;
      }
      if (!is_space(c)) {
        prev = c;
        last_token = i;
      }
    }
    // A block scalar indicator ends the line's content: `key: |`, `- >-`, `key: |2`.
    std::uint32_t k = last_token;
    while (k > b && (t[k] == '-' || t[k] == '+' || std::isdigit(static_cast<unsigned char>(t[k])))) --k;
    if (!quote && (t[k] == '|' || t[k] == '>') && (k == b || is_space(t[k - 1]))) block_indent = ind;
    b = e + 1;
  }
  return out;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// Parses "seslint:ignore ID[,ID...] [-- reason]" at the start of a comment's text.
bool parse_directive(std::string_view t, const Comment& c, Ignore& ig) {
  std::uint32_t i = c.text;
  while (i < c.end && is_space(t[i])) ++i;
  constexpr std::string_view kTag = "seslint:ignore";
  if (t.substr(i, kTag.size()) != kTag) return false;
  i += static_cast<std::uint32_t>(kTag.size());
  std::uint32_t stop = c.end;
  if (t.substr(c.begin, 2) == "/*") {
    auto close = t.find("*/", i);
    if (close != std::string_view::npos && close < stop) stop = static_cast<std::uint32_t>(close);
  }
  auto dash = t.substr(i, stop - i).find("--");
  std::uint32_t ids_end = dash == std::string_view::npos ? stop : i + static_cast<std::uint32_t>(dash);
  while (i < ids_end) {
    while (i < ids_end && (is_space(t[i]) || t[i] == ',')) ++i;
    std::uint32_t s = i;
    while (i < ids_end && !is_space(t[i]) && t[i] != ',') ++i;
    if (i > s) {
      ig.ids.push_back(upper(std::string(t.substr(s, i - s))));
      ig.id_spans.push_back(source::Span{source::kNoFile, s, i, false});
    }
  }
  if (dash != std::string_view::npos) {
    std::string_view why = t.substr(ids_end + 2, stop - ids_end - 2);
    while (!why.empty() && is_space(why.front())) why.remove_prefix(1);
    while (!why.empty() && (is_space(why.back()) || why.back() == '\n')) why.remove_suffix(1);
    ig.justification = std::string(why);
  }
  ig.directive = source::Span{source::kNoFile, c.begin, c.end, false};
  return true;
}

}  // namespace

std::vector<Ignore> comment_ignores(const source::SourceFile& file, CommentSyntax syntax) {
  std::vector<Ignore> out;
  const std::string_view t = file.text();
  if (t.find("seslint:ignore") == std::string_view::npos) return out;
  const Scan scan = syntax == CommentSyntax::Hcl ? scan_hcl(t) : scan_yaml(t);
  const auto n = static_cast<std::uint32_t>(t.size());
  for (const Comment& c : scan.comments) {
    Ignore ig;
    if (!parse_directive(t, c, ig)) continue;
    ig.directive.file = file.id();
    for (auto& s : ig.id_spans) s.file = file.id();
    // The covered line: this one when code precedes the comment, else the next line with code.
    std::uint32_t target = line_start(t, c.begin);
    if (!c.after_code) {
      std::uint32_t b = line_end(t, c.end) + 1;
      while (b < n && (blank_or_comment(t, b) ||
                       (syntax == CommentSyntax::Hcl && t.substr(b + indent_of(t, b), 2) == "//")))
        b = line_end(t, b) + 1;
      if (b >= n) b = line_start(t, c.begin);  // nothing below: the comment's own line
      target = b;
    }
    ig.begin = target;
    ig.end = line_end(t, target);
    if (syntax == CommentSyntax::Hcl) {
      // A block opened on the covered line and closed later: cover it to its closing brace.
      for (auto it = scan.braces.lower_bound(ig.begin); it != scan.braces.end() && it->first < line_end(t, target); ++it)
        if (it->second > ig.end) {
          ig.end = it->second;
          break;
        }
    } else {
      const std::uint32_t ind = indent_of(t, target);
      std::uint32_t b = line_end(t, target) + 1;
      while (b < n && (blank_or_comment(t, b) || indent_of(t, b) > ind)) {
        if (!blank_or_comment(t, b)) ig.end = line_end(t, b);
        b = line_end(t, b) + 1;
      }
    }
    ig.used.assign(ig.ids.size(), false);
    out.push_back(std::move(ig));
  }
  return out;
}

std::vector<Ignore> metadata_ignores(const source::SourceFile& file, const syntax::Value& root) {
  std::vector<Ignore> out;
  auto read = [&](const syntax::Value* holder, std::uint32_t begin, std::uint32_t end) {
    const syntax::Value* md = holder && holder->is_map() ? holder->get("Metadata") : nullptr;
    const syntax::Value* ses = md && md->is_map() ? md->get("seslint") : nullptr;
    const syntax::Value* list = ses && ses->is_map() ? ses->get("ignore") : nullptr;
    if (!list) return;
    Ignore ig;
    ig.directive = list->span;
    ig.begin = begin;
    ig.end = end;
    if (const syntax::Value* why = ses->get("reason"); why && why->is_string()) ig.justification = why->text;
    auto add = [&ig](const syntax::Value& v) {
      ig.ids.push_back(upper(v.text));
      ig.id_spans.push_back(v.span);
    };
    if (list->is_string()) add(*list);
    for (const auto& item : list->items)
      if (item && item->is_string()) add(*item);
    ig.used.assign(ig.ids.size(), false);
    out.push_back(std::move(ig));
  };
  read(&root, 0, static_cast<std::uint32_t>(file.text().size()));
  if (const syntax::Value* res = root.is_map() ? root.get("Resources") : nullptr; res && res->is_map())
    for (const auto& e : res->entries)
      if (e.value) read(e.value.get(), std::min(e.key_span.begin, e.value->span.begin), e.value->span.end);
  return out;
}

std::size_t apply_ignores(Report& rep, std::vector<Ignore>& ignores, const std::set<std::string>& ran,
                          const std::set<std::string>& known, const source::SourceSet& sources) {
  std::size_t suppressed = 0;
  if (ignores.empty()) return 0;
  for (Finding& f : rep.findings) {
    if (!f.span.valid() || f.rule_id == diag::kUnusedIgnore) continue;
    for (Ignore& ig : ignores) {
      if (ig.directive.file != f.span.file || f.span.begin < ig.begin || f.span.begin > ig.end) continue;
      for (std::size_t k = 0; k < ig.ids.size(); ++k) {
        if (ig.ids[k] != f.rule_id) continue;
        ig.used[k] = true;
        if (!f.suppressed) {
          f.suppressed = true;
          f.justification = ig.justification;
          ++suppressed;
        }
      }
    }
  }
  bool added = false;
  for (const Ignore& ig : ignores) {
    for (std::size_t k = 0; k < ig.ids.size(); ++k) {
      if (ig.used[k]) continue;
      Finding w;
      w.rule_id = diag::kUnusedIgnore;
      w.severity = Severity::Warning;
      w.span = ig.id_spans[k];
      if (!known.count(ig.ids[k])) {
        w.message = "seslint:ignore names an unknown rule ID '" + ig.ids[k] + "'";
        w.help = "Use an ID from `seslint rules`.";
      } else if (ran.count(ig.ids[k])) {
        w.message = "seslint:ignore " + ig.ids[k] + " matches no finding";
        w.help = "Remove the ID from the ignore: nothing here is reported by " + ig.ids[k] + " any more.";
      } else {
        continue;  // the rule did not run (--select / --ignore): nothing to tell
      }
      rep.findings.push_back(std::move(w));
      added = true;
    }
  }
  if (added) {
    sort_findings(rep.findings, sources);
    assign_fingerprints(rep.findings, sources);
  }
  return suppressed;
}

}  // namespace seslint::engine
