#include "common.h"

#include <cctype>
#include <set>

#include "policy/send.h"
#include "policy/ses_actions.h"
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

std::string attached_principal(const model::Model& m, const model::Policy& p, const std::string& partition,
                               const std::string& account) {
  const model::PolicyAttachment* found = nullptr;
  std::size_t count = 0;
  for (const auto& a : m.iam.attachments) {
    if (a.inline_policy || a.policy.target != p.name || a.origin.module != p.module ||
        a.origin.cloudformation != (p.resource_type.rfind("AWS::", 0) == 0))
      continue;
    if (!found) found = &a;
    ++count;
  }
  if (!found) return "";
  const model::Str& name = found->principal.value;
  const bool pinned = !partition.empty() && !account.empty() && !policy::has_wildcard(partition) &&
                      !policy::has_wildcard(account);
  std::string who;
  if (name.known && !name.text.empty() && pinned && found->principal_kind == model::EntityKind::User)
    who = "arn:" + partition + ":iam::" + account + ":user/" + name.text;
  else if (name.known && !name.text.empty() && pinned && found->principal_kind == model::EntityKind::Role)
    who = "arn:" + partition + ":sts::" + account + ":assumed-role/" + name.text + "/<session>";
  else
    who = (found->principal_kind == model::EntityKind::Group ? std::string("a member of IAM group ")
           : found->principal_kind == model::EntityKind::Role ? std::string("IAM role ")
                                                               : std::string("IAM user ")) +
          (name.known ? "'" + name.text + "'" : name.text.empty() ? std::string("(not resolved)") : name.text) +
          ", attached by " + found->origin.resource;
  if (count > 1) who += ", and " + std::to_string(count - 1) + " more";
  return who.rfind("arn:", 0) == 0 ? who : "<" + who + ">";
}

std::string principal_of_policy(const model::Model& m, const model::Policy& p) {
  if (std::string who = attached_principal(m, p); !who.empty()) return who;
  if (p.resource_type.rfind("AWS::Serverless::", 0) == 0) return "the execution role of " + p.name;
  return "a principal using " + p.name;
}

std::string principal_phrase(const model::Policy& p, const std::string& partition, const std::string& account,
                             const model::Model* m) {
  const bool literal = p.attached_to.known && !p.attached_to.text.empty() && !partition.empty() && !account.empty() &&
                       !policy::has_wildcard(partition) && !policy::has_wildcard(account);
  if (literal) {
    const std::string& t = p.resource_type;
    if (t == "aws_iam_user_policy" || t == "AWS::IAM::UserPolicy")
      return "arn:" + partition + ":iam::" + account + ":user/" + p.attached_to.text;
    if (t == "aws_iam_role_policy" || t == "AWS::IAM::RolePolicy")
      return "arn:" + partition + ":sts::" + account + ":assumed-role/" + p.attached_to.text + "/<session>";
  }
  if (m)
    if (std::string who = attached_principal(*m, p, partition, account); !who.empty()) return who;
  return "<principal using " + p.name + ">";
}

std::string access_denied_text(const model::Policy& p, const std::string& action, const std::string& resource,
                               const std::string& context, const model::Model* m) {
  auto arn = policy::parse_arn(context.empty() ? resource : context);
  std::string who = arn ? principal_phrase(p, arn->partition, arn->account, m) : principal_phrase(p, "", "", m);
  if (resource == "*")
    return "User '" + who + "' is not authorized to perform: " + action;
  return "554 Access denied: User '" + who + "' is not authorized to perform '" + action + "' on resource '" +
         resource + "'";
}

std::vector<const model::Policy*> policies_without_sender(const model::Model& m, const analysis::SendMatrix& mx) {
  std::set<const model::Policy*> used;
  for (const auto& s : mx.senders)
    for (const model::Policy* p : s->policies.identity) used.insert(p);
  std::vector<const model::Policy*> out;
  for (const model::Policy* p : identity_policies(m))
    if (!used.count(p)) out.push_back(p);
  return out;
}

