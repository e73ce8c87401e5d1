// report/json: machine-readable output, schema version kJsonSchemaVersion (= 1).
// (Also documented in fixtures/report/json-schema.md; keep both in sync.)
//
// {
//   "version": 1,                          // kJsonSchemaVersion; bumped on incompatible changes
//   "tool": {"name": "seslint", "version": "0.1.0"},
//   "executionSuccessful": true,           // false when a rule crashed or an input was unreadable
//   "findings": [Entry...],                // rule findings (IDs not starting with "SES9")
//   "diagnostics": [Entry...],             // tool diagnostics SES9xx (parse errors, crashes, ...)
//   "summary": {"errors": 1, "warnings": 0, "notes": 0,  // over findings + diagnostics, not suppressed
//               "suppressed": 0, "baselined": 0, "filesScanned": 3},
//   "sendMatrix": [MatrixCell...],         // every sending principal x identity x send action
//   "coverage": Coverage                   // what was evaluated with every value known
// }
// Coverage:
// {
//   "policies":   {"total": 15, "resolved": 12},  // policy documents fully readable
//   "senders":    {"total": 3, "resolved": 2},    // senders whose every matrix cell is certain
//   "identities": {"total": 4, "resolved": 3},    // SES identities whose name is known
//   "deployments": 2,                             // Terraform roots and CloudFormation stacks
//   "unknown": [{"reason": "var.domain", "count": 2}]  // most frequent first
// }
// MatrixCell:
// {
//   "principal": "aws_iam_user.smtp", "principalArn": "arn:${partition}:iam::${account}:user/smtp" | null,
//   "smtp": true, "identity": "example.com", "identityArn": "arn:aws:ses:eu-west-1:${account}:identity/example.com",
//   "action": "ses:SendRawEmail", "decision": "Allow" | "ImplicitDeny" | "ExplicitDeny" | "Unknown",
//   "intended": true,                      // the principal is meant to send as this identity
//   "deployment": "envs/prod",             // the principal's Terraform root folder or template path
//   "failing": {"kind": "configuration-set", "resource": "arn:...", "reason": "..."} | null
// }
// Entry:
// {
//   "rule": {"id": "SES001", "name": "email-identity-resource" | null, "helpUri": "https://..."},
//   "severity": "error" | "warning" | "note",
//   "message": "...",
//   "location": Location | null,           // null only for run-level diagnostics
//   "logicalPath": "aws_iam_policy.x.policy.Statement[0].Resource[0]" | null,
//   "notes": [{"message": "...", "location": Location}],   // "location" absent: text-only note
//   "help": "..." | null,
//   "fingerprint": "0123456789abcdef",     // stable across line moves and reformatting; ":2"... when repeated
//   "suppressed": {"kind": "inSource", "justification": "..." | null} | null   // a seslint:ignore covers it
// }
// Location:
// {
//   "path": "modules/ses/main.tf",         // relative to the scan root, '/' separators
//   "start": {"line": 3, "column": 15, "offset": 87},   // line/column 1-based, columns in
//   "end":   {"line": 3, "column": 40, "offset": 112},  // Unicode code points; offset = byte
//   "approximate": false                   // offset, 0-based; end is exclusive
// }
// Order: entries keep the Report order (sorted by path, position, rule, message). Strings are
// UTF-8; invalid bytes in inputs are replaced with U+FFFD. Keys are never omitted except a
// text-only note's "location". Additive changes (new keys) do not bump the version.
#include <algorithm>

#include "report/internal.h"
#include "report/report.h"

