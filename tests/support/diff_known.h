// Known classes of disagreement between seslint and @cloud-copilot/iam-simulate, shared by the
// differential tests (tests/differential_test.cpp, tests/differential_cli_test.cpp). Each class
// is documented in tests/differential_known.md with the AWS documentation that decides it.
//   if (auto cls = test::known_class(resource_policy, req, ours, simulator)) ...
#pragma once

#include <string>

#include "model/model.h"
#include "policy/evaluate.h"

namespace seslint::test {

/// "notprincipal-deny-account" when seslint answers ExplicitDeny because of a Deny statement
/// with NotPrincipal that lists the principal's account (ID or :root ARN) but not the
/// principal's own ARN, and the simulator, which exempts the whole account, does not.
/// AWS: "AWS JSON policy elements: NotPrincipal" (key points): the account is checked, then the
/// user or role, then the session; an account ARN alone does not exempt the account's principals.
///
/// "session-arn-grant" when seslint allows because a same-account identity policy names the role
/// session's own ARN while a session policy does not allow, and the simulator limits that grant
/// by the session policy. AWS: IAM User Guide, "Policies and permissions", session policies: a
/// resource-based policy naming the session ARN adds its permissions after the session is
/// created, and they are not limited by the session policy.
inline std::string known_class(const model::Policy* resource_policy, const policy::FullRequest& req,
                               const std::string& ours, const std::string& simulator, bool has_session_policy = false) {
  if (resource_policy && has_session_policy && ours == "Allowed" && simulator == "ImplicitlyDenied" &&
      req.principal_arn.find(":assumed-role/") != std::string::npos) {
    for (const auto& st : resource_policy->statements) {
      if (st.effect != model::Effect::Allow || st.not_principal) continue;
      for (const auto& p : st.principals)
        if (p.type == "AWS" && p.id.known && p.id.text == req.principal_arn &&
            policy::statement_applies(st, req, true) == policy::Tri::Yes)
          return "session-arn-grant";
    }
  }
  if (!resource_policy || ours != "ExplicitlyDenied" || simulator == "ExplicitlyDenied") return "";
  const std::string& acct = req.principal_account;
  for (const auto& st : resource_policy->statements) {
    if (st.effect != model::Effect::Deny || !st.not_principal) continue;
    bool lists_account = false;
    for (const auto& p : st.principals)
      if (p.type == "AWS" && p.id.known && (p.id.text == acct || p.id.text == "arn:aws:iam::" + acct + ":root"))
        lists_account = true;
    if (lists_account && policy::statement_applies(st, req, true) == policy::Tri::Yes)
      return "notprincipal-deny-account";
  }
  return "";
}

}  // namespace seslint::test
