// report/github: GitHub Actions workflow commands, one annotation per finding:
//   ::error file=terraform/iam.tf,line=21,col=7,endLine=21,endColumn=40,title=SES001 send-scoped-to-domain-identity::message
// then one plain summary line ("seslint: 2 errors, 0 warnings, 1 note"), which never starts
// with "::". Levels: error -> error, warning -> warning, note -> notice. col/endColumn are
// written only for single-line spans (GitHub ignores them otherwise); findings without a span
// get no file property. The message carries notes ("note: path:line:col: text") and help on
// following lines.
//
// Escaping follows the runner's rules for workflow commands (actions/toolkit command.ts):
// the message (data) escapes '%' -> %25, CR -> %0D, LF -> %0A; property values additionally
// ':' -> %3A and ',' -> %2C. So no value can end the command, start a new line, or inject a
// property. Invalid UTF-8 is replaced with U+FFFD first.
#include <algorithm>
#include <string>

#include "report/internal.h"
#include "report/report.h"

namespace seslint::report {

namespace detail {

std::string github_escape_data(std::string_view s) {
  std::string out;
  for (char c : sanitize_utf8(s)) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string github_escape_property(std::string_view s) {
  std::string out;
  for (char c : github_escape_data(s)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace detail

namespace {

const char* command(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "notice";
  }
  return "error";
}

}  // namespace

std::string render_github(const engine::Report& rep, const engine::Registry& reg,
                          const source::SourceSet& sources, const Options& opt) {
  std::string out;
  for (const auto& f : rep.findings) {
    std::string props;
    auto prop = [&props](std::string_view key, const std::string& value) {
      props += props.empty() ? " " : ",";
      props += key;
      props += '=';
      props += detail::github_escape_property(value);
    };
    if (f.span.valid() && f.span.file < sources.size()) {
      const auto& file = sources.file(f.span.file);
      source::Position b = file.position(f.span.begin), e = file.position(std::max(f.span.begin, f.span.end));
      prop("file", detail::repo_path(file.path(), opt.repo_root, opt.cwd));
      prop("line", std::to_string(b.line));
      if (b.line == e.line) prop("col", std::to_string(b.column));
      prop("endLine", std::to_string(e.line));
      if (b.line == e.line) prop("endColumn", std::to_string(e.column));
    }
    prop("title", detail::rule_title(f, reg));
    out += "::";
    out += command(f.severity);
    out += props;
    out += "::";
    out += detail::github_escape_data(detail::full_message(f, sources, true));
    out += '\n';
  }
  detail::Counts c = detail::count(rep);
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  out += "seslint: " + plural(c.errors, "error") + ", " + plural(c.warnings, "warning") + ", " +
         plural(c.notes, "note") + "\n";
  return out;
}

}  // namespace seslint::report
