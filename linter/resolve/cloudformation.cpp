// resolve/cloudformation: static evaluation of CloudFormation / SAM templates.
//
// The input tree is never mutated: a new tree is built, and subtrees that do not change are
// shared (the same ValuePtr). What is resolved:
//  - Ref to a parameter: Inputs::parameters, else its Default (CommaDelimitedList / List<...>
//    become a List), else Unknown("!Ref Name").
//  - Pseudo parameters: Unknown("AWS::Region") etc. unless given in Inputs::parameters under
//    that name; AWS::NoValue removes the map entry / list element that holds it. AWS::SES::*
//    resources get their location (Value::location, see resolve.h) from the same values.
//  - Ref / Fn::GetAtt to a resource stay the intrinsic Map (the principal graph links through
//    them), except Ref to AWS::SES::EmailIdentity (its EmailIdentity), AWS::SES::ConfigurationSet
//    (its Name) and AWS::SES::Template (its Template.TemplateName).
//  - Fn::Sub (both forms), Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap over literal
//    Mappings; results are String when fully known, else Template with Unknown parts.
//  - Fn::If with Conditions (Fn::Equals / And / Or / Not / Condition) evaluated over known
//    values. When a condition cannot be decided, both branches are resolved: if they are equal
//    the value is kept, otherwise the result is Unknown("!If Cond: ...") — we do not guess a
//    branch, so no finding is based on a value that may not be deployed.
//  - Resources / Outputs whose Condition is known to be false are removed (not deployed).
//  - Fn::ImportValue / GetAZs / Cidr / Base64 / others: Unknown.
//  - SAM SES policy templates in AWS::Serverless::Function / StateMachine Policies: replaced by
//    the policy document SAM generates.
//  - Cycles (resources referring to each other, conditions referring to themselves) and
//    excessive nesting: SES901 diagnostic, Unknown.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "resolve/resolve.h"
#include "syntax/budget.h"

namespace seslint::resolve {

namespace {

using source::Span;
using syntax::Kind;
using syntax::MapEntry;
using syntax::Value;
using syntax::ValuePtr;

constexpr int kMaxDepth = 48;

std::string short_tag(const std::string& key) {
  if (key.rfind("Fn::", 0) == 0) return "!" + key.substr(4);
  return "!" + key;
}

/// One-entry Map {"Ref" | "Fn::*": arg}.
const MapEntry* intrinsic(const Value& v) {
  if (v.kind != Kind::Map || v.is_block || v.entries.size() != 1) return nullptr;
  const auto& k = v.entries[0].key;
  if (k == "Ref" || k.rfind("Fn::", 0) == 0) return &v.entries[0];
  return nullptr;
}

std::string describe_intrinsic(const MapEntry& e) {
  const Value& a = *e.value;
  if (a.kind == Kind::String) return short_tag(e.key) + " " + a.text;
  if (e.key == "Fn::GetAtt" && a.kind == Kind::List) {
    std::string s;
    for (const auto& it : a.items) {
      if (!s.empty()) s += ".";
      s += it->kind == Kind::String ? it->text : std::string("...");
    }
    return "!GetAtt " + s;
  }
  return short_tag(e.key) + " ...";
}

std::shared_ptr<Value> make_node(Kind kind, Span span) {
  auto v = std::make_shared<Value>();
  v->kind = kind;
  v->span = span;
  v->content = span;
  return v;
}

/// Values that moved from where they were written to where they are used (parameter defaults,
/// mapping values, template parameters) take the use site's span.
ValuePtr respan(const ValuePtr& v, Span span) { return syntax::with_span_deep(v, span); }

bool same_value(const Value* a, const Value* b) {
  if (a == b) return true;
  if (!a || !b) return false;
  if (a->kind != b->kind || a->text != b->text || a->items.size() != b->items.size() ||
      a->entries.size() != b->entries.size())
    return false;
  for (std::size_t i = 0; i < a->items.size(); ++i)
    if (!same_value(a->items[i].get(), b->items[i].get())) return false;
  for (std::size_t i = 0; i < a->entries.size(); ++i)
    if (a->entries[i].key != b->entries[i].key || !same_value(a->entries[i].value.get(), b->entries[i].value.get()))
      return false;
  return true;
}

std::vector<std::string> split(const std::string& s, const std::string& delim) {
  std::vector<std::string> out;
  if (delim.empty()) {
    out.push_back(s);
    return out;
  }
  std::size_t pos = 0;
  for (;;) {
    std::size_t n = s.find(delim, pos);
    if (n == std::string::npos) {
      out.push_back(s.substr(pos));
      return out;
    }
    out.push_back(s.substr(pos, n - pos));
    pos = n + delim.size();
  }
}

/// Builds a String or Template from known text and unknown parts.
class Concat {
 public:
  explicit Concat(Span span) : span_(span) {}

