// analysis/send_matrix: the whole-repository send matrix. For every principal that sends mail
// (an IAM user with SMTP credentials, or a user or role whose identity-based policies allow a send
// action) and every SES identity verified in the repository, the decision SES would reach for the
// send actions the principal uses, with each authorization (identity, default configuration set,
// template) evaluated by policy::evaluate_send. Rules ask it questions; the text reporter ends with
// one summary line per sender.
//   const SendMatrix& m = ctx.analysis().matrix;
//   for (const Cell& c : m.cells) if (c.eval.decision == Decision::ImplicitDeny) ...
//
// Values the repository does not pin down are kept symbolic: an identity's account is the
// deploying account `${account}` (policy::symbol), its partition `${partition}`, its Region the
// provider's Region or `${region}`; a policy ARN built from the same data sources / pseudo
// parameters matches them for certain (policy/match.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/graph.h"
#include "model/model.h"
#include "policy/evaluate.h"
#include "policy/send.h"

namespace seslint::analysis {

/// Stands for a resource name the repository does not resolve (no policy literal contains it).
inline constexpr char kUnresolvedName = '\x02';

/// An SES identity as a send target.
struct Target {
  const model::Identity* identity = nullptr;
  const model::IdentityNode* node = nullptr;
  std::string partition, region, account;  ///< literal or policy::symbol(...)
  std::string arn;                         ///< arn:partition:ses:region:account:identity/name
  /// The identity's default configuration set: its ARN ("" when none), and the unresolved
  /// description when the name is not known.
  std::string configuration_set_arn;
  std::string configuration_set_unresolved;
  std::string deployment;  ///< deployment_of(*identity)
  /// The identity name for messages ("example.com", "${var.domain}" when unresolved).
  std::string display_name() const;
  /// ARN of another resource type next to the identity ("configuration-set", "name").
  std::string sibling(const std::string& type, const std::string& name) const;
};

/// A principal that sends mail.
struct Sender {
  const model::PrincipalNode* node = nullptr;
  bool smtp = false;                  ///< an access key of the user is used as SMTP credentials
  std::vector<std::string> actions;   ///< the send actions it uses ("ses:SendRawEmail", ...)
  policy::PolicySet policies;         ///< identity policies, boundary, SCP levels (no resource policies)
  policy::FullRequest base;           ///< principal, accounts, context (action/resource filled per cell)
  std::string principal_arn;          ///< for messages: literal, with ${account}/${partition} symbols, or ""
  /// The principal's account when the repository pins it literally: its own ARN, else the one
  /// account of the customer managed policies / boundaries attached to it (they live in its
  /// account), else the one such account of its scope (Terraform module / template); "" otherwise.
  std::string account;
  std::string deployment;             ///< deployment_of(origin)
  std::string display_name() const;   ///< "aws_iam_user.smtp"
};

/// One sender, one identity, one action.
struct Cell {
  const Sender* sender = nullptr;
  const Target* target = nullptr;
  std::string action;
  policy::SendEvaluation eval;
};

// Deployments: a Terraform root module with its module tree, or one CloudFormation stack (one
// template file). Senders are paired with the identities of their own deployment only, unless a
// policy of the sender names the identity by a literal ARN (the identity then lives elsewhere but
// is addressed for certain). Keys: "tf:<root folder>" ("tf:." for the scan root; a child module
// instance belongs to the root that calls it, a module folder scanned on its own is its own
// root), "cfn:<file id>"; raw IAM JSON files declare no principals or identities.

/// The deployment of a record of the model (see above).
std::string deployment_of(const model::Origin& o);
std::string deployment_of(const model::Identity& i);
std::string deployment_of(const model::Policy& p);
/// A deployment key for messages: the root folder ("envs/prod") or the template path.
std::string deployment_name(const std::string& key, const source::SourceSet& sources);

struct SendMatrix {
  std::vector<std::unique_ptr<Sender>> senders;
  std::vector<std::unique_ptr<Target>> targets;
  std::vector<Cell> cells;  ///< sender-major, then target, then action
  /// Distinct deployments of senders and targets, sorted.
  std::vector<std::string> deployments;

