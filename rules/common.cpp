#include "common.h"

#include <algorithm>

namespace seslint::rules {

std::vector<const model::Policy*> identity_policies(const model::Model& m) {
  std::vector<const model::Policy*> out;
  for (const auto& p : m.policies) {
    switch (p.kind) {
      case model::PolicyKind::Managed:
      case model::PolicyKind::Inline:
      case model::PolicyKind::Raw:
        out.push_back(&p);
        break;
      case model::PolicyKind::PolicyDocument:
        if (p.referenced_by == 0) out.push_back(&p);
        break;
      default:
        break;
    }
  }
  return out;
}

std::string principal_phrase(const model::Policy& p, const std::string& partition, const std::string& account) {
  const bool literal = p.attached_to.known && !p.attached_to.text.empty() && !partition.empty() && !account.empty() &&
                       !policy::has_wildcard(partition) && !policy::has_wildcard(account);
  if (literal) {
    const std::string& t = p.resource_type;
    if (t == "aws_iam_user_policy" || t == "AWS::IAM::UserPolicy")
      return "arn:" + partition + ":iam::" + account + ":user/" + p.attached_to.text;
    if (t == "aws_iam_role_policy" || t == "AWS::IAM::RolePolicy")
      return "arn:" + partition + ":sts::" + account + ":assumed-role/" + p.attached_to.text + "/<session>";
  }
  return "<principal using " + p.name + ">";
}

std::string access_denied_text(const model::Policy& p, const std::string& action, const std::string& resource,
                               const std::string& context) {
  auto arn = policy::parse_arn(context.empty() ? resource : context);
  std::string who = arn ? principal_phrase(p, arn->partition, arn->account) : principal_phrase(p);
  if (resource == "*")
    return "User '" + who + "' is not authorized to perform: " + action;
  return "554 Access denied: User '" + who + "' is not authorized to perform '" + action + "' on resource '" +
         resource + "'";
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += (i + 1 == items.size()) ? " and " : ", ";
    out += items[i];
  }
  return out;
}

std::string address_domain(const std::string& address) {
  auto at = address.rfind('@');
  return at == std::string::npos ? std::string() : address.substr(at + 1);
}

bool domain_within(const std::string& domain, const std::string& parent) {
  if (domain.size() < parent.size() || parent.empty()) return false;
  if (!policy::iequals(std::string_view(domain).substr(domain.size() - parent.size()), parent)) return false;
  return domain.size() == parent.size() || domain[domain.size() - parent.size() - 1] == '.';
}

std::string identity_display(const analysis::Target& t) {
  const auto& n = t.identity->name;
  return n.known ? n.text : "${" + n.text + "}";
}

std::string describe_sends(const std::vector<const analysis::Cell*>& cells) {
  std::vector<std::string> actions, identities;
  for (const analysis::Cell* c : cells) {
    if (std::find(actions.begin(), actions.end(), c->action) == actions.end()) actions.push_back(c->action);
    std::string id = identity_display(*c->target);
    if (std::find(identities.begin(), identities.end(), id) == identities.end()) identities.push_back(id);
  }
  return join_list(actions) + " as " + join_list(identities);
}

std::size_t representative(const std::vector<const analysis::Cell*>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (cells[i]->sender->smtp && cells[i]->action == "ses:SendRawEmail") return i;
  return 0;
}

engine::Note identity_note(const analysis::Target& t) {
  const model::Identity& id = *t.identity;
  const source::Span span = id.name.span.valid() ? id.name.span : id.span;
  return {span, "SES identity '" + identity_display(t) + "' (" + id.resource + "), Region " +
                    policy::display_symbols(t.region)};
}

void add_trace_notes(engine::Finding& f, const model::AppliedPolicy& a) {
  if (a.trace.empty()) return;
  const model::Hop& principal = a.trace.front();
  for (std::size_t i = 1; i < a.trace.size(); ++i) {
    const model::Hop& h = a.trace[i];
    if (a.policy && h.resource == a.policy->name) continue;
    if (h.span.valid() && h.span == f.span) continue;  // the finding points there already
    if (h.resource == principal.resource)
      f.notes.push_back({h.span, h.what + " of " + principal.resource + " here"});
    else
      f.notes.push_back({h.span, "reaches " + principal.resource + " through " + h.what + " " + h.resource});
  }
}

}  // namespace seslint::rules
