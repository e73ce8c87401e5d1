// cli/lsp/actions: quick fixes for the fixes the findings' help lines describe.
// - SES001 / SES004 / SES005: add the ARN the help names (the address identity's, the
//   configuration set's, the template's) to the statement's Resource;
// - SES002: move the action without resource-level permissions out of the statement into a new
//   statement with "Resource": "*" (offered when the statement has no Condition, which the new
//   statement would otherwise drop);
// - any finding in a .tf or YAML file: a `# seslint:ignore SESxxx -- reason` comment. The edit is
//   checked with the engine's own ignore parser (engine/suppress.h) before it is offered: the
//   comment goes on its own line above the finding, or above an enclosing line when that place
//   would not cover it (inside a heredoc, say).
// Edits are computed on the linted text (the editor's buffer for an open document).
#include <algorithm>

#include "cli/lsp/features.h"
#include "engine/suppress.h"

namespace seslint::cli::lsp {

namespace {

struct Edit {
  source::FileId file = source::kNoFile;
  std::uint32_t begin = 0, end = 0;
  std::string text;
};

struct Action {
  std::string title;
  const engine::Finding* finding = nullptr;
  std::vector<Edit> edits;
  bool preferred = false;
};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// The previous character that is not whitespace, or 0.
char prev_token(std::string_view text, std::uint32_t at) {
  while (at > 0 && is_space(text[at - 1])) --at;
  return at > 0 ? text[at - 1] : '\0';
}

std::uint32_t line_start(std::string_view text, std::uint32_t at) {
  while (at > 0 && text[at - 1] != '\n') --at;
  return at;
}

std::uint32_t line_end(std::string_view text, std::uint32_t at) {
  while (at < text.size() && text[at] != '\n') ++at;
  return at;
}

std::string indent_of(std::string_view text, std::uint32_t start) {
  std::string out;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) out += text[start++];
  return out;
}

/// The text between the line start and `at` is only whitespace and a "- " list marker.
bool yaml_item(std::string_view text, std::uint32_t at, std::uint32_t& dash) {
  std::uint32_t i = line_start(text, at);
  while (i < at && (text[i] == ' ' || text[i] == '\t')) ++i;
  if (i >= at || text[i] != '-') return false;
  dash = i;
  for (++i; i < at; ++i)
    if (text[i] != ' ') return false;
  return true;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
}

/// The first '...' quoted text of a help line after `after` ("add '").
std::string help_value(const std::string& help, const std::string& after) {
  auto a = help.find(after);
  if (a == std::string::npos) return "";
  a += after.size();
  auto b = help.find('\'', a);
  return b == std::string::npos ? "" : help.substr(a, b - a);
}

const model::Statement* statement_at(const model::Model& m, const source::Span& s) {
  const model::Statement* best = nullptr;
  for (const auto& p : m.policies)
    for (const auto& st : p.statements)
      if (st.span.valid() && st.span.file == s.file && st.span.begin <= s.begin && s.end <= st.span.end &&
          (!best || st.span.end - st.span.begin < best->span.end - best->span.begin))
        best = &st;
  return best;
}

/// Adds `value` next to an element of a list (or turns a single value into a list).
std::optional<Edit> add_next_to(std::string_view text, const source::Span& el, const std::string& value) {
  Edit e{el.file, el.end, el.end, ""};
  const char before = prev_token(text, el.begin);
  std::uint32_t dash = 0;
  if (before == '[' || before == ',') {
    e.text = ", " + quoted(value);
  } else if (yaml_item(text, el.begin, dash)) {
    e.begin = e.end = line_end(text, el.end > 0 ? el.end - 1 : 0);
    e.text = "\n" + std::string(text.substr(line_start(text, dash), dash - line_start(text, dash))) + "- " + quoted(value);
  } else if (before == ':' || before == '=') {
    e.begin = el.begin;
    e.text = "[" + std::string(text.substr(el.begin, el.end - el.begin)) + ", " + quoted(value) + "]";
  } else {
    return std::nullopt;
  }
  return e;
}

std::optional<Action> add_arn(Deployment& d, const engine::Finding& f) {
  std::string arn = help_value(f.help, "add '");
  if (arn.rfind("arn:", 0) != 0) return std::nullopt;
  const model::Statement* st = statement_at(d.run->model, f.span);
  if (!st) return std::nullopt;
  const model::Str* last = nullptr;
  for (const auto& r : st->resources)
    if (r.span.valid() && r.span.file == f.span.file && !r.span.approximate && r.span.begin >= st->span.begin &&
        r.span.end <= st->span.end)
      last = &r;
  if (!last || st->not_resource) return std::nullopt;
  auto e = add_next_to(d.run->sources->file(last->span.file).text(), last->span, arn);
  if (!e) return std::nullopt;
  return Action{"Add '" + arn + "' to the statement's Resource", &f, {*e}, true};
}

std::optional<Action> split_statement(Deployment& d, const engine::Finding& f) {
  const model::Statement* st = statement_at(d.run->model, f.span);
  if (!st || st->actions.size() < 2 || !st->conditions.empty() || st->conditions_unknown || st->not_action ||
      f.span.approximate || st->span.approximate)
    return std::nullopt;
  const model::Str* action = nullptr;
  for (const auto& a : st->actions)
    if (a.span == f.span && a.known) action = &a;
  if (!action) return std::nullopt;
  const std::string_view text = d.run->sources->file(f.span.file).text();
  const std::string& name = action->text;
  Action out{"Move " + name + " into its own statement with \"Resource\": \"*\"", &f, {}, true};
  // 1. Remove the action from its list.
  Edit rm{f.span.file, f.span.begin, f.span.end, ""};
  const char before = prev_token(text, f.span.begin);
  std::uint32_t dash = 0;
  if (before == '[' || before == ',') {
    std::uint32_t after = f.span.end;
    while (after < text.size() && is_space(text[after])) ++after;
    if (after < text.size() && text[after] == ',') {
      ++after;
      while (after < text.size() && (text[after] == ' ' || text[after] == '\t')) ++after;
      // "a",\n    "b": keep the line break and the next element's indentation.
      if (after < text.size() && (text[after] == '\n' || text[after] == '\r')) {
        std::uint32_t next = after;
        while (next < text.size() && is_space(text[next])) ++next;
        rm.begin = line_start(text, f.span.begin) == line_start(text, next) ? f.span.begin : line_start(text, f.span.begin);
        rm.end = line_start(text, next);
        if (rm.begin != line_start(text, f.span.begin)) rm.end = after;
      } else {
        rm.end = after;
      }
    } else {
      // The last element: remove it with the comma before it.
      std::uint32_t b = f.span.begin;
      while (b > 0 && is_space(text[b - 1])) --b;
      if (b == 0 || text[b - 1] != ',') return std::nullopt;
      rm.begin = b - 1;
    }
  } else if (yaml_item(text, f.span.begin, dash)) {
    rm.begin = line_start(text, dash);
    rm.end = std::min<std::uint32_t>(line_end(text, f.span.end) + 1, static_cast<std::uint32_t>(text.size()));
  } else {
    return std::nullopt;
  }
  out.edits.push_back(rm);
  // 2. The new statement after this one, in the statement's own syntax.
  const std::string_view st_text = text.substr(st->span.begin, st->span.end - st->span.begin);
  const std::string ind = indent_of(text, line_start(text, st->span.begin));
  const std::string& path = d.run->sources->file(f.span.file).path();
  Edit add{f.span.file, st->span.end, st->span.end, ""};
  if (st_text.rfind("statement", 0) == 0) {
    add.text = "\n\n" + ind + "statement {\n" + ind + "  actions   = [" + quoted(name) + "]\n" + ind +
               "  resources = [\"*\"]\n" + ind + "}";
  } else if (!st_text.empty() && st_text.front() == '{') {
    const bool json = ends_with(path, ".json") || st_text.find("\"Effect\"") != std::string_view::npos ||
                      st_text.find("\"Action\"") != std::string_view::npos;
    const std::string body =
        json ? "{\n" + ind + "  \"Effect\": \"Allow\",\n" + ind + "  \"Action\": " + quoted(name) + ",\n" + ind +
                   "  \"Resource\": \"*\"\n" + ind + "}"
             : "{\n" + ind + "  Effect   = \"Allow\"\n" + ind + "  Action   = " + quoted(name) + "\n" + ind +
                   "  Resource = \"*\"\n" + ind + "}";
    const char b = prev_token(text, st->span.begin);
    if (b == '[' || b == ',') {
      add.text = ",\n" + ind + body;
    } else {
      // "Statement": {...} on its own: make it a list of two.
      out.edits.push_back(Edit{f.span.file, st->span.begin, st->span.begin, "["});
      add.text = ",\n" + ind + body + "]";
    }
  } else if (yaml_item(text, st->span.begin, dash)) {
    const std::string di(text.substr(line_start(text, dash), dash - line_start(text, dash)));
    add.begin = add.end = line_end(text, st->span.end > 0 ? st->span.end - 1 : 0);
    add.text = "\n" + di + "- Effect: Allow\n" + di + "  Action: " + name + "\n" + di + "  Resource: \"*\"";
  } else {
    return std::nullopt;
  }
  out.edits.push_back(add);
  // The two edits must not overlap (the removal is inside the statement, the addition after it).
  if (rm.end > add.begin) return std::nullopt;
  return out;
}

/// A `# seslint:ignore ID -- reason` line that the engine reads as covering the finding.
std::optional<Action> suppress(Deployment& d, const engine::Finding& f) {
  const source::SourceFile& file = d.run->sources->file(f.span.file);
  const std::string& path = file.path();
  engine::CommentSyntax syntax;
  if (ends_with(path, ".tf")) syntax = engine::CommentSyntax::Hcl;
  else if (ends_with(path, ".yaml") || ends_with(path, ".yml") || ends_with(path, ".template"))
    syntax = engine::CommentSyntax::Yaml;
  else
    return std::nullopt;  // JSON has no comments
  const std::string_view text = file.text();
  // Candidate lines: the finding's, then each enclosing (less indented) line above it.
  std::uint32_t at = line_start(text, f.span.begin);
  std::size_t width = indent_of(text, at).size();
  for (int tries = 0; tries < 16; ++tries) {
    const std::string ind = indent_of(text, at);
    const std::string comment = ind + "# seslint:ignore " + f.rule_id + " -- reason\n";
    std::string edited(text.substr(0, at));
    edited += comment;
    edited += text.substr(at);
    source::SourceFile probe(f.span.file, path, edited);
    const std::uint32_t shifted = f.span.begin + static_cast<std::uint32_t>(comment.size());
    for (const auto& ig : engine::comment_ignores(probe, syntax)) {
      if (ig.begin <= shifted && shifted <= ig.end &&
          std::find(ig.ids.begin(), ig.ids.end(), f.rule_id) != ig.ids.end())
        return Action{"Suppress " + f.rule_id + " here (seslint:ignore with a reason)", &f,
                      {Edit{f.span.file, at, at, comment}}, false};
    }
    // Up to the nearest line above with less indentation.
    std::uint32_t p = at;
    bool found = false;
    while (p > 0) {
      p = line_start(text, p - 1);
      const std::string pi = indent_of(text, p);
      const std::uint32_t content = p + static_cast<std::uint32_t>(pi.size());
      if (content < text.size() && text[content] != '\n' && text[content] != '\r' && text[content] != '#' &&
          pi.size() < width) {
        found = true;
        break;
      }
      if (p == 0) break;
    }
    if (!found) return std::nullopt;
    at = p;
    width = indent_of(text, at).size();
  }
  return std::nullopt;
}

}  // namespace

