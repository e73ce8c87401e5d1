// policy/statement_walk: the statements and conditions rules check one policy at a time, and the
// SES actions a statement is about. Shared by the condition rules (SES003, SES016..SES021).
//   for_each_condition(model, [&](const Policy& p, const Statement& st, const Condition& c) {...});
#pragma once

#include <functional>
#include <vector>

#include "model/model.h"
#include "policy/ses_actions.h"

namespace seslint::policy {

/// False for a policy document (data "aws_iam_policy_document") that a policy of the
/// repository uses: its statements are reported through that policy.
bool checked_on_its_own(const model::Policy& p);

/// Calls `f` for every Allow or Deny statement of every policy checked on its own.
void for_each_statement(const model::Model& m,
                        const std::function<void(const model::Policy&, const model::Statement&)>& f);

/// Calls `f` for every condition of those statements.
void for_each_condition(
    const model::Model& m,
    const std::function<void(const model::Policy&, const model::Statement&, const model::Condition&)>& f);

/// The SES actions a statement's Action names (explicitly or by wildcard), when an Action entry
/// has the ses: prefix; empty for NotAction and for statements about other services ("*" alone
/// is a statement about every service, whose conditions target the others).
std::vector<const SesAction*> statement_ses_actions(const model::Statement& st);

/// "statement 'Sid' of aws_iam_policy.x" / "statement of policy.json", for notes.
std::string statement_label(const model::Policy& p, const model::Statement& st);

/// The logical path of a statement's Condition element.
std::string condition_path(const model::Statement& st);

}  // namespace seslint::policy