  void text(const std::string& s) { buf_ += s; }
  void unknown(std::string what) {
    flush();
    parts_.push_back(syntax::make_unknown(std::move(what), span_));
    has_unknown_ = true;
  }
  /// Appends a resolved value (nullptr is AWS::NoValue).
  void value(const ValuePtr& v) {
    if (!v) return unknown("AWS::NoValue");
    switch (v->kind) {
      case Kind::String:
      case Kind::Number:
      case Kind::Bool: text(v->text); return;
      case Kind::Template:
        for (const auto& p : v->items) {
          if (p->kind == Kind::String) text(p->text);
          else if (p->kind == Kind::Unknown) unknown(p->text);
          else unknown("an expression");
        }
        return;
      case Kind::Unknown: unknown(v->text); return;
      case Kind::Map:
        if (const MapEntry* e = intrinsic(*v)) return unknown(describe_intrinsic(*e));
        return unknown("an object");
      case Kind::List: return unknown("a list");
      default: return unknown(v->text.empty() ? std::string("an expression") : v->text);
    }
  }
  ValuePtr finish() {
    if (!has_unknown_) {
      auto s = syntax::make_string(buf_, span_, span_);
      return s;
    }
    flush();
    auto t = std::make_shared<Value>();
    t->kind = Kind::Template;
    t->span = span_;
    t->content = span_;
    t->items = std::move(parts_);
    return t;
  }

 private:
  void flush() {
    if (!buf_.empty()) parts_.push_back(syntax::make_string(std::move(buf_), span_, span_));
    buf_.clear();
  }
  Span span_;
  std::string buf_;
  std::vector<ValuePtr> parts_;
  bool has_unknown_ = false;
};

// --- SAM policy templates -------------------------------------------------------------------
// Source: aws/serverless-application-model, samtranslator/policy_templates_data/
// policy_templates.json (the statements SAM generates for each SES policy template). Resource
// strings are Fn::Sub templates; ${identityName} / ${templateName} are the template parameters
// IdentityName / TemplateName.
struct SamStatement {
  std::vector<const char*> actions;
  std::vector<const char*> resources;  ///< "*" or Sub templates
};
struct SamTemplate {
  const char* name;
  std::vector<SamStatement> statements;
};

const char* const kIdentityArn = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${identityName}";
const char* const kTemplateArn = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:template/${templateName}";

const std::vector<SamTemplate>& sam_ses_templates() {
  static const std::vector<SamTemplate> t = {
      {"SESCrudPolicy",
       {{{"ses:GetIdentityVerificationAttributes", "ses:SendEmail", "ses:SendRawEmail", "ses:VerifyEmailIdentity"},
         {kIdentityArn}}}},
      {"SESBulkTemplatedCrudPolicy",
       {{{"ses:GetIdentityVerificationAttributes", "ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail",
          "ses:SendBulkTemplatedEmail", "ses:VerifyEmailIdentity"},
         {kIdentityArn}}}},
      {"SESBulkTemplatedCrudPolicy_v2",
       {{{"ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail"},
         {kIdentityArn, kTemplateArn}},
        {{"ses:GetIdentityVerificationAttributes", "ses:VerifyEmailIdentity"}, {"*"}}}},
      {"SESEmailTemplateCrudPolicy",
       {{{"ses:CreateTemplate", "ses:GetTemplate", "ses:ListTemplates", "ses:UpdateTemplate", "ses:DeleteTemplate",
          "ses:TestRenderTemplate"},
         {"*"}}}},
      {"SESSendBouncePolicy", {{{"ses:SendBounce"}, {kIdentityArn}}}},
  };
  return t;
}

const SamTemplate* find_sam_template(const std::string& name) {
  for (const auto& t : sam_ses_templates())
    if (name == t.name) return &t;
  return nullptr;
}

// --- the resolver ---------------------------------------------------------------------------

class Resolver {
 public:
  Resolver(const source::SourceFile& file, const Value& root, const Inputs& inputs)
      : file_(file), root_(root), inputs_(inputs) {
    (void)file_;
    parameters_ = root.get("Parameters");
    resources_ = root.get("Resources");
    conditions_ = root.get("Conditions");
    mappings_ = root.get("Mappings");
  }

