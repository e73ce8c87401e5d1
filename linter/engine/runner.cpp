#include "engine/runner.h"

#include <algorithm>
#include <exception>
#include <fnmatch.h>
#include <map>
#include <set>

#include "analysis/coverage.h"
#include "policy/match.h"

namespace seslint::engine {

void RuleContext::report(Finding f) {
  f.rule_id = std::string(meta_.id);
  findings_.push_back(std::move(f));
}

Finding& RuleContext::add(std::string message, const source::Span& span, std::string logical_path) {
  Finding f;
  f.rule_id = std::string(meta_.id);
  f.severity = meta_.severity;
  f.message = std::move(message);
  f.span = span;
  f.logical_path = std::move(logical_path);
  findings_.push_back(std::move(f));
  return findings_.back();
}

Finding diagnostic_finding(const Diagnostic& d) {
  Finding f;
  f.rule_id = d.id;
  f.severity = d.severity;
  f.message = d.message;
  f.span = d.span;
  return f;
}

namespace {

/// True when `inner` lies within `outer` (same file).
bool within(const source::Span& inner, const source::Span& outer) {
  return inner.valid() && outer.valid() && inner.file == outer.file && inner.begin >= outer.begin && inner.end <= outer.end;
}

/// A variable value shows in a message when one of its texts does; very short texts ("1",
/// "a") would match by accident and are not used.
bool mentions(const std::string& message, const syntax::ValueOrigin& o) {
  return std::any_of(o.values.begin(), o.values.end(),
                     [&](const std::string& v) { return v.size() >= 3 && message.find(v) != std::string::npos; });
}

std::string origin_note(const syntax::ValueOrigin& o) {
  std::string value;
  for (const auto& v : o.values)
    if (v.size() >= 3) {
      value = v;
      break;
    }
  std::string text = "value of " + o.variable + (value.empty() ? "" : " ('" + value + "')");
  if (o.defined.valid()) return text + " is set here" + (o.how.empty() ? "" : " (" + o.how + ")");
  return text + " from " + (o.defined_text.empty() ? o.how : o.defined_text);
}

// With several deployments in the scan, a note on each finding naming the deployment(s) its file
// belongs to (a module folder called from several roots belongs to each of them).
void add_deployment_notes(std::vector<Finding>& findings, const model::Model& m, const analysis::SendMatrix& mx,
                          const source::SourceSet& sources) {
  if (mx.deployments.size() < 2) return;
  std::map<source::FileId, std::set<std::string>> of_file;
  for (const auto& p : m.policies)
    if (std::string d = analysis::deployment_of(p); !d.empty()) of_file[p.span.file].insert(d);
  for (const auto& i : m.identities) of_file[i.span.file].insert(analysis::deployment_of(i));
  for (const auto& e : m.iam.entities) of_file[e.origin.span.file].insert(analysis::deployment_of(e.origin));
  for (auto& f : findings) {
    if (!f.span.valid() || f.rule_id.rfind("SES9", 0) == 0) continue;
    auto it = of_file.find(f.span.file);
    if (it == of_file.end()) continue;
    std::vector<std::string> names;
    for (const auto& d : it->second) names.push_back(analysis::deployment_name(d, sources));
    std::sort(names.begin(), names.end());
    std::string text = names.size() == 1 ? "deployment: " : "deployments: ";
    for (std::size_t i = 0; i < names.size(); ++i) text += (i ? ", " : "") + names[i];
    f.notes.push_back({{}, text});
  }
}

}  // namespace

void add_origin_notes(std::vector<Finding>& findings, const std::vector<syntax::ValueOrigin>& origins) {
  constexpr std::size_t kMaxNotes = 4;  ///< origin notes per finding
  if (origins.empty()) return;
  std::map<source::FileId, std::vector<const syntax::ValueOrigin*>> by_file;
  for (const auto& o : origins) by_file[o.use.file].push_back(&o);
  for (Finding& f : findings) {
    if (!f.span.valid() || f.rule_id.rfind("SES9", 0) == 0) continue;
    auto it = by_file.find(f.span.file);
    if (it == by_file.end()) continue;
    std::size_t added = 0;
    for (const syntax::ValueOrigin* o : it->second) {
      if (added >= kMaxNotes) break;
      if (!within(o->use, f.span) || !mentions(f.message, *o)) continue;
      Note n{o->defined, origin_note(*o)};
      bool dup = std::any_of(f.notes.begin(), f.notes.end(),
                             [&](const Note& x) { return x.span == n.span && x.message == n.message; });
      if (dup) continue;
      f.notes.push_back(std::move(n));
      ++added;
    }
  }
}

void drop_duplicate_findings(std::vector<Finding>& findings) {
  std::vector<Finding> out;
  out.reserve(findings.size());
  for (auto& f : findings) {
    if (!out.empty()) {
      Finding& last = out.back();
      if (last.rule_id == f.rule_id && last.span == f.span && last.message == f.message && last.severity == f.severity) {
        for (auto& n : f.notes) {
          bool dup = std::any_of(last.notes.begin(), last.notes.end(),
                                 [&](const Note& x) { return x.span == n.span && x.message == n.message; });
          if (!dup) last.notes.push_back(std::move(n));
        }
        continue;
      }
    }
    out.push_back(std::move(f));
  }
  findings = std::move(out);
}

bool matches_id(const std::string& id, const std::set<std::string>& entries) {
  return std::any_of(entries.begin(), entries.end(), [&id](const std::string& e) { return id.rfind(e, 0) == 0; });
}

bool id_enabled(const std::string& id, const RunOptions& options) {
  if (matches_id(id, options.ignore)) return false;
  if (options.select.empty()) return true;
  if (id.rfind("SES9", 0) == 0) {
    const bool names_tool = std::any_of(options.select.begin(), options.select.end(),
                                        [](const std::string& e) { return e.rfind("SES9", 0) == 0; });
    return !names_tool || matches_id(id, options.select);
  }
  return matches_id(id, options.select);
}

Report run_rules(const model::Model& model, const source::SourceSet& sources, const Registry& registry,
                 const RunOptions& options) {
  Report rep;
  for (const auto& d : model.diagnostics)
    if (id_enabled(d.id, options)) rep.findings.push_back(diagnostic_finding(d));
  const analysis::Analysis analysis(model);
  rep.summary = analysis.matrix.summary(&sources);
  rep.coverage = analysis::compute_coverage(model, analysis.graph, analysis.matrix);
  if (rep.coverage.partial() || !rep.coverage.reasons.empty()) rep.summary.push_back(analysis::coverage_line(rep.coverage));
  // ARNs for output: symbols as ${account}, an unresolved name as '?'.
  auto shown = [](const std::string& arn) {
    std::string out = policy::display_symbols(arn);
    std::replace(out.begin(), out.end(), analysis::kUnresolvedName, '?');
    return out;
  };
  for (const auto& c : analysis.matrix.cells) {
    SendMatrixEntry e;
    e.principal = c.sender->display_name();
    e.principal_arn = policy::display_symbols(c.sender->principal_arn);
    e.smtp = c.sender->smtp;
    e.identity = c.target->display_name();
    e.identity_arn = shown(c.target->arn);
    e.action = c.action;
    e.decision = policy::decision_name(c.eval.decision);
    e.intended = analysis.matrix.intended(c);
    e.deployment = analysis::deployment_name(c.sender->deployment, sources);
    if (const auto* f = c.eval.failing()) {
      e.failing_kind = f->kind;
      e.failing_resource = shown(f->resource);
      e.reason = f->evaluation.decision == policy::Decision::Unknown
                     ? f->evaluation.unknown_because
                     : std::string("decided by ") + policy::stage_name(f->evaluation.decided_by);
    }
    rep.send_matrix.push_back(std::move(e));
  }
  for (const Rule& rule : registry.rules()) {
    const std::string id(rule.meta.id);
    if (!id_enabled(id, options)) continue;
    RuleContext ctx(rule.meta, sources, analysis);
    try {
      rule.check(model, ctx);
      for (auto& f : ctx.findings()) rep.findings.push_back(std::move(f));
    } catch (const std::exception& e) {
      rep.execution_successful = false;
      rep.findings.push_back(Finding{diag::kRuleCrashed, Severity::Error,
                                     "rule " + id + " failed: " + e.what() + "; its findings are omitted",
                                     {}, "", {}, "", "", false, ""});
    } catch (...) {
      rep.execution_successful = false;
      rep.findings.push_back(Finding{diag::kRuleCrashed, Severity::Error,
                                     "rule " + id + " failed with an unknown exception; its findings are omitted",
                                     {}, "", {}, "", "", false, ""});
    }
  }
  add_origin_notes(rep.findings, model.value_origins);
  add_deployment_notes(rep.findings, model, analysis.matrix, sources);
  if (!options.path_ignores.empty() || !options.severity.empty()) {
    std::vector<Finding> kept;
    for (auto& f : rep.findings) {
      const std::string path = f.span.valid() ? sources.file(f.span.file).path() : std::string();
      const bool dropped = std::any_of(options.path_ignores.begin(), options.path_ignores.end(), [&](const auto& pi) {
        return !path.empty() && fnmatch(pi.first.c_str(), path.c_str(), 0) == 0 && matches_id(f.rule_id, pi.second);
      });
      if (dropped) continue;
      if (auto it = options.severity.find(f.rule_id); it != options.severity.end()) f.severity = it->second;
      kept.push_back(std::move(f));
    }
    rep.findings = std::move(kept);
  }
  sort_findings(rep.findings, sources);
  drop_duplicate_findings(rep.findings);
  std::map<std::string, std::string> principal_names;
  for (const auto& s : analysis.matrix.senders) {
    if (s->principal_arn.empty()) continue;
    const std::string arn = policy::display_symbols(s->principal_arn);
    principal_names.emplace(arn, s->display_name());
    // Role sessions appear in AWS errors as .../assumed-role/NAME/SESSION.
    if (const auto slash = arn.rfind('/'); arn.find(":assumed-role/") != std::string::npos && slash != std::string::npos)
      principal_names.emplace(arn.substr(0, slash + 1) + "SESSION", s->display_name());
  }
  merge_repeated_findings(rep.findings, principal_names);
  assign_fingerprints(rep.findings, sources);
  return rep;
}

}  // namespace seslint::engine
