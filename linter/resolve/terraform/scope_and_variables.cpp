// resolve/terraform/scope_and_variables.cpp: the module walk: symbol tables, variable values (defaults < tfvars < --var-file < --var), locals, and the resolved body of every block.
#include "resolve/terraform/resolver.h"

namespace seslint::resolve::tf {

ModuleResult Resolver::run() {
  ModuleResult out;
  if (!files_.empty() && files_[0].file) module_dir_ = fs::path(files_[0].file->path()).parent_path();
  if (chain_.empty()) {  // a root module
    chain_.push_back(display_dir());
    root_dir_ = display_dir();
    scope_key_ = root_dir_;
    // [plan hook: which root the plan belongs to] children inherit in_plan_ (instantiate_call).
    in_plan_ = inputs_.terraform_plan && display_dir() == inputs_.plan_root;
  }
  to_native_files();
  collect();
  collect_modules();
  for (const auto& f : files_) {
    TerraformFile r = f;
    if (f.root && !f.json) r.root = resolve_body(f.root);
    out.files.push_back(std::move(r));
  }
  instantiate_all();
  out.instances = std::move(instances_);
  out.origins = std::move(origins_);
  out.unfetched = std::move(unfetched_);
  // The same expression may be evaluated from several use sites: report each problem once.
  for (auto& d : diags_) {
    bool dup = std::any_of(out.diagnostics.begin(), out.diagnostics.end(), [&](const Diagnostic& o) {
      return o.id == d.id && o.message == d.message && o.span == d.span;
    });
    if (!dup) out.diagnostics.push_back(std::move(d));
  }
  return out;
}

void Resolver::collect() {
  for (const auto& f : files_) {
    if (!f.root || f.json) continue;
    for (const auto& e : f.root->entries) {
      const Value& b = *e.value;
      if (!b.is_block) continue;
      if (b.block_type == "variable" && b.labels.size() == 1) {
        Variable& v = vars_[b.labels[0].text];
        if (const MapEntry* d = b.entry("default")) {
          v.expr = d->value;
          set_origin(v, d->value->span, "", "default");
        }
      } else if (b.block_type == "locals") {
        for (const auto& le : b.entries)
          if (!le.value->is_block) locals_[le.key].expr = le.value;
      } else if (b.block_type == "resource" && b.labels.size() == 2) {
        resources_[b.labels[0].text + "." + b.labels[1].text] = &b;
      } else if (b.block_type == "data" && b.labels.size() == 2) {
        data_[b.labels[0].text + "." + b.labels[1].text] = &b;
      } else if (b.block_type == "provider" && b.labels.size() == 1 && b.labels[0].text == "aws") {
        const MapEntry* alias = b.entry("alias");
        if (!alias) {
          ++default_providers_;
          default_provider_ = &b;
        } else if (alias->value->kind == Kind::String) {
          // A duplicate alias is a Terraform error; neither block is trusted then.
          auto [it, fresh] = aliased_.emplace(alias->value->text, &b);
          if (!fresh) it->second = nullptr;
        }
      }
    }
  }
  // Variable values, lowest precedence first.
  for (const auto& f : tfvars_)
    if (f.root) assign_vars(*f.root, f.file, false);
  for (const auto& path : inputs_.terraform_var_files) {
    ValuePtr root = parse_owned_file(path, true);
    if (root) assign_vars(*root, owned_.empty() ? nullptr : owned_.back().get(), true);
  }
  // [plan hook: value of a root variable] the plan's values are what Terraform used; only an
  // explicit --var (below) overrides them.
  if (in_plan_ && address_.empty())
    for (const auto& [name, value] : inputs_.terraform_plan->variables()) {
      Variable& v = vars_[name];
      v.expr = value;
      set_origin(v, value->span, "", "plan");
    }
  for (const auto& [name, text] : inputs_.terraform_vars) {
    Variable& v = vars_[name];
    v.expr = parse_cli_value(text);
    v.from_cli_text = true;
    set_origin(v, Span{}, "--var " + name + "=" + text, "--var");
  }
  apply_module_args();
}

void Resolver::assign_vars(const Value& root, const source::SourceFile* from, bool owned) {
  for (const auto& e : root.entries) {
    if (!e.value || e.value->is_block) continue;
    Variable& v = vars_[e.key];
    v.expr = e.value;
    const std::string name = from ? fs::path(from->path()).filename().string() : std::string("variables file");
    if (owned && from) {
      source::Position p = from->position(e.value->span.begin);
      set_origin(v, Span{}, from->path() + ":" + std::to_string(p.line) + ":" + std::to_string(p.column),
                 "--var-file");
    } else {
      set_origin(v, e.value->span, "", name);
    }
  }
}

const source::SourceFile& Resolver::own_file(std::string path, std::string text) {
  owned_.push_back(std::make_unique<source::SourceFile>(
      static_cast<source::FileId>(source::kNoFile - 1 - owned_.size()), std::move(path), std::move(text)));
  return *owned_.back();
}

ValuePtr Resolver::parse_owned_file(const std::string& path, bool report) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (report)
      diags_.push_back(Diagnostic{diag::kUnreadable, Severity::Error, "cannot read variables file " + path, Span{}});
    return nullptr;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const auto& f = own_file(path, ss.str());
  bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  parse::ParseResult r = json ? parse::parse_json(f) : parse::parse_hcl(f);
  if (report && !r.diagnostics.empty())
    diags_.push_back(Diagnostic{diag::kParseError, Severity::Error,
                                "variables file " + path + " has syntax errors: " + r.diagnostics.front().message, Span{}});
  return r.root;
}