  Result run() {
    Result r;
    // The root is always copied (shallowly: its children are shared) because the API takes it
    // by reference.
    auto out = std::make_shared<Value>(root_);
    r.root = out;
    if (root_.kind != Kind::Map) return r;
    for (auto& e : out->entries) {
      if (e.key == "Parameters" || e.key == "Conditions" || e.key == "Mappings" || e.key == "Rules" ||
          e.key == "Metadata" || e.key == "Transform" || e.key == "AWSTemplateFormatVersion")
        continue;
      ValuePtr nv = e.key == "Resources" ? resolve_resources(e.value)
                    : e.key == "Outputs"   ? drop_false_conditions(resolve(e.value))
                                           : resolve(e.value);
      if (!nv) nv = syntax::make_unknown("AWS::NoValue", e.value->span);
      e.value = nv;
    }
    r.diagnostics = std::move(diags_);
    return r;
  }

 private:
  struct DepthGuard {
    explicit DepthGuard(int& d) : d_(d) { ++d_; }
    ~DepthGuard() { --d_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    int& d_;
  };

  void warn(std::string msg, Span span) {
    diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Warning, std::move(msg), span});
  }

  ValuePtr too_deep(Span span) {
    if (!depth_reported_) {
      warn("CloudFormation expression nests or refers to itself more than " + std::to_string(kMaxDepth) +
               " levels deep; treated as unknown",
           span);
      depth_reported_ = true;
    }
    return syntax::make_unknown("expression too deep", span);
  }

  // Resources: generic resolution, then SAM policy template expansion.
  ValuePtr resolve_resources(const ValuePtr& res) {
    ValuePtr r = drop_false_conditions(resolve(res));
    if (!r || r->kind != Kind::Map) return r;
    std::shared_ptr<Value> out;
    for (std::size_t i = 0; i < r->entries.size(); ++i) {
      const Value& resource = *r->entries[i].value;
      if (resource.kind != Kind::Map) continue;
      const Value* type = resource.get("Type");
      if (!type || type->kind != Kind::String ||
          (type->text != "AWS::Serverless::Function" && type->text != "AWS::Serverless::StateMachine"))
        continue;
      const Value* props = resource.get("Properties");
      if (!props || props->kind != Kind::Map) continue;
      const MapEntry* pol = props->entry("Policies");
      if (!pol) continue;
      ValuePtr np = expand_policies(pol->value);
      if (np == pol->value) continue;
      auto nprops = std::make_shared<Value>(*props);
      for (auto& e : nprops->entries)
        if (e.key == "Policies") e.value = np;
      auto nres = std::make_shared<Value>(resource);
      for (auto& e : nres->entries)
        if (e.key == "Properties") e.value = nprops;
      if (!out) out = std::make_shared<Value>(*r);
      out->entries[i].value = nres;
    }
    return place_ses_resources(out ? ValuePtr(out) : r);
  }

  /// Sets Value::location on AWS::SES::* resources (see resolve.h): the pseudo parameters given
  /// on the command line, else Unknown. A template is deployed as one stack, so every resource
  /// shares the stack's Region, account and partition.
  ValuePtr place_ses_resources(const ValuePtr& res) {
    if (!res || res->kind != Kind::Map) return res;
    std::shared_ptr<Value> out;
    for (std::size_t i = 0; i < res->entries.size(); ++i) {
      const ValuePtr& r = res->entries[i].value;
      const Value* type = r && r->kind == Kind::Map ? r->get("Type") : nullptr;
      if (!type || type->kind != Kind::String || type->text.rfind("AWS::SES::", 0) != 0) continue;
      auto placed = std::make_shared<Value>(*r);
      placed->location = stack_location(r->span);
      if (!out) out = std::make_shared<Value>(*res);
      out->entries[i].value = placed;
    }
    return out ? ValuePtr(out) : res;
  }