std::vector<std::string> named_send_actions(const model::Policy& p, bool templated) {
  std::vector<std::string> out;
  for (const auto& a : policy::ses_actions()) {
    if (!a.is_send) continue;
    const std::string name = policy::qualified(a);
    if (templated && !policy::send_requires_template(name)) continue;
    bool named = false;
    for (const auto& st : p.statements) {
      if (st.effect != model::Effect::Allow || st.not_action) continue;
      for (const auto& x : st.actions)
        if (x.known && !policy::has_wildcard(x.text) && policy::iequals(x.text, name)) named = true;
    }
    if (named) out.push_back(name);
  }
  return out;
}

const policy::TraceStep* trace_step(const policy::Evaluation& ev, policy::Stage stage) {
  for (const auto& step : ev.trace)
    if (step.stage == stage) return &step;
  return nullptr;
}

namespace {

const policy::Reason* first_allow(const std::vector<policy::Reason>& reasons) {
  for (const auto& r : reasons)
    if (r.applies == policy::Tri::Yes && r.statement && r.statement->effect == model::Effect::Allow) return &r;
  return nullptr;
}

}  // namespace

const policy::Reason* granting_reason(const policy::Evaluation& ev) {
  for (policy::Stage stage : {policy::Stage::IdentityPolicy, policy::Stage::ResourcePolicy})
    if (const auto* step = trace_step(ev, stage); step && step->decision == policy::Decision::Allow)
      if (const auto* r = first_allow(step->reasons)) return r;
  return nullptr;
}

const policy::Reason* granting_reason(const policy::Result& r) { return first_allow(r.reasons); }

std::optional<policy::Reason> possible_grant(const policy::Evaluation& ev, const std::vector<const model::Policy*>& policies,
                                             const std::string& action, const std::string& arn) {
  if (const auto* r = granting_reason(ev)) return *r;
  if (ev.decision != policy::Decision::Unknown) return std::nullopt;
  for (const model::Policy* p : policies)
    for (const auto& st : p->statements) {
      if (st.effect != model::Effect::Allow || policy::statement_matches_action(st, action) != policy::Tri::Yes) continue;
      const policy::Tri t = policy::statement_matches_resource(st, arn);
      if (t != policy::Tri::No) return policy::Reason{p, &st, t};
    }
  return std::nullopt;
}

const model::Str* possibly_matching_resource(const model::Statement& st, const std::string& arn) {
  if (const model::Str* r = matching_resource(st, arn)) return r;
  if (st.not_resource) return nullptr;
  for (const auto& r : st.resources) {
    model::Statement one;
    one.has_resource = true;
    one.resources = {r};
    if (policy::statement_matches_resource(one, arn) == policy::Tri::Unknown) return &r;
  }
  return nullptr;
}

const model::Str* matching_resource(const model::Statement& st, const std::string& arn) {
  if (st.not_resource) return nullptr;
  for (const auto& r : st.resources) {
    model::Statement one;
    one.has_resource = true;
    one.resources = {r};
    if (policy::statement_matches_resource(one, arn) == policy::Tri::Yes) return &r;
  }
  return nullptr;
}

std::string display_arn(const std::string& arn, const std::string& unresolved_what) {
  std::string out = policy::display_symbols(arn);
  const std::string shown = "${" + unresolved_what + "}";
  for (auto pos = out.find(analysis::kUnresolvedName); pos != std::string::npos;
       pos = out.find(analysis::kUnresolvedName, pos + shown.size()))
    out.replace(pos, 1, shown);
  return out;
}

std::vector<const model::SesResource*> declared_nearby(const model::Model& m, model::SesResourceKind kind,
                                                       const std::string& name, const std::string& resource_type,
                                                       const std::string& module, const source::Span& span) {
  const bool cfn = resource_type.rfind("AWS::", 0) == 0;
  std::vector<const model::SesResource*> out;
  for (const auto& r : m.ses_resources) {
    if (r.kind != kind || (!name.empty() && (!r.name.known || r.name.text != name))) continue;
    const bool r_cfn = r.resource_type.rfind("AWS::", 0) == 0;
    if (cfn != r_cfn || (cfn ? r.span.file != span.file : r.module != module)) continue;
    out.push_back(&r);
  }
  return out;
}

