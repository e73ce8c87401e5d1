// Builds the principal graph from the model's IAM records (see graph.h for the linking rules).
#include "model/graph.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <span>
#include <string_view>

namespace seslint::model {

const char* entity_kind_name(EntityKind k) {
  switch (k) {
    case EntityKind::User: return "user";
    case EntityKind::Role: return "role";
    case EntityKind::Group: return "group";
  }
  return "entity";
}

const char* via_name(Via v) {
  switch (v) {
    case Via::Inline: return "inline";
    case Via::Attached: return "attached";
    case Via::Group: return "group";
    case Via::Boundary: return "permissions boundary";
  }
  return "?";
}

const char* scp_target_type_name(ScpTargetType t) {
  switch (t) {
    case ScpTargetType::Root: return "root";
    case ScpTargetType::OrganizationalUnit: return "organizational unit";
    case ScpTargetType::Account: return "account";
    case ScpTargetType::Unknown: return "unknown";
  }
  return "unknown";
}

bool PrincipalNode::is_smtp_user() const {
  return std::any_of(access_keys.begin(), access_keys.end(),
                     [](const AccessKey* k) { return !k->smtp_password_uses.empty(); });
}

std::vector<const Policy*> PrincipalNode::identity_policies() const {
  std::vector<const Policy*> out;
  for (const auto& a : policies)
    if (a.policy && std::find(out.begin(), out.end(), a.policy) == out.end()) out.push_back(a.policy);
  return out;
}

std::vector<const Policy*> PrincipalNode::boundary_policies() const {
  if (has_boundary && boundary.policy) return {boundary.policy};
  return {};
}

std::vector<const Policy*> PrincipalNode::scp_policies() const {
  std::vector<const Policy*> out;
  for (const auto& s : scps)
    if (s.policy && std::find(out.begin(), out.end(), s.policy) == out.end()) out.push_back(s.policy);
  return out;
}

bool PrincipalNode::has_unresolved() const {
  if (has_boundary && !boundary.policy) return true;
  return std::any_of(policies.begin(), policies.end(), [](const AppliedPolicy& a) { return !a.policy; });
}

const PrincipalNode* PrincipalGraph::find(const std::string& resource) const {
  for (const auto& p : principals)
    if (p.entity->origin.resource == resource) return &p;
  return nullptr;
}

const GroupNode* PrincipalGraph::find_group(const std::string& resource) const {
  for (const auto& g : groups)
    if (g.entity->origin.resource == resource) return &g;
  return nullptr;
}

namespace {

Statement allow(std::vector<std::string> actions) {
  Statement st;
  st.effect = Effect::Allow;
  st.effect_text = Str{true, "Allow", {}, ""};
  st.has_action = true;
  for (auto& a : actions) st.actions.push_back(Str{true, std::move(a), {}, ""});
  st.has_resource = true;
  st.resources.push_back(Str{true, "*", {}, ""});
  return st;
}

}  // namespace

namespace {

constexpr std::string_view kNoSes[] = {
#include "model/aws_managed_no_ses.inc"
};

}  // namespace

std::span<const std::string_view> aws_managed_policies_without_ses() { return kNoSes; }

bool aws_managed_policy_without_ses(const std::string& name) {
  return std::binary_search(std::begin(kNoSes), std::end(kNoSes), std::string_view(name));
}

std::unique_ptr<Policy> aws_managed_policy(const std::string& name) {
  std::vector<std::string> actions;
  bool no_ses = false;
  if (name == "AmazonSESFullAccess") actions = {"ses:*"};
  else if (name == "AmazonSESReadOnlyAccess") actions = {"ses:Get*", "ses:List*", "ses:BatchGetMetricData"};
  else if (name == "AdministratorAccess") actions = {"*"};
  else if (aws_managed_policy_without_ses(name)) no_ses = true;
  else return nullptr;
  auto p = std::make_unique<Policy>();
  p->kind = PolicyKind::Managed;
  p->name = "arn:aws:iam::aws:policy/" + name;
  p->resource_type = "AWS managed policy";
  p->path = p->name;
  p->builtin = true;
  p->resource_name = Str{true, name, {}, ""};
  p->resource_path = Str{true, "/", {}, ""};
  // A policy that cannot match any SES action is modelled by what it is for SES: no statement.
  if (no_ses) return p;
  p->statements.push_back(allow(std::move(actions)));
  p->statements.back().path = p->name + ".Statement[0]";
  return p;
}

namespace {

/// Links by reference stay inside one Terraform module or one CloudFormation template.
struct Scope {
  bool cfn = false;
  std::string module;
  source::FileId file = source::kNoFile;
  bool operator==(const Scope&) const = default;
};

Scope scope_of(const Origin& o) {
  return o.cloudformation ? Scope{true, "", o.span.file} : Scope{false, o.module, source::kNoFile};
}

bool is_cfn_type(const std::string& t) { return t.rfind("AWS::", 0) == 0; }

Scope scope_of(const Policy& p) {
  return is_cfn_type(p.resource_type) ? Scope{true, "", p.span.file} : Scope{false, p.module, source::kNoFile};
}

Scope scope_of(const Identity& i) {
  return is_cfn_type(i.resource_type) ? Scope{true, "", i.span.file} : Scope{false, i.module, source::kNoFile};
}

std::string where(const Scope& s) {
  return s.cfn ? std::string("this template") : "module '" + (s.module.empty() ? std::string(".") : s.module) + "'";
}

std::string describe(const Ref& r) {
  if (r.value.known) return "'" + r.value.text + "'";
  return r.value.text.empty() ? std::string("(missing)") : r.value.text;
}

/// The last path segment of an ARN resource ("arn:aws:iam::1:user/a/b" -> "b") after `marker`.
bool arn_name(const std::string& text, std::string_view marker, std::string& name) {
  auto pos = text.find(marker);
  if (pos == std::string::npos) return false;
  auto slash = text.find_last_of('/');
  if (slash == std::string::npos || slash < pos) return false;
  name = text.substr(slash + 1);
  return !name.empty();
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

template <class T>
struct Match {
  std::vector<const T*> found;
  std::string reason;
};

class Builder {
 public:
  Builder(const Model& m, PrincipalGraph& g) : m_(m), g_(g) {}

  // --- entities ----------------------------------------------------------------------------

  /// The scope a reference's target lives in: its own (a value from across a module boundary),
  /// else the referencing scope.
  static Scope target_scope(const Ref& r, const Scope& s) {
    return r.module.empty() || s.cfn ? s : Scope{false, r.module, source::kNoFile};
  }

  Match<IamEntity> entity(EntityKind kind, const Ref& ref, const Scope& here) const {
    const Scope s = target_scope(ref, here);
    const Ref& r = ref;
    Match<IamEntity> out;
    const char* kname = entity_kind_name(kind);
    if (!r.target.empty()) {
      if (s.cfn) {
        const std::string want = "Resources/" + r.target;
        for (const auto& e : m_.iam.entities) {
          if (!(scope_of(e.origin) == s) || e.origin.resource != want) continue;
          if (e.kind != kind) {
            out.reason = r.target + " is a " + entity_kind_name(e.kind) + ", not a " + kname;
            return out;
          }
          if (r.attribute != "Ref" && r.attribute != "Arn") {
            out.reason = "attribute " + r.attribute + " of " + r.target + " does not name the " + kname;
            return out;
          }
          out.found.push_back(&e);
          return out;
        }
        out.reason = "no " + std::string(kname) + " " + r.target + " in " + where(s);
        return out;
      }
      if (r.target.rfind("data.", 0) == 0) {
        out.reason = r.target + " reads an existing " + kname + " that is not defined in the repository";
        return out;
      }
      const std::string type = std::string("aws_iam_") + kname + ".";
      if (r.target.rfind(type, 0) != 0) {
        out.reason = r.target + " is not an aws_iam_" + kname;
        return out;
      }
      if (!r.attribute.empty() && r.attribute != "name" && r.attribute != "id" && r.attribute != "arn") {
        out.reason = "attribute " + r.attribute + " of " + r.target + " does not name the " + kname;
        return out;
      }
      for (const auto& e : m_.iam.entities)
        if (e.kind == kind && scope_of(e.origin) == s && e.origin.resource == r.target) {
          out.found.push_back(&e);
          return out;
        }
      out.reason = "no " + r.target + " in " + where(s);
      return out;
    }
    if (r.value.known) {
      std::string name = r.value.text;
      if (name.rfind("arn:", 0) == 0 && !arn_name(name, std::string(":") + kname + "/", name)) {
        out.reason = r.value.text + " is not a " + kname + " ARN";
        return out;
      }
      by_name(kind, name, s, out.found);
      if (out.found.empty()) out.reason = "no " + std::string(kname) + " named '" + name + "' in the repository";
      return out;
    }
    out.reason = "cannot resolve " + describe(r);
    return out;
  }

  void by_name(EntityKind kind, const std::string& name, const Scope& s, std::vector<const IamEntity*>& found) const {
    for (int pass = 0; pass < 2 && found.empty(); ++pass)
      for (const auto& e : m_.iam.entities)
        if (e.kind == kind && e.name.known && e.name.text == name && (pass == 1 || scope_of(e.origin) == s))
          found.push_back(&e);
  }

  // --- managed policies --------------------------------------------------------------------

  /// Resolves a managed policy ARN expression; fills policy or unresolved_reason.
  void managed(const Ref& r, const Scope& here, AppliedPolicy& a) {
    a.expression = r.value;
    const Scope s = r.target.empty() ? here : target_scope(r, here);
    if (!r.target.empty()) {
      if (s.cfn) {
        const std::string want = "Resources/" + r.target;
        for (const auto& p : m_.policies)
          if (p.name == want && scope_of(p) == s && p.kind != PolicyKind::PolicyDocument &&
              p.kind != PolicyKind::SesIdentity && p.kind != PolicyKind::ServiceControl) {
            a.policy = &p;
            add_hop(a, Hop{"managed policy", p.name, p.span});
            return;
          }
        a.unresolved_reason = "no policy document for " + r.target + " in " + where(s);
        return;
      }
      const std::string lookup = "data.aws_iam_policy.";
      if (r.target.rfind(lookup, 0) == 0) {
        for (const auto& l : m_.iam.policy_lookups) {
          if (l.origin.resource != r.target || scope_of(l.origin) != s) continue;
          a.trace.push_back(Hop{"policy lookup", l.origin.resource, l.origin.span});
          if (l.arn.known) return managed(Ref{l.arn, "", "", ""}, s, a);
          if (l.name.known) {
            if (auto builtin = aws_managed(l.name.text)) {
              a.policy = builtin;
              a.trace.push_back(Hop{"managed policy", builtin->name, {}});
              return;
            }
            for (const auto& p : m_.policies)
              if (p.kind == PolicyKind::Managed && p.resource_name.known && p.resource_name.text == l.name.text) {
                a.policy = &p;
                add_hop(a, Hop{"managed policy", p.name, p.span});
                return;
              }
          }
          a.unresolved_reason = r.target + " reads a managed policy that is not defined in the repository";
          return;
        }
        a.unresolved_reason = "no " + r.target + " in " + where(s);
        return;
      }
      if (r.target.rfind("aws_iam_policy.", 0) != 0) {
        a.unresolved_reason = r.target + " is not an aws_iam_policy";
        return;
      }
      for (const auto& p : m_.policies)
        if (p.kind == PolicyKind::Managed && p.name == r.target && scope_of(p) == s) {
          a.policy = &p;
          add_hop(a, Hop{"managed policy", p.name, p.span});
          return;
        }
      a.unresolved_reason = "no " + r.target + " in " + where(s);
      return;
    }
    std::string name;
    const std::string& text = r.value.text;
    if (text.find(":iam::aws:policy/") != std::string::npos && arn_name(text, ":iam::aws:policy/", name)) {
      if (auto builtin = aws_managed(name)) {
        a.policy = builtin;
        a.trace.push_back(Hop{"managed policy", builtin->name, {}});
        return;
      }
      a.unresolved_reason = "unresolved managed policy: AWS managed policy " + name + " is not modelled";
      return;
    }
    if (r.value.known) {
      if (!arn_name(text, ":policy/", name)) {
        a.unresolved_reason = "unresolved managed policy: " + text + " is not a policy ARN";
        return;
      }
      const Policy* other_scope = nullptr;
      for (const auto& p : m_.policies) {
        if (p.kind != PolicyKind::Managed || p.builtin || !p.resource_name.known || p.resource_name.text != name) continue;
        if (scope_of(p) == s) {
          other_scope = &p;
          break;
        }
        if (!other_scope) other_scope = &p;
      }
      if (other_scope) {
        a.policy = other_scope;
        a.trace.push_back(Hop{"managed policy", other_scope->name, other_scope->span});
        return;
      }
      a.unresolved_reason = "unresolved managed policy: " + text + " is not defined in the repository";
      return;
    }
    a.unresolved_reason = "unresolved managed policy: cannot resolve " + describe(r);
  }

  /// Appends a hop unless the previous one is the same resource (a policy that names its users).
  static void add_hop(AppliedPolicy& a, Hop h) {
    if (!a.trace.empty() && a.trace.back().resource == h.resource) return;
    a.trace.push_back(std::move(h));
  }

  const Policy* aws_managed(const std::string& name) {
    for (const auto& b : g_.builtin)
      if (b->resource_name.text == name) return b.get();
    auto p = aws_managed_policy(name);
    if (!p) return nullptr;
    g_.builtin.push_back(std::move(p));
    return g_.builtin.back().get();
  }

  // --- the graph ---------------------------------------------------------------------------

  static EntityKind inline_owner_kind(const Policy& p, bool& ok) {
    ok = true;
    const std::string& t = p.resource_type;
    if (t == "aws_iam_user_policy" || t == "AWS::IAM::UserPolicy" || t == "AWS::IAM::User") return EntityKind::User;
    if (t == "aws_iam_role_policy" || t == "aws_iam_role" || t == "AWS::IAM::RolePolicy" || t == "AWS::IAM::Role")
      return EntityKind::Role;
    if (t == "aws_iam_group_policy" || t == "AWS::IAM::GroupPolicy" || t == "AWS::IAM::Group") return EntityKind::Group;
    ok = false;
    return EntityKind::User;
  }

  void unresolved(std::string what, const Origin& o, const Ref& expr, std::string reason) {
    g_.unresolved.push_back(UnresolvedLink{std::move(what), o.resource, o.span, expr, std::move(reason)});
  }

  void run() {
    // Resolve every record once.
    inline_owners_.resize(m_.policies.size());
    for (std::size_t i = 0; i < m_.policies.size(); ++i) {
      const Policy& p = m_.policies[i];
      if (p.kind != PolicyKind::Inline) continue;
      bool ok = false;
      EntityKind k = inline_owner_kind(p, ok);
      if (!ok) continue;  // AWS::IAM::Policy (attachments), SAM functions (generated roles)
      inline_owners_[i] = entity(k, p.owner, scope_of(p));
      if (inline_owners_[i].found.empty())
        g_.unresolved.push_back(UnresolvedLink{"inline policy", p.name, p.span, p.owner, inline_owners_[i].reason});
    }
    for (const auto& a : m_.iam.attachments) {
      attachment_targets_.push_back(entity(a.principal_kind, a.principal, scope_of(a.origin)));
      if (attachment_targets_.back().found.empty())
        unresolved("policy attachment", a.origin, a.principal, attachment_targets_.back().reason);
    }
    for (const auto& mb : m_.iam.memberships) {
      membership_users_.push_back(entity(EntityKind::User, mb.user, scope_of(mb.origin)));
      if (membership_users_.back().found.empty())
        unresolved("group membership", mb.origin, mb.user, membership_users_.back().reason);
    }
    for (const auto& k : m_.iam.access_keys) {
      key_users_.push_back(entity(EntityKind::User, k.user, scope_of(k.origin)));
      if (key_users_.back().found.empty()) unresolved("access key", k.origin, k.user, key_users_.back().reason);
    }

    for (const auto& e : m_.iam.entities)
      if (e.kind == EntityKind::Group) g_.groups.push_back(GroupNode{&e, direct_policies(e)});
    for (const auto& e : m_.iam.entities)
      if (e.kind != EntityKind::Group) g_.principals.push_back(principal(e));

    scps();
    identities();
  }

  /// Inline, attached and managed_policy_arns policies of one entity.
  std::vector<AppliedPolicy> direct_policies(const IamEntity& e) {
    std::vector<AppliedPolicy> out;
    const Hop self{entity_kind_name(e.kind), e.origin.resource, e.origin.span};
    for (std::size_t i = 0; i < m_.policies.size(); ++i) {
      const auto& found = inline_owners_[i].found;
      if (std::find(found.begin(), found.end(), &e) == found.end()) continue;
      const Policy& p = m_.policies[i];
      AppliedPolicy a;
      a.policy = &p;
      a.via = Via::Inline;
      a.trace = {self, Hop{"inline policy", p.name, p.span}};
      out.push_back(std::move(a));
    }
    for (std::size_t i = 0; i < m_.iam.attachments.size(); ++i) {
      const auto& found = attachment_targets_[i].found;
      if (std::find(found.begin(), found.end(), &e) == found.end()) continue;
      const PolicyAttachment& at = m_.iam.attachments[i];
      AppliedPolicy a;
      a.via = at.inline_policy ? Via::Inline : Via::Attached;
      a.exclusive = at.exclusive;
      a.trace = {self, Hop{at.inline_policy ? "inline policy" : "policy attachment", at.origin.resource, at.origin.span}};
      if (at.inline_policy) {
        a.expression = at.policy.value;
        for (const auto& p : m_.policies)
          if (p.name == "Resources/" + at.policy.target && scope_of(p) == scope_of(at.origin)) a.policy = &p;
        if (!a.policy) a.unresolved_reason = "no policy document for " + at.policy.target;
      } else {
        managed(at.policy, scope_of(at.origin), a);
      }
      out.push_back(std::move(a));
    }
    for (const Ref& r : e.managed_policy_arns) {
      AppliedPolicy a;
      a.via = Via::Attached;
      a.exclusive = !e.origin.cloudformation;
      a.trace = {self, Hop{e.origin.cloudformation ? "ManagedPolicyArns" : "managed_policy_arns", e.origin.resource,
                           r.value.span}};
      managed(r, scope_of(e.origin), a);
      out.push_back(std::move(a));
    }
    return out;
  }

  PrincipalNode principal(const IamEntity& e) {
    PrincipalNode n;
    n.entity = &e;
    n.policies = direct_policies(e);
    const Scope s = scope_of(e.origin);
    const Hop self{entity_kind_name(e.kind), e.origin.resource, e.origin.span};
    if (e.kind == EntityKind::User) {
      for (std::size_t i = 0; i < m_.iam.memberships.size(); ++i) {
        const auto& users = membership_users_[i].found;
        if (std::find(users.begin(), users.end(), &e) == users.end()) continue;
        const GroupMembership& mb = m_.iam.memberships[i];
        add_group(n, mb.group, scope_of(mb.origin), Hop{"group membership", mb.origin.resource, mb.origin.span},
                  mb.exclusive);
      }
      for (const Ref& gr : e.groups) add_group(n, gr, s, Hop{"Groups", e.origin.resource, gr.value.span}, false);
      for (std::size_t i = 0; i < m_.iam.access_keys.size(); ++i) {
        const auto& users = key_users_[i].found;
        if (std::find(users.begin(), users.end(), &e) != users.end()) n.access_keys.push_back(&m_.iam.access_keys[i]);
      }
    }
    if (e.has_boundary) {
      n.has_boundary = true;
      n.boundary.via = Via::Boundary;
      n.boundary.trace = {self, Hop{"permissions boundary", e.origin.resource, e.permissions_boundary.value.span}};
      managed(e.permissions_boundary, s, n.boundary);
    }
    arns(n);
    return n;
  }

  void add_group(PrincipalNode& n, const Ref& gr, const Scope& s, const Hop& via, bool exclusive) {
    const Hop self{entity_kind_name(n.entity->kind), n.entity->origin.resource, n.entity->origin.span};
    Match<IamEntity> g = entity(EntityKind::Group, gr, s);
    if (g.found.empty()) {
      n.groups.push_back(GroupLink{nullptr, gr, {self, via}, g.reason, exclusive});
      AppliedPolicy a;
      a.via = Via::Group;
      a.trace = {self, via};
      a.expression = gr.value;
      a.unresolved_reason = "group " + describe(gr) + " could not be resolved (" + g.reason + "); its policies are unknown";
      n.policies.push_back(std::move(a));
      return;
    }
    for (const IamEntity* ge : g.found) {
      bool seen = std::any_of(n.groups.begin(), n.groups.end(), [&](const GroupLink& l) { return l.group == ge; });
      const Hop group_hop{"group", ge->origin.resource, ge->origin.span};
      n.groups.push_back(GroupLink{ge, gr, {self, via, group_hop}, "", exclusive});
      if (seen) continue;  // the same group through two memberships
      for (const auto& gn : g_.groups) {
        if (gn.entity != ge) continue;
        for (const auto& gp : gn.policies) {
          AppliedPolicy a = gp;
          a.via = Via::Group;
          a.group = ge->origin.resource;
          a.trace = {self, via};
          a.trace.insert(a.trace.end(), gp.trace.begin(), gp.trace.end());  // starts with the group hop
          n.policies.push_back(std::move(a));
        }
      }
    }
  }

  void arns(PrincipalNode& n) {
    const IamEntity& e = *n.entity;
    const std::string unknown_account = "account of " + e.origin.resource;
    for (PrincipalArn* a : {&n.arn, &n.session_arn}) {
      a->partition = Str{false, "partition of " + e.origin.resource, e.origin.span, ""};
      a->account = Str{false, unknown_account, e.origin.span, ""};
    }
    const std::string name = e.name.known ? e.name.text : "*";
    std::string path = e.path.known ? e.path.text : "/*/";
    if (path.empty() || path.front() != '/') path = "/" + path;
    if (path.back() != '/') path += "/";
    const bool kind_user = e.kind == EntityKind::User;
    n.arn.arn = Str{false, std::string("arn:*:iam::*:") + (kind_user ? "user" : "role") + path + name, e.origin.span, ""};
    if (!kind_user)
      n.session_arn.arn = Str{false, "arn:*:sts::*:assumed-role/" + name + "/*", e.origin.span, ""};
  }

  static ScpTargetType target_type(const Str& t) {
    if (!t.known) return ScpTargetType::Unknown;
    if (t.text.rfind("r-", 0) == 0) return ScpTargetType::Root;
    if (t.text.rfind("ou-", 0) == 0) return ScpTargetType::OrganizationalUnit;
    if (t.text.size() == 12 && all_digits(t.text)) return ScpTargetType::Account;
    return ScpTargetType::Unknown;
  }

  void scps() {
    std::vector<const Policy*> attached;
    std::vector<ScpLink> known;
    for (const auto& at : m_.iam.scp_attachments) {
      ScpLink l;
      l.attachment = &at;
      l.target = at.target.value;
      l.target_type = target_type(at.target.value);
      const Scope s = scope_of(at.origin);
      if (!at.policy.target.empty()) {
        const std::string want = s.cfn ? "Resources/" + at.policy.target : at.policy.target;
        for (const auto& p : m_.policies)
          if (p.kind == PolicyKind::ServiceControl && p.name == want && scope_of(p) == s) l.policy = &p;
        if (!l.policy)
          l.unresolved_reason = "no service control policy " + at.policy.target + " with a readable document in " + where(s);
      } else {
        l.unresolved_reason = "policy " + describe(at.policy) + " is not defined in the repository";
      }
      if (l.policy) attached.push_back(l.policy);
      else unresolved("SCP attachment", at.origin, at.policy, l.unresolved_reason);
      if (l.target_type == ScpTargetType::Unknown) g_.scps_unknown_target.push_back(std::move(l));
      else known.push_back(std::move(l));
    }
    for (const auto& p : m_.policies)
      if (p.kind == PolicyKind::ServiceControl && std::find(attached.begin(), attached.end(), &p) == attached.end())
        g_.scps_unattached.push_back(&p);
    // The organization tree and the principals' accounts are not in the repository: every SCP
    // attached to a known root / OU / account may apply to every principal.
    for (auto& n : g_.principals) n.scps = known;
  }

  void identities() {
    for (const auto& id : m_.identities) g_.identities.push_back(IdentityNode{&id, {}});
    for (const auto& p : m_.policies) {
      if (p.kind != PolicyKind::SesIdentity) continue;
      const Scope s = scope_of(p);
      const Ref& r = p.identity;
      std::string reason;
      std::vector<std::size_t> hits;
      if (!r.target.empty()) {
        for (std::size_t i = 0; i < m_.identities.size(); ++i)
          if (m_.identities[i].resource == r.target && scope_of(m_.identities[i]) == s) hits.push_back(i);
        if (hits.empty()) reason = "no SES identity " + r.target + " in " + where(s);
      } else if (r.value.known) {
        std::string name = r.value.text;
        if (name.rfind("arn:", 0) == 0 && !arn_name(name, ":identity/", name)) name.clear();
        for (int pass = 0; pass < 2 && hits.empty(); ++pass)
          for (std::size_t i = 0; i < m_.identities.size(); ++i) {
            const Identity& id = m_.identities[i];
            if (id.name.known && id.name.text == name && (pass == 1 || scope_of(id) == s)) hits.push_back(i);
          }
        if (hits.empty()) reason = "no SES identity '" + r.value.text + "' in the repository";
      } else {
        reason = "cannot resolve " + describe(r);
      }
      for (std::size_t i : hits) g_.identities[i].policies.push_back(&p);
      if (hits.empty()) {
        g_.identity_policies_unattached.push_back(&p);
        g_.unresolved.push_back(UnresolvedLink{"identity policy", p.name, p.span, r, reason});
      }
    }
  }

 private:
  const Model& m_;
  PrincipalGraph& g_;
  std::vector<Match<IamEntity>> inline_owners_;
  std::vector<Match<IamEntity>> attachment_targets_;
  std::vector<Match<IamEntity>> membership_users_;
  std::vector<Match<IamEntity>> key_users_;
};

}  // namespace

PrincipalGraph build_graph(const Model& m) {
  PrincipalGraph g;
  Builder(m, g).run();
  return g;
}

}  // namespace seslint::model