  ValuePtr stack_location(Span at) {
    auto pseudo = [&](const char* name) -> ValuePtr {
      auto it = inputs_.parameters.find(name);
      return it != inputs_.parameters.end() ? syntax::make_string(it->second, at, at) : nullptr;
    };
    ValuePtr region = pseudo("AWS::Region");
    ValuePtr partition = pseudo("AWS::Partition");
    if (!partition && region) {
      std::string p = partition_of_region(region->text);
      if (!p.empty()) partition = syntax::make_string(p, at, at);
    }
    ValuePtr account = pseudo("AWS::AccountId");
    auto loc = make_node(Kind::Map, at);
    for (auto [key, value, pseudo_name] : {std::tuple{"region", region, "AWS::Region"},
                                           std::tuple{"account", account, "AWS::AccountId"},
                                           std::tuple{"partition", partition, "AWS::Partition"}})
      loc->entries.push_back(MapEntry{key, at, value ? value : syntax::make_unknown(pseudo_name, at)});
    return loc;
  }

  /// Resources (or Outputs) whose Condition is known to be false are not created: they are
  /// removed. Unknown conditions keep the resource.
  ValuePtr drop_false_conditions(const ValuePtr& m) {
    if (!m || m->kind != Kind::Map) return m;
    std::vector<MapEntry> kept;
    for (const auto& e : m->entries) {
      const Value* c = e.value && e.value->kind == Kind::Map ? e.value->get("Condition") : nullptr;
      if (c && c->kind == Kind::String) {
        std::optional<bool> on = condition(c->text, c->span);
        if (on && !*on) continue;
      }
      kept.push_back(e);
    }
    if (kept.size() == m->entries.size()) return m;
    auto out = std::make_shared<Value>(*m);
    out->entries = std::move(kept);
    return out;
  }

  ValuePtr expand_policies(const ValuePtr& policies) {
    if (!policies) return policies;
    if (policies->kind == Kind::Map) return expand_policy(policies);
    if (policies->kind != Kind::List) return policies;
    std::shared_ptr<Value> out;
    for (std::size_t i = 0; i < policies->items.size(); ++i) {
      ValuePtr n = expand_policy(policies->items[i]);
      if (n == policies->items[i]) continue;
      if (!out) out = std::make_shared<Value>(*policies);
      out->items[i] = n;
    }
    return out ? ValuePtr(out) : policies;
  }

  /// {"SESCrudPolicy": {"IdentityName": x}} -> {"Version": ..., "Statement": [...]}; every node
  /// produced keeps the template entry's span.
  ValuePtr expand_policy(const ValuePtr& entry) {
    if (!entry || entry->kind != Kind::Map || entry->entries.size() != 1) return entry;
    const SamTemplate* t = find_sam_template(entry->entries[0].key);
    if (!t) return entry;
    const Span span = entry->span;
    const Value* params = entry->entries[0].value.get();
    std::map<std::string, ValuePtr> vars;
    auto param = [&](const char* name, const char* var) {
      const Value* p = params && params->kind == Kind::Map ? params->get(name) : nullptr;
      vars[var] = p ? respan(params->entry(name)->value, span)
                    : syntax::make_unknown(std::string(name) + " (missing template parameter)", span);
    };
    param("IdentityName", "identityName");
    param("TemplateName", "templateName");

    auto doc = make_node(Kind::Map, span);
    auto& d = *doc;
    d.entries.push_back(MapEntry{"Version", span, syntax::make_string("2012-10-17", span, span)});
    auto stmts = make_node(Kind::List, span);
    for (const auto& st : t->statements) {
      auto s = make_node(Kind::Map, span);
      auto& sm = *s;
      sm.entries.push_back(MapEntry{"Effect", span, syntax::make_string("Allow", span, span)});
      auto actions = make_node(Kind::List, span);
      for (const char* a : st.actions)
        actions->items.push_back(syntax::make_string(a, span, span));
      sm.entries.push_back(MapEntry{"Action", span, actions});
      std::vector<ValuePtr> resources;
      for (const char* r : st.resources) resources.push_back(substitute(r, vars, span, span));
      if (resources.size() == 1) {
        sm.entries.push_back(MapEntry{"Resource", span, resources[0]});
      } else {
        auto list = make_node(Kind::List, span);
        list->items = std::move(resources);
        sm.entries.push_back(MapEntry{"Resource", span, list});
      }
      stmts->items.push_back(s);
    }
    d.entries.push_back(MapEntry{"Statement", span, stmts});
    return doc;
  }

