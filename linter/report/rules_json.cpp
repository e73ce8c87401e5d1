// report/rules_json: `seslint rules --format json`, the rule catalogue for tooling.
//   {"version": 1, "rules": [{"id": "SES001", "name": "...", "kind": "rule" | "tool-diagnostic",
//     "severity": "error", "summary": "...", "helpUri": "https://...", "docs": "markdown"}]}
// Rules sorted by ID, then the tool diagnostics (SES9xx).
#include "report/internal.h"
#include "report/report.h"

namespace seslint::report {

std::string render_rules_json(const engine::Registry& reg) {
  detail::JsonWriter w;
  w.begin_object();
  w.key("version").value(kJsonSchemaVersion);
  w.key("rules").begin_array();
  auto one = [&w](const engine::RuleMeta& m, const char* kind) {
    w.begin_object();
    w.key("id").value(m.id);
    w.key("name").value(m.name);
    w.key("kind").value(kind);
    w.key("severity").value(severity_name(m.severity));
    w.key("summary").value(m.summary);
    w.key("helpUri").value(engine::help_uri(m.id));
    w.key("docs").value(m.docs);
    w.end_object();
  };
  for (const auto& r : reg.rules()) one(r.meta, "rule");
  for (const auto& m : engine::tool_diagnostics()) one(m, "tool-diagnostic");
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace seslint::report
