// analysis/coverage: how much of the repository seslint evaluated with every value known, so that
// a clean run on a repository whose values stayed unknown reads as what it is. Counts policy
// documents whose statements are fully readable, senders whose every send-matrix cell has a
// certain decision, and identities whose name is known; each shortfall is counted under the
// description of what could not be resolved ("var.domain", "no policy document for ...").
// Plain data plus functions; the engine copies it into its Report.
//   analysis::Coverage c = analysis::compute_coverage(model, analysis.graph, analysis.matrix);
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace seslint::model {
struct Model;
struct Policy;
struct Str;
struct PrincipalGraph;
}  // namespace seslint::model

namespace seslint::analysis {

struct SendMatrix;

struct Coverage {
  std::size_t policies = 0, policies_resolved = 0;      ///< policy documents of the repository
  /// Sending principals, plus users and roles with a policy seslint could not follow (they may
  /// send); resolved: every send-matrix cell has a certain decision.
  std::size_t senders = 0, senders_resolved = 0;
  std::size_t identities = 0, identities_resolved = 0;  ///< SES identities; resolved: name known
  std::size_t deployments = 0;                          ///< Terraform roots and CloudFormation stacks
  /// What stayed unknown, most frequent first: (description, number of policies, senders and
  /// identities it left unknown).
  std::vector<std::pair<std::string, std::size_t>> reasons;
  /// True when something stayed unknown.
  bool partial() const {
    return policies_resolved < policies || senders_resolved < senders || identities_resolved < identities;
  }
};

/// What stayed unknown in a value: "" when fully known. Unknown parts that are the deploying
/// scope's own partition, Region or account count as known (they are matched symbolically).
std::string unknown_reason(const model::Str& s);

/// Why a policy is not fully readable ("" when it is): its document, or the first statement
/// element whose value is not known.
std::string policy_unknown_reason(const model::Policy& p);

/// Coverage of the model and the send matrix (reasons sorted by count, then text).
Coverage compute_coverage(const model::Model& m, const model::PrincipalGraph& g, const SendMatrix& mx);

/// One line for the text report: "coverage: 12 of 15 policies fully resolved, 1 of 3 senders
/// fully evaluated, ...; unknown: var.domain (2), ..." (at most `max_reasons` reasons).
std::string coverage_line(const Coverage& c, std::size_t max_reasons = 3);

}  // namespace seslint::analysis