  // Generic resolution. nullptr = AWS::NoValue (remove the holder).
  // Shared nodes (YAML aliases: the parser shares an anchor's children) are resolved once;
  // every created node is charged to budget_, so doubling aliases stop early.
  ValuePtr resolve(const ValuePtr& v) {
    if (!v) return v;
    if (budget_.spent()) return over_budget(v->span);
    const bool shared = v.use_count() > 1;
    if (shared) {
      auto it = memo_.find(v.get());
      if (it != memo_.end()) return it->second;
    }
    ValuePtr r = resolve_node(v);
    if (r && r != v && !budget_.charge(1 + r->items.size() + r->entries.size(), r->text.size()))
      r = over_budget(v->span);
    if (shared) memo_.emplace(v.get(), r);
    return r;
  }

  ValuePtr over_budget(Span span) {
    if (!budget_reported_) {
      budget_reported_ = true;
      warn("CloudFormation expressions produce too much data (or take too long) to resolve statically; the rest "
           "is treated as unknown",
           span);
    }
    return syntax::make_unknown("evaluation budget spent", span);
  }

  ValuePtr resolve_node(const ValuePtr& v) {
    if (depth_ > kMaxDepth) return too_deep(v->span);
    DepthGuard g(depth_);
    if (const MapEntry* e = intrinsic(*v)) return resolve_intrinsic(v, *e);
    if (v->kind == Kind::Map) {
      std::shared_ptr<Value> out;
      std::vector<MapEntry> entries;
      bool changed = false;
      for (const auto& e : v->entries) {
        ValuePtr n = resolve(e.value);
        if (n != e.value) changed = true;
        if (n) entries.push_back(MapEntry{e.key, e.key_span, n});
      }
      if (!changed) return v;
      out = std::make_shared<Value>(*v);
      out->entries = std::move(entries);
      return out;
    }
    if (v->kind == Kind::List) {
      std::vector<ValuePtr> items;
      bool changed = false;
      for (const auto& it : v->items) {
        ValuePtr n = resolve(it);
        if (n != it) changed = true;
        if (n) items.push_back(n);
      }
      if (!changed) return v;
      auto out = std::make_shared<Value>(*v);
      out->items = std::move(items);
      return out;
    }
    return v;
  }

  ValuePtr resolve_intrinsic(const ValuePtr& v, const MapEntry& e) {
    const Span span = v->span;
    if (e.key == "Ref") return resolve_ref(v, e);
    if (e.key == "Fn::GetAtt") return v;  // resource attribute: kept for the principal graph
    if (e.key == "Fn::Sub") return resolve_sub(v, e);
    if (e.key == "Fn::Join") return resolve_join(v, e);
    if (e.key == "Fn::Select") return resolve_select(v, e);
    if (e.key == "Fn::Split") return resolve_split(v, e);
    if (e.key == "Fn::If") return resolve_if(v, e);
    if (e.key == "Fn::FindInMap") return resolve_find_in_map(v, e);
    return syntax::make_unknown(describe_intrinsic(e), span);
  }

  /// A resolved value as a known string, if it is one.
  static std::optional<std::string> known_string(const ValuePtr& v) {
    if (v && (v->kind == Kind::String || v->kind == Kind::Number || v->kind == Kind::Bool)) return v->text;
    return std::nullopt;
  }

  const Value* parameter(const std::string& name) const {
    return parameters_ && parameters_->kind == Kind::Map ? parameters_->get(name) : nullptr;
  }
  const Value* resource(const std::string& name) const {
    return resources_ && resources_->kind == Kind::Map ? resources_->get(name) : nullptr;
  }

  static bool is_list_type(const Value* param) {
    const Value* t = param && param->kind == Kind::Map ? param->get("Type") : nullptr;
    if (!t || t->kind != Kind::String) return false;
    return t->text == "CommaDelimitedList" || t->text.rfind("List<", 0) == 0;
  }

  static ValuePtr string_list(const std::string& s, Span span) {
    auto l = make_node(Kind::List, span);
    for (auto& part : split(s, ",")) {
      // CommaDelimitedList values may have spaces after commas; CloudFormation keeps them, but
      // trimming matches what users mean in ARNs and names.
      std::size_t b = part.find_first_not_of(' ');
      std::size_t en = part.find_last_not_of(' ');
      std::string t = b == std::string::npos ? std::string() : part.substr(b, en - b + 1);
      l->items.push_back(syntax::make_string(t, span, span));
    }
    return l;
  }