  std::vector<const Cell*> cells_of(const Sender& s) const;
  /// The cell of a sender, target and action, or nullptr.
  const Cell* find(const Sender& s, const Target& t, const std::string& action) const;
  /// A cell the sender is meant to send from: its policies do not simply leave the identity out
  /// (the identity authorization is not an identity-policy implicit deny), or it is an address /
  /// subdomain under a domain identity the sender may send as (SES checks the most specific one).
  bool intended(const Cell& c) const;
  /// One line per sender for the text report, e.g.
  /// "aws_iam_user.smtp (SMTP): ses:SendRawEmail allowed as example.com; denied as a@example.com".
  /// With several deployments each line names the sender's ("... [deployment envs/prod]").
  std::vector<std::string> summary(const source::SourceSet* sources = nullptr) const;
};

/// True when an Allow statement for `action` in `policies` has a resource that could name some
/// resource of `type` ("template", "configuration-set"): then a send with an unresolved name of
/// that type might be allowed.
bool may_name_type(const std::vector<const model::Policy*>& policies, const std::string& action,
                   const std::string& type);

/// The policy set of a principal (identity, boundary, SCP levels; no resource policies).
policy::PolicySet principal_policies(const model::PrincipalNode& p);

/// The principal's ARN for an IAM request: literal parts where known, symbols for an unknown
/// partition or account; "" when the name is unknown. Roles act as the session
/// arn:P:sts::A:assumed-role/NAME/seslint.
std::string request_principal_arn(const model::PrincipalNode& p);

/// The request a cell is evaluated with: the sender's principal and context plus what the target
/// and action add (aws:RequestedRegion for a known Region, ses:ApiVersion for SMTP,
/// ses:FromAddress for an address identity). Action and resource are set per authorization.
policy::FullRequest cell_request(const Sender& s, const Target& t, const std::string& action);

/// Builds the matrix. Points into `m` and `g`; keep both alive.
SendMatrix build_send_matrix(const model::Model& m, const model::PrincipalGraph& g);

/// What rules share: the principal graph and the send matrix, built once per run.
struct Analysis {
  explicit Analysis(const model::Model& m);
  model::PrincipalGraph graph;
  SendMatrix matrix;
};

/// The principal phrase AWS prints in an access-denied error ("User 'arn:...:user/smtp'",
/// "User 'arn:...:assumed-role/r/SESSION'"), with symbols shown as ${...}.
std::string aws_principal_phrase(const Sender& s);

/// `554 Access denied: User '...' is not authorized to perform 'ses:SendRawEmail' on resource '...'`
/// (SMTP wording for SMTP users, API wording `AccessDenied` otherwise). Resource "*" (actions
/// without resource-level permissions) gives AWS's "...not authorized to perform: ses:X".
std::string access_denied_message(const Sender& s, const std::string& action, const std::string& resource);

/// The same for any principal of the graph. Symbols in its ARN are replaced by `partition` and
/// `account` when those are literal (taken from the ARN a policy grants).
std::string access_denied_message(const model::PrincipalNode& p, const std::string& action, const std::string& resource,
                                  const std::string& partition = "", const std::string& account = "");

/// Domain part of an address ("noreply@mail.example.com" -> "mail.example.com"); "" for a domain.
std::string address_domain(const std::string& address);

/// True when `domain` is `parent` or a subdomain of it (domains compare case-insensitively).
bool domain_within(const std::string& domain, const std::string& parent);

/// Users and roles whose identity-based policies include `p` (inline, attached or via a group).
std::vector<const model::PrincipalNode*> principals_using(const model::PrincipalGraph& g, const model::Policy& p);

}  // namespace seslint::analysis
