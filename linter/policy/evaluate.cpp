#include "policy/evaluate.h"

#include <optional>

#include "policy/conditions.h"
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

std::string permissive_pattern(const model::Str& s) {
  if (s.known) return s.text;
  if (s.parts.empty()) return "*";
  std::string out;
  for (const auto& p : s.parts) out += p.known ? p.text : "*";
  return out;
}

namespace {

// Matches a list element (Action or Resource) and applies the Not- inversion. `match` answers
// for a pattern; `symbolic` (may be null) answers for a partially known value whose unknown parts
// are all the deploying scope's own partition/Region/account, or returns nullopt.
template <typename Match, typename Symbolic>
Tri match_list(const std::vector<model::Str>& items, bool negated, Match match, Symbolic symbolic, std::string* why) {
  bool unknown = false;
  for (const auto& item : items) {
    Tri t;
    if (item.known) {
      t = match(item.text);
    } else if (auto sym = symbolic(item)) {
      t = *sym;
    } else {
      // A partially known value can only match what its most permissive form matches.
      t = (!item.parts.empty() && match(permissive_pattern(item)) == Tri::No) ? Tri::No : Tri::Unknown;
    }
    if (t == Tri::Yes) return negated ? Tri::No : Tri::Yes;
    if (t == Tri::Unknown) {
      unknown = true;
      if (why && why->empty()) *why = item.known ? "the Region, account or partition of " + display_symbols(item.text) : item.text;
    }
  }
  if (unknown) return Tri::Unknown;
  return negated ? Tri::Yes : Tri::No;
}

// The value with its self-symbol parts as symbols, when every unknown part is one and each stands
// for a whole partition, Region or account segment.
std::optional<std::string> symbolic_pattern(const model::Str& s) {
  if (s.known || s.parts.empty()) return std::nullopt;
  std::string out;
  for (const auto& p : s.parts) {
    if (p.known) {
      out += p.text;
      continue;
    }
    auto sym = self_symbol(p.text);
    if (sym.empty()) return std::nullopt;
    out += symbol(sym);
  }
  auto arn = parse_arn(out);
  if (!arn) return std::nullopt;
  for (const std::string* seg : {&arn->partition, &arn->region, &arn->account})
    if (seg->find('\x01') != std::string::npos && (!is_symbol(*seg) || seg->find('\x01', 1) != std::string::npos))
      return std::nullopt;
  if (arn->service.find('\x01') != std::string::npos || arn->resource.find('\x01') != std::string::npos)
    return std::nullopt;
  return out;
}

}  // namespace

Tri statement_matches_action(const model::Statement& st, std::string_view action, std::string* why) {
  if (!st.has_action) return Tri::No;
  return match_list(
      st.actions, st.not_action, [&](const std::string& p) { return action_matches(p, action) ? Tri::Yes : Tri::No; },
      [](const model::Str&) { return std::optional<Tri>(); }, why);
}

Tri statement_matches_resource(const model::Statement& st, std::string_view resource, std::string* why) {
  if (!st.has_resource) return Tri::No;  // identity policies must name a resource
  return match_list(
      st.resources, st.not_resource, [&](const std::string& p) { return arn_match_symbolic(p, resource); },
      [&](const model::Str& item) -> std::optional<Tri> {
        auto pattern = symbolic_pattern(item);
        if (!pattern) return std::nullopt;
        return arn_match_symbolic(*pattern, resource);
      },
      why);
}

Result evaluate(const std::vector<const model::Policy*>& policies, const Request& req) {
  // The identity-policy stage of the full evaluation, with a request context about which
  // nothing is known: conditions that depend on a key are Unknown, never guessed.
  PolicySet ps;
  ps.identity = policies;
  FullRequest full;
  full.action = req.action;
  full.resource = req.resource;
  full.context.set_default_unknown(true);
  Evaluation ev = evaluate_request(ps, full);
  Result r;
  r.decision = ev.decision;
  r.unknown_because = ev.unknown_because;
  for (const auto& step : ev.trace)
    for (const auto& reason : step.reasons) r.reasons.push_back(reason);
  return r;
}

}  // namespace seslint::policy

// ---------------------------------------------------------------------------------------------
// Full evaluation

