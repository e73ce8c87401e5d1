#include "analysis/send_matrix.h"

#include <algorithm>
#include <map>
#include <set>

#include "policy/arn.h"
#include "policy/match.h"
#include "policy/ses_actions.h"

namespace seslint::analysis {

namespace {

using policy::Decision;
using policy::Tri;

// The actions that send outbound mail (shared/facts/ses-iam.md section 1.1).
const char* const kSendActions[] = {"ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail",
                                    "ses:SendBulkTemplatedEmail", "ses:SendBulkEmail"};

// The literal partitions, Regions and accounts that SES ARNs in the policies of one scope (a
// Terraform module, a CloudFormation template; "" = the whole repository) use. When a scope writes
// exactly one literal value and never builds one from data sources or pseudo parameters, that
// value is taken as the deploying one for identities whose own value is not known.
struct Literals {
  std::set<std::string> values;
  bool symbolic = false;
  void add(const policy::ArnPart& part) {
    if (part.known && !policy::has_wildcard(part.text)) values.insert(part.text);
    else if (!part.known) symbolic = true;
  }
  std::string pick(const char* sym) const {
    if (values.size() == 1 && !symbolic) return *values.begin();
    return policy::symbol(sym);
  }
};

struct Scope {
  Literals partition, region, account;
};

std::string scope_key(const model::Policy& p) {
  if (!p.module.empty() || p.resource_type.rfind("aws_", 0) == 0 || p.resource_type == "data.aws_iam_policy_document")
    return "tf:" + p.module;
  if (p.resource_type.rfind("AWS::", 0) == 0) return "cfn:" + std::to_string(p.span.file);
  return "";
}

std::string scope_key(const model::Identity& i) {
  if (i.resource_type.rfind("AWS::", 0) == 0) return "cfn:" + std::to_string(i.span.file);
  return "tf:" + i.module;
}

std::map<std::string, Scope> repository_scopes(const model::Model& m) {
  std::map<std::string, Scope> scopes;
  for (const auto& p : m.policies) {
    if (p.kind == model::PolicyKind::ServiceControl) continue;
    for (const auto& st : p.statements)
      for (const auto& r : st.resources) {
        auto a = policy::parse_partial_arn(r);
        if (!a || !a->service.known || a->service.text != "ses") continue;
        for (const std::string& key : {scope_key(p), std::string()}) {
          Scope& s = scopes[key];
          s.partition.add(a->partition);
          s.region.add(a->region);
          s.account.add(a->account);
          if (key.empty()) break;
        }
      }
  }
  return scopes;
}

std::string pick(const std::map<std::string, Scope>& scopes, const std::string& key, Literals Scope::*part,
                 const char* sym) {
  auto it = scopes.find(key);
  if (it != scopes.end()) return (it->second.*part).pick(sym);
  it = scopes.find("");
  return it != scopes.end() ? (it->second.*part).pick(sym) : policy::symbol(sym);
}

std::string scope_key(const model::Origin& o) {
  return o.cloudformation ? "cfn:" + std::to_string(o.span.file) : "tf:" + o.module;
}

// The account of a literal IAM ARN that can only live in the caller's own account (a customer
// managed policy or boundary); "" for AWS managed policies ("aws") and anything not literal.
std::string iam_account(const model::Str& s) {
  auto a = policy::parse_partial_arn(s);
  if (!a || !a->service.known || a->service.text != "iam" || !a->account.known) return "";
  const std::string& acct = a->account.text;
  if (acct.size() != 12 || acct.find_first_not_of("0123456789") != std::string::npos) return "";
  return acct;
}

// Literal accounts of the policy ARNs attached in each scope (see Sender::account).
std::map<std::string, std::set<std::string>> attachment_accounts(const model::Model& m) {
  std::map<std::string, std::set<std::string>> out;
  auto add = [&](const model::Origin& o, const model::Ref& r) {
    if (std::string a = iam_account(r.value); !a.empty()) out[scope_key(o)].insert(a);
  };
  for (const auto& at : m.iam.attachments) add(at.origin, at.policy);
  for (const auto& e : m.iam.entities) {
    for (const auto& r : e.managed_policy_arns) add(e.origin, r);
    if (e.has_boundary) add(e.origin, e.permissions_boundary);
  }
  return out;
}

std::string principal_account(const model::PrincipalNode& n,
                              const std::map<std::string, std::set<std::string>>& by_scope) {
  if (n.arn.account.known) return n.arn.account.text;
  std::set<std::string> own;
  for (const auto& ap : n.policies)
    if (ap.via == model::Via::Attached)
      if (std::string a = iam_account(ap.expression); !a.empty()) own.insert(a);
  if (n.has_boundary)
    if (std::string a = iam_account(n.boundary.expression); !a.empty()) own.insert(a);
  if (own.size() == 1) return *own.begin();
  if (!own.empty()) return "";
  auto it = by_scope.find(scope_key(n.entity->origin));
  return it != by_scope.end() && it->second.size() == 1 ? *it->second.begin() : "";
}

bool names_action_exactly(const model::Statement& st, const char* action) {
  if (st.not_action) return false;
  for (const auto& a : st.actions)
    if (a.known && !policy::has_wildcard(a.text) && policy::iequals(a.text, action)) return true;
  return false;
}

// A policy that names the identity by a literal ARN without wildcards in its name, or grants into
// one literal account whose identity it matches, ties a sender to an identity of another deployment.
bool names_identity_literally(const std::vector<const model::Policy*>& policies, const Target& t) {
  const auto& name = t.identity->name;
  if (!name.known) return false;
  for (const auto* p : policies)
    for (const auto& st : p->statements) {
      if (st.effect != model::Effect::Allow || st.not_resource) continue;
      for (const auto& r : st.resources) {
        if (!r.known || r.text.find('\x01') != std::string::npos) continue;
        auto a = policy::parse_arn(r.text);
        if (!a || a->service != "ses") continue;
        if (a->resource == "identity/" + name.text) return true;
        // A grant into one named account (a cross-account send) ties to that account's identities.
        const bool one_account = a->account.size() == 12 && a->account.find_first_not_of("0123456789") == std::string::npos;
        if (one_account && policy::arn_match_symbolic(r.text, t.arn) == Tri::Yes) return true;
      }
    }
  return false;
}

}  // namespace

std::string Target::display_name() const {
  const auto& n = identity->name;
  return n.known ? n.text : "${" + n.text + "}";
}

std::string Target::sibling(const std::string& type, const std::string& name) const {
  return "arn:" + partition + ":ses:" + region + ":" + account + ":" + type + "/" + name;
}

namespace {

// "dir (module.a in ROOT)" -> ROOT; a folder evaluated on its own is its own root.
std::string terraform_root(const std::string& module) {
  if (!model::instance_address(module).empty()) {
    auto in = module.rfind(" in ");
    if (in != std::string::npos) return module.substr(in + 4, module.size() - in - 5);
  }
  return module.empty() ? "." : module;
}

}  // namespace

std::string deployment_of(const model::Origin& o) {
  return o.cloudformation ? "cfn:" + std::to_string(o.span.file) : "tf:" + terraform_root(o.module);
}

std::string deployment_of(const model::Identity& i) {
  if (i.resource_type.rfind("AWS::", 0) == 0) return "cfn:" + std::to_string(i.span.file);
  return "tf:" + terraform_root(i.module);
}

std::string deployment_of(const model::Policy& p) {
  if (p.resource_type.rfind("AWS::", 0) == 0) return "cfn:" + std::to_string(p.span.file);
  if (p.kind == model::PolicyKind::Raw && p.module.empty()) return "";
  return "tf:" + terraform_root(p.module);
}

std::string deployment_name(const std::string& key, const source::SourceSet& sources) {
  if (key.rfind("tf:", 0) == 0) return key.substr(3);
  if (key.rfind("cfn:", 0) == 0) {
    const auto id = static_cast<source::FileId>(std::stoul(key.substr(4)));
    if (id < sources.size()) return sources.file(id).path();
  }
  return key;
}

bool may_name_type(const std::vector<const model::Policy*>& policies, const std::string& action,
                   const std::string& type) {
  for (const auto* p : policies)
    for (const auto& st : p->statements) {
      if (st.effect != model::Effect::Allow || policy::statement_matches_action(st, action) == Tri::No) continue;
      for (const auto& r : st.resources) {
        std::string pat = policy::permissive_pattern(r);
        auto a = policy::parse_arn(pat);
        if (a && a->resource.rfind(type + "/", 0) == 0) return true;
      }
    }
  return false;
}

std::string Sender::display_name() const {
  // A principal of a child module instance is named by its Terraform address.
  return model::resource_address(node->entity->origin);
}

std::vector<const Cell*> SendMatrix::cells_of(const Sender& s) const {
  std::vector<const Cell*> out;
  for (const auto& c : cells)
    if (c.sender == &s) out.push_back(&c);
  return out;
}

const Cell* SendMatrix::find(const Sender& s, const Target& t, const std::string& action) const {
  for (const auto& c : cells)
    if (c.sender == &s && c.target == &t && c.action == action) return &c;
  return nullptr;
}

namespace {

// An identity-policy Allow names the send (action and identity ARN for certain) but does not
// apply, e.g. because its condition needs a key the action never carries: the principal is meant
// to send as the identity, and the send is denied (not "left out").
bool under_domain(const std::string& name, const std::string& domain);

// The identity name an Allow's Resource entry names literally ("identity/api.example.com"), or "".
std::string granted_identity_name(const model::Str& r) {
  auto arn = policy::parse_partial_arn(r);
  if (!arn || !arn->service.known || arn->service.text != "ses" || !arn->resource.known ||
      arn->resource.text.rfind("identity/", 0) != 0 || policy::has_wildcard(arn->resource.text))
    return "";
  return arn->resource.text.substr(9);
}

// Also meant: an Allow that names a subdomain or address under the target domain which is not
// itself an identity of the matrix, e.g. identity/api.example.com while only example.com is
// verified; SES checks example.com for those sends (SES023), so the send is denied, not left out.
bool named_but_denied(const Cell& c, const std::vector<std::unique_ptr<Target>>& targets) {
  const auto& target_name = c.target->identity->name;
  for (const model::Policy* p : c.sender->policies.identity)
    for (const auto& st : p->statements) {
      if (st.effect != model::Effect::Allow || policy::statement_matches_action(st, c.action) != Tri::Yes) continue;
      if (policy::statement_matches_resource(st, c.target->arn) == Tri::Yes) return true;
      if (st.not_resource || !target_name.known || c.target->identity->type != model::IdentityType::Domain) continue;
      for (const auto& r : st.resources) {
        const std::string name = granted_identity_name(r);
        if (name.empty() || !under_domain(name, target_name.text)) continue;
        const bool verified = std::any_of(targets.begin(), targets.end(), [&](const auto& t) {
          return t->identity->name.known && policy::iequals(t->identity->name.text, name);
        });
        if (!verified) return true;
      }
    }
  return false;
}

bool left_out(const Cell& c, const std::vector<std::unique_ptr<Target>>& targets) {
  const auto& id = c.eval.resources.front().evaluation;
  return id.decision == Decision::ImplicitDeny && id.decided_by == policy::Stage::IdentityPolicy &&
         !named_but_denied(c, targets);
}

// An address of `domain` or of a subdomain, or a (strict) subdomain of it: SES checks the most
// specific verified identity, so a send from `name` may rely on the domain's grant.
bool under_domain(const std::string& name, const std::string& domain) {
  const bool address = name.find('@') != std::string::npos;
  const std::string d = address ? address_domain(name) : name;
  return domain_within(d, domain) && (address || d.size() != domain.size());
}

}  // namespace

bool SendMatrix::intended(const Cell& c) const {
  if (!left_out(c, targets)) return true;
  const auto& name = c.target->identity->name;
  if (!name.known) return false;
  for (const auto& t : targets) {
    const auto& parent = t->identity->name;
    if (t.get() == c.target || !parent.known || t->identity->type != model::IdentityType::Domain ||
        !under_domain(name.text, parent.text))
      continue;
    if (const Cell* pc = find(*c.sender, *t, c.action); pc && !left_out(*pc, targets)) return true;
  }
  return false;
}

policy::PolicySet principal_policies(const model::PrincipalNode& p) {
  policy::PolicySet ps;
  ps.identity = p.identity_policies();
  ps.has_boundary = p.has_boundary;
  ps.boundary = p.boundary_policies();
  // The organization tree is not in the repository: every SCP target is one level that must allow.
  std::map<std::string, std::vector<const model::Policy*>> levels;
  for (const auto& link : p.scps)
    if (link.policy) levels[link.target.text].push_back(link.policy);
  for (auto& [target, pols] : levels) ps.scp_levels.push_back(pols);
  return ps;
}

namespace {

// The user's or role's own IAM ARN ("" when the name is unknown).
std::string iam_arn(const model::PrincipalNode& p, bool session) {
  const auto& e = *p.entity;
  if (!e.name.known) return "";
  const std::string partition = p.arn.partition.known ? p.arn.partition.text : policy::symbol("partition");
  const std::string account = p.arn.account.known ? p.arn.account.text : policy::symbol("account");
  std::string path = e.path.known && !e.path.text.empty() ? e.path.text : "/";
  if (path.front() != '/') path = "/" + path;
  if (path.back() != '/') path += "/";
  if (e.kind == model::EntityKind::User) return "arn:" + partition + ":iam::" + account + ":user" + path + e.name.text;
  if (!session) return "arn:" + partition + ":iam::" + account + ":role" + path + e.name.text;
  return "arn:" + partition + ":sts::" + account + ":assumed-role/" + e.name.text + "/SESSION";
}

}  // namespace

std::string request_principal_arn(const model::PrincipalNode& p) { return iam_arn(p, true); }

policy::FullRequest cell_request(const Sender& s, const Target& t, const std::string& action) {
  policy::FullRequest base = s.base;
  base.action = action;
  if (!policy::is_symbol(t.region)) base.context.set("aws:RequestedRegion", {t.region});
  // Only when both accounts are literal: a send as another account's identity then also needs
  // that identity's policy to allow it (cross-account evaluation).
  if (!s.account.empty() && !policy::is_symbol(t.account)) {
    base.principal_account = s.account;
    base.resource_account = t.account;
  }
  // SMTP sends carry ses:ApiVersion "2" (shared/facts/ses-iam.md section 3).
  if (s.smtp && action == "ses:SendRawEmail") base.context.set("ses:ApiVersion", {"2"});
  if (t.identity->type == model::IdentityType::Address && t.identity->name.known)
    base.context.set("ses:FromAddress", {t.identity->name.text});
  return base;
}

SendMatrix build_send_matrix(const model::Model& m, const model::PrincipalGraph& g) {
  SendMatrix out;
  const auto scopes = repository_scopes(m);
  const auto accounts = attachment_accounts(m);

  for (const auto& idn : g.identities) {
    auto t = std::make_unique<Target>();
    t->identity = idn.identity;
    t->node = &idn;
    const std::string key = scope_key(*idn.identity);
    t->partition = pick(scopes, key, &Scope::partition, "partition");
    t->account = pick(scopes, key, &Scope::account, "account");
    const auto& region = idn.identity->region;
    t->region = region.known && !region.text.empty() ? region.text : pick(scopes, key, &Scope::region, "region");
    const auto& name = idn.identity->name;
    t->arn = t->sibling("identity", name.known ? name.text : std::string(1, kUnresolvedName));
    t->deployment = deployment_of(*idn.identity);
    const auto& cs = idn.identity->default_configuration_set;
    if (cs.known && !cs.text.empty()) {
      t->configuration_set_arn = t->sibling("configuration-set", cs.text);
    } else if (!cs.known && !cs.text.empty()) {
      t->configuration_set_arn = t->sibling("configuration-set", std::string(1, kUnresolvedName));
      t->configuration_set_unresolved = cs.text;
    }
    out.targets.push_back(std::move(t));
  }

  for (const auto& node : g.principals) {
    auto s = std::make_unique<Sender>();
    s->node = &node;
    s->smtp = node.is_smtp_user();
    s->policies = principal_policies(node);
    std::vector<std::string> named, granted;
    for (const char* action : kSendActions) {
      bool is_named = false, is_granted = false;
      for (const auto* p : s->policies.identity)
        for (const auto& st : p->statements) {
          if (st.effect != model::Effect::Allow) continue;
          if (names_action_exactly(st, action)) is_named = true;
          if (policy::statement_matches_action(st, action) == Tri::Yes) is_granted = true;
        }
      if (is_named) named.push_back(action);
      if (is_granted) granted.push_back(action);
    }
    if (s->smtp) {
      s->actions = {"ses:SendRawEmail"};
      for (const auto& a : named)
        if (a != "ses:SendRawEmail") s->actions.push_back(a);
    } else if (!named.empty()) {
      s->actions = named;
    } else if (!granted.empty()) {
      s->actions = {"ses:SendEmail", "ses:SendRawEmail"};
    } else {
      continue;  // not a sender
    }

    s->principal_arn = request_principal_arn(node);
    s->account = principal_account(node, accounts);
    s->deployment = deployment_of(node.entity->origin);
    auto& base = s->base;
    base.principal_arn = s->principal_arn;
    base.context.set_default_unknown(true);
    // A user or role calls SES itself: the keys AWS sets only when a service calls on behalf of
    // a resource are absent (IAM User Guide, "AWS global condition context keys").
    for (const char* key : {"aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths"})
      base.context.set_missing(key);
    if (node.kind() == model::EntityKind::User && node.entity->name.known)
      base.context.set("aws:username", {node.entity->name.text});
    // aws:PrincipalArn is the role's ARN for a role session, not the session's (IAM global
    // condition context keys).
    const std::string key_arn = iam_arn(node, false);
    if (!key_arn.empty() && key_arn.find('\x01') == std::string::npos) base.context.set("aws:PrincipalArn", {key_arn});
    out.senders.push_back(std::move(s));
  }

  std::set<std::string> deployments;
  for (const auto& t : out.targets) deployments.insert(t->deployment);
  for (const auto& s : out.senders) deployments.insert(s->deployment);
  out.deployments.assign(deployments.begin(), deployments.end());

  for (const auto& s : out.senders) {
    for (const auto& t : out.targets) {
      if (s->deployment != t->deployment && !names_identity_literally(s->policies.identity, *t)) continue;
      for (const auto& action : s->actions) {
        Cell c;
        c.sender = s.get();
        c.target = t.get();
        c.action = action;
        const policy::FullRequest base = cell_request(*s, *t, action);
        policy::PolicySet ps = s->policies;
        ps.resource = t->node->policies;
        policy::SendRequest req;
        req.action = action;
        req.identity_arn = t->arn;
        req.configuration_set_arn = t->configuration_set_arn;
        if (policy::send_requires_template(action)) req.template_arn = t->sibling("template", std::string(1, kUnresolvedName));
        c.eval = policy::evaluate_send(ps, req, base);
        // An unresolved name matches only wildcards: a certain "no" holds only when no statement
        // could name that resource type at all.
        for (auto& r : c.eval.resources) {
          if (r.resource.find(kUnresolvedName) == std::string::npos ||
              r.evaluation.decision != Decision::ImplicitDeny)
            continue;
          const std::string type = r.kind == "identity" ? "identity" : r.kind;
          if (!may_name_type(ps.identity, action, type)) continue;
          r.evaluation.decision = Decision::Unknown;
          r.evaluation.unknown_because =
              r.kind == "template" ? "the template the code sends with is not known statically"
              : r.kind == "configuration-set"
                  ? "the default configuration set name is not resolved (" + t->configuration_set_unresolved + ")"
                  : "the identity name is not resolved (" + t->identity->name.text + ")";
        }
        // A policy or boundary that could not be followed may allow what the others do not.
        if (s->node->has_unresolved())
          for (auto& r : c.eval.resources)
            if (r.evaluation.decision == Decision::ImplicitDeny) {
              r.evaluation.decision = Decision::Unknown;
              r.evaluation.unknown_because = "a policy or boundary of " + s->display_name() + " could not be followed";
            }
        c.eval.decision = policy::combine_decisions(c.eval.resources);
        out.cells.push_back(std::move(c));
      }
    }
  }
  return out;
}

std::vector<std::string> SendMatrix::summary(const source::SourceSet* sources) const {
  std::vector<std::string> lines;
  for (const auto& s : senders) {
    std::string line = "send matrix: " + s->display_name() + (s->smtp ? " (SMTP)" : "");
    if (deployments.size() > 1 && sources) line += " [deployment " + deployment_name(s->deployment, *sources) + "]";
    line += ":";
    if (targets.empty()) {
      lines.push_back(line + " no SES identity in the scanned files");
      continue;
    }
    if (cells_of(*s).empty()) {
      lines.push_back(line + " no SES identity in its deployment");
      continue;
    }
    std::vector<std::string> parts;
    for (const auto& action : s->actions) {
      std::map<Decision, std::vector<std::string>> by;
      std::size_t others = 0;
      for (const auto& c : cells) {
        if (c.sender != s.get() || c.action != action) continue;
        if (intended(c)) by[c.eval.decision].push_back(c.target->display_name());
        else ++others;
      }
      std::vector<std::string> seg;
      auto add = [&](Decision d, const char* word) {
        if (!by.count(d)) return;
        std::string names;
        for (std::size_t i = 0; i < by[d].size(); ++i) names += (i ? ", " : "") + by[d][i];
        seg.push_back(std::string(word) + " as " + names);
      };
      add(Decision::Allow, "allowed");
      add(Decision::ImplicitDeny, "denied");
      add(Decision::ExplicitDeny, "explicitly denied");
      add(Decision::Unknown, "unknown");
      if (others) seg.push_back("not granted for " + std::to_string(others) + " other identit" + (others == 1 ? "y" : "ies"));
      std::string p = action + " ";
      for (std::size_t i = 0; i < seg.size(); ++i) p += (i ? "; " : "") + seg[i];
      parts.push_back(p);
    }
    for (std::size_t i = 0; i < parts.size(); ++i) line += (i ? " | " : " ") + parts[i];
    lines.push_back(line);
  }
  return lines;
}

Analysis::Analysis(const model::Model& m) : graph(model::build_graph(m)), matrix(build_send_matrix(m, graph)) {}

namespace {

std::string denied_text(const std::string& who, bool smtp, const std::string& action, const std::string& resource) {
  const std::string user = who.empty() ? "User '<unknown principal>'" : "User '" + policy::display_symbols(who) + "'";
  if (resource == "*") return "AccessDenied: " + user + " is not authorized to perform: " + action;
  std::string text =
      user + " is not authorized to perform '" + action + "' on resource '" + policy::display_symbols(resource) + "'";
  if (smtp && policy::iequals(action, "ses:SendRawEmail")) return "554 Access denied: " + text;
  return "AccessDenied: " + text;
}

std::string replace_symbol(std::string arn, const std::string& name, const std::string& value) {
  if (value.empty() || policy::has_wildcard(value) || value.find('\x01') != std::string::npos ||
      value.find('$') != std::string::npos)
    return arn;
  const std::string sym = policy::symbol(name);
  for (auto pos = arn.find(sym); pos != std::string::npos; pos = arn.find(sym)) arn.replace(pos, sym.size(), value);
  return arn;
}

}  // namespace

std::string aws_principal_phrase(const Sender& s) {
  if (s.principal_arn.empty()) return "User '<the ARN of " + s.display_name() + ">'";
  return "User '" + policy::display_symbols(s.principal_arn) + "'";
}

std::string access_denied_message(const Sender& s, const std::string& action, const std::string& resource) {
  std::string who = s.principal_arn.empty() ? "<the ARN of " + s.display_name() + ">" : s.principal_arn;
  // A principal whose partition or account is not pinned is shown in the resource's (the same
  // assumption the matrix makes when it picks the deploying scope's literal values).
  if (auto arn = policy::parse_arn(resource)) {
    who = replace_symbol(who, "partition", arn->partition);
    if (s.account.empty()) who = replace_symbol(who, "account", arn->account);
  }
  return denied_text(who, s.smtp, action, resource);
}

std::string access_denied_message(const model::PrincipalNode& p, const std::string& action, const std::string& resource,
                                  const std::string& partition, const std::string& account) {
  std::string who = request_principal_arn(p);
  if (who.empty()) who = "<the ARN of " + p.entity->origin.resource + ">";
  who = replace_symbol(replace_symbol(who, "partition", partition), "account", account);
  return denied_text(who, p.is_smtp_user(), action, resource);
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

std::vector<const model::PrincipalNode*> principals_using(const model::PrincipalGraph& g, const model::Policy& p) {
  std::vector<const model::PrincipalNode*> out;
  for (const auto& n : g.principals)
    for (const auto& a : n.policies)
      if (a.policy == &p) {
        out.push_back(&n);
        break;
      }
  return out;
}

}  // namespace seslint::analysis
