#include "engine/runner.h"

#include <exception>

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

Report run_rules(const model::Model& model, const source::SourceSet& sources, const Registry& registry,
                 const RunOptions& options) {
  Report rep;
  for (const auto& d : model.diagnostics) rep.findings.push_back(diagnostic_finding(d));
  const analysis::Analysis analysis(model);
  rep.summary = analysis.matrix.summary();
  for (const auto& c : analysis.matrix.cells) {
    SendMatrixEntry e;
    e.principal = c.sender->display_name();
    e.principal_arn = policy::display_symbols(c.sender->principal_arn);
    e.smtp = c.sender->smtp;
    const auto& name = c.target->identity->name;
    e.identity = name.known ? name.text : "${" + name.text + "}";
    e.identity_arn = policy::display_symbols(c.target->arn);
    for (auto& ch : e.identity_arn)
      if (ch == analysis::kUnresolvedName) ch = '?';
    e.action = c.action;
    e.decision = policy::decision_name(c.eval.decision);
    e.intended = analysis.matrix.intended(c);
    if (const auto* f = c.eval.failing()) {
      e.failing_kind = f->kind;
      e.failing_resource = policy::display_symbols(f->resource);
      for (auto& ch : e.failing_resource)
        if (ch == analysis::kUnresolvedName) ch = '?';
      e.reason = f->evaluation.decision == policy::Decision::Unknown
                     ? f->evaluation.unknown_because
                     : std::string("decided by ") + policy::stage_name(f->evaluation.decided_by);
    }
    rep.send_matrix.push_back(std::move(e));
  }
  for (const Rule& rule : registry.rules()) {
    const std::string id(rule.meta.id);
    if (!options.select.empty() && !options.select.count(id)) continue;
    if (options.ignore.count(id)) continue;
    RuleContext ctx(rule.meta, sources, analysis);
    try {
      rule.check(model, ctx);
      for (auto& f : ctx.findings()) rep.findings.push_back(std::move(f));
    } catch (const std::exception& e) {
      rep.execution_successful = false;
      rep.findings.push_back(Finding{diag::kRuleCrashed, Severity::Error,
                                     "rule " + id + " failed: " + e.what() + "; its findings are omitted",
                                     {}, "", {}, "", ""});
    } catch (...) {
      rep.execution_successful = false;
      rep.findings.push_back(Finding{diag::kRuleCrashed, Severity::Error,
                                     "rule " + id + " failed with an unknown exception; its findings are omitted",
                                     {}, "", {}, "", ""});
    }
  }
  for (auto& f : rep.findings) {
    const std::string path = f.span.valid() ? sources.file(f.span.file).path() : std::string();
    if (f.fingerprint.empty()) f.fingerprint = compute_fingerprint(f, path);
  }
  sort_findings(rep.findings, sources);
  return rep;
}

}  // namespace seslint::engine
