// resolve/terraform/modules_and_instances.cpp: resource instances (count / for_each), module calls and their outputs, values from a Terraform plan.
#include "resolve/terraform/resolver.h"

#include <limits>

namespace seslint::resolve::tf {

ValuePtr Resolver::object_of(std::vector<MapEntry> entries, Span at) {
  auto m = std::make_shared<Value>();
  m->kind = Kind::Map;
  m->span = m->content = at;
  m->entries = std::move(entries);
  return m;
}

std::vector<Binding> Resolver::instance_bindings(const Value& block, const std::string& index_text, Span at, unsigned depth) {
  ValuePtr idx = index_value(index_text, at, depth);
  if (!idx || !is_scalar(*idx)) return {};
  if (block.entry("count")) {
    auto n = to_int(*idx);
    if (!n) return {};
    return {Binding{"count", object_of({MapEntry{"index", at, num(*n, at)}}, at)}};
  }
  const MapEntry* fe = block.entry("for_each");
  if (!fe) return {};
  ValuePtr coll;
  {
    ScopeSwap outside(scope_, {});
    coll = eval(fe->value, depth + 1);
  }
  ValuePtr value = unknown("each.value", at);
  if (coll->kind == Kind::Map) {
    if (const MapEntry* e = coll->entry(idx->text)) value = e->value;
  } else if (coll->kind == Kind::List) {  // a set: each.value is the key
    for (const auto& i : coll->items)
      if (is_scalar(*i) && i->text == idx->text) value = i;
  }
  return {Binding{"each", object_of({MapEntry{"key", at, str(idx->text, at)}, MapEntry{"value", at, value}}, at)}};
}

bool Resolver::expands_instances(const Value& block) {
  if (block.labels.size() != 2) return false;
  const std::string& t = block.labels[0].text;
  return t == "aws_ses_domain_identity" || t == "aws_ses_email_identity" || t == "aws_sesv2_email_identity";
}

std::optional<std::vector<Resolver::PlannedInstance>> Resolver::instances_of(bool counted, const Value& coll, Span at,
                                                                            std::size_t max) {
  std::vector<PlannedInstance> out;
  if (counted) {
    auto n = to_int(coll);
    if (!n || *n < 0 || static_cast<std::size_t>(*n) > max) return std::nullopt;
    for (long long i = 0; i < *n; ++i) {
      ValuePtr idx = num(i, at);
      out.push_back({idx, {Binding{"count", object_of({MapEntry{"index", at, idx}}, at)}}});
    }
    return out;
  }
  if (coll.kind != Kind::Map && coll.kind != Kind::List) return std::nullopt;
  const std::size_t n = coll.kind == Kind::Map ? coll.entries.size() : coll.items.size();
  if (n > max) return std::nullopt;
  for (std::size_t i = 0; i < n; ++i) {
    ValuePtr key, value;
    if (coll.kind == Kind::Map) {
      const MapEntry& e = coll.entries[i];
      key = syntax::make_string(e.key, e.key_span, e.key_span);
      value = e.value;
    } else {
      if (!is_scalar(*coll.items[i])) return std::nullopt;
      key = value = coll.items[i];  // a set of strings: each.key == each.value
    }
    out.push_back({key, {Binding{"each", object_of({MapEntry{"key", key->span, key}, MapEntry{"value", key->span, value}}, key->span)}}});
  }
  return out;
}

ValuePtr Resolver::with_instances(const Value& block, const ValuePtr& resolved) {
  if (!expands_instances(block)) return resolved;
  const MapEntry* count = block.entry("count");
  const MapEntry* fe = block.entry("for_each");
  if (!count && !fe) return resolved;
  ValuePtr coll = eval((count ? count : fe)->value, 0);
  auto instances = instances_of(count != nullptr, *coll, (count ? count : fe)->value->span, kMaxInstances);
  if (!instances) return resolved;
  auto copy = std::make_shared<Value>(*resolved);
  for (auto& [key, bindings] : *instances) {
    if (!spend(block.span)) break;
    ValuePtr body;
    {
      ScopeSwap in_instance(scope_, std::move(bindings));
      body = resolve_body(std::make_shared<Value>(block));
    }
    auto inst = std::make_shared<Value>(*body);
    inst->block_type = "[instance]";
    inst->labels = {syntax::Label{key->text, key->span}};
    copy->entries.push_back(MapEntry{"[instance]", key->span, inst});
  }
  return copy;
}

bool Resolver::is_meta_argument(const std::string& k) {
  return k == "source" || k == "version" || k == "providers" || k == "count" || k == "for_each" ||
         k == "depends_on";
}

void Resolver::collect_modules() {
  for (const auto& f : files_) {
    if (!f.root || f.json) continue;
    for (const auto& e : f.root->entries) {
      const Value& b = *e.value;
      if (b.is_block && b.block_type == "module" && b.labels.size() == 1) calls_[b.labels[0].text].block = &b;
    }
  }
}

void Resolver::apply_module_args() {
  for (auto& [name, arg] : module_args_) {
    Variable& v = vars_[name];
    v.expr = v.value = arg.value;
    v.state = 2;
    v.chain = arg.origins;
    set_origin(v, arg.span, "", "argument of " + address_);
  }
}

void Resolver::instantiate_all() {
  for (auto& [name, call] : calls_) instantiate(name, call, 0);
}

void Resolver::instantiate(const std::string& name, ModuleCall& c, unsigned depth) {
  if (c.state == 2) return;
  if (c.state == 1) {
    // Terraform orders module calls per value, so two calls may feed each other; this resolver
    // instantiates whole calls, so such a use stays unknown (see eval_module).
    diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Note,
                                "module." + name +
                                    " outputs are needed while its own arguments are being resolved (module calls "
                                    "feeding each other); those uses stay unknown",
                                c.block->span});
    return;
  }
  c.state = 1;
  instantiate_call(name, c, depth);
  c.state = 2;
}

