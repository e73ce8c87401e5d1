#include "cli/explain_access.h"

#include <map>
#include <ostream>
#include <set>

#include "analysis/send_matrix.h"
#include "model/graph.h"
#include "policy/evaluate.h"
#include "policy/match.h"
#include "policy/send.h"
#include "policy/ses_actions.h"

namespace seslint::cli {

namespace {

std::string where(const source::SourceSet& sources, const source::Span& span) {
  if (!span.valid()) return "";
  const auto& f = sources.file(span.file);
  auto pos = f.position(span.begin);
  return f.path() + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

const model::PrincipalNode* find_principal(const model::PrincipalGraph& g, const std::string& what,
                                           std::vector<std::string>& candidates) {
  if (const auto* p = g.find(what)) return p;
  if (const auto* p = g.find("Resources/" + what)) return p;
  const model::PrincipalNode* by_name = nullptr;
  for (const auto& p : g.principals) {
    candidates.push_back(p.entity->origin.resource);
    const auto& name = p.entity->name;
    if (name.known && name.text == what) by_name = &p;
    if (p.arn.arn.known && p.arn.arn.text == what) return &p;
    if (!p.arn.arn.known && !p.arn.arn.text.empty() && policy::glob_match(p.arn.arn.text, what)) by_name = &p;
  }
  return by_name;
}

bool is_known_arn_part(const std::string& s) { return !s.empty() && !policy::has_wildcard(s); }


}  // namespace

int explain_access(const ExplainAccessOptions& opt, const model::Model& model, const source::SourceSet& sources,
                   std::ostream& out, std::ostream& err) {
  model::PrincipalGraph graph = model::build_graph(model);
  std::vector<std::string> candidates;
  const model::PrincipalNode* node = find_principal(graph, opt.principal, candidates);
  if (!node) {
    err << "seslint: no IAM user or role '" << opt.principal << "' in the scanned files";
    if (!candidates.empty()) {
      err << "; principals found:";
      for (const auto& c : candidates) err << " " << c;
    }
    err << "\n";
    return 2;
  }
  auto resource_arn = policy::parse_arn(opt.resource);
  const bool star = opt.resource == "*";
  if (!star && !resource_arn) {
    err << "seslint: --resource must be an ARN or \"*\": '" << opt.resource << "'\n";
    return 2;
  }

  // Identity policies, boundary and SCP levels, as the send matrix evaluates them.
  policy::PolicySet ps = analysis::principal_policies(*node);
  // Sending authorization policies of the identity the resource names.
  std::string identity_name;
  if (resource_arn && resource_arn->service == "ses" && resource_arn->resource.rfind("identity/", 0) == 0)
    identity_name = resource_arn->resource.substr(9);
  for (const auto& idn : graph.identities)
    if (!identity_name.empty() && idn.identity->name.known && idn.identity->name.text == identity_name)
      for (const auto* p : idn.policies) ps.resource.push_back(p);

  policy::FullRequest req;
  req.action = opt.action;
  req.resource = opt.resource;
  std::string account = opt.account;
  std::vector<std::string> assumptions;
  if (account.empty() && node->arn.account.known) account = node->arn.account.text;
  if (account.empty() && resource_arn && is_known_arn_part(resource_arn->account)) {
    account = resource_arn->account;
    assumptions.push_back("the principal is in the resource's account " + account + " (use --account to change)");
  }
  std::string partition = node->arn.partition.known ? node->arn.partition.text
                          : resource_arn && is_known_arn_part(resource_arn->partition) ? resource_arn->partition
                                                                                     : "aws";
  const auto& name = node->entity->name;
  if (name.known && !account.empty()) {
    std::string path = node->entity->path.known ? node->entity->path.text : "/";
    if (node->kind() == model::EntityKind::User)
      req.principal_arn = "arn:" + partition + ":iam::" + account + ":user" + path + name.text;
    else
      req.principal_arn = "arn:" + partition + ":sts::" + account + ":assumed-role/" + name.text + "/seslint";
  }
  req.principal_account = account;
  if (resource_arn && is_known_arn_part(resource_arn->account) && !account.empty())
    req.resource_account = resource_arn->account;
  // Context: what every request carries, then what the user gave; other keys are unknown.
  req.context.set_default_unknown(true);
  if (resource_arn && is_known_arn_part(resource_arn->region)) req.context.set("aws:RequestedRegion", {resource_arn->region});
  if (!req.principal_arn.empty()) req.context.set("aws:PrincipalArn", {req.principal_arn});
  if (!account.empty()) req.context.set("aws:PrincipalAccount", {account});
  if (node->kind() == model::EntityKind::User && name.known) req.context.set("aws:username", {name.text});
  for (const auto& [k, v] : opt.context) req.context.set(k, v);

  // A send is authorized on every resource it involves (identity, configuration set, template).
  policy::SendRequest send;
  send.action = req.action;
  send.identity_arn = req.resource;
  std::vector<std::string> send_notes;
  std::string unresolved_cs;  // description of a default configuration set we could not resolve
  const policy::SesAction* ses_action = policy::find_ses_action(req.action);
  const bool is_send = ses_action && ses_action->is_send && !identity_name.empty();
  if (is_send) {
    auto sibling = [&](const std::string& type, const std::string& name_or_arn) {
      if (name_or_arn.rfind("arn:", 0) == 0) return name_or_arn;
      policy::Arn a = *resource_arn;
      a.resource = type + "/" + name_or_arn;
      return a.str();
    };
    std::string cs = opt.configuration_set;
    if (cs.empty()) {
      for (const auto& idn : graph.identities) {
        const auto& id = *idn.identity;
        if (!id.name.known || id.name.text != identity_name || id.default_configuration_set.text.empty()) continue;
        if (id.default_configuration_set.known) {
          cs = id.default_configuration_set.text;
          send_notes.push_back("configuration set '" + cs + "' applies: it is the default of identity " + id.resource +
                               " (" + where(sources, id.default_configuration_set.span) + ")");
        } else {
          cs = std::string(1, analysis::kUnresolvedName);
          unresolved_cs = id.default_configuration_set.text;
          send_notes.push_back("identity " + id.resource + " has a default configuration set that is not resolved (" +
                               unresolved_cs + "); its ARN must be allowed too");
        }
      }
    }
    if (!cs.empty()) send.configuration_set_arn = sibling("configuration-set", cs);
    if (!opt.template_name.empty()) send.template_arn = sibling("template", opt.template_name);
    else if (policy::send_requires_template(req.action))
      send_notes.push_back(req.action + " also needs the template ARN allowed; pass --template NAME to check it");
  }
  policy::SendEvaluation sev;
  if (is_send) {
    sev = policy::evaluate_send(ps, send, req);
    // An unresolved set name matches only wildcard resources: an Allow stands, anything else
    // depends on the name.
    for (auto& r : sev.resources) {
      if (r.kind != "configuration-set" || unresolved_cs.empty() || r.evaluation.decision == policy::Decision::Allow ||
          r.evaluation.decision == policy::Decision::ExplicitDeny)
        continue;
      r.evaluation.decision = policy::Decision::Unknown;
      r.evaluation.unknown_because = "the default configuration set name is not resolved (" + unresolved_cs + ")";
      r.resource = r.resource.substr(0, r.resource.size() - 1) + "${" + unresolved_cs + "}";
    }
    sev.decision = policy::combine_decisions(sev.resources);
  } else {
    sev.resources.push_back(policy::ResourceEvaluation{"resource", req.resource, policy::evaluate_request(ps, req)});
    sev.decision = sev.resources[0].evaluation.decision;
  }
  const policy::ResourceEvaluation* failing = sev.failing();
  const policy::Evaluation& ev = failing ? failing->evaluation : sev.resources[0].evaluation;

  out << "principal: " << node->entity->origin.resource;
  if (node->entity->origin.span.valid()) out << " (" << where(sources, node->entity->origin.span) << ")";
  out << "\n";
  out << "request:   " << req.action << " on " << req.resource << " as "
      << (req.principal_arn.empty() ? std::string("<unknown principal ARN>") : req.principal_arn) << "\n";
  for (const auto& a : assumptions) out << "assuming:  " << a << "\n";
  for (const auto& n : send_notes) out << "note:      " << n << "\n";
  out << "decision:  " << policy::decision_name(sev.decision);
  if (sev.decision != policy::Decision::Allow) {
    out << " (" << policy::stage_name(ev.decided_by);
    if (failing && sev.resources.size() > 1) out << ", on the " << failing->kind << " " << failing->resource;
    out << ")";
  }
  out << "\n";
  if (sev.decision == policy::Decision::Unknown) out << "unknown because: " << ev.unknown_because << "\n";
  if (sev.resources.size() > 1) {
    out << "authorizations:\n";
    for (const auto& r : sev.resources)
      out << "  " << r.kind << " " << r.resource << ": " << policy::decision_name(r.evaluation.decision) << "\n";
  }

  out << "\npolicies considered:\n";
  for (const auto& ap : node->policies) {
    out << "  " << model::via_name(ap.via) << ": ";
    if (ap.policy) out << ap.policy->name << " (" << where(sources, ap.policy->span) << ")";
    else out << ap.expression.text << " - not followed: " << ap.unresolved_reason;
    out << "\n";
  }
  if (node->has_boundary) {
    out << "  boundary: "
        << (node->boundary.policy ? node->boundary.policy->name + " (" + where(sources, node->boundary.policy->span) + ")"
                                  : node->boundary.expression.text + " - not followed: " + node->boundary.unresolved_reason)
        << "\n";
  }
  for (const auto* p : ps.resource) out << "  identity policy: " << p->name << " (" << where(sources, p->span) << ")\n";
  std::map<std::string, std::vector<const model::Policy*>> scps_by_target;  // listed by target
  for (const auto& link : node->scps)
    if (link.policy) scps_by_target[link.target.text].push_back(link.policy);
  for (const auto& [target, pols] : scps_by_target)
    for (const auto* p : pols) out << "  SCP on " << target << ": " << p->name << " (" << where(sources, p->span) << ")\n";

  out << "\nevaluation" << (sev.resources.size() > 1 ? " of the " + (failing ? failing->kind : std::string("identity")) : std::string())
      << ":\n";
  for (const auto& step : ev.trace) {
    out << "  " << policy::stage_name(step.stage) << ": " << policy::decision_name(step.decision);
    if (!step.note.empty()) out << " - " << step.note;
    out << "\n";
    for (const auto& r : step.reasons) {
      out << "    " << (r.statement->effect == model::Effect::Deny ? "Deny" : "Allow") << " statement "
          << (r.statement->sid.empty() ? r.statement->path : "'" + r.statement->sid + "'") << " of " << r.policy->name
          << " (" << where(sources, r.statement->span) << ")\n";
    }
  }
  const std::string& failed_resource = failing ? failing->resource : req.resource;
  if (ev.decision == policy::Decision::ImplicitDeny && ev.decided_by == policy::Stage::IdentityPolicy) {
    // Near misses: statements that allow the action, but on other resources.
    bool header = false;
    for (const auto* p : ps.identity) {
      for (const auto& st : p->statements) {
        if (st.effect != model::Effect::Allow || policy::statement_matches_action(st, req.action) != policy::Tri::Yes)
          continue;
        if (!header) {
          out << "\nno identity-based statement allows " << req.action << " on " << failed_resource << "; closest:\n";
          header = true;
        }
        out << "  " << (st.sid.empty() ? st.path : p->name + " statement '" + st.sid + "'") << " ("
            << where(sources, st.span) << ") allows it on " << (st.not_resource ? "everything except " : "");
        for (std::size_t i = 0; i < st.resources.size(); ++i)
          out << (i ? ", " : "") << st.resources[i].text;
        out << "\n";
      }
    }
  }
  if (sev.decision == policy::Decision::Allow) return 0;
  return 1;
}

}  // namespace seslint::cli