  /// The value of `Ref name`, or the original map for resources whose Ref we keep. `ref` is the
  /// Ref node (returned unchanged for kept resource references).
  ValuePtr ref_value(const std::string& name, const ValuePtr& ref, Span span) {
    if (name == "AWS::NoValue") return nullptr;
    if (auto it = inputs_.parameters.find(name); it != inputs_.parameters.end()) {
      const Value* p = parameter(name);
      if (is_list_type(p)) return string_list(it->second, span);
      return syntax::make_string(it->second, span, span);
    }
    if (name.rfind("AWS::", 0) == 0) return syntax::make_unknown(name, span);
    if (const Value* p = parameter(name)) {
      const MapEntry* def = p->kind == Kind::Map ? p->entry("Default") : nullptr;
      if (!def) return syntax::make_unknown("!Ref " + name, span);
      if (is_list_type(p) && def->value->kind == Kind::String) return string_list(def->value->text, span);
      return respan(def->value, span);
    }
    if (const Value* r = resource(name)) return resource_ref(name, *r, ref, span);
    // Neither parameter nor resource: keep the Ref so the model can say what it does not name.
    return ref ? ref : syntax::make_unknown("!Ref " + name, span);
  }

  ValuePtr resource_ref(const std::string& name, const Value& r, const ValuePtr& ref, Span span) {
    const Value* type = r.kind == Kind::Map ? r.get("Type") : nullptr;
    const Value* props = r.kind == Kind::Map ? r.get("Properties") : nullptr;
    const MapEntry* src = nullptr;
    bool literal_only = false;
    if (type && type->kind == Kind::String && props && props->kind == Kind::Map) {
      if (type->text == "AWS::SES::EmailIdentity") {
        src = props->entry("EmailIdentity");
      } else if (type->text == "AWS::SES::ConfigurationSet") {
        src = props->entry("Name");
      } else if (type->text == "AWS::SES::Template") {
        const Value* t = props->get("Template");
        src = t && t->kind == Kind::Map ? t->entry("TemplateName") : nullptr;
        literal_only = true;
      }
    }
    auto keep = [&]() { return ref ? ref : syntax::make_unknown("!Ref " + name, span); };
    if (!src) return keep();
    if (active_resources_.count(name)) {
      warn("Ref cycle through resource " + name + "; its value is treated as unknown", span);
      return syntax::make_unknown("!Ref " + name, span);
    }
    active_resources_.insert(name);
    ValuePtr val = resolve(src->value);
    active_resources_.erase(name);
    if (!val) return keep();
    // The value keeps its link to the resource (model Ref target), as Terraform references do.
    auto linked = [&]() {
      auto out = std::make_shared<Value>(*respan(val, span));
      out->resolved_from = "!Ref " + name;
      return ValuePtr(std::move(out));
    };
    if (val->kind == Kind::String) return linked();
    if (val->kind == Kind::Template && !literal_only) return linked();
    if (val->kind == Kind::Unknown && !literal_only) return linked();
    return keep();
  }

  ValuePtr resolve_ref(const ValuePtr& v, const MapEntry& e) {
    ValuePtr arg = e.value;
    if (arg->kind != Kind::String) arg = resolve(arg);
    auto name = known_string(arg);
    if (!name) return syntax::make_unknown(describe_intrinsic(e), v->span);
    return ref_value(*name, v, v->span);
  }

  /// Substitutes ${...} in `tmpl`; `vars` are resolved values.
  ValuePtr substitute(const std::string& tmpl, const std::map<std::string, ValuePtr>& vars, Span span, Span at) {
    Concat out(at);
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
      if (tmpl.compare(i, 3, "${!") == 0) {
        out.text("${");
        i += 2;
        continue;
      }
      if (tmpl.compare(i, 2, "${") == 0) {
        std::size_t close = tmpl.find('}', i + 2);
        if (close == std::string::npos) {
          out.text(tmpl.substr(i));
          break;
        }
        std::string name = tmpl.substr(i + 2, close - i - 2);
        std::size_t b = name.find_first_not_of(" \t");
        std::size_t en = name.find_last_not_of(" \t");
        name = b == std::string::npos ? std::string() : name.substr(b, en - b + 1);
        i = close;
        if (auto it = vars.find(name); it != vars.end()) {
          out.value(it->second);
        } else if (name.find('.') != std::string::npos && name.rfind("AWS::", 0) != 0) {
          out.unknown("!GetAtt " + name);
        } else {
          out.value(ref_value(name, nullptr, span));
        }
        continue;
      }
      out.text(std::string(1, tmpl[i]));
    }
    return out.finish();
  }