void Resolver::skip_call(ModuleCall& c, std::string reason, Severity severity, std::string message, Span at) {
  c.unknown_reason = std::move(reason);
  diags_.push_back(Diagnostic{diag::kUnsupported, severity, std::move(message), at});
}

std::string Resolver::remote_module_dir(const std::string& name, const std::string& source) const {
  // `terraform init` records every call of the root's tree by key: "a", then "a.b" below it.
  auto root = inputs_.installed_modules.find(root_dir_);
  if (root != inputs_.installed_modules.end()) {
    auto m = root->second.find(key_path_.empty() ? name : key_path_ + "." + name);
    if (m != root->second.end()) return m->second.dir;
  }
  return module_dir_for(inputs_.module_dirs, source);
}

void Resolver::instantiate_call(const std::string& name, ModuleCall& c, unsigned depth) {
  const Value& block = *c.block;
  const MapEntry* src = block.entry("source");
  ValuePtr sv;
  {
    ScopeSwap outside(scope_, {});
    sv = src ? eval(src->value, depth + 1) : nullptr;
  }
  const Span at = src ? src->value->span : block.span;
  if (!sv || sv->kind != Kind::String) {
    c.unknown_reason = "module source not a literal";
    return;
  }
  const std::string& source = sv->text;
  std::string dir;
  if (is_local_module_source(source)) {
    dir = module_folder(display_dir(), source);
  } else {
    dir = remote_module_dir(name, source);
    if (dir.empty()) {
      UnfetchedModule u;
      u.source = source;
      if (const MapEntry* ver = block.entry("version")) {
        ScopeSwap outside(scope_, {});
        ValuePtr vv = eval(ver->value, depth + 1);
        if (vv && vv->kind == Kind::String) u.version = vv->text;
      }
      u.address = (address_.empty() ? "" : address_ + ".") + "module." + name;
      u.root_dir = root_dir_;
      u.at = at;
      unfetched_.push_back(std::move(u));
      c.unknown_reason = "module '" + source + "' not installed";
      return;
    }
  }
  const std::vector<TerraformFile>* files = nullptr;
  // Whether the folder is inside the scan is the loader's answer: it knows the scanned folders.
  if (loader_) files = loader_(dir);
  if (!files || files->empty()) {
    if (!is_local_module_source(source))
      return skip_call(c, "module folder '" + dir + "' not read", Severity::Warning,
                       "module." + name + ": '" + source + "' is installed in '" + dir +
                           "', but no .tf or .tf.json file was read there; its outputs are unknown",
                       at);
    return skip_call(c, "module folder '" + source + "' not scanned", Severity::Note,
                     "module." + name + ": folder '" + source +
                         "' is not among the scanned files; its outputs are unknown", at);
  }
  if (std::find(chain_.begin(), chain_.end(), dir) != chain_.end()) {
    return skip_call(c, "module cycle", Severity::Warning,
                     "module." + name + " sources '" + source +
                         "', which is already being instantiated above it (a module cycle); it was not "
                         "instantiated again", at);
  }
  if (chain_.size() > kMaxModuleDepth) {
    return skip_call(c, "modules nested too deep", Severity::Warning,
                     "module." + name + ": modules nested more than " + std::to_string(kMaxModuleDepth) +
                         " levels deep are not instantiated", at);
  }
  // count / for_each of the call, in the caller's scope: one instance per index or key.
  std::vector<PlannedInstance> planned;
  const MapEntry* count = block.entry("count");
  const MapEntry* fe = block.entry("for_each");
  if (count || fe) {
    ValuePtr coll;
    {
      ScopeSwap outside(scope_, {});
      coll = eval((count ? count : fe)->value, depth + 1);
    }
    const Span cat = (count ? count : fe)->value->span;
    // A for_each whose values are not all known stays one instance for all keys.
    auto known = (fe && !fully_known(*coll)) ? std::nullopt
                                             : instances_of(count != nullptr, *coll, cat, std::numeric_limits<std::size_t>::max());
    if (known) {
      c.repeat = count ? ModuleCall::Repeat::Count : ModuleCall::Repeat::ForEach;
      planned = std::move(*known);
    } else {
      // Unknown count / for_each: one instance stands for all of them, its count.index /
      // each.* unknown; `module.m` as a whole stays unknown.
      c.repeat = ModuleCall::Repeat::Unknown;
      std::vector<Binding> b;
      if (count) b.push_back(Binding{"count", object_of({MapEntry{"index", cat, unknown("count.index", cat)}}, cat)});
      else
        b.push_back(Binding{"each", object_of({MapEntry{"key", cat, unknown("each.key", cat)},
                                               MapEntry{"value", cat, unknown("each.value", cat)}},
                                              cat)});
      planned.push_back({nullptr, std::move(b)});
    }
  } else {
    planned.push_back({nullptr, {}});
  }
  for (auto& p : planned) {
    if (budget_->instances >= kMaxModuleInstances) {
      c.unknown_reason = "too many module instances";
      if (!budget_->reported)
        diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Note,
                                    "more than " + std::to_string(kMaxModuleInstances) +
                                        " module instances under one root module; the rest were not instantiated",
                                    at});
      budget_->reported = true;
      return;
    }
    ++budget_->instances;
    std::string address = (address_.empty() ? "" : address_ + ".") + "module." + name;
    if (p.key && c.repeat != ModuleCall::Repeat::Unknown)
      address += c.repeat == ModuleCall::Repeat::Count ? "[" + p.key->text + "]" : "[\"" + p.key->text + "\"]";
    std::map<std::string, ModuleArg> args;
    {
      ScopeSwap in_instance(scope_, p.bindings);
      for (const auto& e : block.entries) {
        if (!e.value || e.value->is_block || is_meta_argument(e.key)) continue;
        collectors_.emplace_back();
        ValuePtr v = eval(e.value, depth + 1);
        ModuleArg arg{detach(v, scope_key_, 0), e.value->span, std::move(collectors_.back())};
        collectors_.pop_back();
        args[e.key] = std::move(arg);
      }
    }
    c.instances.push_back(instantiate_child(dir, address, name, std::move(args), p.key));
  }
}

