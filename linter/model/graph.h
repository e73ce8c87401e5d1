// model/graph: the principal graph of a repository. Which IAM users and roles exist, which
// identity-based policies apply to each (inline, attached managed, through groups) and how they
// got there, permissions boundaries, SMTP access keys, the SCPs attached to known targets, and
// the SES identity (sending authorization) policies of each identity. Data only: evaluation
// happens in policy/ (which copies the plain Policy pointer vectors into its PolicySet).
//   PrincipalGraph g = build_graph(model);
//   for (const PrincipalNode& p : g.principals) if (p.is_smtp_user()) use(p.identity_policies());
//
// Linking rules (a Ref is a value as read from the source, see model.h):
//  - Terraform references (aws_iam_user.u.name/.id/.arn, aws_iam_policy.p.arn,
//    data.aws_iam_policy.x.arn, aws_organizations_policy.s.id, aws_ses_domain_identity.d.domain)
//    link to that resource in the same module (folder) only.
//  - CloudFormation Ref / GetAtt link to the logical resource in the same template only.
//  - Literal names and ARNs link to the entity / managed policy / identity with that literal
//    name anywhere in the repository (same scope preferred).
//  - arn:*:iam::aws:policy/AmazonSESFullAccess, AmazonSESReadOnlyAccess and AdministratorAccess
//    link to built-in documents (Policy::builtin), and so does every AWS managed policy that
//    cannot match an SES action (aws_managed_no_ses.inc, generated from a snapshot of all AWS
//    managed policies): a document without statements, which grants no SES action and, as a
//    permissions boundary, allows none. Other AWS managed policies and anything else that
//    cannot be followed become unresolved entries with a reason; nothing is dropped silently.
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <string>
#include <vector>

#include "model/model.h"

namespace seslint::model {

/// One step of how a policy reaches a principal (for traces), principal side first.
struct Hop {
  std::string what;      ///< "inline policy", "policy attachment", "group membership", "group",
                         ///< "managed_policy_arns", "permissions boundary", "managed policy"
  std::string resource;  ///< the resource that makes the step ("aws_iam_group_membership.m")
  Span span;
};

enum class Via { Inline, Attached, Group, Boundary };

const char* via_name(Via v);

/// A policy that applies to a principal, or a link to one that could not be followed.
struct AppliedPolicy {
  const Policy* policy = nullptr;  ///< nullptr when unresolved
  Via via = Via::Inline;
  std::vector<Hop> trace;          ///< principal first, the policy (or failed link) last
  Str expression;                  ///< the policy ARN / reference as written; empty for inline
  std::string unresolved_reason;   ///< why `policy` is nullptr
  bool exclusive = false;          ///< from aws_iam_policy_attachment or managed_policy_arns
  std::string group;               ///< Via::Group: the group resource ("" if the group is unresolved)

  bool resolved() const { return policy != nullptr; }
};

/// A user's membership in a group.
struct GroupLink {
  const IamEntity* group = nullptr;  ///< nullptr when the group expression could not be followed
  Ref expression;
  std::vector<Hop> trace;
  std::string unresolved_reason;
  bool exclusive = false;            ///< aws_iam_group_membership (owns the group's member list)
};

enum class ScpTargetType { Root, OrganizationalUnit, Account, Unknown };

const char* scp_target_type_name(ScpTargetType t);

/// An SCP attached to a target.
struct ScpLink {
  const Policy* policy = nullptr;          ///< nullptr when policy_id could not be followed
  const ScpAttachment* attachment = nullptr;
  ScpTargetType target_type = ScpTargetType::Unknown;
  Str target;                              ///< the target ID as written
  std::string unresolved_reason;           ///< why `policy` is nullptr
};

/// A principal ARN. Partition and account are unknown unless written literally; `arn` is then
/// known=false and its text is a glob with "*" for the unknown parts
/// ("arn:*:iam::*:user/mail/smtp-user").
struct PrincipalArn {
  Str partition;
  Str account;
  Str arn;
};

/// An IAM user or role with everything that decides its identity-based permissions.
struct PrincipalNode {
  const IamEntity* entity = nullptr;
  std::vector<AppliedPolicy> policies;  ///< inline, attached managed, via each group (resolved or not)
  std::vector<GroupLink> groups;        ///< users only
  bool has_boundary = false;
  AppliedPolicy boundary;               ///< Via::Boundary; meaningful when has_boundary
  std::vector<const AccessKey*> access_keys;  ///< users only
  std::vector<ScpLink> scps;            ///< SCPs attached to known targets (may apply; the org tree is unknown)
  PrincipalArn arn;                     ///< user: arn:P:iam::A:user<path><name>; role: ...:role<path><name>
  PrincipalArn session_arn;             ///< roles: arn:P:sts::A:assumed-role/<name>/<session>

