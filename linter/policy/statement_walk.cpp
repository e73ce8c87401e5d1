#include "policy/statement_walk.h"

#include "policy/evaluate.h"
#include "policy/text.h"

namespace seslint::policy {

bool checked_on_its_own(const model::Policy& p) {
  return !(p.kind == model::PolicyKind::PolicyDocument && p.referenced_by > 0);
}

void for_each_statement(const model::Model& m,
                        const std::function<void(const model::Policy&, const model::Statement&)>& f) {
  for (const auto& p : m.policies) {
    if (!checked_on_its_own(p)) continue;
    for (const auto& st : p.statements)
      if (st.effect == model::Effect::Allow || st.effect == model::Effect::Deny) f(p, st);
  }
}

void for_each_condition(
    const model::Model& m,
    const std::function<void(const model::Policy&, const model::Statement&, const model::Condition&)>& f) {
  for_each_statement(m, [&](const model::Policy& p, const model::Statement& st) {
    for (const auto& c : st.conditions) f(p, st, c);
  });
}

std::vector<const SesAction*> statement_ses_actions(const model::Statement& st) {
  std::vector<const SesAction*> out;
  if (st.not_action) return out;
  bool about_ses = false;
  for (const auto& a : st.actions)
    if (a.known && a.text.size() > 4 && text::iequals(std::string_view(a.text).substr(0, 4), "ses:")) about_ses = true;
  if (!about_ses) return out;
  for (const auto& a : ses_actions())
    if (statement_matches_action(st, qualified(a)) == Tri::Yes) out.push_back(&a);
  return out;
}

std::string statement_label(const model::Policy& p, const model::Statement& st) {
  return "statement " + (st.sid.empty() ? std::string() : "'" + st.sid + "' ") + "of " + p.name;
}

std::string condition_path(const model::Statement& st) {
  return st.path + (st.path.empty() ? "" : ".") + "Condition";
}

}  // namespace seslint::policy