CallInstance Resolver::instantiate_child(const std::string& dir, const std::string& address, const std::string& name,
                                         std::map<std::string, ModuleArg> args, ValuePtr instance) {
  CallInstance out;
  out.key = std::move(instance);
  const std::string key = dir + " (" + address + " in " + (root_dir_.empty() ? std::string(".") : root_dir_) + ")";
  const std::vector<TerraformFile>* files = loader_(dir);
  // Variables files and --var apply to the root module only.
  Inputs child_inputs = inputs_;
  child_inputs.terraform_vars.clear();
  child_inputs.terraform_var_files.clear();
  const std::vector<TerraformFile> no_tfvars;
  Resolver child(*files, no_tfvars, child_inputs, loader_);
  child.module_args_ = std::move(args);
  child.chain_ = chain_;
  child.chain_.push_back(dir);
  child.address_ = address;
  child.key_path_ = key_path_.empty() ? name : key_path_ + "." + name;
  child.root_dir_ = root_dir_;
  child.scope_key_ = key;
  child.budget_ = budget_;
  child.in_plan_ = in_plan_;  // [plan hook: module instance values] lookups use child.address_
  ModuleResult r = child.run();
  // Outputs, and the variables each output's value came from.
  for (const auto& f : r.files) {
    if (!f.root) continue;
    for (const auto& e : f.root->entries) {
      const Value& b = *e.value;
      if (!b.is_block || b.block_type != "output" || b.labels.size() != 1) continue;
      const MapEntry* val = b.entry("value");
      if (!val) continue;
      const std::string& o = b.labels[0].text;
      out.outputs[o] = detach(val->value, key, 0);
      const Span vs = val->value->span;
      auto& og = out.output_origins[o];
      for (const auto& orig : r.origins)
        if (orig.use.file == vs.file && orig.use.begin >= vs.begin && orig.use.end <= vs.end) og.push_back(orig);
    }
  }
  ModuleInstance inst;
  inst.key = key;
  inst.address = address;
  inst.dir = dir;
  inst.files = std::move(r.files);
  instances_.push_back(std::move(inst));
  for (auto& i : r.instances) instances_.push_back(std::move(i));
  for (auto& o : r.origins) record(o);
  for (auto& d : r.diagnostics) diags_.push_back(std::move(d));
  for (auto& u : r.unfetched) unfetched_.push_back(std::move(u));
  return out;
}

