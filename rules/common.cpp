#include "common.h"

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

}  // namespace seslint::rules