ValuePtr Resolver::parse_cli_value(const std::string& text) {
  const auto& f = own_file("<--var>", "v = " + text + "\n");
  parse::ParseResult r = parse::parse_hcl(f);
  if (r.diagnostics.empty() && r.root && r.root->entries.size() == 1) {
    const ValuePtr& v = r.root->entries[0].value;
    if (v && fully_known(*v)) return v;
  }
  return syntax::make_string(text, Span{}, Span{});
}

bool Resolver::no_instances(const Value& block) {
  if (const MapEntry* count = block.entry("count")) {
    auto n = to_int(*eval(count->value, 0));
    return n && *n == 0;
  }
  const MapEntry* fe = block.entry("for_each");
  if (!fe) return false;
  ValuePtr c = eval(fe->value, 0);
  return (c->kind == Kind::Map && c->entries.empty()) || (c->kind == Kind::List && c->items.empty());
}

ValuePtr Resolver::resolve_body(const ValuePtr& root) {
  // expand_dynamic treats statement / condition / principals blocks as a policy document's there.
  struct Restore {
    bool& flag;
    bool saved;
    ~Restore() { flag = saved; }
  } restore{in_policy_document_, in_policy_document_};
  if (root->is_block && root->block_type == "data" && root->labels.size() == 2 &&
      root->labels[0].text == "aws_iam_policy_document")
    in_policy_document_ = true;
  bool changed = false;
  auto copy = std::make_shared<Value>(*root);
  // Resources that do not exist are left out of the resolved tree, so they produce no records.
  const auto absent = [this](const MapEntry& e) {
    return e.value->is_block && (e.value->block_type == "resource" || e.value->block_type == "data") &&
           no_instances(*e.value);
  };
  const auto before = copy->entries.size();
  copy->entries.erase(std::remove_if(copy->entries.begin(), copy->entries.end(), absent), copy->entries.end());
  if (copy->entries.size() != before) changed = true;
  std::vector<MapEntry> entries;
  entries.reserve(copy->entries.size());
  for (auto& e : copy->entries) {
    const Value& v = *e.value;
    ValuePtr nv;
    if (v.is_block && v.block_type == "dynamic") {
      expand_dynamic(e, entries, 0);
      changed = true;
      continue;
    }
    if (root->is_block && e.key == "dynamic" && v.kind == Kind::Map && !v.is_block) {
      expand_dynamic_json(e, entries);
      changed = true;
      continue;
    }
    if (v.is_block) {
      // Declarations whose expressions are not values, and module calls (resolved elsewhere).
      if (v.block_type == "variable" || v.block_type == "module" || v.block_type == "terraform" ||
          v.block_type == "moved" || v.block_type == "import" || v.block_type == "removed" ||
          v.block_type == "lifecycle") {
        entries.push_back(std::move(e));
        continue;
      }
      nv = v.block_type == "locals" ? resolve_locals(e.value) : resolve_body(e.value);
      if (v.block_type == "resource") nv = with_instances(v, nv);
      if ((v.block_type == "resource" || v.block_type == "data") && v.labels.size() == 2 &&
          v.labels[0].text.rfind("aws_ses", 0) == 0) {
        auto placed = std::make_shared<Value>(*nv);
        placed->location = location_of(v);
        nv = placed;
      }
    } else {
      nv = eval(e.value, 0);
    }
    if (nv != e.value) {
      e.value = nv;
      changed = true;
    }
    entries.push_back(std::move(e));
  }
  if (!changed) return root;
  copy->entries = std::move(entries);
  return copy;
}

