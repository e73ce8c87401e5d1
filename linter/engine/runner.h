// engine/runner: runs the registered rules over a model, isolating each rule (a throwing rule
// becomes an SES902 finding and the others still run), and turns diagnostics into findings.
//   RunOptions o; Report rep = run_rules(model, sources, Registry::global(), o);
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "analysis/send_matrix.h"
#include "engine/finding.h"
#include "engine/rule.h"
#include "model/model.h"
#include "source/source_file.h"

namespace seslint::engine {

class RuleContext {
 public:
  RuleContext(const RuleMeta& meta, const source::SourceSet& sources, const analysis::Analysis& analysis)
      : meta_(meta), sources_(sources), analysis_(analysis) {}

  const RuleMeta& meta() const { return meta_; }
  const source::SourceSet& sources() const { return sources_; }
  /// The principal graph and send matrix of the model, shared by all rules of the run.
  const analysis::Analysis& analysis() const { return analysis_; }

  /// Reports a finding; rule_id and (if unset) severity come from the rule's metadata.
  void report(Finding f);
  /// Convenience: a finding at the rule's default severity.
  Finding& add(std::string message, const source::Span& span, std::string logical_path);

  std::vector<Finding>& findings() { return findings_; }

 private:
  const RuleMeta& meta_;
  const source::SourceSet& sources_;
  const analysis::Analysis& analysis_;
  std::vector<Finding> findings_;
};

struct RunOptions {
  /// Rule IDs or ID prefixes ("SES00" = SES001..SES009). Empty select: every rule. Tool
  /// diagnostics (SES9xx) are reported unless ignored, or unless select names one of them.
  std::set<std::string> select;
  std::set<std::string> ignore;
  /// Globs (fnmatch against the file path) whose findings of these rule IDs/prefixes are dropped.
  std::vector<std::pair<std::string, std::set<std::string>>> path_ignores;
  std::map<std::string, Severity> severity;  ///< rule ID -> reported severity
  bool inline_ignores = true;                ///< honour seslint:ignore comments and Metadata
};

/// True when `id` equals or starts with one of the entries ("SES00" matches "SES004").
bool matches_id(const std::string& id, const std::set<std::string>& entries);

/// Whether the options let rule or diagnostic `id` report.
bool id_enabled(const std::string& id, const RunOptions& options);

/// Runs the rules and returns the sorted report (findings + diagnostics as findings), with the
/// send matrix summary (one line per sending principal) as Report::summary.
Report run_rules(const model::Model& model, const source::SourceSet& sources, const Registry& registry,
                 const RunOptions& options);

/// Adds "value of var.X ... is set here" notes to findings whose span holds a use of a variable
/// value that their message mentions (see syntax::ValueOrigin).
void add_origin_notes(std::vector<Finding>& findings, const std::vector<syntax::ValueOrigin>& origins);

/// Removes findings repeated with the same rule, span, severity and message (a child module's
/// folder evaluated on its own and as an instance), keeping the union of their notes. Expects
/// sorted findings.
void drop_duplicate_findings(std::vector<Finding>& findings);

/// One problem, one finding: findings of one rule with the same span, severity and logical path
/// whose messages differ only in up to three words that name a principal or a module instance
/// (an IAM/STS principal ARN, aws_iam_user./aws_iam_role. addresses, module.X) become the first
/// of them, with the union of their notes plus one note listing every principal / instance.
/// Expects sorted findings (after drop_duplicate_findings); the kept finding is the first in
/// report order, so it keeps the fingerprint it had (implemented in merge.cpp).
/// `principal_names` maps a principal ARN as messages show it to the sender's address
/// ("module.orders.aws_iam_user.smtp"), which the note then names as well.
void merge_repeated_findings(std::vector<Finding>& findings,
                             const std::map<std::string, std::string>& principal_names = {});

/// Converts a tool diagnostic into a finding (rule_id = the SES9xx id).
Finding diagnostic_finding(const Diagnostic& d);

}  // namespace seslint::engine
