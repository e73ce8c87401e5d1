// policy/evaluate: three-valued IAM evaluation of statements for one request, returning the
// decision and the statements that decided it. Conditions are not evaluated yet: a matching
// statement with conditions makes the answer Unknown rather than a guess.
//   Result r = evaluate({&policy}, Request{"ses:SendRawEmail", arn});
//   if (r.decision == Decision::ImplicitDeny) ...
#pragma once

#include <string>
#include <vector>

#include "model/model.h"
#include "policy/context.h"
#include "policy/match.h"

namespace seslint::policy {

enum class Decision { Allow, ImplicitDeny, ExplicitDeny, Unknown };

const char* decision_name(Decision d);

struct Request {
  std::string action;    ///< "ses:SendRawEmail"
  std::string resource;  ///< ARN, or "*" for actions without resource-level permissions
};

struct Reason {
  const model::Policy* policy = nullptr;
  const model::Statement* statement = nullptr;
  Tri applies = Tri::No;
};

struct Result {
  Decision decision = Decision::ImplicitDeny;
  std::vector<Reason> reasons;   ///< statements that matched (Yes) or might match (Unknown)
  std::string unknown_because;   ///< what could not be resolved, when decision == Unknown
};

/// The most permissive pattern a partially known value could be: unknown parts become '*'.
/// If it does not match, no value of the unknown parts can match.
std::string permissive_pattern(const model::Str& s);

/// Does the Action/NotAction element cover the action?
Tri statement_matches_action(const model::Statement& st, std::string_view action, std::string* why = nullptr);
/// Does the Resource/NotResource element cover the resource?
Tri statement_matches_resource(const model::Statement& st, std::string_view resource, std::string* why = nullptr);

/// Identity-based evaluation over a set of policies (evaluate_request's identity stage with an
/// unknown request context): explicit deny wins, then any allow, otherwise implicit deny;
/// Unknown when an unresolved value or a condition could change the answer.
Result evaluate(const std::vector<const model::Policy*>& policies, const Request& req);

// ---------------------------------------------------------------------------------------------
// Full evaluation (AWS "policy evaluation logic"): explicit deny anywhere; SCP allow at every
// level; resource-based policy; identity-based policies; permissions boundary; session policy;
// cross-account requests need both accounts to allow.

/// Who asks, for what, on which resource, in which context.
struct FullRequest {
  std::string action;             ///< "ses:SendRawEmail"
  std::string resource;           ///< resource ARN, or "*" for actions without resource-level permissions
  std::string principal_arn;      ///< arn:aws:iam::111122223333:user/x, arn:aws:sts::...:assumed-role/r/s; "" = unknown
  std::string principal_account;  ///< "111122223333"; "" = unknown
  std::string resource_account;   ///< account owning the resource; "" = the principal's account
  RequestContext context;         ///< condition keys (aws:*, ses:*)
  /// The principal has a permissions boundary (set by evaluate_request from the policy set): a
  /// Deny with NotPrincipal then applies to it whatever NotPrincipal lists.
  bool principal_has_boundary = false;
};

/// The policies that apply to one principal.
struct PolicySet {
  std::vector<const model::Policy*> identity;   ///< user or role policies, plus each group's
  bool has_boundary = false;
  std::vector<const model::Policy*> boundary;   ///< permissions boundary policy (when has_boundary)
  std::vector<std::vector<const model::Policy*>> scp_levels;  ///< root -> OUs -> account; each level must allow
  bool management_account = false;              ///< SCPs do not apply to the management account
  std::vector<const model::Policy*> resource;   ///< resource-based policies of the resource (SES identity policies)
  bool has_session = false;
  std::vector<const model::Policy*> session;    ///< session policies (when has_session)
};

enum class Stage { ExplicitDeny, ServiceControl, ResourcePolicy, IdentityPolicy, Boundary, SessionPolicy };
const char* stage_name(Stage s);

/// One step of the evaluation, for explain-access traces.
struct TraceStep {
  Stage stage;
  Decision decision;            ///< what this stage contributed (Allow, ImplicitDeny, ExplicitDeny, Unknown)
  std::vector<Reason> reasons;  ///< statements that decided this stage
  std::string note;             ///< e.g. "no SCP level allows", "boundary does not allow"
};

struct Evaluation {
  Decision decision = Decision::ImplicitDeny;
  Stage decided_by = Stage::IdentityPolicy;
  std::vector<TraceStep> trace;
  std::string unknown_because;
  /// The request is denied for certain, but whether explicitly depends on an unknown value: a
  /// Deny statement might apply (`deny_kind_because` says why). `decision` is then
  /// ImplicitDeny, to be shown as "denied (explicit or implicit, depending on ...)".
  bool deny_kind_unknown = false;
  std::string deny_kind_because;
  std::vector<Reason> possible_denies;  ///< the Deny statements that might apply
  // (deny_kind_because and possible_denies are also set for an Unknown decision that an explicit
  // Deny might decide: combined with another authorization's certain deny, the kind is open.)
};

/// "ImplicitDeny", or "denied (explicit or implicit, depending on ...)" when the kind is not certain.
std::string describe_decision(const Evaluation& ev);

/// Does a resource-policy statement's Principal / NotPrincipal cover the request's principal?
Tri statement_matches_principal(const model::Statement& st, const FullRequest& req);

/// Does one statement apply to the request (action, resource, conditions, and for a resource
/// policy the principal)? The effect is not considered; `why` says what was unknown.
Tri statement_applies(const model::Statement& st, const FullRequest& req, bool resource_policy,
                      std::string* why = nullptr);

/// Full evaluation with conditions evaluated against `req.context`.
Evaluation evaluate_request(const PolicySet& policies, const FullRequest& req);

}  // namespace seslint::policy
