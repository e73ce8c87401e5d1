// report/baseline: the --write-baseline file and its reader.
// {
//   "version": 1,
//   "tool": "seslint",
//   "findings": [{"fingerprint": "0123456789abcdef", "rule": "SES001", "path": "infra/main.tf",
//                 "logicalPath": "aws_iam_policy.x.policy.Statement[0].Resource[0]" | null,
//                 "message": "..."}]     // rule/path/logicalPath/message: for readers only
// }
// "path" is relative to the repository root (the git root or --root), as the fingerprint is
// keyed: the file matches from whichever folder seslint runs in.
#include <simdjson.h>

#include "report/internal.h"
#include "report/report.h"

namespace seslint::report {

std::string render_baseline(const engine::Report& rep, const source::SourceSet& sources,
                            const std::function<std::string(const std::string&)>& path_of) {
  detail::JsonWriter w;
  w.begin_object();
  w.key("version").value(kBaselineVersion);
  w.key("tool").value("seslint");
  w.key("findings").begin_array();
  for (const auto& f : rep.findings) {
    if (f.suppressed) continue;
    w.begin_object();
    w.key("fingerprint").value(f.fingerprint);
    w.key("rule").value(f.rule_id);
    const std::string path = f.span.valid() && f.span.file < sources.size() ? sources.file(f.span.file).path() : "";
    w.key("path").value(path.empty() || !path_of ? path : path_of(path));
    w.key("logicalPath");
    if (f.logical_path.empty()) w.null();
    else w.value(f.logical_path);
    w.key("message").value(f.message);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

bool read_baseline(const std::string& text, std::set<std::string>& fingerprints, std::string& error) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto e = parser.parse(text).get(doc); e) {
    error = std::string("not JSON: ") + simdjson::error_message(e);
    return false;
  }
  int64_t version = 0;
  if (doc["version"].get(version) || version != kBaselineVersion) {
    error = "not a seslint baseline (version " + std::to_string(kBaselineVersion) + " expected)";
    return false;
  }
  simdjson::dom::array findings;
  if (doc["findings"].get(findings)) {
    error = "\"findings\" must be an array";
    return false;
  }
  for (simdjson::dom::element f : findings) {
    std::string_view fp;
    if (f["fingerprint"].get(fp)) {
      error = "every entry of \"findings\" needs a string \"fingerprint\"";
      return false;
    }
    fingerprints.insert(std::string(fp));
  }
  return true;
}

}  // namespace seslint::report
