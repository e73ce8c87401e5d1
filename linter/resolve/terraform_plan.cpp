#include "resolve/terraform_plan.h"

#include <algorithm>

namespace seslint::resolve {
namespace {

using syntax::Kind;
using syntax::MapEntry;
using syntax::Value;
using syntax::ValuePtr;

Diagnostic plan_error(std::string message, Span at) {
  return Diagnostic{diag::kParseError, Severity::Error, "Terraform plan: " + std::move(message), at};
}

const Value* member(const Value& obj, std::string_view key) {
  if (obj.kind != Kind::Map) return nullptr;
  const Value* v = obj.get(key);
  return v && v->kind != Kind::Null ? v : nullptr;
}

std::string string_member(const Value& obj, std::string_view key) {
  const Value* v = member(obj, key);
  return v && v->kind == Kind::String ? v->text : std::string();
}

/// The instance key of a resource object ("index": 0 / "k"), as text.
std::optional<std::string> index_of(const Value& obj) {
  const Value* v = member(obj, "index");
  if (!v || (v->kind != Kind::Number && v->kind != Kind::String)) return std::nullopt;
  return v->text;
}

/// One step of a reference path: `.name` or `[key]` (key text as written, quotes kept).
struct Segment {
  bool index = false;
  std::string text;
};

std::vector<Segment> split_reference(const std::string& ref) {
  std::vector<Segment> out;
  std::size_t i = 0;
  const std::size_t n = ref.size();
  while (i < n) {
    if (ref[i] == '.') {
      ++i;
      continue;
    }
    if (ref[i] == '[') {
      std::size_t j = i + 1;
      bool quoted = false;
      for (; j < n; ++j) {
        if (ref[j] == '"' && (j == i + 1 || ref[j - 1] != '\\')) quoted = !quoted;
        if (ref[j] == ']' && !quoted) break;
      }
      out.push_back(Segment{true, ref.substr(i + 1, j - i - 1)});
      i = j + 1;
      continue;
    }
    std::size_t j = i;
    while (j < n && ref[j] != '.' && ref[j] != '[') ++j;
    out.push_back(Segment{false, ref.substr(i, j - i)});
    i = j;
  }
  return out;
}

/// `v` at `path` (object keys and list positions), or nullptr.
ValuePtr walk(ValuePtr v, const std::vector<std::string>& path) {
  for (const auto& step : path) {
    if (!v) return nullptr;
    if (v->kind == Kind::Map) {
      const MapEntry* e = v->entry(step);
      v = e ? e->value : nullptr;
    } else if (v->kind == Kind::List) {
      if (step.empty() || step.size() > 9 ||
          !std::all_of(step.begin(), step.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return nullptr;
      const std::size_t k = std::stoul(step);
      v = k < v->items.size() ? v->items[k] : nullptr;
    } else {
      return nullptr;
    }
  }
  return v;
}

/// True when `after_unknown` marks `path` (or a value containing it) as known only after apply.
bool unknown_at(const ValuePtr& after_unknown, const std::vector<std::string>& path) {
  ValuePtr v = after_unknown;
  for (std::size_t k = 0; v; ++k) {
    if (v->kind == Kind::Bool) return v->text == "true";
    if (k == path.size()) return false;
    v = walk(v, {path[k]});
  }
  return false;
}

class Reader {
 public:
  explicit Reader(std::vector<Diagnostic>& diags) : diags_(diags) {}

  /// A values representation's modules and their resources, depth first.
  bool read_values(const Value& values, std::vector<PlanResource>& out, const char* where) {
    if (values.kind != Kind::Map) return fail(std::string(where) + " is not an object", values.span);
    const Value* root = member(values, "root_module");
    if (!root) return true;  // an empty plan or state has no root_module
    return read_module(*root, "", out, where, 0);
  }

  bool read_module(const Value& mod, const std::string& address, std::vector<PlanResource>& out, const char* where,
                   unsigned depth) {
    if (mod.kind != Kind::Map) return fail(std::string(where) + ": a module is not an object", mod.span);
    if (depth > 64) return fail(std::string(where) + ": modules nested too deep", mod.span);
    if (const Value* rs = member(mod, "resources")) {
      if (rs->kind != Kind::List) return fail(std::string(where) + ": \"resources\" is not a list", rs->span);
      for (const auto& r : rs->items) {
        PlanResource pr;
        if (!read_resource(*r, address, pr, where)) return false;
        out.push_back(std::move(pr));
      }
    }
    if (const Value* cs = member(mod, "child_modules")) {
      if (cs->kind != Kind::List) return fail(std::string(where) + ": \"child_modules\" is not a list", cs->span);
      for (const auto& c : cs->items) {
        const std::string child = c->kind == Kind::Map ? string_member(*c, "address") : std::string();
        if (child.empty()) return fail(std::string(where) + ": a child module has no \"address\"", c->span);
        if (!read_module(*c, child, out, where, depth + 1)) return false;
      }
    }
    return true;
  }

  bool read_resource(const Value& r, const std::string& module, PlanResource& pr, const char* where) {
    if (r.kind != Kind::Map) return fail(std::string(where) + ": a resource is not an object", r.span);
    pr.module = module;
    pr.mode = string_member(r, "mode");
    pr.type = string_member(r, "type");
    pr.name = string_member(r, "name");
    if (pr.mode.empty()) pr.mode = "managed";
    if (pr.type.empty() || pr.name.empty())
      return fail(std::string(where) + ": a resource has no \"type\" or \"name\"", r.span);
    pr.index = index_of(r);
    const Value* address = member(r, "address");
    pr.span = address && address->kind == Kind::String ? address->span : r.span;
    if (const Value* v = member(r, "values")) {
      if (v->kind != Kind::Map) return fail(std::string(where) + ": \"values\" of " + pr.type + "." + pr.name + " is not an object", v->span);
      pr.values = r.entry("values")->value;
    }
    return true;
  }

  bool fail(std::string message, Span at) {
    diags_.push_back(plan_error(std::move(message), at));
    return false;
  }

 private:
  std::vector<Diagnostic>& diags_;
};

/// One key per resource instance (the parts cannot contain a NUL).
std::string object_key(const std::string& module, std::string_view mode, std::string_view type, std::string_view name,
                       const std::optional<std::string>& index) {
  std::string k = module;
  for (std::string_view part : {mode, type, name}) (k += '\0') += part;
  if (index) (k += '\1') += *index;
  return k;
}

/// Planned attribute values as Terraform arguments: nulls dropped, lists of objects as
/// repeated nested blocks.
void add_arguments(Value& block, const Value& values, unsigned depth) {
  for (const auto& e : values.entries) {
    if (!e.value || e.value->kind == Kind::Null) continue;
    const Value& v = *e.value;
    const bool blocks = depth < 16 && v.kind == Kind::List && !v.items.empty() &&
                        std::all_of(v.items.begin(), v.items.end(), [](const ValuePtr& i) { return i && i->kind == Kind::Map; });
    if (!blocks) {
      block.entries.push_back(e);
      continue;
    }
    for (const auto& item : v.items) {
      auto nested = std::make_shared<Value>();
      nested->kind = Kind::Map;
      nested->span = item->span;
      nested->content = item->content;
      nested->is_block = true;
      nested->block_type = e.key;
      add_arguments(*nested, *item, depth + 1);
      block.entries.push_back(MapEntry{e.key, e.key_span, nested});
    }
  }
}

}  // namespace

TerraformPlan::Loaded TerraformPlan::load(const source::SourceFile& file, const Value& root) {
  Loaded out;
  auto plan = std::make_shared<TerraformPlan>();
  plan->file_ = &file;
  auto refuse = [&](std::string message, Span at) {
    out.diagnostics.push_back(plan_error(std::move(message), at));
    return out;
  };
  const Span whole{file.id(), 0, 0, false};
  if (root.kind != Kind::Map) return refuse("expected a JSON object, the output of `terraform show -json PLANFILE`", root.span);
  const Value* fv = member(root, "format_version");
  if (!fv || fv->kind != Kind::String)
    return refuse("no \"format_version\": this is not the output of `terraform show -json PLANFILE`", root.span);
  if (fv->text.substr(0, fv->text.find('.')) != "1")
    return refuse("format_version \"" + fv->text + "\" is not supported (seslint reads format 1.x)", fv->span);
  Reader reader(out.diagnostics);
  const Value* planned = member(root, "planned_values");
  const Value* state = member(root, "values");  // `terraform show -json STATEFILE`
  if (!planned && !state)
    return refuse("neither \"planned_values\" (a plan) nor \"values\" (a state): nothing to read", root.span);
  if (planned && !reader.read_values(*planned, plan->planned_, "planned_values")) return out;
  if (!planned && !reader.read_values(*state, plan->planned_, "values")) return out;
  if (const Value* prior = member(root, "prior_state")) {
    const Value* pv = prior->kind == Kind::Map ? member(*prior, "values") : nullptr;
    if (prior->kind != Kind::Map) return refuse("\"prior_state\" is not an object", prior->span);
    if (pv && !reader.read_values(*pv, plan->prior_, "prior_state")) return out;
  }
  if (const Value* vars = member(root, "variables")) {
    if (vars->kind != Kind::Map) return refuse("\"variables\" is not an object", vars->span);
    for (const auto& e : vars->entries) {
      if (!e.value || e.value->kind != Kind::Map) return refuse("variable \"" + e.key + "\" is not an object {\"value\": ...}", e.value ? e.value->span : whole);
      if (const MapEntry* val = e.value->entry("value")) plan->variables_[e.key] = val->value;
    }
  }
  // The default aws provider's Region, when the configuration writes it as a constant.
  if (const Value* config = member(root, "configuration"))
    if (const Value* providers = member(*config, "provider_config"))
      if (const Value* aws = member(*providers, "aws"); aws && string_member(*aws, "name") == "aws" && !member(*aws, "alias"))
        if (const Value* exprs = member(*aws, "expressions"))
          if (const Value* region = member(*exprs, "region"))
            if (const MapEntry* c = region->entry("constant_value"); c && c->value->kind == Kind::String)
              plan->provider_region_ = c->value;
  plan->index_objects();
  if (const Value* changes = member(root, "resource_changes")) {
    if (changes->kind != Kind::List) return refuse("\"resource_changes\" is not a list", changes->span);
    for (const auto& c : changes->items) {
      if (c->kind != Kind::Map) return refuse("a resource change is not an object", c->span);
      if (member(*c, "deposed")) continue;  // an old object about to be destroyed
      PlanResource pr;
      if (!reader.read_resource(*c, string_member(*c, "module_address"), pr, "resource_changes")) return out;
      const Value* change = member(*c, "change");
      if (!change || change->kind != Kind::Map) return refuse("resource change " + string_member(*c, "address") + " has no \"change\" object", c->span);
      const Value* actions = member(*change, "actions");
      const bool deleted = actions && actions->kind == Kind::List && actions->items.size() == 1 &&
                           actions->items[0]->text == "delete";
      if (deleted) continue;
      const MapEntry* au = change->entry("after_unknown");
      auto [at, fresh] = plan->planned_at_.emplace(object_key(pr.module, pr.mode, pr.type, pr.name, pr.index),
                                                   plan->planned_.size());
      if (fresh) {
        // A change without planned values (a data source read during apply): its `after`.
        const MapEntry* after = change->entry("after");
        if (after && after->value->kind == Kind::Map) pr.values = after->value;
        plan->planned_.push_back(std::move(pr));
      }
      if (au && au->value->kind != Kind::Null) plan->planned_[at->second].after_unknown = au->value;
    }
  }
  out.plan = std::move(plan);
  return out;
}

void TerraformPlan::index_objects() {
  for (std::size_t i = 0; i < planned_.size(); ++i) {
    const PlanResource& r = planned_[i];
    planned_at_.emplace(object_key(r.module, r.mode, r.type, r.name, r.index), i);
  }
  for (std::size_t i = 0; i < prior_.size(); ++i) {
    const PlanResource& r = prior_[i];
    prior_at_.emplace(object_key(r.module, r.mode, r.type, r.name, r.index), i);
  }
}

const Value* TerraformPlan::variable(const std::string& name) const {
  auto it = variables_.find(name);
  return it == variables_.end() ? nullptr : it->second.get();
}

const PlanResource* TerraformPlan::find(bool planned, const std::string& module, std::string_view mode,
                                        std::string_view type, std::string_view name,
                                        const std::optional<std::string>& index) const {
  const auto& at = planned ? planned_at_ : prior_at_;
  auto it = at.find(object_key(module, mode, type, name, index));
  if (it == at.end()) return nullptr;
  return &(planned ? planned_ : prior_)[it->second];
}

ValuePtr TerraformPlan::lookup(const std::string& module, const std::string& ref, Span at,
                               const std::function<std::optional<std::string>(const std::string&)>& index) const {
  std::vector<Segment> segs = split_reference(ref);
  std::size_t k = 0;
  std::string mode = "managed";
  if (!segs.empty() && !segs[0].index && segs[0].text == "data") {
    mode = "data";
    ++k;
  }
  if (segs.size() < k + 3 || segs[k].index || segs[k + 1].index) return nullptr;
  const std::string& type = segs[k].text;
  const std::string& name = segs[k + 1].text;
  k += 2;
  std::optional<std::string> key;
  if (segs[k].index) {
    if (segs[k].text == "*") return nullptr;
    key = index ? index(segs[k].text) : std::nullopt;
    if (!key) return nullptr;
    ++k;
  }
  std::vector<std::string> path;
  for (; k < segs.size(); ++k) {
    std::string t = segs[k].text;
    if (segs[k].index) {
      if (t == "*") return nullptr;
      auto v = index ? index(t) : std::nullopt;
      if (!v) return nullptr;
      t = *v;
    }
    path.push_back(std::move(t));
  }
  if (path.empty()) return nullptr;
  // The planned object decides when there is one: its known values, or "known after apply".
  // Otherwise the prior state (objects the plan does not change, data sources read earlier).
  if (const PlanResource* p = find(true, module, mode, type, name, key)) {
    ValuePtr v = walk(p->values, path);
    if (v && v->kind != Kind::Null) return syntax::with_span_deep(v, at);
    if (unknown_at(p->after_unknown, path)) return syntax::make_unknown(ref + " (known after apply)", at);
    return nullptr;
  }
  if (const PlanResource* p = find(false, module, mode, type, name, key)) {
    ValuePtr v = walk(p->values, path);
    if (v && v->kind != Kind::Null) return syntax::with_span_deep(v, at);
  }
  return nullptr;
}

std::vector<const PlanResource*> TerraformPlan::planned_resources() const {
  std::vector<const PlanResource*> out;
  for (const auto& r : planned_) out.push_back(&r);
  return out;
}

std::vector<PlanModule> plan_as_configuration(const TerraformPlan& plan) {
  std::vector<std::pair<std::string, std::shared_ptr<Value>>> roots;
  std::map<std::string, std::size_t> at;
  for (const PlanResource* r : plan.planned_resources()) {
    auto [it, fresh] = at.emplace(r->module, roots.size());
    if (fresh) {
      auto root = std::make_shared<Value>();
      root->kind = Kind::Map;
      root->span = root->content = Span{plan.file().id(), 0, static_cast<std::uint32_t>(plan.file().text().size()), false};
      if (const ValuePtr& region = plan.provider_region()) {
        auto provider = std::make_shared<Value>();
        provider->kind = Kind::Map;
        provider->span = provider->content = region->span;
        provider->is_block = true;
        provider->block_type = "provider";
        provider->labels = {syntax::Label{"aws", region->span}};
        provider->entries.push_back(MapEntry{"region", region->span, region});
        root->entries.push_back(MapEntry{"provider", region->span, provider});
      }
      roots.emplace_back(r->module, root);
    }
    auto block = std::make_shared<Value>();
    block->kind = Kind::Map;
    block->span = block->content = r->span;
    block->is_block = true;
    block->block_type = r->mode == "data" ? "data" : "resource";
    std::string name = r->name;
    if (r->index) {
      const bool number = !r->index->empty() && std::all_of(r->index->begin(), r->index->end(), [](char c) { return c >= '0' && c <= '9'; });
      name += number ? "[" + *r->index + "]" : "[\"" + *r->index + "\"]";
    }
    block->labels = {syntax::Label{r->type, r->span}, syntax::Label{name, r->span}};
    if (r->values) add_arguments(*block, *r->values, 0);
    // Attributes known only after apply: Unknown, at the resource.
    if (r->after_unknown && r->after_unknown->kind == Kind::Map) {
      for (const auto& e : r->after_unknown->entries) {
        if (!e.value || e.value->kind != Kind::Bool || e.value->text != "true" || block->entry(e.key)) continue;
        // Worded as no reference, so nothing reads it as one (the model looks for uses of
        // aws_iam_access_key.X.ses_smtp_password_v4 in any text; every access key plans one).
        const std::string what = e.key + " of " + (r->module.empty() ? "" : r->module + ".") +
                                 (r->mode == "data" ? "data." : "") + r->type + "." + name + ", known after apply";
        block->entries.push_back(MapEntry{e.key, r->span, syntax::make_unknown(what, r->span)});
      }
    }
    roots[it->second].second->entries.push_back(MapEntry{block->block_type, r->span, block});
  }
  std::vector<PlanModule> out;
  for (auto& [module, root] : roots) out.push_back(PlanModule{module, root});
  return out;
}

}  // namespace seslint::resolve