  ValuePtr resolve_sub(const ValuePtr& v, const MapEntry& e) {
    const Value& arg = *e.value;
    std::map<std::string, ValuePtr> vars;
    ValuePtr tmpl;
    if (arg.kind == Kind::List && !arg.items.empty()) {
      tmpl = arg.items[0];
      if (arg.items.size() > 1 && arg.items[1]->kind == Kind::Map)
        for (const auto& ve : arg.items[1]->entries) vars[ve.key] = resolve(ve.value);
    } else {
      tmpl = e.value;
    }
    if (tmpl->kind != Kind::String) tmpl = resolve(tmpl);
    auto text = known_string(tmpl);
    if (!text) return syntax::make_unknown(describe_intrinsic(e), v->span);
    return substitute(*text, vars, v->span, v->span);
  }

  ValuePtr resolve_join(const ValuePtr& v, const MapEntry& e) {
    const Value& arg = *e.value;
    if (arg.kind != Kind::List || arg.items.size() != 2) return syntax::make_unknown(describe_intrinsic(e), v->span);
    auto sep = known_string(resolve(arg.items[0]));
    ValuePtr list = resolve(arg.items[1]);
    if (!sep || !list || list->kind != Kind::List) return syntax::make_unknown(describe_intrinsic(e), v->span);
    Concat out(v->span);
    bool first = true;
    for (const auto& it : list->items) {
      if (!first) out.text(*sep);
      first = false;
      out.value(it);
    }
    return out.finish();
  }

  ValuePtr resolve_select(const ValuePtr& v, const MapEntry& e) {
    const Value& arg = *e.value;
    if (arg.kind != Kind::List || arg.items.size() != 2) return syntax::make_unknown(describe_intrinsic(e), v->span);
    auto idx = known_string(resolve(arg.items[0]));
    ValuePtr list = resolve(arg.items[1]);
    if (!idx || !list || list->kind != Kind::List) return syntax::make_unknown(describe_intrinsic(e), v->span);
    std::size_t n = 0;
    try {
      std::size_t used = 0;
      long long i = std::stoll(*idx, &used);
      if (used != idx->size() || i < 0) throw std::out_of_range("index");
      n = static_cast<std::size_t>(i);
    } catch (const std::exception&) {
      return syntax::make_unknown(describe_intrinsic(e), v->span);
    }
    if (n >= list->items.size()) {
      warn("Fn::Select index " + *idx + " is out of range", v->span);
      return syntax::make_unknown(describe_intrinsic(e), v->span);
    }
    return list->items[n];
  }

  ValuePtr resolve_split(const ValuePtr& v, const MapEntry& e) {
    const Value& arg = *e.value;
    if (arg.kind != Kind::List || arg.items.size() != 2) return syntax::make_unknown(describe_intrinsic(e), v->span);
    auto delim = known_string(resolve(arg.items[0]));
    auto str = known_string(resolve(arg.items[1]));
    if (!delim || !str) return syntax::make_unknown(describe_intrinsic(e), v->span);
    auto l = make_node(Kind::List, v->span);
    for (auto& s : split(*str, *delim)) l->items.push_back(syntax::make_string(s, v->span, v->span));
    return l;
  }

  ValuePtr resolve_find_in_map(const ValuePtr& v, const MapEntry& e) {
    const Value& arg = *e.value;
    if (arg.kind != Kind::List || arg.items.size() < 3) return syntax::make_unknown(describe_intrinsic(e), v->span);
    auto m = known_string(resolve(arg.items[0]));
    auto k1 = known_string(resolve(arg.items[1]));
    auto k2 = known_string(resolve(arg.items[2]));
    const Value* top = m && mappings_ && mappings_->kind == Kind::Map ? mappings_->get(*m) : nullptr;
    const Value* second = k1 && top && top->kind == Kind::Map ? top->get(*k1) : nullptr;
    const MapEntry* val = k2 && second && second->kind == Kind::Map ? second->entry(*k2) : nullptr;
    if (!val) return syntax::make_unknown(describe_intrinsic(e), v->span);
    return respan(val->value, v->span);
  }