ValuePtr Resolver::call_object(const CallInstance& ci, Span at) {
  std::vector<MapEntry> entries;
  for (const auto& [o, v] : ci.outputs) entries.push_back(MapEntry{o, at, v});
  return object_of(std::move(entries), at);
}

ValuePtr Resolver::eval_module(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth) {
  if (steps.size() < 2 || steps[1].type != Step::Attr) return v;
  auto it = calls_.find(steps[1].text);
  if (it == calls_.end()) return v;
  ModuleCall& c = it->second;
  instantiate(it->first, c, depth);
  if (c.state != 2) return unknown(v->text + " (modules feeding each other)", v->span);
  if (!c.unknown_reason.empty()) return unknown(v->text + " (" + c.unknown_reason + ")", v->span);
  // The outputs named after the call (or after its instance key) were computed from these.
  std::size_t k = 2;
  while (k < steps.size() && steps[k].type != Step::Attr) ++k;
  if (k < steps.size())
    for (const auto& ci : c.instances)
      if (auto og = ci.output_origins.find(steps[k].text); og != ci.output_origins.end())
        for (const auto& o : og->second) note(o);
  ValuePtr whole;
  switch (c.repeat) {
    case ModuleCall::Repeat::None:
      if (c.instances.empty()) return unknown(v->text, v->span);
      whole = call_object(c.instances.front(), v->span);
      break;
    case ModuleCall::Repeat::Count: {
      std::vector<ValuePtr> items;
      for (const auto& ci : c.instances) items.push_back(call_object(ci, v->span));
      whole = list_of(std::move(items), v->span);
      break;
    }
    case ModuleCall::Repeat::ForEach: {
      std::vector<MapEntry> entries;
      for (const auto& ci : c.instances) entries.push_back(MapEntry{ci.key->text, v->span, call_object(ci, v->span)});
      whole = object_of(std::move(entries), v->span);
      break;
    }
    case ModuleCall::Repeat::Unknown:
      // module.m[KEY].OUT: every instance has the one instance's value when it does not depend
      // on the key; that is not known here, so the value is unknown unless it is the same
      // for every possible instance, which only a literal output is.
      if (c.instances.empty() || k >= steps.size()) return unknown(v->text, v->span);
      {
        auto out = c.instances.front().outputs.find(steps[k].text);
        if (out == c.instances.front().outputs.end() || !fully_known(*out->second)) return unknown(v->text, v->span);
        return respan_deep(traverse(out->second, steps, k + 1, v, depth), v->span);
      }
  }
  return respan_deep(traverse(whole, steps, 2, v, depth), v->span);
}

