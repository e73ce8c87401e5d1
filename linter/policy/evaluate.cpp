#include "policy/evaluate.h"

#include "policy/match.h"

namespace seslint::policy {

const char* decision_name(Decision d) {
  switch (d) {
    case Decision::Allow: return "Allow";
    case Decision::ImplicitDeny: return "ImplicitDeny";
    case Decision::ExplicitDeny: return "ExplicitDeny";
    case Decision::Unknown: return "Unknown";
  }
  return "Unknown";
}

namespace {

// Matches a list element (Action or Resource) and applies the Not- inversion.
template <typename Match>
Tri match_list(const std::vector<model::Str>& items, bool negated, Match match, std::string* why) {
  bool unknown = false;
  for (const auto& item : items) {
    if (!item.known) {
      unknown = true;
      if (why && why->empty()) *why = item.text;
      continue;
    }
    if (match(item.text)) return negated ? Tri::No : Tri::Yes;
  }
  if (unknown) return Tri::Unknown;
  return negated ? Tri::Yes : Tri::No;
}

Tri both(Tri a, Tri b) {
  if (a == Tri::No || b == Tri::No) return Tri::No;
  if (a == Tri::Unknown || b == Tri::Unknown) return Tri::Unknown;
  return Tri::Yes;
}

}  // namespace

Tri statement_matches_action(const model::Statement& st, std::string_view action, std::string* why) {
  if (!st.has_action) return Tri::No;
  return match_list(st.actions, st.not_action, [&](const std::string& p) { return action_matches(p, action); }, why);
}

Tri statement_matches_resource(const model::Statement& st, std::string_view resource, std::string* why) {
  if (!st.has_resource) return Tri::No;  // identity policies must name a resource
  return match_list(st.resources, st.not_resource, [&](const std::string& p) { return arn_matches(p, resource); },
                    why);
}

Tri statement_applies(const model::Statement& st, const Request& req, std::string* why) {
  Tri t = both(statement_matches_action(st, req.action, why), statement_matches_resource(st, req.resource, why));
  if (t == Tri::No) return t;
  if (!st.conditions.empty() || st.conditions_unknown) {
    if (why && why->empty()) why->assign("a Condition (conditions are not evaluated yet)");
    return Tri::Unknown;
  }
  return t;
}

Result evaluate(const std::vector<const model::Policy*>& policies, const Request& req) {
  Result r;
  bool allow = false, maybe_allow = false, maybe_deny = false;
  std::vector<Reason> denies, allows, maybes;
  for (const model::Policy* p : policies) {
    if (!p->resolved) {
      maybe_allow = true;
      if (r.unknown_because.empty()) r.unknown_because = p->unresolved_reason;
    }
    for (const auto& st : p->statements) {
      if (st.effect == model::Effect::Invalid) continue;  // AWS rejects such a policy at deploy
      std::string why;
      Tri t = statement_applies(st, req, &why);
      if (t == Tri::No) continue;
      if (st.effect == model::Effect::Unknown) {
        t = Tri::Unknown;
        if (why.empty()) why = st.effect_text.text;
      }
      Reason reason{p, &st, t};
      if (t == Tri::Unknown) {
        if (st.effect == model::Effect::Deny) maybe_deny = true;
        else maybe_allow = true;
        if (r.unknown_because.empty()) r.unknown_because = why;
        maybes.push_back(reason);
      } else if (st.effect == model::Effect::Deny) {
        denies.push_back(reason);
      } else {
        allow = true;
        allows.push_back(reason);
      }
    }
  }
  if (!denies.empty()) {
    r.decision = Decision::ExplicitDeny;
    r.reasons = std::move(denies);
  } else if (maybe_deny && allow) {
    r.decision = Decision::Unknown;
    r.reasons = std::move(maybes);
  } else if (allow) {
    r.decision = Decision::Allow;
    r.reasons = std::move(allows);
  } else if (maybe_allow) {
    r.decision = Decision::Unknown;
    r.reasons = std::move(maybes);
  } else {
    r.decision = Decision::ImplicitDeny;
  }
  return r;
}

}  // namespace seslint::policy
