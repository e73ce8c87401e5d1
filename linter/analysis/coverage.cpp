#include "analysis/coverage.h"

#include <algorithm>
#include <map>
#include <set>

#include "analysis/send_matrix.h"
#include "model/graph.h"
#include "model/model.h"
#include "policy/match.h"

namespace seslint::analysis {

std::string unknown_reason(const model::Str& s) {
  if (s.known) return "";
  if (s.parts.empty()) return s.text.empty() ? "a value that could not be resolved" : s.text;
  for (const auto& p : s.parts)
    if (!p.known && policy::self_symbol(p.text).empty()) return p.text;
  return "";  // only the deploying scope's own partition / Region / account
}

std::string policy_unknown_reason(const model::Policy& p) {
  if (!p.resolved) return p.unresolved_reason.empty() ? "the policy document could not be read" : p.unresolved_reason;
  for (const auto& st : p.statements) {
    if (st.effect == model::Effect::Unknown) {
      if (auto r = unknown_reason(st.effect_text); !r.empty()) return r;
      return "the Effect could not be resolved";
    }
    if (st.conditions_unknown) return "a Condition that could not be read";
    for (const auto* list : {&st.actions, &st.resources})
      for (const auto& v : *list)
        if (auto r = unknown_reason(v); !r.empty()) return r;
    for (const auto& pr : st.principals)
      if (auto r = unknown_reason(pr.id); !r.empty()) return r;
    for (const auto& c : st.conditions)
      for (const auto& v : c.values)
        if (auto r = unknown_reason(v); !r.empty()) return r;
  }
  return "";
}

namespace {

// The unknown a description names: for a partially known ARN such as
// "arn:${data.aws_partition}:ses:${provider region}:${account}:identity/${var.domain}", its first
// piece that is not the deploying scope's own partition / Region / account ("var.domain").
std::string decisive_unknown(const std::string& why) {
  for (auto open = why.find("${"); open != std::string::npos; open = why.find("${", open + 2)) {
    const auto close = why.find('}', open);
    if (close == std::string::npos) break;
    const std::string inner = why.substr(open + 2, close - open - 2);
    if (policy::self_symbol(inner).empty()) return inner;
  }
  return why;
}

// A send-matrix cell's reason for an Unknown decision.
std::string cell_reason(const Cell& c) {
  for (const auto& r : c.eval.resources)
    if (r.evaluation.decision == policy::Decision::Unknown)
      return r.evaluation.unknown_because.empty() ? "a value could not be resolved"
                                                  : decisive_unknown(r.evaluation.unknown_because);
  return "a value could not be resolved";
}

}  // namespace

Coverage compute_coverage(const model::Model& m, const model::PrincipalGraph& g, const SendMatrix& mx) {
  Coverage c;
  std::map<std::string, std::size_t> reasons;
  for (const auto& p : m.policies) {
    // AWS managed documents are modelled, not read; a policy document data source used by a
    // policy is counted through that policy (its statements are the policy's).
    if (p.builtin || (p.kind == model::PolicyKind::PolicyDocument && p.referenced_by > 0)) continue;
    ++c.policies;
    const std::string why = policy_unknown_reason(p);
    if (why.empty()) ++c.policies_resolved;
    else ++reasons[why];
  }
  for (const auto& s : mx.senders) {
    ++c.senders;
    std::set<std::string> why;
    for (const Cell* cell : mx.cells_of(*s))
      if (cell->eval.decision == policy::Decision::Unknown) why.insert(cell_reason(*cell));
    if (why.empty()) ++c.senders_resolved;
    for (const auto& w : why) ++reasons[w];
  }
  // A user or role that is not a sender because a policy could not be followed may send.
  std::set<const model::PrincipalNode*> sending;
  for (const auto& s : mx.senders) sending.insert(s->node);
  for (const auto& n : g.principals) {
    if (sending.count(&n) || !n.has_unresolved()) continue;
    ++c.senders;
    std::string why = n.has_boundary && !n.boundary.resolved() ? n.boundary.unresolved_reason : "";
    for (const auto& a : n.policies)
      if (why.empty() && !a.resolved()) why = a.unresolved_reason;
    ++reasons[why.empty() ? "a policy could not be followed" : why];
  }
  for (const auto& t : mx.targets) {
    ++c.identities;
    if (t->identity->name.known) ++c.identities_resolved;
    else ++reasons[t->identity->name.text.empty() ? "an identity name" : t->identity->name.text];
  }
  // Module calls whose source is not on disk: what they declare was not evaluated at all. The
  // pipeline reports one note per such source (cli/pipeline: "module source 'X' ... is not installed").
  std::set<std::string> sources;
  const std::string kLead = "module source '";
  for (const auto& d : m.diagnostics) {
    if (d.message.rfind(kLead, 0) != 0 || d.message.find(" is not installed") == std::string::npos) continue;
    const auto close = d.message.find('\'', kLead.size());
    if (close == std::string::npos) continue;
    sources.insert(kLead + d.message.substr(kLead.size(), close - kLead.size()) + "' not installed");
  }
  for (const auto& src : sources) ++reasons[src];
  c.deployments = mx.deployments.size();
  c.reasons.assign(reasons.begin(), reasons.end());
  std::stable_sort(c.reasons.begin(), c.reasons.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return c;
}

std::string coverage_line(const Coverage& c, std::size_t max_reasons) {
  auto plural = [](std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  std::string line = "coverage: " + std::to_string(c.policies_resolved) + " of " +
                     plural(c.policies, "policy", "policies") + " fully resolved, " +
                     std::to_string(c.senders_resolved) + " of " + plural(c.senders, "sender", "senders") +
                     " fully evaluated, " + std::to_string(c.identities_resolved) + " of " +
                     plural(c.identities, "identity name", "identity names") + " known";
  if (c.deployments > 1) line += ", across " + std::to_string(c.deployments) + " deployments";
  if (!c.reasons.empty()) {
    line += "; unknown: ";
    for (std::size_t i = 0; i < c.reasons.size() && i < max_reasons; ++i)
      line += (i ? ", " : "") + c.reasons[i].first + " (" + std::to_string(c.reasons[i].second) + ")";
    if (c.reasons.size() > max_reasons) line += ", " + plural(c.reasons.size() - max_reasons, "more reason", "more reasons");
  }
  return line;
}

}  // namespace seslint::analysis
