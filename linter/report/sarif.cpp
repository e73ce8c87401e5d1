// report/sarif: SARIF 2.1.0 (OASIS) output for code-scanning UIs (GitHub code scanning first).
//
// One run. tool.driver.rules holds every registered rule plus any other non-SES9xx ID that
// occurs in the report, sorted by ID; results[i].ruleIndex indexes it. Each rule carries
// properties {tags: ["security", "aws", "ses", "iam"], "security-severity": "7.5" | "5.0" |
// "2.0", precision: "high" | "medium" | "low"} from its default severity (error | warning |
// note), so GitHub ranks error rules High, the level at which its pull-request check fails by
// default, like `--fail-on error`.
// Tool diagnostics (SES9xx: parse errors, unsupported constructs, crashes, bad configuration,
// unreadable inputs) are NOT results: they go to invocations[0].toolExecutionNotifications,
// described by tool.driver.notifications (descriptor {id, index}), so a repository full of
// files seslint cannot evaluate gets no alerts from them.
// Mapping of a Finding to a result:
//   ruleId/ruleIndex, level (error|warning|note), message.text = message, then one line
//   "note: ..." per text-only note and "help: ..." when help is set;
//   locations[0].physicalLocation: artifactLocation {uri: path relative to the repository root
//   (Options::repo_root/cwd), percent-encoded, uriBaseId: Options::uri_base_id ("%SRCROOT%")}
//   (paths outside the root become absolute file:// URIs without a base id),
//   region {startLine, startColumn, endLine, endColumn, charOffset, charLength}; columns and
//   char offsets count Unicode code points (run.columnKind = "unicodeCodePoints"),
//   endColumn is exclusive; approximate spans carry properties.approximate = true;
//   logicalLocations [{fullyQualifiedName: logical_path, kind: "member"}] when set;
//   relatedLocations [{id: 1.., physicalLocation, message}] from notes that have a span;
//   partialFingerprints {"seslint/v1": fingerprint}; suppressions [{kind: inSource,
//   justification}] when a seslint:ignore covers the result; with --baseline (Report::
//   baseline_applied) baselineState "unchanged" when the baseline lists the fingerprint, else
//   "new". Findings the baseline matched (Report::baselined_findings) are results too, in order.
// Findings without a span (run-level diagnostics) are results without locations.
// Tool diagnostics (SES9xx) are reported as invocations[0].toolExecutionNotifications, not results;
// invocations[0].executionSuccessful = Report::execution_successful (false when a rule crashed
// or an input could not be read). When some values stayed unknown, toolExecutionNotifications
// also holds one "note" with the coverage line (analysis::coverage_line). run.properties.coverage
// = {policies: {total, resolved}, senders, identities, deployments, unknown: [{reason, count}]},
// as in the JSON output.
// run.automationDetails.id = Options::sarif_category with a trailing '/' (GitHub takes the
// part before the last '/' as the analysis category), written only when set.
// run.originalUriBaseIds {<uri_base_id>: {uri: root_uri}} is written only when
// Options::root_uri is set ('/' is appended when missing; a plain absolute path is turned
// into a file:// URI).
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/coverage.h"
#include "report/internal.h"
#include "report/report.h"

