// resolve/terraform/references_and_resources.cpp: references: var / local / data / resource paths, provider configurations and where SES resources live, exported attributes of SES and IAM resources.
#include "resolve/terraform/resolver.h"
#include "resolve/terraform/functions_builtin.h"

namespace seslint::resolve::tf {

ValuePtr Resolver::eval_reference(const ValuePtr& v, unsigned depth) {
  std::vector<Step> steps = split_path(v->text);
  const std::string& root = steps[0].text;
  const Span at = v->span;
  if (root == "var" || root == "local") {
    if (steps.size() < 2 || steps[1].type != Step::Attr) return unknown(v->text, at);
    const std::string& name = steps[1].text;
    ValuePtr val = root == "var" ? var_value(name, at, depth) : local_value(name, at, depth);
    if (root == "var") note_variable(name, at);
    ValuePtr r = traverse(val, steps, 2, v, depth);
    return root == "var" ? respan_deep(r, at) : respan_top(r, at);
  }
  if (const Binding* b = bound(root)) {
    ValuePtr r = traverse(b->value, steps, 1, v, depth);
    return b->at_use ? respan_deep(r, at) : r;
  }
  if (root == "terraform" && steps.size() == 2 && steps[1].text == "workspace")
    return syntax::make_string(inputs_.terraform_workspace, at, at);  // --workspace, in every module
  if (root == "count" || root == "each" || root == "self" || root == "terraform") return unknown(v->text, at);
  if (root == "path") return syntax::make_string(".", at, at);
  if (root == "data") return eval_data(v, steps, depth);
  if (root == "module") return eval_module(v, steps, depth);
  return eval_resource(v, steps, depth);
}

ValuePtr Resolver::traverse(ValuePtr val, const std::vector<Step>& steps, std::size_t from, const ValuePtr& ref,
    unsigned depth) {
  for (std::size_t k = from; k < steps.size(); ++k) {
    const Step& st = steps[k];
    if (val->kind == Kind::Unknown) return unknown(ref->text, ref->span);
    if (val->kind == Kind::Reference) {
      // local.x = aws_iam_user.u; local.x.arn -> aws_iam_user.u.arn
      auto r = std::make_shared<Value>(*ref);
      r->text = val->text + join_path(steps, k);
      if (depth > kMaxDepth) return too_deep(*ref);
      return eval_reference(r, depth + 1);
    }
    if (val->kind == Kind::Template && val->items.size() == 1) val = val->items[0];
    if (st.type == Step::Splat) return splat(val, steps, k, ref, depth);
    std::optional<std::string> key;
    if (st.type == Step::Attr) {
      key = st.text;
    } else {
      ValuePtr idx = index_value(st.text, ref->span, depth);
      if (!idx || !is_scalar(*idx)) return unknown(ref->text, ref->span);
      key = idx->text;
    }
    // What Terraform rejects (no such attribute / key / index in a known value) is an error
    // Unknown (values.h is_error), which can() and try() tell from a value not known.
    auto error = [&](const std::string& why) { return unknown(ref->text + ": error: " + why, ref->span); };
    if (val->kind == Kind::Map) {
      const MapEntry* e = val->entry(*key);
      if (!e && !val->resolved_from.empty()) {
        // A resource object (resource_collection) holds only the attributes computed here; any
        // other is the resource's own, a reference.
        auto r = std::make_shared<Value>(*ref);
        r->kind = Kind::Reference;
        r->text = val->resolved_from + join_path(steps, k);
        if (depth > kMaxDepth) return too_deep(*ref);
        return eval_reference(r, depth + 1);
      }
      if (!e) return error(st.type == Step::Attr ? "no attribute \"" + *key + "\"" : "no key \"" + *key + "\"");
      val = e->value;
    } else if (val->kind == Kind::List) {
      auto n = to_int(*syntax::make_scalar(Kind::Number, *key, Span{}));
      // Past a list's unknown elements (functions_builtin.h) positions are not known.
      const std::size_t known = known_prefix(*val);
      if (n && *n >= 0 && static_cast<std::size_t>(*n) < known) {
        val = val->items[static_cast<std::size_t>(*n)];
      } else if (known == val->items.size()) {
        return error(n ? "index " + *key + " out of range for a list of " + std::to_string(known) + " elements"
                       : "a list has no attribute or key \"" + *key + "\"");
      } else {
        return unknown(ref->text, ref->span);
      }
    } else if (is_scalar(*val) || val->kind == Kind::Null) {
      const char* what = val->kind == Kind::Null     ? "null"
                         : val->kind == Kind::String ? "a string"
                         : val->kind == Kind::Number ? "a number"
                                                     : "a bool";
      return error(std::string(what) + " has no attributes or keys");
    } else {
      return unknown(ref->text, ref->span);
    }
  }
  return val;
}

ValuePtr Resolver::index_value(const std::string& text, Span at, unsigned depth) {
  if (text.empty()) return nullptr;
  if (text.front() == '"') {
    std::string s = text.substr(1, text.size() >= 2 ? text.size() - 2 : 0);
    return syntax::make_string(s, at, at);
  }
  if (std::isdigit(static_cast<unsigned char>(text.front()))) return syntax::make_scalar(Kind::Number, text, at);
  auto r = syntax::make_scalar(Kind::Reference, text, at);
  ValuePtr v = eval(r, depth + 1);
  return v;
}

ValuePtr Resolver::eval_data(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth) {
  if (steps.size() < 4) return v;
  if (steps[3].type == Step::Splat && steps[1].type == Step::Attr && steps[2].type == Step::Attr) {
    auto block = data_.find(steps[1].text + "." + steps[2].text);
    if (block != data_.end()) return resource_splat(v, steps, 3, *block->second, depth);
  }
  // [plan hook: attribute of a data source] what Terraform read while planning (known values
  // only); an aws_iam_policy_document declared here stays a reference (the model reads its
  // statements with their own lines).
  if (steps[1].text != "aws_iam_policy_document" || !data_.count(steps[1].text + "." + steps[2].text))
    if (ValuePtr p = from_plan(v, depth)) {
      if (p->kind != Kind::Unknown) return p;
      diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Note,
                                  v->text + " is read only during apply (the plan marks it known after apply); "
                                            "what depends on it stays unknown", v->span});
    }
  const std::string& type = steps[1].text;
  const std::string& attr = steps.back().text;
  if (type == "aws_caller_identity" && attr == "account_id") return unknown(kAccount, v->span);
  if (type == "aws_partition" && attr == "partition") return unknown(kPartition, v->span);
  if (type == "aws_region" && (attr == "name" || attr == "region")) {
    auto it = data_.find(type + "." + steps[2].text);
    return block_region(it != data_.end() ? it->second : nullptr, v->span, 0);
  }
  // An identity read by name has the identity's ARN shape: arn:P:ses:R:A:identity/<name>.
  const char* name_arg = type == "aws_ses_domain_identity"    ? "domain"
                         : type == "aws_ses_email_identity"   ? "email"
                         : type == "aws_sesv2_email_identity" ? "email_identity"
                                                              : nullptr;
  // data.t.n[INDEX].attr of a data source with count / for_each: that instance's count / each.
  const bool indexed = steps.size() == 5 && steps[3].type == Step::Index;
  auto it = name_arg && (steps.size() == 4 || indexed) ? data_.find(type + "." + steps[2].text) : data_.end();
  if (it == data_.end()) return v;
  ScopeSwap in_instance(scope_, indexed ? instance_bindings(*it->second, steps[3].text, v->span, depth) : std::vector<Binding>{});
  if (attr == name_arg || attr == "id") return argument(*it->second, name_arg, v->span, 0);
  if (attr != "arn") return v;
  Concat c;
  c.text("arn:", v->span);
  c.part(unknown(kPartition, v->span));
  c.text(":ses:", v->span);
  c.add(block_region(it->second, v->span, 0));
  c.text(":", v->span);
  c.part(unknown(kAccount, v->span));
  c.text(":identity/", v->span);
  if (!c.add(argument(*it->second, name_arg, v->span, 0))) c.part(unknown(v->text, v->span));
  return c.finish(v->span, v->span, v->text);
}

