#include "engine/runner.h"

#include <exception>

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
