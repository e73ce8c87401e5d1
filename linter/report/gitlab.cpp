// report/gitlab: GitLab Code Quality report (the Code Climate issue subset GitLab reads), for
// `artifacts: reports: codequality:`. A JSON array, one object per finding:
//   {
//     "type": "issue",
//     "check_name": "SES001",                      // the rule ID
//     "description": "SES001 send-scoped-to-domain-identity: <message>",
//     "content": {"body": "<message, notes and help>"},
//     "categories": ["Security"] | ["Bug Risk"],   // rules | tool diagnostics (SES9xx)
//     "severity": "critical" | "major" | "info",   // error | warning | note
//     "fingerprint": "<rule fingerprint>",         // unique in the report ("-2", "-3" on repeats)
//     "location": {"path": "terraform/iam.tf", "lines": {"begin": 21, "end": 21}}
//   }
// Paths are relative to the repository root (Options::repo_root), as GitLab expects. A finding
// without a span (a run-level diagnostic) is located at path "." line 1, so it is still shown.
#include <algorithm>
#include <map>
#include <string>

#include "report/internal.h"
#include "report/report.h"

namespace seslint::report {

namespace {

const char* gitlab_severity(Severity s) {
  switch (s) {
    case Severity::Error: return "critical";
    case Severity::Warning: return "major";
    case Severity::Note: return "info";
  }
  return "critical";
}

}  // namespace

std::string render_gitlab(const engine::Report& rep, const engine::Registry& reg,
                          const source::SourceSet& sources, const Options& opt) {
  detail::JsonWriter w;
  std::map<std::string, int> seen;
  w.begin_array();
  for (const auto& f : rep.findings) {
    std::string fingerprint = detail::fingerprint_of(f, sources);
    if (int n = ++seen[fingerprint]; n > 1) fingerprint += "-" + std::to_string(n);
    w.begin_object();
    w.key("type").value("issue");
    w.key("check_name").value(f.rule_id);
    w.key("description").value(detail::rule_title(f, reg) + ": " + (f.message.empty() ? "(no message)" : f.message));
    w.key("content").begin_object().key("body").value(detail::full_message(f, sources, true)).end_object();
    w.key("categories").begin_array().value(detail::is_tool_diagnostic(f.rule_id) ? "Bug Risk" : "Security").end_array();
    w.key("severity").value(gitlab_severity(f.severity));
    w.key("fingerprint").value(fingerprint);
    w.key("location").begin_object();
    if (f.span.valid() && f.span.file < sources.size()) {
      const auto& file = sources.file(f.span.file);
      source::Position b = file.position(f.span.begin), e = file.position(std::max(f.span.begin, f.span.end));
      w.key("path").value(detail::repo_path(file.path(), opt.repo_root, opt.cwd));
      w.key("lines").begin_object().key("begin").value(b.line).key("end").value(e.line).end_object();
    } else {
      w.key("path").value(".");
      w.key("lines").begin_object().key("begin").value(1).end_object();
    }
    w.end_object();
    w.end_object();
  }
  w.end_array();
  return w.take();
}

}  // namespace seslint::report