  EntityKind kind() const { return entity->kind; }
  /// An access key whose (encrypted_)ses_smtp_password_v4 is referenced in its module.
  bool is_smtp_user() const;
  /// Resolved identity-based policies (inline + managed + group), for a PolicySet.
  std::vector<const Policy*> identity_policies() const;
  /// The boundary policy, if present and resolved (0 or 1 element).
  std::vector<const Policy*> boundary_policies() const;
  /// Resolved SCPs with known targets.
  std::vector<const Policy*> scp_policies() const;
  /// True when some identity-based policy or the boundary could not be followed.
  bool has_unresolved() const;
};

/// A group and the policies attached to it (copied into each member's PrincipalNode).
struct GroupNode {
  const IamEntity* entity = nullptr;
  std::vector<AppliedPolicy> policies;
};

/// An SES identity and the identity (sending authorization) policies attached to it.
struct IdentityNode {
  const Identity* identity = nullptr;
  std::vector<const Policy*> policies;
};

/// A record whose subject could not be found (an attachment to an unknown user, an inline
/// policy of an unknown role, an identity policy for an unknown identity, an access key of an
/// unknown user, ...).
struct UnresolvedLink {
  std::string what;      ///< "policy attachment", "inline policy", "identity policy", "access key", ...
  std::string resource;
  Span span;
  Ref expression;        ///< the expression that could not be followed
  std::string reason;
};

struct PrincipalGraph {
  std::vector<PrincipalNode> principals;    ///< users and roles, in model order
  std::vector<GroupNode> groups;
  std::vector<IdentityNode> identities;     ///< one per Model::identities, same order
  std::vector<ScpLink> scps_unknown_target; ///< attachments whose target is not a literal ID
  std::vector<const Policy*> scps_unattached;  ///< SCPs with no attachment in the repository
  std::vector<const Policy*> identity_policies_unattached;  ///< identity policies whose identity is unknown
  std::vector<UnresolvedLink> unresolved;
  std::vector<std::unique_ptr<Policy>> builtin;  ///< AWS managed policy documents (owned here)

  /// The principal declared by `resource` ("aws_iam_user.smtp", "Resources/MailUser"), or nullptr.
  const PrincipalNode* find(const std::string& resource) const;
  const GroupNode* find_group(const std::string& resource) const;
};

/// Builds the graph. The result points into `m` (keep it alive and unmoved) and into itself.
PrincipalGraph build_graph(const Model& m);

/// The built-in document of an AWS managed policy by name ("AmazonSESFullAccess",
/// "AmazonSESReadOnlyAccess", "AdministratorAccess", or one without SES actions, which has no
/// statement), or nullptr when seslint does not know it.
std::unique_ptr<Policy> aws_managed_policy(const std::string& name);

/// True for an AWS managed policy whose default version has no statement that can match an SES
/// action (no NotAction, no Action whose service part matches "ses"); see gen_aws_managed_no_ses.py.
bool aws_managed_policy_without_ses(const std::string& name);
/// The names aws_managed_policy_without_ses knows, sorted (for tests).
std::span<const std::string_view> aws_managed_policies_without_ses();

}  // namespace seslint::model
