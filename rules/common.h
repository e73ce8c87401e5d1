// Helpers shared by rules: which policies are identity-based, ARN construction for messages,
// and the AWS error text a failed send produces.
#pragma once

#include <string>
#include <vector>

#include "analysis/send_matrix.h"
#include "engine/finding.h"
#include "model/graph.h"
#include "model/model.h"
#include "policy/match.h"

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

// ---------------------------------------------------------------------------------------------
// Send-matrix rules

/// The identity name as shown in messages ("example.com", or "${var.domain}" when unresolved).
std::string identity_display(const analysis::Target& t);

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
