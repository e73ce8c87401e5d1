// Helpers shared by rules: which policies are identity-based, ARN construction for messages,
// and the AWS error text a failed send produces.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/graph.h"
#include "model/model.h"
#include "policy/match.h"
#include "source/source_file.h"

namespace seslint::rules {

/// Identity-based policies to check on their own: managed, inline and raw policy files, and
/// aws_iam_policy_document data sources that no policy in the repository uses.
std::vector<const model::Policy*> identity_policies(const model::Model& m);

/// The principal ARN as AWS prints it in an access-denied error, for inline policies whose user
/// or role name is a literal (partition and account taken from the ARN the policy grants);
/// otherwise a placeholder naming the policy.
std::string principal_phrase(const model::Policy& p, const std::string& partition = "", const std::string& account = "");

/// The error SES returns for an identity-policy implicit deny, as the SMTP interface words it.
/// `context` (an ARN from the same statement) supplies partition and account for the principal.
std::string access_denied_text(const model::Policy& p, const std::string& action, const std::string& resource,
                               const std::string& context = "");

/// `a, b and c`
std::string join_list(const std::vector<std::string>& items);

/// Domain part of an address ("noreply@mail.example.com" -> "mail.example.com").
std::string address_domain(const std::string& address);

/// True when `domain` is `parent` or a subdomain of it.
bool domain_within(const std::string& domain, const std::string& parent);

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

}  // namespace seslint::rules