namespace seslint::report {

namespace {

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/seslint/seslint";

// SARIF levels use the same words as our severities.
const char* level(Severity s) { return severity_name(s); }

bool locatable(const source::Span& s, const source::SourceSet& sources) {
  return s.valid() && s.file < sources.size();
}

/// Percent-encodes everything except RFC 3986 unreserved characters and '/'.
std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

/// A file's path as a URI reference: relative (to the scan root) or, for absolute paths,
/// an absolute file:// URI.
std::string path_uri(std::string path, bool& relative) {
  std::replace(path.begin(), path.end(), '\\', '/');
  while (path.starts_with("./")) path.erase(0, 2);
  relative = false;
  if (path.starts_with("/")) return "file://" + percent_encode(path);
  if (path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':' && path[2] == '/')
    return "file:///" + path.substr(0, 2) + percent_encode(path.substr(2));
  relative = true;
  return percent_encode(path);
}

std::string root_uri(const std::string& root) {
  std::string uri = root;
  if (uri.starts_with("/")) uri = "file://" + percent_encode(uri);
  if (!uri.ends_with("/")) uri += '/';
  return uri;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == '\n' || s.front() == ' ')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  return std::string(s);
}

void text_message(detail::JsonWriter& w, std::string_view text) {
  w.begin_object();
  w.key("text").value(text.empty() ? std::string_view("(no message)") : text);
  w.end_object();
}

void physical_location(detail::JsonWriter& w, const source::SourceSet& sources, const source::Span& s,
                       const Options& opt) {
  const auto& file = sources.file(s.file);
  std::uint32_t end = std::max(s.begin, s.end);
  source::Position b = file.position(s.begin), e = file.position(end);
  std::uint32_t cb = detail::code_point_offset(file.text(), s.begin);
  std::uint32_t ce = detail::code_point_offset(file.text(), end);
  bool relative = false;
  std::string uri = path_uri(detail::repo_path(file.path(), opt.repo_root, opt.cwd), relative);

  w.begin_object();
  w.key("artifactLocation").begin_object();
  w.key("uri").value(uri);
  if (relative && !opt.uri_base_id.empty()) w.key("uriBaseId").value(opt.uri_base_id);
  w.end_object();
  w.key("region").begin_object();
  w.key("startLine").value(b.line);
  w.key("startColumn").value(b.column);
  w.key("endLine").value(e.line);
  w.key("endColumn").value(e.column);
  w.key("charOffset").value(cb);
  w.key("charLength").value(ce - cb);
  w.end_object();
  if (s.approximate) {
    w.key("properties").begin_object();
    w.key("approximate").value(true);
    w.end_object();
  }
  w.end_object();
}

void location(detail::JsonWriter& w, const source::SourceSet& sources, const source::Span& s, const Options& opt) {
  w.begin_object();
  w.key("physicalLocation");
  physical_location(w, sources, s, opt);
  w.end_object();
}

struct Descriptor {
  std::string id;
  const engine::RuleMeta* meta = nullptr;  ///< null for an ID nobody describes
};

struct SecurityProfile {
  const char* security_severity;
  const char* precision;
};

SecurityProfile profile(Severity s) {
  switch (s) {
    case Severity::Error: return {"7.5", "high"};
    case Severity::Warning: return {"5.0", "medium"};
    case Severity::Note: return {"2.0", "low"};
  }
  return {"7.5", "high"};
}

void write_descriptor(detail::JsonWriter& w, const Descriptor& d, bool rule) {
  w.begin_object();
  w.key("id").value(d.id);
  if (d.meta) {
    std::string docs = trimmed(d.meta->docs);
    if (!d.meta->name.empty()) w.key("name").value(d.meta->name);
    if (!d.meta->summary.empty()) {
      w.key("shortDescription");
      text_message(w, d.meta->summary);
    }
    if (!docs.empty()) {
      w.key("fullDescription");
      text_message(w, docs);
      w.key("help").begin_object();
      w.key("text").value(docs);
      w.key("markdown").value(docs);
      w.end_object();
    }
  }
  w.key("helpUri").value(engine::help_uri(d.id));
  const Severity sev = d.meta ? d.meta->severity : Severity::Error;
  w.key("defaultConfiguration").begin_object();
  w.key("level").value(level(sev));
  w.end_object();
  if (rule) {
    SecurityProfile p = profile(sev);
    w.key("properties").begin_object();
    w.key("tags").begin_array().value("security").value("aws").value("ses").value("iam").end_array();
    w.key("security-severity").value(p.security_severity);
    w.key("precision").value(p.precision);
    w.end_object();
  }
  w.end_object();
}

std::string result_text(const engine::Finding& f, const source::SourceSet& sources) {
  return detail::full_message(f, sources, false);
}

}  // namespace

