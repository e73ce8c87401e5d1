#include "policy/send.h"

#include "policy/ses_actions.h"

namespace seslint::policy {

namespace {

int severity_rank(Decision d) {
  switch (d) {
    case Decision::ExplicitDeny: return 3;
    case Decision::ImplicitDeny: return 2;
    case Decision::Unknown: return 1;
    case Decision::Allow: return 0;
  }
  return 2;
}

}  // namespace

const ResourceEvaluation* SendEvaluation::failing() const {
  const ResourceEvaluation* worst = nullptr;
  for (const auto& r : resources)
    if (r.evaluation.decision != Decision::Allow &&
        (!worst || severity_rank(r.evaluation.decision) > severity_rank(worst->evaluation.decision)))
      worst = &r;
  return worst;
}

Decision combine_decisions(const std::vector<ResourceEvaluation>& resources) {
  Decision d = Decision::Allow;
  for (const auto& r : resources)
    if (severity_rank(r.evaluation.decision) > severity_rank(d)) d = r.evaluation.decision;
  return d;
}

bool send_requires_template(std::string_view action) {
  const SesAction* a = find_ses_action(action);
  return a && std::string_view(a->required_types).find("template") != std::string_view::npos;
}

SendEvaluation evaluate_send(const PolicySet& policies, const SendRequest& send, const FullRequest& base) {
  SendEvaluation out;
  auto one = [&](const std::string& kind, const std::string& arn, bool with_resource_policies) {
    FullRequest req = base;
    req.action = send.action;
    req.resource = arn;
    PolicySet ps = policies;
    if (!with_resource_policies) ps.resource.clear();
    out.resources.push_back(ResourceEvaluation{kind, arn, evaluate_request(ps, req)});
  };
  one("identity", send.identity_arn, true);
  if (!send.configuration_set_arn.empty()) one("configuration-set", send.configuration_set_arn, false);
  if (!send.template_arn.empty()) one("template", send.template_arn, false);
  out.decision = combine_decisions(out.resources);
  return out;
}

}  // namespace seslint::policy
