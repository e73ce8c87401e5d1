// Helpers shared by rules: which policies are identity-based, ARN construction for messages,
// and the AWS error text a failed send produces.
#pragma once

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/send_matrix.h"
#include "engine/finding.h"
#include "model/graph.h"
#include "model/model.h"
#include "policy/evaluate.h"
#include "policy/match.h"
#include "source/source_file.h"

namespace seslint::rules {

/// Identity-based policies to check on their own: managed, inline and raw policy files, and
/// aws_iam_policy_document data sources that no policy in the repository uses.
std::vector<const model::Policy*> identity_policies(const model::Model& m);

/// The principal ARN as AWS prints it in an access-denied error, for inline policies whose user
/// or role name is a literal (partition and account taken from the ARN the policy grants);
/// otherwise a placeholder naming the policy.
/// With the model: a policy attached by an attachment resource to a principal the graph could not
/// follow (`user = var.user_name`) is named after that attachment: its user/role/group expression
/// and the attachment's address.
std::string principal_phrase(const model::Policy& p, const std::string& partition = "", const std::string& account = "",
                             const model::Model* m = nullptr);

/// The principal an attachment of the model attaches `p` to, for messages: "arn:P:iam::A:user/NAME"
/// for a literal user name (partition and account given), else "<IAM user var.user_name, attached
/// by aws_iam_user_policy_attachment.this>"; "" when no attachment names `p`.
std::string attached_principal(const model::Model& m, const model::Policy& p, const std::string& partition = "",
                               const std::string& account = "");

/// attached_principal(m, p), else "a principal using <policy name>"; a SAM function's policies:
/// "the execution role of <function>".
std::string principal_of_policy(const model::Model& m, const model::Policy& p);

/// The error SES returns for an identity-policy implicit deny, as the SMTP interface words it.
/// `context` (an ARN from the same statement) supplies partition and account for the principal.
std::string access_denied_text(const model::Policy& p, const std::string& action, const std::string& resource,
                               const std::string& context = "", const model::Model* m = nullptr);

/// Identity-based policies (as identity_policies) that no sender of the send matrix uses:
/// standalone managed policies, raw policy files, SAM function policies, policies whose owner
/// could not be followed. Rules check these one policy at a time.
std::vector<const model::Policy*> policies_without_sender(const model::Model& m, const analysis::SendMatrix& mx);

/// The send actions (policy::send_requires_template ones only when `templated`) a policy's
/// Allow statements name without a wildcard.
std::vector<std::string> named_send_actions(const model::Policy& p, bool templated);

/// The decision one stage contributed to an evaluation (nullptr when the stage did not run).
const policy::TraceStep* trace_step(const policy::Evaluation& ev, policy::Stage stage);

/// The Allow statement behind an allowed evaluation: the first identity-based one, else the
/// first resource-based one; nullptr when none is certain.
const policy::Reason* granting_reason(const policy::Evaluation& ev);
/// Same for the identity-stage Result of policy::evaluate.
const policy::Reason* granting_reason(const policy::Result& r);

/// The Allow statement behind an evaluation of `action` on `arn` that is allowed or Unknown:
/// granting_reason, else the first Allow statement of `policies` that grants the action and may
/// name the resource (an identity whose name is unknown); nullopt when none.
std::optional<policy::Reason> possible_grant(const policy::Evaluation& ev, const std::vector<const model::Policy*>& policies,
                                             const std::string& action, const std::string& arn);

/// The Resource entry of `st` that matches `arn` (an ARN with symbol segments), else nullptr.
const model::Str* matching_resource(const model::Statement& st, const std::string& arn);
/// matching_resource, else the first entry that may match `arn` (Unknown), else nullptr.
const model::Str* possibly_matching_resource(const model::Statement& st, const std::string& arn);

/// An ARN for messages: symbols as ${account}, an unresolved name (analysis::kUnresolvedName)
/// as ${<what>}.
std::string display_arn(const std::string& arn, const std::string& unresolved_what);

/// Terraform module folders that some module call of the scan instantiates ("modules/mail" for
/// the scope "modules/mail (module.mail in .)").
std::set<std::string> called_folders(const model::Model& m);

/// A folder whose path has a `modules` component ("modules/mail", "infra/modules/ses"): the
/// conventional place of reusable modules.
bool conventional_module_folder(const std::string& dir);

/// Configuration sets / templates declared in the same Terraform module or CloudFormation
/// template as `resource_type`/`module`/`span` (a policy or identity), those named `name` when
/// it is not empty.
std::vector<const model::SesResource*> declared_nearby(const model::Model& m, model::SesResourceKind kind,
                                                       const std::string& name, const std::string& resource_type,
                                                       const std::string& module, const source::Span& span);

/// The SAM policy template ("SESCrudPolicy", ...) a statement was generated from, or "" (the
/// resolver gives generated statements the span of the template entry in the Policies list).
std::string sam_policy_template(const model::Policy& p, const model::Statement& st, const source::SourceSet& sources);

/// Appends `x` unless `v` holds it already (keeps first-seen order).
template <typename T>
void add_unique(std::vector<T>& v, const T& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

/// "aws_iam_user.a, Resources/B and aws_iam_role.c"
std::string sender_names(const std::vector<const analysis::Sender*>& senders);

/// `a, b and c`
std::string join_list(const std::vector<std::string>& items);

using analysis::address_domain;
using analysis::domain_within;

/// Where an SMTP user's credentials come out: the first reference to one of its access keys'
/// (encrypted_)ses_smtp_password_v4. `key` is nullptr when the user has none.
struct SmtpCredentials {
  const model::AccessKey* key = nullptr;
  source::Span span;
  std::string attribute;  ///< "ses_smtp_password_v4" or "encrypted_ses_smtp_password_v4"
  std::string path;       ///< logical path: "aws_iam_access_key.smtp.ses_smtp_password_v4"
};
SmtpCredentials smtp_credentials(const model::PrincipalNode& p, const source::SourceSet& sources);

/// Terraform for rule examples: the IAM user aws_iam_user.smtp ("smtp-relay") whose access key's
/// SMTP password is an output, i.e. an SMTP user. Examples append its policies.
inline constexpr std::string_view kSmtpUserTf = R"tf(
resource "aws_iam_user" "smtp" {
  name = "smtp-relay"
}

resource "aws_iam_access_key" "smtp" {
  user = aws_iam_user.smtp.name
}

output "smtp_password" {
  value     = aws_iam_access_key.smtp.ses_smtp_password_v4
  sensitive = true
}
)tf";

/// "IAM user 'smtp-relay' (aws_iam_user.smtp)"; the name is left out when it is not known.
std::string principal_label(const model::PrincipalNode& p);

/// True when the identity is declared in the same Terraform module / CloudFormation template as
/// the record (the identities a principal of that scope is most likely meant to send from).
bool same_scope(const model::Identity& id, const model::Origin& o);
// ---------------------------------------------------------------------------------------------
// Send-matrix rules

/// "ses:SendEmail and ses:SendRawEmail as example.com and noreply@example.com" for a set of
/// cells (actions and identities in first-seen order).
std::string describe_sends(const std::vector<const analysis::Cell*>& cells);

/// The cell whose error text a finding quotes: the first, or for an SMTP sender the first
/// ses:SendRawEmail cell (the SMTP interface's action).
std::size_t representative(const std::vector<const analysis::Cell*>& cells);

/// A note at the SES identity a send uses: "SES identity 'example.com' (aws_ses_domain_identity.d), Region ...".
engine::Note identity_note(const analysis::Target& t);

/// Notes along the way a policy reaches its principal (AppliedPolicy::trace), principal first;
/// the policy document itself is left out (the finding points there or names it).
void add_trace_notes(engine::Finding& f, const model::AppliedPolicy& a);

}  // namespace seslint::rules
