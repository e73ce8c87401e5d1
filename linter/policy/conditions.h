// policy/conditions: IAM Condition evaluation, three-valued. Operators: String*, Arn*,
// Numeric*, Date*, Bool, IpAddress/NotIpAddress, Null, Binary*; ...IfExists; ForAllValues /
// ForAnyValue set operators; multi-value and missing-key semantics as the IAM User Guide
// documents them; policy variables (${aws:username}) substituted from the context.
// A key whose value is not known statically gives Unknown, never a guess.
//   Tri t = evaluate_conditions(statement, ctx);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "policy/context.h"
#include "policy/evaluate.h"

namespace seslint::policy {

/// One operator/key pair: values are OR-ed (AND for negated operators, per IAM).
Tri evaluate_condition(const model::Condition& c, const RequestContext& ctx, std::string* why = nullptr);

/// All conditions of a statement, AND-ed. A statement without conditions gives Yes;
/// `conditions_unknown` (an unreadable Condition block) gives Unknown.
Tri evaluate_conditions(const model::Statement& st, const RequestContext& ctx, std::string* why = nullptr);

/// True when the operator name is one IAM knows (with optional IfExists and set prefixes).
bool is_known_operator(std::string_view op);

/// Condition keys of a statement that SES never provides for `action` (per the SES action
/// catalogue and the global keys SES supports): such a condition can never match.
/// (Implemented in condition_keys.cpp.)
std::vector<const model::Condition*> keys_not_provided(const model::Statement& st, std::string_view action);

}  // namespace seslint::policy