std::string render_sarif(const engine::Report& rep, const engine::Registry& reg,
                         const source::SourceSet& sources, const Options& opt) {
  // Descriptors: every registered rule, then whatever else the findings mention.
  // Tool diagnostics (SES9xx) are described under driver.notifications instead.
  std::map<std::string, const engine::RuleMeta*> by_id, tool_by_id;
  for (const auto& r : reg.rules()) by_id.emplace(std::string(r.meta.id), &r.meta);
  for (const auto& f : rep.findings) {
    auto& m = detail::is_tool_diagnostic(f.rule_id) ? tool_by_id : by_id;
    if (!m.contains(f.rule_id)) m.emplace(f.rule_id, reg.meta(f.rule_id));
  }
  for (const auto& f : rep.baselined_findings)
    if (!detail::is_tool_diagnostic(f.rule_id) && !by_id.contains(f.rule_id)) by_id.emplace(f.rule_id, reg.meta(f.rule_id));
  std::vector<Descriptor> rules, notifications;
  std::map<std::string, std::size_t> index, tool_index;
  for (const auto& [id, meta] : by_id) {  // std::map: sorted by ID
    index.emplace(id, rules.size());
    rules.push_back({id, meta});
  }
  for (const auto& [id, meta] : tool_by_id) {
    tool_index.emplace(id, notifications.size());
    notifications.push_back({id, meta});
  }

  detail::JsonWriter w;
  w.begin_object();
  w.key("$schema").value(kSchema);
  w.key("version").value("2.1.0");
  w.key("runs").begin_array().begin_object();

  w.key("tool").begin_object().key("driver").begin_object();
  w.key("name").value("seslint");
  if (!rep.tool_version.empty()) {
    w.key("version").value(rep.tool_version);
    w.key("semanticVersion").value(rep.tool_version);
  }
  w.key("informationUri").value(kInformationUri);
  w.key("rules").begin_array();
  for (const auto& d : rules) write_descriptor(w, d, true);
  w.end_array();
  if (!notifications.empty()) {
    w.key("notifications").begin_array();
    for (const auto& d : notifications) write_descriptor(w, d, false);
    w.end_array();
  }
  w.end_object().end_object();  // driver, tool

  w.key("invocations").begin_array().begin_object();
  w.key("executionSuccessful").value(rep.execution_successful);
  const bool open_values = rep.coverage.partial() || !rep.coverage.reasons.empty();
  if (!notifications.empty() || open_values) {
    w.key("toolExecutionNotifications").begin_array();
    if (open_values) {
      w.begin_object();
      w.key("level").value("note");
      w.key("message");
      text_message(w, analysis::coverage_line(rep.coverage));
      w.end_object();
    }
    for (const auto& f : rep.findings) {
      if (!detail::is_tool_diagnostic(f.rule_id)) continue;
      w.begin_object();
      w.key("descriptor").begin_object().key("id").value(f.rule_id).key("index").value(tool_index.at(f.rule_id)).end_object();
      w.key("level").value(level(f.severity));
      w.key("message");
      text_message(w, result_text(f, sources));
      if (locatable(f.span, sources)) {
        w.key("locations").begin_array();
        location(w, sources, f.span, opt);
        w.end_array();
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_object().end_array();  // invocation, invocations

  if (!opt.sarif_category.empty()) {
    std::string id = opt.sarif_category;
    if (!id.ends_with("/")) id += '/';
    w.key("automationDetails").begin_object().key("id").value(id).end_object();
  }

  if (!opt.root_uri.empty() && !opt.uri_base_id.empty()) {
    w.key("originalUriBaseIds").begin_object();
    w.key(opt.uri_base_id).begin_object().key("uri").value(root_uri(opt.root_uri)).end_object();
    w.end_object();
  }

  // With --baseline every result says whether the baseline lists it (SARIF 2.1.0 §3.27.24):
  // "unchanged" for the findings the baseline matched, which the other formats leave out and
  // count, "new" for the others. Both kinds in report order.
  std::vector<const engine::Finding*> results;
  for (const auto& f : rep.findings) results.push_back(&f);
  for (const auto& f : rep.baselined_findings) results.push_back(&f);
  if (!rep.baselined_findings.empty()) {
    auto key = [&sources](const engine::Finding* f) {
      static const std::string kNone;
      const std::string& path = locatable(f->span, sources) ? sources.file(f->span.file).path() : kNone;
      return std::tie(path, f->span.begin, f->span.end, f->rule_id, f->message);
    };
    std::stable_sort(results.begin(), results.end(), [&key](const auto* a, const auto* b) { return key(a) < key(b); });
  }
  w.key("results").begin_array();
  for (const engine::Finding* fp : results) {
    const engine::Finding& f = *fp;
    if (detail::is_tool_diagnostic(f.rule_id)) continue;
    w.begin_object();
    w.key("ruleId").value(f.rule_id);
    w.key("ruleIndex").value(index.at(f.rule_id));
    w.key("level").value(level(f.severity));
    w.key("message");
    text_message(w, result_text(f, sources));
    if (locatable(f.span, sources) || !f.logical_path.empty()) {
      w.key("locations").begin_array().begin_object();
      if (locatable(f.span, sources)) {
        w.key("physicalLocation");
        physical_location(w, sources, f.span, opt);
      }
      if (!f.logical_path.empty()) {
        w.key("logicalLocations").begin_array().begin_object();
        w.key("fullyQualifiedName").value(f.logical_path);
        w.key("kind").value("member");
        w.end_object().end_array();
      }
      w.end_object().end_array();
    }
    bool any_related = std::any_of(f.notes.begin(), f.notes.end(),
                                   [&](const engine::Note& n) { return locatable(n.span, sources); });
    if (any_related) {
      w.key("relatedLocations").begin_array();
      int id = 0;
      for (const auto& n : f.notes) {
        if (!locatable(n.span, sources)) continue;
        w.begin_object();
        w.key("id").value(++id);
        w.key("physicalLocation");
        physical_location(w, sources, n.span, opt);
        w.key("message");
        text_message(w, n.message);
        w.end_object();
      }
      w.end_array();
    }
    w.key("partialFingerprints").begin_object();
    w.key("seslint/v1").value(detail::fingerprint_of(f, sources));
    w.end_object();
    if (f.suppressed) {
      w.key("suppressions").begin_array().begin_object();
      w.key("kind").value("inSource");
      if (!f.justification.empty()) w.key("justification").value(f.justification);
      w.end_object().end_array();
    }
    if (rep.baseline_applied)
      w.key("baselineState").value(rep.baseline_fingerprints.contains(f.fingerprint) ? "unchanged" : "new");
    w.end_object();
  }
  w.end_array();

  w.key("columnKind").value("unicodeCodePoints");
  const analysis::Coverage& cov = rep.coverage;
  w.key("properties").begin_object().key("coverage").begin_object();
  for (const auto& [key, total, resolved] :
       {std::tuple{"policies", cov.policies, cov.policies_resolved}, std::tuple{"senders", cov.senders, cov.senders_resolved},
        std::tuple{"identities", cov.identities, cov.identities_resolved}})
    w.key(key).begin_object().key("total").value(total).key("resolved").value(resolved).end_object();
  w.key("deployments").value(cov.deployments);
  w.key("unknown").begin_array();
  for (const auto& r : cov.reasons) w.begin_object().key("reason").value(r.first).key("count").value(r.second).end_object();
  w.end_array();
  w.end_object().end_object();  // coverage, properties
  w.end_object().end_array();  // run, runs
  w.end_object();
  return w.take();
}

}  // namespace seslint::report
