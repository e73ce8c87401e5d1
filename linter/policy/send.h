// policy/send: what SES authorizes for one send. Every resource the send involves is a
// separate authorization of the same action: the sending identity, the configuration set when
// one applies (named in the request, in an X-SES-CONFIGURATION-SET header, or the identity's
// default), and the template for templated and bulk sends. All of them must be allowed.
// (shared/facts/ses-iam.md section 2; SES Developer Guide, "Specifying a configuration set".)
//   SendRequest s{"ses:SendRawEmail", identity_arn, config_set_arn, ""};
//   SendEvaluation e = evaluate_send(policies, s, principal_request);
#pragma once

#include <string>
#include <vector>

#include "policy/evaluate.h"

namespace seslint::policy {

struct SendRequest {
  std::string action;             ///< ses:SendEmail, ses:SendRawEmail, ses:SendTemplatedEmail, ...
  std::string identity_arn;       ///< arn:P:ses:R:A:identity/<domain or address>
  std::string configuration_set_arn;  ///< "" when no configuration set applies
  std::string template_arn;       ///< "" for non-templated sends
};

struct ResourceEvaluation {
  std::string kind;      ///< "identity", "configuration-set", "template"
  std::string resource;  ///< the ARN
  Evaluation evaluation;
};

struct SendEvaluation {
  Decision decision = Decision::ImplicitDeny;  ///< ExplicitDeny > ImplicitDeny > Unknown > Allow over the resources
  std::vector<ResourceEvaluation> resources;
  /// The first resource that is not allowed (nullptr when allowed).
  const ResourceEvaluation* failing() const;
};

/// The overall decision of several authorizations: ExplicitDeny > ImplicitDeny > Unknown > Allow.
Decision combine_decisions(const std::vector<ResourceEvaluation>& resources);

/// Evaluates the send on each involved resource. `base` carries the principal, accounts and
/// context; its action and resource are replaced per authorization. Identity (resource-based)
/// policies in `policies.resource` apply to the identity ARN only.
SendEvaluation evaluate_send(const PolicySet& policies, const SendRequest& send, const FullRequest& base);

/// True when SES checks a template ARN for this action (SendTemplatedEmail, SendBulkTemplatedEmail,
/// SendBulkEmail; per the SES action catalogue's required resource types).
bool send_requires_template(std::string_view action);

}  // namespace seslint::policy
