// Reads IAM policy documents (identity, resource, SCP) from any source format into Statements.
#include "model/model.h"
#include "model/values.h"

namespace seslint::model {

using detail::Path;
using detail::PathStyle;
using detail::ReadOptions;
using syntax::Kind;
using syntax::Value;

const char* policy_kind_name(PolicyKind k) {
  switch (k) {
    case PolicyKind::Managed: return "managed policy";
    case PolicyKind::Inline: return "inline policy";
    case PolicyKind::PolicyDocument: return "policy document";
    case PolicyKind::SesIdentity: return "SES identity policy";
    case PolicyKind::ServiceControl: return "service control policy";
    case PolicyKind::Raw: return "policy file";
  }
  return "policy";
}

const char* file_kind_name(FileKind k) {
  switch (k) {
    case FileKind::Terraform: return "terraform";
    case FileKind::TerraformJson: return "terraform-json";
    case FileKind::CloudFormation: return "cloudformation";
    case FileKind::IamPolicy: return "iam-policy";
    case FileKind::Other: return "other";
  }
  return "other";
}

namespace {

Diagnostic unsupported(const std::string& msg, const source::Span& span) {
  return Diagnostic{diag::kUnsupported, Severity::Note, msg, span};
}

void read_string_list(const Value* v, const Path& path, const ReadOptions& opt, std::vector<Str>& out) {
  detail::for_each_item(v, path, [&](const Value& item, const Path& p) {
    out.push_back(detail::read_str(&item, p, opt));
  });
}

void read_principal(const Value& v, const Path& path, const ReadOptions& opt, Statement& st) {
  Str s = detail::read_str(&v, path, opt);
  if (v.kind != Kind::Map || detail::as_intrinsic(v)) {
    // "Principal": "*" (or an unresolvable expression)
    st.principals.push_back(Principal{s.known && s.text == "*" ? "*" : "?", s});
    return;
  }
  for (const auto& e : v.entries) {
    std::vector<Str> ids;
    read_string_list(e.value.get(), path.key(e.key), opt, ids);
    for (auto& id : ids) st.principals.push_back(Principal{e.key, std::move(id)});
  }
}

void read_conditions(const Value& v, const Path& path, const ReadOptions& opt, Statement& st) {
  if (v.kind != Kind::Map || detail::as_intrinsic(v)) {
    st.conditions_unknown = true;
    return;
  }
  for (const auto& op : v.entries) {
    const Value& keys = *op.value;
    if (keys.kind != Kind::Map || detail::as_intrinsic(keys)) {
      st.conditions_unknown = true;
      continue;
    }
    for (const auto& k : keys.entries) {
      Condition c;
      c.op = op.key;
      c.key = k.key;
      c.span = k.key_span;
      read_string_list(k.value.get(), path.key(op.key).key(k.key), opt, c.values);
      st.conditions.push_back(std::move(c));
    }
  }
}

Effect parse_effect(const Str& s) {
  if (!s.known) return Effect::Unknown;
  if (s.text == "Allow") return Effect::Allow;
  if (s.text == "Deny") return Effect::Deny;
  return Effect::Invalid;
}

void read_statement(const Value& v, const Path& path, const ReadOptions& opt, Policy& out,
                    std::vector<Diagnostic>& diags) {
  if (v.kind != Kind::Map || detail::as_intrinsic(v)) {
    diags.push_back(unsupported("statement " + path.text + " is not a literal object (" + detail::describe(v) +
                                    "); it was not checked",
                                v.span));
    return;
  }
  Statement st;
  st.span = v.span;
  st.path = path.text;
  if (const Value* sid = v.get("Sid")) st.sid = detail::read_str(sid, path.key("Sid"), opt).text;
  if (const syntax::MapEntry* eff = v.entry("Effect")) {
    st.effect_text = detail::read_str(eff->value.get(), path.key("Effect"), opt);
    st.effect = parse_effect(st.effect_text);
  } else {
    st.effect = Effect::Invalid;
    st.effect_text.span = v.span;
    st.effect_text.path = path.text;
  }
  for (const char* key : {"Action", "NotAction"}) {
    if (const Value* a = v.get(key)) {
      st.has_action = true;
      st.not_action = std::string_view(key) == "NotAction";
      read_string_list(a, path.key(key), opt, st.actions);
    }
  }
  for (const char* key : {"Resource", "NotResource"}) {
    if (const Value* r = v.get(key)) {
      st.has_resource = true;
      st.not_resource = std::string_view(key) == "NotResource";
      read_string_list(r, path.key(key), opt, st.resources);
    }
  }
  for (const char* key : {"Principal", "NotPrincipal"}) {
    if (const Value* p = v.get(key)) {
      st.has_principal = true;
      st.not_principal = std::string_view(key) == "NotPrincipal";
      read_principal(*p, path.key(key), opt, st);
    }
  }
  if (const Value* c = v.get("Condition")) read_conditions(*c, path.key("Condition"), opt, st);
  out.statements.push_back(std::move(st));
}

}  // namespace

void read_policy_document(const Value& doc, const std::string& path_text, Policy& out,
                          std::vector<Diagnostic>& diags) {
  detail::read_document(doc, Path{path_text, PathStyle::Terraform}, ReadOptions{}, out, diags);
}

namespace detail {

void read_document(const Value& doc, const Path& path, const ReadOptions& opt, Policy& out,
                   std::vector<Diagnostic>& diags) {
  out.span = doc.span;
  out.path = path.text;
  if (doc.kind != Kind::Map || detail::as_intrinsic(doc)) {
    out.resolved = false;
    out.unresolved_reason = detail::describe(doc);
    return;
  }
  const Value* statements = doc.get("Statement");
  if (!statements) {
    diags.push_back(Diagnostic{diag::kUnsupported, Severity::Note,
                               "policy document " + (path.text.empty() ? out.name : path.text) +
                                   " has no Statement",
                               doc.span});
    return;
  }
  detail::for_each_item(statements, path.key("Statement"), [&](const Value& s, const Path& p) {
    read_statement(s, p, opt, out, diags);
  });
}

}  // namespace detail

}  // namespace seslint::model