  // Conditions: three-valued (nullopt = not known statically).
  std::optional<bool> condition(const std::string& name, Span span) {
    if (auto it = cond_cache_.find(name); it != cond_cache_.end()) return it->second;
    const Value* c = conditions_ && conditions_->kind == Kind::Map ? conditions_->get(name) : nullptr;
    if (!c) return std::nullopt;
    if (active_conditions_.count(name)) {
      warn("Condition " + name + " refers to itself; treated as unknown", span);
      return std::nullopt;
    }
    active_conditions_.insert(name);
    std::optional<bool> r = eval_condition(*c);
    active_conditions_.erase(name);
    cond_cache_[name] = r;
    return r;
  }

  std::optional<bool> eval_condition(const Value& c) {
    if (depth_ > kMaxDepth) {
      too_deep(c.span);
      return std::nullopt;
    }
    DepthGuard g(depth_);
    if (c.kind == Kind::Bool) return c.text == "true";
    if (c.kind != Kind::Map || c.entries.size() != 1) return std::nullopt;
    const MapEntry& e = c.entries[0];
    const Value& arg = *e.value;
    if (e.key == "Condition") {
      if (arg.kind != Kind::String) return std::nullopt;
      return condition(arg.text, c.span);
    }
    if (e.key == "Fn::Equals") {
      if (arg.kind != Kind::List || arg.items.size() != 2) return std::nullopt;
      ValuePtr a = resolve(arg.items[0]);
      ValuePtr b = resolve(arg.items[1]);
      auto sa = known_string(a);
      auto sb = known_string(b);
      if (sa && sb) return *sa == *sb;
      if (a && b && a->kind == Kind::List && b->kind == Kind::List) {
        bool all_known = true;
        for (const auto* l : {&a->items, &b->items})
          for (const auto& it : *l) all_known = all_known && known_string(it).has_value();
        if (all_known) return same_value(a.get(), b.get());
      }
      return std::nullopt;
    }
    if (e.key == "Fn::Not") {
      const Value* inner = arg.kind == Kind::List && arg.items.size() == 1 ? arg.items[0].get() : nullptr;
      if (!inner) return std::nullopt;
      auto r = eval_condition(*inner);
      if (!r) return std::nullopt;
      return !*r;
    }
    if (e.key == "Fn::And" || e.key == "Fn::Or") {
      if (arg.kind != Kind::List) return std::nullopt;
      const bool is_and = e.key == "Fn::And";
      bool unknown = false;
      for (const auto& it : arg.items) {
        auto r = eval_condition(*it);
        if (!r) unknown = true;
        else if (*r != is_and) return !is_and;  // And: a false decides; Or: a true decides
      }
      if (unknown) return std::nullopt;
      return is_and;
    }
    return std::nullopt;
  }

  ValuePtr resolve_if(const ValuePtr& v, const MapEntry& e) {
    const Value& arg = *e.value;
    if (arg.kind != Kind::List || arg.items.size() != 3) return syntax::make_unknown(describe_intrinsic(e), v->span);
    std::optional<std::string> name = arg.items[0]->kind == Kind::String ? std::optional(arg.items[0]->text) : std::nullopt;
    std::optional<bool> c = name ? condition(*name, arg.items[0]->span) : std::nullopt;
    if (c) return resolve(*c ? arg.items[1] : arg.items[2]);
    ValuePtr a = resolve(arg.items[1]);
    ValuePtr b = resolve(arg.items[2]);
    if (same_value(a.get(), b.get())) return a;
    return syntax::make_unknown("!If " + (name ? *name : std::string("...")) + " (condition not known statically)",
                                v->span);
  }

  const source::SourceFile& file_;
  const Value& root_;
  const Inputs& inputs_;
  const Value* parameters_ = nullptr;
  const Value* resources_ = nullptr;
  const Value* conditions_ = nullptr;
  const Value* mappings_ = nullptr;
  std::vector<Diagnostic> diags_;
  int depth_ = 0;
  bool depth_reported_ = false;
  std::set<std::string> active_resources_;
  std::set<std::string> active_conditions_;
  std::map<std::string, std::optional<bool>> cond_cache_;
  syntax::Budget budget_;
  bool budget_reported_ = false;
  std::unordered_map<const Value*, ValuePtr> memo_;  ///< results for shared nodes (see resolve)
};

}  // namespace

Result resolve_cloudformation(const source::SourceFile& file, const Value& root, const Inputs& inputs) {
  Resolver r(file, root, inputs);
  return r.run();
}

}  // namespace seslint::resolve