namespace seslint::policy {

std::string describe_decision(const Evaluation& ev) {
  if (ev.decision == Decision::ImplicitDeny && ev.deny_kind_unknown)
    return "denied (explicit or implicit, depending on " + ev.deny_kind_because + ")";
  return decision_name(ev.decision);
}

const char* stage_name(Stage s) {
  switch (s) {
    case Stage::ExplicitDeny: return "explicit deny";
    case Stage::ServiceControl: return "service control policy";
    case Stage::ResourcePolicy: return "resource-based policy";
    case Stage::IdentityPolicy: return "identity-based policy";
    case Stage::Boundary: return "permissions boundary";
    case Stage::SessionPolicy: return "session policy";
  }
  return "?";
}

namespace {

Tri tri_and(Tri a, Tri b) {
  if (a == Tri::No || b == Tri::No) return Tri::No;
  if (a == Tri::Unknown || b == Tri::Unknown) return Tri::Unknown;
  return Tri::Yes;
}

Tri tri_or(Tri a, Tri b) {
  if (a == Tri::Yes || b == Tri::Yes) return Tri::Yes;
  if (a == Tri::Unknown || b == Tri::Unknown) return Tri::Unknown;
  return Tri::No;
}

std::string account_of(const std::string& arn) {
  auto a = parse_arn(arn);
  return a && !is_symbol(a->account) ? a->account : std::string();
}

/// A principal ARN from a policy against the request principal, which may hold symbols.
Tri same_principal(const std::string& id, const std::string& who) {
  if (who.find('\x01') == std::string::npos) return id == who ? Tri::Yes : Tri::No;
  return arn_match_symbolic(id, who);
}

/// How a resource-policy principal entry names the requester.
enum class PrincipalForm { None, Any, Account, User, Role, Session, Service };

/// Classifies one Principal entry against the request principal. Returns the form when it
/// matches (Yes), or Unknown/No.
Tri match_principal_entry(const model::Principal& p, const FullRequest& req, PrincipalForm& form) {
  form = PrincipalForm::None;
  if (p.type == "*") {
    form = PrincipalForm::Any;
    return Tri::Yes;
  }
  if (!p.id.known) return Tri::Unknown;
  const std::string& id = p.id.text;
  if (p.type != "AWS") {
    form = PrincipalForm::Service;
    return Tri::No;  // service and federated principals never match an IAM user or role session
  }
  if (id == "*") {
    form = PrincipalForm::Any;
    return Tri::Yes;
  }
  const std::string& who = req.principal_arn;
  const std::string acct = req.principal_account.empty() ? account_of(who) : req.principal_account;
  // 12-digit account ID or the account root ARN.
  auto arn = parse_arn(id);
  if (!arn) {
    form = PrincipalForm::Account;
    if (acct.empty()) return Tri::Unknown;
    return id == acct ? Tri::Yes : Tri::No;
  }
  if (arn->service == "iam" && arn->resource == "root") {
    form = PrincipalForm::Account;
    if (acct.empty()) return Tri::Unknown;
    return arn->account == acct ? Tri::Yes : Tri::No;
  }
  if (who.empty()) return Tri::Unknown;
  auto w = parse_arn(who);
  if (!w) return Tri::No;
  if (arn->service == "iam" && arn->resource.rfind("user/", 0) == 0) {
    form = PrincipalForm::User;
    return same_principal(id, who);
  }
  if (arn->service == "iam" && arn->resource.rfind("role/", 0) == 0) {
    form = PrincipalForm::Role;
    // A role ARN matches that role's sessions: arn:P:sts::A:assumed-role/NAME/SESSION.
    std::string role_name = arn->resource.substr(arn->resource.rfind('/') + 1);
    if (w->service == "sts" && w->resource.rfind("assumed-role/" + role_name + "/", 0) == 0) {
      Tri same = arn_match_symbolic("arn:" + arn->partition + ":sts::" + arn->account + ":x", "arn:" + w->partition +
                                                                                               ":sts::" + w->account + ":x");
      if (same != Tri::No) return same;
    }
    return same_principal(id, who);
  }
  if (arn->service == "sts" && arn->resource.rfind("assumed-role/", 0) == 0) {
    form = PrincipalForm::Session;
    return same_principal(id, who);
  }
  return same_principal(id, who);
}

struct StageEval {
  Tri allow = Tri::No;
  Tri deny = Tri::No;
  std::vector<Reason> allow_reasons, deny_reasons, unknown_reasons;
  std::string unknown_because;
  std::string deny_unknown_because;  ///< why the first Deny that might apply is not certain
  // Resource policies: the strongest principal form among allowing statements.
  Tri allow_direct = Tri::No;   ///< names the IAM user or the role session
  Tri allow_role = Tri::No;     ///< names the role ARN
  Tri allow_any = Tri::No;      ///< "*" or NotPrincipal: direct, but within a session policy
};

Tri statement_applies_full(const model::Statement& st, const FullRequest& req, std::string* why) {
  Tri t = tri_and(statement_matches_action(st, req.action, why), statement_matches_resource(st, req.resource, why));
  if (t == Tri::No) return t;
  return tri_and(t, evaluate_conditions(st, req.context, why));
}

StageEval eval_stage(const std::vector<const model::Policy*>& policies, const FullRequest& req, bool resource_policy) {
  StageEval e;
  for (const model::Policy* p : policies) {
    if (!p->resolved) {
      e.allow = tri_or(e.allow, Tri::Unknown);
      e.deny = tri_or(e.deny, Tri::Unknown);
      if (e.unknown_because.empty()) e.unknown_because = p->name + " could not be read (" + p->unresolved_reason + ")";
      continue;
    }
    for (const auto& st : p->statements) {
      if (st.effect == model::Effect::Invalid) continue;
      std::string why;
      Tri t = statement_applies_full(st, req, &why);
      PrincipalForm form = PrincipalForm::None;
      if (t != Tri::No && resource_policy) {
        Tri pm = statement_matches_principal(st, req);
        if (pm == Tri::Unknown && why.empty()) why = "the request principal is not known";
        t = tri_and(t, pm);
        if (!st.not_principal) {
          for (const auto& pr : st.principals) {
            PrincipalForm f;
            if (match_principal_entry(pr, req, f) == Tri::Yes && f > form) form = f;
          }
        } else {
          // An Allow with NotPrincipal covers every principal it does not list, like "*": it
          // grants on its own in the same account.
          form = PrincipalForm::Any;
        }
      }
      if (t == Tri::No) continue;
      if (st.effect == model::Effect::Unknown) {
        t = Tri::Unknown;
        if (why.empty()) why = "Effect " + st.effect_text.text;
      }
      Reason r{p, &st, t};
      if (t == Tri::Unknown) {
        e.unknown_reasons.push_back(r);
        if (e.unknown_because.empty()) e.unknown_because = why;
      }
      if (st.effect == model::Effect::Deny || st.effect == model::Effect::Unknown) {
        e.deny = tri_or(e.deny, t);
        if (t == Tri::Yes) e.deny_reasons.push_back(r);
        if (t == Tri::Unknown && e.deny_unknown_because.empty()) e.deny_unknown_because = why;
      }
      if (st.effect == model::Effect::Allow || st.effect == model::Effect::Unknown) {
        e.allow = tri_or(e.allow, t);
        if (t == Tri::Yes) e.allow_reasons.push_back(r);
        if (resource_policy) {
          // "*" covers every principal, so like a grant to the user or session itself it needs
          // no identity-based allow in the same account (an account principal delegates instead).
          if (form == PrincipalForm::User || form == PrincipalForm::Session)
            e.allow_direct = tri_or(e.allow_direct, t);
          else if (form == PrincipalForm::Any) e.allow_any = tri_or(e.allow_any, t);
          else if (form == PrincipalForm::Role) e.allow_role = tri_or(e.allow_role, t);
        }
      }
    }
  }
  return e;
}

}  // namespace

Tri statement_matches_principal(const model::Statement& st, const FullRequest& req) {
  if (!st.has_principal) return Tri::No;  // a resource policy statement needs a principal
  // A Deny with NotPrincipal exempts only a principal whose own ARN is listed (the user, or for
  // a role session the role or the session). AWS checks the account, then the user or role,
  // then the session, and each must be exempt: an account listed alone does not exempt that
  // account's users and sessions (IAM User Guide, "AWS JSON policy elements: NotPrincipal",
  // key points; tests/differential_known.md: the simulator exempts them).
  const bool own_arn_only = st.not_principal && st.effect == model::Effect::Deny;
  // Same page: "The NotPrincipal element with a Deny effect will always deny any IAM principal
  // that has a permissions boundary policy attached, regardless of the values specified in the
  // NotPrincipal element."
  if (own_arn_only && req.principal_has_boundary) return Tri::Yes;
  Tri any = Tri::No;
  for (const auto& p : st.principals) {
    PrincipalForm form;
    Tri m = match_principal_entry(p, req, form);
    if (own_arn_only && form == PrincipalForm::Account) continue;
    any = tri_or(any, m);
  }
  if (!st.not_principal) return any;
  if (any == Tri::Unknown) return Tri::Unknown;
  return any == Tri::Yes ? Tri::No : Tri::Yes;
}

Tri statement_applies(const model::Statement& st, const FullRequest& req, bool resource_policy, std::string* why) {
  if (st.effect == model::Effect::Invalid) return Tri::No;
  Tri t = statement_applies_full(st, req, why);
  if (t != Tri::No && resource_policy) {
    Tri pm = statement_matches_principal(st, req);
    if (pm == Tri::Unknown && why && why->empty()) *why = "the request principal is not known";
    t = tri_and(t, pm);
  }
  return t;
}

Evaluation evaluate_request(const PolicySet& ps, const FullRequest& request) {
  // Keys the action never carries are absent, whatever the caller put in the context.
  FullRequest req = request;
  req.context.limit_to_action(req.action);
  req.principal_has_boundary = ps.has_boundary;
  Evaluation ev;
  const std::string principal_account = req.principal_account.empty() ? account_of(req.principal_arn) : req.principal_account;
  const bool cross_account = !req.resource_account.empty() && !principal_account.empty() &&
                             req.resource_account != principal_account;
  const bool cross_unknown = !req.resource_account.empty() && principal_account.empty();

  std::vector<StageEval> scp;
  if (!ps.management_account)
    for (const auto& level : ps.scp_levels) scp.push_back(eval_stage(level, req, false));
  StageEval rp = eval_stage(ps.resource, req, true);
  StageEval id = eval_stage(ps.identity, req, false);
  StageEval bd = ps.has_boundary ? eval_stage(ps.boundary, req, false) : StageEval{};
  StageEval ss = ps.has_session ? eval_stage(ps.session, req, false) : StageEval{};

  auto note_unknown = [&ev](const StageEval& s) {
    if (ev.unknown_because.empty() && !s.unknown_because.empty()) ev.unknown_because = s.unknown_because;
  };

  // 1. Explicit deny anywhere.
  Tri deny = Tri::No;
  std::vector<std::pair<Stage, const StageEval*>> stages;
  for (const auto& s : scp) stages.emplace_back(Stage::ServiceControl, &s);
  stages.emplace_back(Stage::ResourcePolicy, &rp);
  stages.emplace_back(Stage::IdentityPolicy, &id);
  if (ps.has_boundary) stages.emplace_back(Stage::Boundary, &bd);
  if (ps.has_session) stages.emplace_back(Stage::SessionPolicy, &ss);
  for (const auto& [stage, s] : stages) {
    if (s->deny == Tri::Yes) {
      ev.decision = Decision::ExplicitDeny;
      ev.decided_by = stage;
      ev.trace.push_back(TraceStep{stage, Decision::ExplicitDeny, s->deny_reasons, "explicit Deny"});
      return ev;
    }
    deny = tri_or(deny, s->deny);
  }

  // The Deny statements that might apply, and why they are not certain.
  auto note_possible_denies = [&ev, &stages]() {
    for (const auto& entry : stages) {
      const StageEval* s = entry.second;
      if (s->deny != Tri::Unknown) continue;
      if (ev.deny_kind_because.empty())
        ev.deny_kind_because = !s->deny_unknown_because.empty() ? s->deny_unknown_because : s->unknown_because;
      for (const auto& r : s->unknown_reasons)
        if (r.statement->effect != model::Effect::Allow) ev.possible_denies.push_back(r);
    }
    if (ev.deny_kind_because.empty()) ev.deny_kind_because = "a value that could not be resolved";
  };

  // 2. SCPs: every level must allow.
  Tri scp_ok = Tri::Yes;
  for (std::size_t i = 0; i < scp.size(); ++i) {
    scp_ok = tri_and(scp_ok, scp[i].allow);
    Decision d = scp[i].allow == Tri::Yes ? Decision::Allow : scp[i].allow == Tri::No ? Decision::ImplicitDeny : Decision::Unknown;
    ev.trace.push_back(TraceStep{Stage::ServiceControl, d, scp[i].allow_reasons,
                                 "SCP level " + std::to_string(i + 1) + (d == Decision::ImplicitDeny ? ": no statement allows" : "")});
    if (scp[i].allow == Tri::Unknown) note_unknown(scp[i]);
  }

  auto stage_decision = [](Tri t) { return t == Tri::Yes ? Decision::Allow : t == Tri::No ? Decision::ImplicitDeny : Decision::Unknown; };
  if (!ps.resource.empty())
    ev.trace.push_back(TraceStep{Stage::ResourcePolicy, stage_decision(rp.allow), rp.allow_reasons, ""});
  ev.trace.push_back(TraceStep{Stage::IdentityPolicy, stage_decision(id.allow), id.allow_reasons, ""});
  if (ps.has_boundary) ev.trace.push_back(TraceStep{Stage::Boundary, stage_decision(bd.allow), bd.allow_reasons, ""});
  if (ps.has_session) ev.trace.push_back(TraceStep{Stage::SessionPolicy, stage_decision(ss.allow), ss.allow_reasons, ""});

  const Tri bd_ok = ps.has_boundary ? bd.allow : Tri::Yes;
  const Tri ss_ok = ps.has_session ? ss.allow : Tri::Yes;
  Tri allowed;
  if (cross_account) {
    // Both accounts must allow: the principal's own policies, and the resource policy.
    allowed = tri_and(tri_and(tri_and(scp_ok, id.allow), tri_and(bd_ok, ss_ok)), rp.allow);
  } else {
    // Same account: a resource-policy Allow naming the user or the role session grants on its
    // own; one naming the role is still limited by boundary and session policies.
    Tri via_identity = tri_and(id.allow, tri_and(bd_ok, ss_ok));
    Tri via_role = tri_and(rp.allow_role, tri_and(bd_ok, ss_ok));
    // "*" (or NotPrincipal) grants without an identity-based allow, but only a grant naming the
    // session itself escapes the session policy (IAM User Guide, "Session policies"; the
    // reference simulator agrees).
    Tri via_any = tri_and(rp.allow_any, ss_ok);
    allowed = tri_and(scp_ok, tri_or(tri_or(rp.allow_direct, via_any), tri_or(via_role, via_identity)));
    if (cross_unknown && allowed == Tri::Yes && rp.allow != Tri::Yes && id.allow == Tri::Yes) {
      // The resource may belong to another account, which would also need its policy to allow.
      allowed = Tri::Unknown;
      if (ev.unknown_because.empty()) ev.unknown_because = "the principal's account is not known";
    }
  }

  if (allowed == Tri::No) {
    ev.decision = Decision::ImplicitDeny;
    if (deny == Tri::Unknown) {
      // Denied either way; explicitly only if a Deny statement applies.
      ev.deny_kind_unknown = true;
      note_possible_denies();
    }
    if (scp_ok == Tri::No) ev.decided_by = Stage::ServiceControl;
    else if (cross_account && rp.allow == Tri::No) ev.decided_by = Stage::ResourcePolicy;
    else if (id.allow == Tri::No && rp.allow != Tri::Yes) ev.decided_by = Stage::IdentityPolicy;
    else if (ps.has_boundary && bd.allow == Tri::No) ev.decided_by = Stage::Boundary;
    else if (ps.has_session && ss.allow == Tri::No) ev.decided_by = Stage::SessionPolicy;
    else ev.decided_by = Stage::IdentityPolicy;
    return ev;
  }
  if (allowed == Tri::Yes && deny == Tri::No) {
    ev.decision = Decision::Allow;
    ev.decided_by = (rp.allow_direct == Tri::Yes || rp.allow_any == Tri::Yes) && !cross_account ? Stage::ResourcePolicy
                                                                                                 : Stage::IdentityPolicy;
    return ev;
  }
  ev.decision = Decision::Unknown;
  if (deny == Tri::Unknown) note_possible_denies();  // an explicit deny is possible
  for (const auto& [stage, s] : stages) {
    (void)stage;
    note_unknown(*s);
  }
  if (ev.unknown_because.empty()) ev.unknown_because = "a value could not be resolved";
  return ev;
}

}  // namespace seslint::policy