std::string sam_policy_template(const model::Policy& p, const model::Statement& st, const source::SourceSet& sources) {
  if (p.resource_type.rfind("AWS::Serverless::", 0) != 0 || !st.span.valid()) return "";
  std::string_view text = sources.file(st.span.file).slice(st.span);
  std::size_t n = 0;
  while (n < text.size() && (std::isalnum(static_cast<unsigned char>(text[n])) || text[n] == '_')) ++n;
  const std::string_view name = text.substr(0, n);
  // Hand-written statements start with a key such as Effect or Sid; SAM's SES templates with "SES".
  return name.size() > 3 && name.rfind("SES", 0) == 0 && n < text.size() ? std::string(name) : std::string();
}

std::string sender_names(const std::vector<const analysis::Sender*>& senders) {
  std::vector<std::string> names;
  for (const auto* s : senders) names.push_back(s->display_name());
  return join_list(names);
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += (i + 1 == items.size()) ? " and " : ", ";
    out += items[i];
  }
  return out;
}

SmtpCredentials smtp_credentials(const model::PrincipalNode& p, const source::SourceSet& sources) {
  SmtpCredentials out;
  for (const model::AccessKey* k : p.access_keys) {
    if (k->smtp_password_uses.empty()) continue;
    out.key = k;
    out.span = k->smtp_password_uses.front();
    // The model keeps only the span of the reference; its text says which attribute it reads.
    std::string_view text = out.span.valid() ? sources.file(out.span.file).slice(out.span) : std::string_view();
    out.attribute = text.find("encrypted_ses_smtp_password_v4") != std::string_view::npos
                        ? "encrypted_ses_smtp_password_v4"
                        : "ses_smtp_password_v4";
    out.path = k->origin.resource + "." + out.attribute;
    break;
  }
  return out;
}

std::string principal_label(const model::PrincipalNode& p) {
  const auto& e = *p.entity;
  std::string label = std::string("IAM ") + model::entity_kind_name(e.kind);
  if (e.name.known) label += " '" + e.name.text + "'";
  return label + " (" + e.origin.resource + ")";
}

bool same_scope(const model::Identity& id, const model::Origin& o) {
  const bool cfn = id.resource_type.rfind("AWS::", 0) == 0;
  if (cfn != o.cloudformation) return false;
  return cfn ? id.span.file == o.span.file : id.module == o.module;
}

std::string describe_sends(const std::vector<const analysis::Cell*>& cells) {
  std::vector<std::string> actions, identities;
  for (const analysis::Cell* c : cells) {
    if (std::find(actions.begin(), actions.end(), c->action) == actions.end()) actions.push_back(c->action);
    std::string id = c->target->display_name();
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
  return {span, "SES identity '" + t.display_name() + "' (" + id.resource + "), Region " +
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

/// Terraform module folders that some module call of the scan instantiates ("modules/mail" for
/// the scope "modules/mail (module.mail in .)").
std::set<std::string> called_folders(const model::Model& m) {
  std::set<std::string> out;
  auto add = [&](const std::string& scope) {
    if (model::instance_address(scope).empty()) return;
    out.insert(scope.substr(0, scope.rfind(" (module.")));
  };
  for (const auto& p : m.policies) add(p.module);
  for (const auto& i : m.identities) add(i.module);
  for (const auto& e : m.iam.entities) add(e.origin.module);
  return out;
}

/// A folder whose path has a `modules` component ("modules/mail", "infra/modules/ses"): the
/// conventional place of reusable modules.
bool conventional_module_folder(const std::string& dir) {
  std::size_t start = 0;
  while (start <= dir.size()) {
    auto slash = dir.find('/', start);
    if (slash == std::string::npos) slash = dir.size();
    if (dir.compare(start, slash - start, "modules") == 0) return true;
    start = slash + 1;
  }
  return false;
}

}  // namespace seslint::rules