Resolver::ProviderConfig Resolver::provider_of(const Value* block) {
  ProviderConfig pc;
  if (block) pc.span = block->span;
  if (const MapEntry* p = block ? block->entry("provider") : nullptr) {
    pc.span = p->value->span;
    // `provider = aws.eu`, or the quoted form of Terraform 0.11.
    const Value& v = *p->value;
    pc.address = v.kind == Kind::Reference || v.kind == Kind::String ? v.text : "?";
  }
  if (pc.address == "aws") {
    pc.block = default_providers_ == 1 ? default_provider_ : nullptr;
  } else if (pc.address.rfind("aws.", 0) == 0) {
    auto it = aliased_.find(pc.address.substr(4));
    if (it != aliased_.end()) pc.block = it->second;
  }
  return pc;
}

std::string Resolver::of_provider(const char* what, const ProviderConfig& pc) {
  return pc.address == "aws" ? std::string(what) : std::string(what) + " (" + pc.address + ")";
}

ValuePtr Resolver::provider_region(const ProviderConfig& pc, Span at, unsigned depth) {
  if (pc.block) {
    if (const MapEntry* e = pc.block->entry("region")) {
      ValuePtr r = eval(e->value, depth + 1);
      if (r->kind == Kind::String) return syntax::make_string(r->text, at, at);
    }
  }
  return unknown(of_provider(kRegion, pc), at);
}

