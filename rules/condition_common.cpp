#include "condition_common.h"

#include "common.h"
#include "policy/conditions.h"
#include "policy/evaluate.h"
#include "policy/text.h"

namespace seslint::rules {

namespace {

bool holds(const std::vector<const model::Policy*>& ps, const model::Policy& p) {
  return std::find(ps.begin(), ps.end(), &p) != ps.end();
}

bool names_statement(const policy::Evaluation& ev, const model::Statement& st) {
  for (const auto& step : ev.trace)
    for (const auto& r : step.reasons)
      if (r.statement == &st) return true;
  return false;
}

}  // namespace

std::vector<std::string> sends_decided_by(const analysis::SendMatrix& m, const model::Policy& p,
                                          const model::Statement& st, std::size_t limit) {
  std::vector<std::string> out;
  std::size_t more = 0;
  const bool allow = st.effect == model::Effect::Allow;
  for (const auto& c : m.cells) {
    const auto* failing = c.eval.failing();
    if (!failing) continue;
    const auto d = failing->evaluation.decision;
    bool decided = false;
    if (allow && d == policy::Decision::ImplicitDeny) {
      const bool in_sender = holds(c.sender->policies.identity, p) || holds(c.sender->policies.boundary, p);
      const bool in_identity = failing->kind == "identity" && holds(c.target->node->policies, p);
      decided = (in_sender || in_identity) && policy::statement_matches_action(st, c.action) == policy::Tri::Yes &&
                policy::statement_matches_resource(st, failing->resource) != policy::Tri::No;
    } else if (!allow && d == policy::Decision::ExplicitDeny) {
      decided = names_statement(failing->evaluation, st);
    }
    if (!decided) continue;
    if (out.size() >= limit) {
      ++more;
      continue;
    }
    out.push_back(c.sender->display_name() + " sending as " + c.target->display_name() + ": " +
                  display_arn(analysis::access_denied_message(*c.sender, c.action, failing->resource), "name"));
  }
  if (more) out.push_back("... and " + std::to_string(more) + " more send" + (more == 1 ? "" : "s"));
  return out;
}

void add_send_errors(engine::Finding& f, const analysis::SendMatrix& m, const model::Policy& p,
                     const model::Statement& st) {
  auto lines = sends_decided_by(m, p, st);
  bool used = false;
  for (const auto& s : m.senders)
    if (holds(s->policies.identity, p) || holds(s->policies.boundary, p)) used = true;
  for (const auto& t : m.targets)
    if (holds(t->node->policies, p)) used = true;
  if (!used && st.effect == model::Effect::Allow && p.kind != model::PolicyKind::SesIdentity &&
      p.kind != model::PolicyKind::ServiceControl) {
    // No sender of the repository uses the policy: the error its principal would get.
    std::string action = "ses:SendRawEmail";
    for (const auto& a : st.actions)
      if (a.known && policy::text::istarts_with(a.text, "ses:Send") && a.text.find('*') == std::string::npos) {
        action = a.text;
        break;
      }
    std::string resource = "arn:aws:ses:${region}:${account}:identity/${identity}";
    for (const auto& r : st.resources)
      if (r.known && r.text.rfind("arn:", 0) == 0) {
        resource = r.text;
        break;
      }
    f.notes.push_back({source::Span{}, "a send under this statement fails: " +
                                           access_denied_text(p, action, resource, resource)});
    return;
  }
  for (const auto& line : lines) f.notes.push_back({source::Span{}, line});
}

OperatorInfo operator_info(std::string_view op) {
  using policy::text::iends_with;
  using policy::text::istarts_with;
  OperatorInfo info;
  info.known = policy::is_known_operator(op);
  if (!info.known) return info;
  if (istarts_with(op, "ForAllValues:")) {
    info.for_all = true;
    op.remove_prefix(13);
  } else if (istarts_with(op, "ForAnyValue:")) {
    info.for_any = true;
    op.remove_prefix(12);
  }
  if (iends_with(op, "IfExists")) {
    info.if_exists = true;
    op.remove_suffix(8);
  }
  const std::string lower = policy::text::to_lower(op);
  info.null = lower == "null";
  info.negated = lower.find("not") != std::string::npos;
  info.arn = istarts_with(op, "Arn");
  info.string_or_arn = info.arn || istarts_with(op, "String");
  info.ignore_case = iends_with(op, "IgnoreCase");
  return info;
}

}  // namespace seslint::rules