ValuePtr Resolver::resolve_locals(const ValuePtr& block) {
  bool changed = false;
  auto copy = std::make_shared<Value>(*block);
  for (auto& e : copy->entries) {
    if (e.value->is_block) continue;
    auto it = locals_.find(e.key);
    ValuePtr nv = it != locals_.end() && it->second.expr == e.value ? respan_top(local_value(e.key, e.value->span, 0), e.value->span)
                                                                    : eval(e.value, 0);
    if (nv != e.value) {
      e.value = nv;
      changed = true;
    }
  }
  return changed ? ValuePtr(copy) : block;
}

ValuePtr Resolver::var_value(const std::string& name, Span at, unsigned depth) {
  auto it = vars_.find(name);
  if (it == vars_.end() || !it->second.expr) return unknown("var." + name, at);
  Variable& v = it->second;
  if (v.state == 2) return v.value;
  if (v.state == 1) {
    diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Warning,
                                "variable var." + name + " refers to itself", at});
    return unknown("var." + name + " (cycle)", at);
  }
  v.state = 1;
  ScopeSwap outside(scope_, {});  // a variable's value does not see for / count / each bindings
  ValuePtr r = eval(v.expr, depth + 1);
  v.value = r;
  v.state = 2;
  return r;
}

ValuePtr Resolver::local_value(const std::string& name, Span at, unsigned depth) {
  auto it = locals_.find(name);
  if (it == locals_.end()) return unknown("local." + name, at);
  Local& l = it->second;
  if (l.state == 2) {
    for (const auto& o : l.origins) note(o);
    return l.value;
  }
  if (l.state == 1) {
    diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Warning,
                                "cycle in locals: local." + name + " depends on itself", at});
    return unknown("local." + name + " (cycle)", at);
  }
  l.state = 1;
  ScopeSwap outside(scope_, {});
  collectors_.emplace_back();
  ValuePtr r = eval(l.expr, depth + 1);
  l.origins = std::move(collectors_.back());
  collectors_.pop_back();
  dedupe_origins(l.origins);
  for (const auto& o : l.origins) note(o);
  l.value = r;
  l.state = 2;
  return r;
}

}  // namespace seslint::resolve::tf

namespace seslint::resolve {

ModuleResult resolve_terraform_module(const std::vector<TerraformFile>& files, const std::vector<TerraformFile>& tfvars,
                                      const Inputs& inputs, const ModuleLoader& loader) {
  tf::Resolver r(files, tfvars, inputs, loader);
  return r.run();
}

}  // namespace seslint::resolve
