// policy/evaluate: three-valued IAM evaluation of statements for one request, returning the
// decision and the statements that decided it. Conditions are not evaluated yet: a matching
// statement with conditions makes the answer Unknown rather than a guess.
//   Result r = evaluate({&policy}, Request{"ses:SendRawEmail", arn});
//   if (r.decision == Decision::ImplicitDeny) ...
#pragma once

#include <string>
#include <vector>

#include "model/model.h"

namespace seslint::policy {

enum class Decision { Allow, ImplicitDeny, ExplicitDeny, Unknown };
enum class Tri { Yes, No, Unknown };

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

/// Does the Action/NotAction element cover the action?
Tri statement_matches_action(const model::Statement& st, std::string_view action, std::string* why = nullptr);
/// Does the Resource/NotResource element cover the resource?
Tri statement_matches_resource(const model::Statement& st, std::string_view resource, std::string* why = nullptr);
/// Does the statement apply to the request (action, resource, and conditions)?
Tri statement_applies(const model::Statement& st, const Request& req, std::string* why = nullptr);

/// Identity-based evaluation over a set of policies: explicit deny wins, then any allow,
/// otherwise implicit deny; Unknown when an unresolved value could change the answer.
Result evaluate(const std::vector<const model::Policy*>& policies, const Request& req);

}  // namespace seslint::policy
