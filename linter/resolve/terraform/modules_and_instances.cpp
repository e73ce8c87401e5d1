// resolve/terraform/modules_and_instances.cpp: resource instances (count / for_each), module calls and their outputs, values from a Terraform plan.
#include "resolve/terraform/resolver.h"

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

ValuePtr Resolver::with_instances(const Value& block, const ValuePtr& resolved) {
  if (!expands_instances(block)) return resolved;
  const MapEntry* count = block.entry("count");
  const MapEntry* fe = block.entry("for_each");
  if (!count && !fe) return resolved;
  ValuePtr coll = eval((count ? count : fe)->value, 0);
  std::vector<std::pair<ValuePtr, std::vector<Binding>>> instances;  // key, bindings
  const Span at = (count ? count : fe)->value->span;
  if (count) {
    auto n = to_int(*coll);
    if (!n || *n < 0 || static_cast<std::size_t>(*n) > kMaxInstances) return resolved;
    for (long long i = 0; i < *n; ++i) {
      ValuePtr idx = num(i, at);
      instances.push_back({idx, {Binding{"count", object_of({MapEntry{"index", at, idx}}, at)}}});
    }
  } else if (coll->kind == Kind::Map || coll->kind == Kind::List) {
    const std::size_t n = coll->kind == Kind::Map ? coll->entries.size() : coll->items.size();
    if (n > kMaxInstances) return resolved;
    for (std::size_t i = 0; i < n; ++i) {
      ValuePtr key, value;
      if (coll->kind == Kind::Map) {
        const MapEntry& e = coll->entries[i];
        key = syntax::make_string(e.key, e.key_span, e.key_span);
        value = e.value;
      } else {
        if (!is_scalar(*coll->items[i])) return resolved;
        key = value = coll->items[i];  // a set of strings: each.key == each.value
      }
      instances.push_back({key, {Binding{"each", object_of({MapEntry{"key", key->span, key}, MapEntry{"value", key->span, value}}, key->span)}}});
    }
  } else {
    return resolved;
  }
  auto copy = std::make_shared<Value>(*resolved);
  for (auto& [key, bindings] : instances) {
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

void Resolver::instantiate_call(const std::string& name, ModuleCall& c, unsigned depth) {
  const Value& block = *c.block;
  const MapEntry* src = block.entry("source");
  ValuePtr sv = src ? eval(src->value, depth + 1) : nullptr;
  const Span at = src ? src->value->span : block.span;
  if (!sv || sv->kind != Kind::String) {
    c.unknown_reason = "module source not a literal";
    return;
  }
  const std::string& source = sv->text;
  if (source.rfind("./", 0) != 0 && source.rfind("../", 0) != 0)
    return skip_call(c, "remote module '" + source + "'", Severity::Note,
                     "module." + name + " comes from '" + source +
                         "', which is not fetched: its resources were not checked and its outputs are unknown",
                     at);
  std::string dir = (module_dir_ / source).lexically_normal().generic_string();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (dir == ".") dir.clear();
  const std::vector<TerraformFile>* files = nullptr;
  // Whether the folder is inside the scan is the loader's answer: it knows the scanned folders.
  if (loader_) files = loader_(dir);
  if (!files || files->empty()) {
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
  const std::string address = (address_.empty() ? "" : address_ + ".") + "module." + name;
  std::map<std::string, ModuleArg> args;
  for (const auto& e : block.entries) {
    if (!e.value || e.value->is_block || is_meta_argument(e.key)) continue;
    collectors_.emplace_back();
    ValuePtr v = eval(e.value, depth + 1);
    ModuleArg arg{detach(v, 0), e.value->span, std::move(collectors_.back())};
    collectors_.pop_back();
    args[e.key] = std::move(arg);
  }
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
  child.root_dir_ = root_dir_;
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
      const std::string& out = b.labels[0].text;
      c.outputs[out] = detach(val->value, 0);
      const Span vs = val->value->span;
      auto& og = c.output_origins[out];
      for (const auto& o : r.origins)
        if (o.use.file == vs.file && o.use.begin >= vs.begin && o.use.end <= vs.end) og.push_back(o);
    }
  }
  ModuleInstance inst;
  inst.key = dir + " (" + address + " in " + (root_dir_.empty() ? std::string(".") : root_dir_) + ")";
  inst.address = address;
  inst.dir = dir;
  inst.files = std::move(r.files);
  instances_.push_back(std::move(inst));
  for (auto& i : r.instances) instances_.push_back(std::move(i));
  for (auto& o : r.origins) record(o);
  for (auto& d : r.diagnostics) diags_.push_back(std::move(d));
}

ValuePtr Resolver::eval_module(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth) {
  if (steps.size() < 2 || steps[1].type != Step::Attr) return v;
  auto it = calls_.find(steps[1].text);
  if (it == calls_.end()) return v;
  ModuleCall& c = it->second;
  instantiate(it->first, c, depth);
  if (c.state != 2) return unknown(v->text + " (modules feeding each other)", v->span);
  if (!c.unknown_reason.empty()) return unknown(v->text + " (" + c.unknown_reason + ")", v->span);
  std::size_t k = 2;
  while (k < steps.size() && steps[k].type == Step::Index) ++k;  // count / for_each instance
  if (k >= steps.size() || steps[k].type != Step::Attr) return unknown(v->text, v->span);
  auto out = c.outputs.find(steps[k].text);
  if (out == c.outputs.end()) return unknown(v->text, v->span);
  for (const auto& o : c.output_origins[steps[k].text]) note(o);
  return respan_deep(traverse(out->second, steps, k + 1, v, depth), v->span);
}

ValuePtr Resolver::detach(const ValuePtr& v, unsigned depth) {
  if (!v) return v;
  if (v->kind == Kind::Reference) return unknown(v->text, v->span);
  if (depth > 256) return v;
  auto c = std::make_shared<Value>(*v);
  c->resolved_from.clear();
  for (auto& i : c->items) i = detach(i, depth + 1);
  for (auto& e : c->entries) e.value = detach(e.value, depth + 1);
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