ValuePtr Resolver::block_region(const Value* block, Span at, unsigned depth) {
  if (const MapEntry* e = block ? block->entry("region") : nullptr) {
    ValuePtr r = eval(e->value, depth + 1);
    if (r->kind == Kind::String) return syntax::make_string(r->text, at, at);
    return unknown(r->kind == Kind::Unknown || r->kind == Kind::Reference ? r->text : "region argument", at);
  }
  return provider_region(provider_of(block), at, depth);
}

ValuePtr Resolver::location_of(const Value& block) {
  const ProviderConfig pc = provider_of(&block);
  auto loc = std::make_shared<Value>();
  loc->kind = Kind::Map;
  loc->span = loc->content = block.span;
  auto add = [&](const char* key, ValuePtr v) { loc->entries.push_back(MapEntry{key, v->span, std::move(v)}); };
  add("provider", syntax::make_string(pc.address, pc.span, pc.span));
  // Known values point at the expression they came from, unknown ones at what decides them.
  const MapEntry* own = block.entry("region");
  const MapEntry* configured = pc.block ? pc.block->entry("region") : nullptr;
  const Span region_at = own ? own->value->span : configured ? configured->value->span : pc.block ? pc.block->span : block.span;
  ValuePtr region = block_region(&block, region_at, 0);
  add("region", region);
  ValuePtr account = unknown(of_provider(kAccount, pc), pc.block ? pc.block->span : block.span);
  if (const MapEntry* ids = pc.block ? pc.block->entry("allowed_account_ids") : nullptr) {
    // Terraform refuses to run in any other account, so a single literal ID is certain.
    ValuePtr l = eval(ids->value, 1);
    if (l->kind == Kind::List && l->items.size() == 1) {
      const Value& id = *l->items[0];
      if ((id.kind == Kind::String || id.kind == Kind::Number) && id.text.size() == 12 &&
          std::all_of(id.text.begin(), id.text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        account = syntax::make_string(id.text, id.span, id.span);
    }
  }
  add("account", account);
  const std::string partition = region->kind == Kind::String ? partition_of_region(region->text) : "";
  add("partition", partition.empty() ? unknown(of_provider(kPartition, pc), region_at)
                                     : syntax::make_string(partition, region_at, region_at));
  return loc;
}

ValuePtr Resolver::argument(const Value& block, const char* name, Span at, unsigned depth, const char* fallback) {
  const MapEntry* e = block.entry(name);
  if (!e) return fallback ? syntax::make_string(fallback, at, at) : unknown(std::string(name) + " not set", at);
  return respan_deep(eval(e->value, depth + 1), at);
}

ValuePtr Resolver::eval_resource(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth) {
  ValuePtr r = eval_resource_value(v, steps, depth);
  // [plan hook: attribute of a resource instance] a value the configuration leaves unknown
  // or partly unknown (an ARN's account) that the plan or prior state knows; the result is
  // tagged resolved_from below, so the model still links through the reference.
  if (r == v || !fully_known(*r))
    if (ValuePtr p = from_plan(v, depth); p && p->kind != Kind::Unknown) r = p;
  if (r == v) return v;
  auto tagged = std::make_shared<Value>(*r);
  tagged->resolved_from = v->text;
  return tagged;
}

ValuePtr Resolver::eval_resource_value(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth) {
  if (steps.size() < 3 || steps[1].type != Step::Attr) return v;
  auto it = resources_.find(steps[0].text + "." + steps[1].text);
  if (it == resources_.end()) return v;
  std::size_t k = 2;
  if (k < steps.size() && steps[k].type == Step::Splat) return resource_splat(v, steps, k, *it->second, depth);
  // The instance's count.index / each.*, when the reference names one; no caller bindings.
  std::vector<Binding> instance;
  if (k < steps.size() && steps[k].type == Step::Index) instance = instance_bindings(*it->second, steps[k].text, v->span, depth);
  while (k < steps.size() && steps[k].type == Step::Index) ++k;  // count / for_each instance
  if (k + 1 != steps.size() || steps[k].type != Step::Attr) return v;
  ScopeSwap in_instance(scope_, std::move(instance));
  const std::string& type = steps[0].text;
  const std::string& attr = steps[k].text;
  const Value& block = *it->second;
  const Span at = v->span;
  auto ses_arn = [&](const char* kind, const char* name_arg) {
    Concat c;
    c.text("arn:", at);
    c.part(unknown(kPartition, at));
    c.text(":ses:", at);
    c.add(block_region(&block, at, depth));
    c.text(":", at);
    c.part(unknown(kAccount, at));
    c.text(std::string(":") + kind + "/", at);
    if (!c.add(argument(block, name_arg, at, depth))) c.part(unknown(v->text, at));
    return c.finish(at, at, v->text);
  };
  if (type == "aws_ses_domain_identity") {
    if (attr == "domain" || attr == "id") return argument(block, "domain", at, depth);
    if (attr == "arn") return ses_arn("identity", "domain");
  } else if (type == "aws_ses_email_identity") {
    if (attr == "email" || attr == "id") return argument(block, "email", at, depth);
    if (attr == "arn") return ses_arn("identity", "email");
  } else if (type == "aws_sesv2_email_identity") {
    if (attr == "email_identity" || attr == "id") return argument(block, "email_identity", at, depth);
    if (attr == "arn") return ses_arn("identity", "email_identity");
  } else if (type == "aws_sesv2_configuration_set") {
    if (attr == "configuration_set_name" || attr == "id") return argument(block, "configuration_set_name", at, depth);
    if (attr == "arn") return ses_arn("configuration-set", "configuration_set_name");
  } else if (type == "aws_ses_configuration_set") {
    if (attr == "name" || attr == "id") return argument(block, "name", at, depth);
    if (attr == "arn") return ses_arn("configuration-set", "name");
  } else if (type == "aws_iam_user") {
    if (attr == "name" || attr == "id") return argument(block, "name", at, depth);
    if (attr == "arn") {
      Concat c;
      c.text("arn:", at);
      c.part(unknown(kPartition, at));
      c.text(":iam::", at);
      c.part(unknown(kAccount, at));
      c.text(":user", at);
      if (!c.add(argument(block, "path", at, depth, "/"))) c.part(unknown("path", at));
      if (!c.add(argument(block, "name", at, depth))) c.part(unknown(v->text, at));
      return c.finish(at, at, v->text);
    }
  }
  return v;
}

ValuePtr Resolver::resource_splat(const ValuePtr& v, const std::vector<Step>& steps, std::size_t k, const Value& block,
                                  unsigned depth) {
  if (steps.size() < k + 2) return v;  // the instances themselves: kept as the reference
  std::string prefix = steps[0].text;
  for (std::size_t i = 1; i < k; ++i) prefix += "." + steps[i].text;
  const std::string rest = join_path(steps, k + 1);
  auto instance = [&](const std::string& index) {
    auto r = std::make_shared<Value>(*v);
    r->text = prefix + index + rest;
    return eval_reference(r, depth + 1);
  };
  const MapEntry* count = block.entry("count");
  if (!count) {
    // A single object is a one-element list to a splat; a for_each resource is a map, which a
    // splat does not look into (Terraform users write values(aws_x.y)[*].attr).
    if (block.entry("for_each")) return v;
    if (!spend(v->span)) return v;
    return list_of({instance("")}, v->span);
  }
  ValuePtr n;
  {
    ScopeSwap outside(scope_, {});
    n = eval(count->value, depth + 1);
  }
  auto total = to_int(*n);
  if (!total || *total < 0 || static_cast<std::size_t>(*total) > kMaxListItems) return v;
  std::vector<ValuePtr> out;
  for (long long i = 0; i < *total; ++i) {
    if (!spend(v->span)) return v;
    out.push_back(instance("[" + std::to_string(i) + "]"));
  }
  return list_of(std::move(out), v->span);
}

ValuePtr Resolver::resource_collection(const ValuePtr& v, unsigned depth) {
  if (v->kind != Kind::Reference) return v;
  const std::vector<Step> steps = split_path(v->text);
  if (steps.size() != 2 || steps[1].type != Step::Attr) return v;
  auto it = resources_.find(v->text);
  if (it == resources_.end()) return v;
  const std::string& type = steps[0].text;
  const char* name_arg = type == "aws_ses_domain_identity"       ? "domain"
                         : type == "aws_ses_email_identity"      ? "email"
                         : type == "aws_sesv2_email_identity"    ? "email_identity"
                         : type == "aws_sesv2_configuration_set" ? "configuration_set_name"
                         : type == "aws_ses_configuration_set" || type == "aws_iam_user" ? "name"
                                                                                         : nullptr;
  if (!name_arg) return v;
  const Span at = v->span;
  // One instance's object: its computed attributes, each tagged with the reference it reads.
  auto object = [&](const std::string& address) -> ValuePtr {
    std::vector<MapEntry> entries;
    for (const char* attr : {"arn", "id", name_arg}) {
      auto r = std::make_shared<Value>(*v);
      r->text = address + "." + attr;
      entries.push_back(MapEntry{attr, at, eval_reference(r, depth + 1)});
    }
    auto m = std::make_shared<Value>(*object_of(std::move(entries), at));
    m->resolved_from = address;
    return m;
  };
  const Value& block = *it->second;
  const MapEntry* count = block.entry("count");
  const MapEntry* fe = block.entry("for_each");
  if (!count && !fe) return object(v->text);
  ValuePtr coll;
  {
    ScopeSwap outside(scope_, {});
    coll = eval((count ? count : fe)->value, depth + 1);
  }
  if (count) {
    auto n = to_int(*coll);
    if (!n || *n < 0 || static_cast<std::size_t>(*n) > kMaxInstances) return v;
    std::vector<ValuePtr> items;
    for (long long i = 0; i < *n; ++i) {
      if (!spend(at)) return v;
      items.push_back(object(v->text + "[" + std::to_string(i) + "]"));
    }
    return list_of(std::move(items), at);
  }
  // for_each: a map (or a set of strings, each its own key) of instance objects.
  std::vector<std::string> keys;
  if (coll->kind == Kind::Map) {
    for (const auto& e : coll->entries) keys.push_back(e.key);
  } else if (coll->kind == Kind::List && known_prefix(*coll) == coll->items.size()) {
    for (const auto& i : coll->items) {
      if (!is_scalar(*i)) return v;
      keys.push_back(i->text);
    }
  } else {
    return v;
  }
  if (keys.size() > kMaxInstances) return v;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<MapEntry> entries;
  for (const auto& key : keys) {
    if (key.find_first_of("\\\"") != std::string::npos) return v;  // not written back as an index here
    if (!spend(at)) return v;
    entries.push_back(MapEntry{key, at, object(v->text + "[\"" + key + "\"]")});
  }
  return object_of(std::move(entries), at);
}

}  // namespace seslint::resolve::tf