namespace seslint::report {

namespace {

void write_count(detail::JsonWriter& w, const char* key, std::size_t total, std::size_t resolved) {
  w.key(key).begin_object();
  w.key("total").value(total);
  w.key("resolved").value(resolved);
  w.end_object();
}

void write_coverage(detail::JsonWriter& w, const analysis::Coverage& c) {
  w.key("coverage").begin_object();
  write_count(w, "policies", c.policies, c.policies_resolved);
  write_count(w, "senders", c.senders, c.senders_resolved);
  write_count(w, "identities", c.identities, c.identities_resolved);
  w.key("deployments").value(c.deployments);
  w.key("unknown").begin_array();
  for (const auto& r : c.reasons) {
    w.begin_object();
    w.key("reason").value(r.first);
    w.key("count").value(r.second);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_position(detail::JsonWriter& w, const source::SourceFile& file, std::uint32_t offset) {
  source::Position p = file.position(offset);
  w.begin_object();
  w.key("line").value(p.line);
  w.key("column").value(p.column);
  w.key("offset").value(std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(file.text().size())));
  w.end_object();
}

void write_location(detail::JsonWriter& w, const source::SourceSet& sources, const source::Span& s) {
  const auto& file = sources.file(s.file);
  w.begin_object();
  w.key("path").value(file.path());
  w.key("start");
  write_position(w, file, s.begin);
  w.key("end");
  write_position(w, file, std::max(s.begin, s.end));
  w.key("approximate").value(s.approximate);
  w.end_object();
}

bool locatable(const source::Span& s, const source::SourceSet& sources) {
  return s.valid() && s.file < sources.size();
}

void optional_string(detail::JsonWriter& w, const std::string& s) {
  if (s.empty()) {
    w.null();
  } else {
    w.value(s);
  }
}

void write_entry(detail::JsonWriter& w, const engine::Finding& f, const engine::Registry& reg,
                 const source::SourceSet& sources) {
  w.begin_object();
  w.key("rule").begin_object();
  w.key("id").value(f.rule_id);
  w.key("name");
  if (const engine::RuleMeta* m = reg.meta(f.rule_id)) {
    w.value(m->name);
  } else {
    w.null();
  }
  w.key("helpUri").value(engine::help_uri(f.rule_id));
  w.end_object();
  w.key("severity").value(severity_name(f.severity));
  w.key("message").value(f.message);
  w.key("location");
  if (locatable(f.span, sources)) {
    write_location(w, sources, f.span);
  } else {
    w.null();
  }
  w.key("logicalPath");
  optional_string(w, f.logical_path);
  w.key("notes").begin_array();
  for (const auto& n : f.notes) {
    w.begin_object();
    w.key("message").value(n.message);
    if (locatable(n.span, sources)) {
      w.key("location");
      write_location(w, sources, n.span);
    }
    w.end_object();
  }
  w.end_array();
  w.key("help");
  optional_string(w, f.help);
  w.key("fingerprint").value(detail::fingerprint_of(f, sources));
  w.key("suppressed");
  if (f.suppressed) {
    w.begin_object();
    w.key("kind").value("inSource");
    w.key("justification");
    optional_string(w, f.justification);
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
}

}  // namespace

std::string render_json(const engine::Report& rep, const engine::Registry& reg,
                        const source::SourceSet& sources, const Options& /*opt*/) {
  detail::JsonWriter w;
  w.begin_object();
  w.key("version").value(kJsonSchemaVersion);
  w.key("tool").begin_object();
  w.key("name").value("seslint");
  w.key("version").value(rep.tool_version);
  w.end_object();
  w.key("executionSuccessful").value(rep.execution_successful);
  for (bool diagnostics : {false, true}) {
    w.key(diagnostics ? "diagnostics" : "findings").begin_array();
    for (const auto& f : rep.findings)
      if (detail::is_tool_diagnostic(f.rule_id) == diagnostics) write_entry(w, f, reg, sources);
    w.end_array();
  }
  detail::Counts c = detail::count(rep);
  w.key("summary").begin_object();
  w.key("errors").value(c.errors);
  w.key("warnings").value(c.warnings);
  w.key("notes").value(c.notes);
  w.key("suppressed").value(c.suppressed);
  w.key("baselined").value(rep.baselined);
  w.key("filesScanned").value(rep.files_scanned);
  w.end_object();
  w.key("sendMatrix").begin_array();
  for (const auto& e : rep.send_matrix) {
    w.begin_object();
    w.key("principal").value(e.principal);
    w.key("principalArn");
    optional_string(w, e.principal_arn);
    w.key("smtp").value(e.smtp);
    w.key("identity").value(e.identity);
    w.key("identityArn").value(e.identity_arn);
    w.key("action").value(e.action);
    w.key("decision").value(e.decision);
    w.key("intended").value(e.intended);
    w.key("deployment").value(e.deployment);
    w.key("failing");
    if (e.failing_kind.empty()) {
      w.null();
    } else {
      w.begin_object();
      w.key("kind").value(e.failing_kind);
      w.key("resource").value(e.failing_resource);
      w.key("reason").value(e.reason);
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
  write_coverage(w, rep.coverage);
  w.end_object();
  return w.take();
}

}  // namespace seslint::report