void write_code_actions(JsonOut& w, Deployment& d, source::FileId file, const std::string& uri, std::uint32_t begin,
                        std::uint32_t end, Encoding enc) {
  w.begin_array();
  if (!d.run) {
    w.end_array();
    return;
  }
  std::vector<Action> actions;
  for (const auto& f : d.run->report.findings) {
    if (f.suppressed || !f.span.valid() || f.span.file != file) continue;
    if (f.span.end < begin || f.span.begin > end) continue;
    std::optional<Action> fix;
    if (f.rule_id == "SES001" || f.rule_id == "SES004" || f.rule_id == "SES005") fix = add_arn(d, f);
    else if (f.rule_id == "SES002") fix = split_statement(d, f);
    if (fix) actions.push_back(std::move(*fix));
    if (auto s = suppress(d, f)) actions.push_back(std::move(*s));
  }
  const std::string_view text = d.run->sources->file(file).text();
  for (const auto& a : actions) {
    w.begin_object().key("title").value(a.title).key("kind").value("quickfix");
    w.key("diagnostics").begin_array();
    write_diagnostic(w, d, *a.finding, text, true, enc);
    w.end_array();
    if (a.preferred) w.key("isPreferred").value(true);
    w.key("edit").begin_object().key("changes").begin_object();
    // Edits grouped by file (a fix may touch a file other than the one asked about).
    std::vector<source::FileId> files;
    for (const auto& e : a.edits)
      if (std::find(files.begin(), files.end(), e.file) == files.end()) files.push_back(e.file);
    for (source::FileId fid : files) {
      w.key(fid == file ? uri : path_to_uri(d.canonical(fid))).begin_array();
      const std::string_view ft = d.run->sources->file(fid).text();
      for (const auto& e : a.edits) {
        if (e.file != fid) continue;
        w.begin_object().key("range");
        write_range(w, ft, e.begin, e.end, enc);
        w.key("newText").value(e.text).end_object();
      }
      w.end_array();
    }
    w.end_object().end_object().end_object();
  }
  w.end_array();
}

}  // namespace seslint::cli::lsp