ValuePtr Resolver::detach(const ValuePtr& v, const std::string& scope, unsigned depth) {
  if (!v) return v;
  if (v->kind == Kind::Reference) {
    // Unknown on the other side, but still a link to the resource in the scope it lives in.
    auto u = std::make_shared<Value>(*unknown(v->text, v->span));
    if (!v->text.empty()) u->resolved_from = syntax::scoped_reference(scope, v->text);
    return u;
  }
  if (depth > 256) return v;
  auto c = std::make_shared<Value>(*v);
  // A known value links by its text (a name, an ARN); a partly known one keeps its link.
  if (!c->resolved_from.empty()) c->resolved_from = fully_known(*c) ? std::string() : syntax::scoped_reference(scope, c->resolved_from);
  for (auto& i : c->items) i = detach(i, scope, depth + 1);
  for (auto& e : c->entries) e.value = detach(e.value, scope, depth + 1);
  return c;
}

ValuePtr Resolver::from_plan(const ValuePtr& v, unsigned depth) {
  if (!in_plan_) return nullptr;
  return inputs_.terraform_plan->lookup(address_, v->text, v->span, [&](const std::string& t) -> std::optional<std::string> {
    ValuePtr k = index_value(t, v->span, depth);
    if (!k || !is_scalar(*k)) return std::nullopt;
    return k->text;
  });
}

}  // namespace seslint::resolve::tf

namespace seslint::resolve {

namespace {

/// "git::https://h/r.git//modules/x?ref=v1" -> {"git::https://h/r.git?ref=v1", "modules/x"}:
/// the `//` that starts a subfolder is the first one after any "scheme://".
std::pair<std::string, std::string> split_subdir(std::string s) {
  std::size_t from = 0;
  for (std::size_t p = s.find("://"); p != std::string::npos; p = s.find("://", p + 3)) from = p + 3;
  const std::size_t q = s.find('?', from);
  const std::size_t sl = s.find("//", from);
  if (sl == std::string::npos || (q != std::string::npos && sl > q)) return {s, ""};
  const std::size_t end = q == std::string::npos ? s.size() : q;
  std::string sub = s.substr(sl + 2, end - sl - 2);
  s.erase(sl, end - sl);
  return {s, sub};
}

std::string normalized_source(std::string s) {
  const std::string host = "registry.terraform.io/";
  if (s.rfind(host, 0) == 0) s.erase(0, host.size());
  const std::size_t q = s.find('?');
  if (q != std::string::npos) s.erase(q);
  return s;
}

}  // namespace

std::string module_dir_for(const std::vector<std::pair<std::string, std::string>>& module_dirs,
                           const std::string& source) {
  auto [package, sub] = split_subdir(source);
  // A subfolder may not climb out of the checkout it names.
  if (!sub.empty() && (std::filesystem::path(sub).is_absolute() ||
                       std::filesystem::path(sub).lexically_normal().generic_string().rfind("..", 0) == 0))
    return "";
  const std::string want = normalized_source(source), want_package = normalized_source(package);
  for (const auto& [from, dir] : module_dirs)
    if (normalized_source(from) == want) return module_folder(dir, "");
  if (!sub.empty())
    for (const auto& [from, dir] : module_dirs)
      if (normalized_source(from) == want_package) return module_folder(dir, sub);
  return "";
}

bool is_local_module_source(const std::string& source) {
  return source.rfind("./", 0) == 0 || source.rfind("../", 0) == 0;
}

std::string module_folder(const std::string& dir, const std::string& rest) {
  std::string d = (std::filesystem::path(dir.empty() ? "." : dir) / rest).lexically_normal().generic_string();
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  if (d == ".") d.clear();
  return d;
}

}  // namespace seslint::resolve
