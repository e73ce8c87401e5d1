// resolve/terraform: static evaluation of the values of one Terraform module.
//
// Scope: variables (defaults < terraform.tfvars / *.auto.tfvars < --var-file < --var), locals
// (lazy, with cycle detection), string templates and heredocs, references into maps / lists /
// objects, a few exported attributes of SES and IAM resources (as partially known ARNs), the
// AWS account / partition data sources (Unknown), data.aws_region and the Region of SES ARNs
// from the provider configuration (aliases included), the location of SES resources
// (syntax::Value::location, see resolve.h), and a set of pure built-in functions including
// file() / templatefile() confined to the scanned root.
// Expressions (see the section "HCL expressions" below): conditionals, operators, `for`
// expressions, splats, and `count` / `for_each` instances (count.index, each.key / each.value,
// aws_x.y[0].attr, aws_x.y["k"].attr, aws_x.y[*].attr) of the resources whose attributes are
// known. An expression that cannot be evaluated becomes an Unknown carrying its source excerpt.
// Everything else is kept: references to other resources / data sources stay Reference nodes
// (the model and the principal graph link through them), and module blocks and Terraform JSON
// files are left untouched.
// Resources with `count` / `for_each` over a known collection: the resolved block keeps its
// representative body (count.index / each.* Unknown) and, for SES identities, gets one extra
// entry "[instance]" per instance (a block whose labels[0] is the instance key and whose body is
// resolved for that instance), so the model can declare one identity per instance.
// Spans: every produced node has the span of the expression it replaces; a variable's value is
// re-spanned entirely to its use site (it may come from a --var text without source), a local's
// value keeps its inner spans and only its top node takes the use site.
#include <algorithm>
#include <cctype>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <tuple>
#include <vector>

#include "parse/parse.h"
#include "resolve/resolve.h"
#include "source/file_access.h"
#include "syntax/budget.h"
#include "resolve/terraform_plan.h"

namespace seslint::resolve {
namespace {

namespace fs = std::filesystem;
using source::Span;
using syntax::Kind;
using syntax::MapEntry;
using syntax::Value;
using syntax::ValuePtr;

constexpr unsigned kMaxDepth = 64;                     ///< nested evaluations (locals chains, calls)
constexpr std::uintmax_t kMaxFileBytes = 4u << 20;     ///< file() / templatefile() size limit
constexpr std::size_t kMaxListItems = 100000;          ///< bound on produced collections
constexpr std::size_t kMaxWork = 250000;               ///< for / splat / instance elements per module
constexpr std::size_t kMaxInstances = 1000;            ///< identity instances expanded per resource

// Descriptions of the unknown parts of computed ARNs.
const char* const kPartition = "data.aws_partition";
const char* const kRegion = "provider region";
const char* const kAccount = "account";

ValuePtr unknown(std::string what, Span at) { return syntax::make_unknown(std::move(what), at); }

/// A copy of `v` with its top node at `at`.
ValuePtr respan_top(const ValuePtr& v, Span at) {
  if (v->span == at) return v;
  auto c = std::make_shared<Value>(*v);
  c->span = at;
  if (c->kind != Kind::String) c->content = at;
  return c;
}

/// A copy of `v` with every node (and map key) at `at`.
ValuePtr respan_deep(const ValuePtr& v, Span at) { return syntax::with_span_deep(v, at); }

Span join_spans(Span a, Span b) {
  if (!a.valid()) return b;
  if (!b.valid() || a.file != b.file) return a;
  Span s = a;
  s.begin = std::min(a.begin, b.begin);
  s.end = std::max(a.end, b.end);
  s.approximate = a.approximate || b.approximate;
  return s;
}

bool is_scalar(const Value& v) { return v.kind == Kind::String || v.kind == Kind::Number || v.kind == Kind::Bool; }

/// True when the value contains no Unknown, Reference, Template or Call anywhere.
bool fully_known(const Value& v, unsigned depth = 0) {
  if (depth > 256) return false;
  switch (v.kind) {
    case Kind::Unknown:
    case Kind::Reference:
    case Kind::Template:
    case Kind::Call: return false;
    default: break;
  }
  for (const auto& i : v.items)
    if (!i || !fully_known(*i, depth + 1)) return false;
  for (const auto& e : v.entries)
    if (!e.value || !fully_known(*e.value, depth + 1)) return false;
  return true;
}

std::optional<long long> to_int(const Value& v) {
  if (v.kind != Kind::Number && v.kind != Kind::String) return std::nullopt;
  const std::string& t = v.text;
  if (t.empty()) return std::nullopt;
  std::size_t i = t[0] == '-' ? 1 : 0;
  if (i >= t.size()) return std::nullopt;
  long long r = 0;
  for (; i < t.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
    r = r * 10 + (t[i] - '0');
    if (r > 1'000'000'000'000LL) return std::nullopt;
  }
  return t[0] == '-' ? -r : r;
}

/// Builds a String or a Template (String parts merged, other parts kept) from pieces.
class Concat {
 public:
  void text(const std::string& s, Span at) {
    pending_ += s;
    pending_span_ = have_pending_ ? join_spans(pending_span_, at) : at;
    have_pending_ = true;
  }
  void part(const ValuePtr& p) {
    flush();
    parts_.push_back(p);
    all_known_ = false;
  }
  /// Adds a value; false when it cannot be part of a string (list, map, null).
  bool add(const ValuePtr& v) {
    if (is_scalar(*v)) {
      text(v->text, v->span);
      return true;
    }
    switch (v->kind) {
      case Kind::Template:
        for (const auto& p : v->items) {
          if (p->kind == Kind::String) text(p->text, p->span);
          else part(p);
        }
        return true;
      case Kind::Unknown:
      case Kind::Reference:
      case Kind::Call: part(v); return true;
      default: return false;
    }
  }
  ValuePtr finish(Span span, Span content, std::string raw) {
    if (all_known_) return syntax::make_string(pending_, span, content);
    flush();
    auto t = std::make_shared<Value>();
    t->kind = Kind::Template;
    t->span = span;
    t->content = content;
    t->text = std::move(raw);
    t->items = std::move(parts_);
    return t;
  }

 private:
  void flush() {
    if (have_pending_ && !pending_.empty()) parts_.push_back(syntax::make_string(pending_, pending_span_, pending_span_));
    pending_.clear();
    have_pending_ = false;
  }
  std::vector<ValuePtr> parts_;
  std::string pending_;
  Span pending_span_;
  bool have_pending_ = false;
  bool all_known_ = true;
};

/// One step of a reference path: `.name`, `[index]` or a splat.
struct Step {
  enum Type { Attr, Index, Splat } type = Attr;
  std::string text;  ///< attribute name, or the raw text inside [...]
};

std::vector<Step> split_path(const std::string& path) {
  std::vector<Step> steps;
  std::size_t i = 0;
  const std::size_t n = path.size();
  auto read_name = [&] {
    std::size_t b = i;
    while (i < n && path[i] != '.' && path[i] != '[') ++i;
    return path.substr(b, i - b);
  };
  steps.push_back(Step{Step::Attr, read_name()});
  while (i < n) {
    if (path[i] == '.') {
      ++i;
      if (i < n && path[i] == '*') {
        ++i;
        steps.push_back(Step{Step::Splat, "*"});
      } else {
        steps.push_back(Step{Step::Attr, read_name()});
      }
    } else if (path[i] == '[') {
      std::size_t b = ++i;
      int depth = 1;
      bool quoted = false;
      while (i < n) {
        char c = path[i];
        if (quoted) {
          if (c == '\\') ++i;
          else if (c == '"') quoted = false;
        } else if (c == '"') {
          quoted = true;
        } else if (c == '[') {
          ++depth;
        } else if (c == ']' && --depth == 0) {
          break;
        }
        ++i;
      }
      std::string inner = path.substr(b, std::min(i, n) - b);
      if (i < n) ++i;  // ']'
      steps.push_back(inner == "*" ? Step{Step::Splat, "*"} : Step{Step::Index, inner});
    } else {
      ++i;  // unexpected character: skip
    }
  }
  return steps;
}

std::string join_path(const std::vector<Step>& steps, std::size_t from) {
  std::string s;
  for (std::size_t k = from; k < steps.size(); ++k) {
    const Step& st = steps[k];
    if (st.type == Step::Attr) {
      if (!s.empty() || k > 0) s += '.';
      s += st.text;
    } else if (st.type == Step::Index) {
      s += "[" + st.text + "]";
    } else {
      s += "[*]";
    }
  }
  return s;
}

struct Variable {
  ValuePtr expr;        ///< chosen value expression (default, tfvars, CLI)
  bool from_cli_text = false;
  int state = 0;        ///< 0 = not evaluated, 1 = in progress, 2 = done
  ValuePtr value;
  // Where the chosen value was set (syntax::ValueOrigin); `chain`: where the caller's argument
  // got its own value from, for a module input.
  Span defined;
  std::string defined_text;
  std::string how;
  std::vector<syntax::ValueOrigin> chain;
};

struct Local {
  ValuePtr expr;
  int state = 0;
  ValuePtr value;
  std::vector<syntax::ValueOrigin> origins;  ///< variables its value came from
};

/// An argument of a module call, resolved in the caller.
struct ModuleArg {
  ValuePtr value;
  Span span;
  std::vector<syntax::ValueOrigin> origins;
};

/// A `module "name"` block of this module and, once instantiated, its outputs.
struct ModuleCall {
  const Value* block = nullptr;
  int state = 0;                  ///< 0 = not instantiated, 1 = in progress, 2 = done
  std::string unknown_reason;     ///< set when the outputs are not available (remote, cycle, ...)
  std::map<std::string, ValuePtr> outputs;
  std::map<std::string, std::vector<syntax::ValueOrigin>> output_origins;
};

/// Bounds shared by one root module and every module it instantiates.
struct InstanceBudget {
  std::size_t instances = 0;
  bool reported = false;
  syntax::Budget values;          ///< nodes and string bytes created by evaluation (syntax/budget.h)
  bool values_reported = false;
};

/// A name bound while evaluating: a `for` iterator, or `count` / `each` inside a resource instance.
struct Binding {
  std::string name;
  ValuePtr value;
};

/// True for the Call names the HCL parser gives to operator expressions (value.h): function
/// names are identifiers, operator names start with a symbol.
bool is_operator_call(const Value& v) {
  if (v.kind != Kind::Call || v.text.empty()) return false;
  auto c = static_cast<unsigned char>(v.text[0]);
  return !std::isalpha(c) && c != '_';
}

/// Structural equality, spans ignored (numbers compared as integers when both are).
bool same_value(const Value& a, const Value& b, unsigned depth = 0) {
  if (depth > 64) return false;
  if (a.kind != b.kind) return false;
  if (a.kind == Kind::Number) {
    auto x = to_int(a), y = to_int(b);
    if (x && y) return *x == *y;
  }
  if (a.text != b.text || a.items.size() != b.items.size() || a.entries.size() != b.entries.size()) return false;
  for (std::size_t i = 0; i < a.items.size(); ++i)
    if (!a.items[i] || !b.items[i] || !same_value(*a.items[i], *b.items[i], depth + 1)) return false;
  for (std::size_t i = 0; i < a.entries.size(); ++i)
    if (a.entries[i].key != b.entries[i].key || !a.entries[i].value || !b.entries[i].value ||
        !same_value(*a.entries[i].value, *b.entries[i].value, depth + 1))
      return false;
  return true;
}

class Resolver {
 public:
  Resolver(const std::vector<TerraformFile>& files, const std::vector<TerraformFile>& tfvars, const Inputs& inputs,
           const ModuleLoader& loader)
      : files_(files), tfvars_(tfvars), inputs_(inputs), loader_(loader) {}

  ModuleResult run() {
    ModuleResult out;
    if (!files_.empty() && files_[0].file) module_dir_ = fs::path(files_[0].file->path()).parent_path();
    if (chain_.empty()) {  // a root module
      chain_.push_back(display_dir());
      root_dir_ = display_dir();
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
    // The same expression may be evaluated from several use sites: report each problem once.
    for (auto& d : diags_) {
      bool dup = std::any_of(out.diagnostics.begin(), out.diagnostics.end(), [&](const Diagnostic& o) {
        return o.id == d.id && o.message == d.message && o.span == d.span;
      });
      if (!dup) out.diagnostics.push_back(std::move(d));
    }
    return out;
  }

 private:
  // -- symbol tables ----------------------------------------------------------------------

  void collect() {
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

  void assign_vars(const Value& root, const source::SourceFile* from, bool owned) {
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

  /// A SourceFile this resolver owns (CLI text, --var-file, jsondecode input); its spans never
  /// leave the resolver (values from it are re-spanned to their use site).
  const source::SourceFile& own_file(std::string path, std::string text) {
    owned_.push_back(std::make_unique<source::SourceFile>(
        static_cast<source::FileId>(source::kNoFile - 1 - owned_.size()), std::move(path), std::move(text)));
    return *owned_.back();
  }

  ValuePtr parse_owned_file(const std::string& path, bool report) {
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

  /// --var name=TEXT: an HCL literal expression when TEXT parses as one, else the plain string.
  ValuePtr parse_cli_value(const std::string& text) {
    const auto& f = own_file("<--var>", "v = " + text + "\n");
    parse::ParseResult r = parse::parse_hcl(f);
    if (r.diagnostics.empty() && r.root && r.root->entries.size() == 1) {
      const ValuePtr& v = r.root->entries[0].value;
      if (v && fully_known(*v)) return v;
    }
    return syntax::make_string(text, Span{}, Span{});
  }

  // -- walking the module -----------------------------------------------------------------

  /// `count = 0` or an empty `for_each`: the resource or data source has no instances.
  bool no_instances(const Value& block) {
    if (const MapEntry* count = block.entry("count")) {
      auto n = to_int(*eval(count->value, 0));
      return n && *n == 0;
    }
    const MapEntry* fe = block.entry("for_each");
    if (!fe) return false;
    ValuePtr c = eval(fe->value, 0);
    return (c->kind == Kind::Map && c->entries.empty()) || (c->kind == Kind::List && c->items.empty());
  }

  ValuePtr resolve_body(const ValuePtr& root) {
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
    for (auto& e : copy->entries) {
      const Value& v = *e.value;
      ValuePtr nv;
      if (v.is_block) {
        // Declarations whose expressions are not values, and module calls (resolved elsewhere).
        if (v.block_type == "variable" || v.block_type == "module" || v.block_type == "terraform" ||
            v.block_type == "moved" || v.block_type == "import" || v.block_type == "removed" ||
            v.block_type == "lifecycle")
          continue;
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
    }
    return changed ? ValuePtr(copy) : root;
  }

  /// A locals block: each entry takes its (cached) local value, so a local is evaluated once.
  ValuePtr resolve_locals(const ValuePtr& block) {
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

  // -- expressions ------------------------------------------------------------------------

  ValuePtr too_deep(const Value& v) {
    if (!depth_reported_) {
      depth_reported_ = true;
      diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Warning,
                                  "expression nesting too deep to resolve statically", v.span});
    }
    return unknown("<too deep>", v.span);
  }

  ValuePtr over_budget(const Value& v) { return over_budget(v.span); }
  ValuePtr over_budget(Span at) {
    if (!budget_->values_reported) {
      budget_->values_reported = true;
      diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Warning,
                                  "expressions in this module produce too much data (or take too long) to resolve "
                                  "statically; the rest is treated as unknown",
                                  at});
    }
    return unknown("<evaluation budget spent>", at);
  }

  /// Every evaluation goes through here: a created value is charged to the shared budget.
  ValuePtr eval(const ValuePtr& v, unsigned depth) {
    if (!v) return v;
    if (depth > kMaxDepth) return too_deep(*v);
    if (budget_->values.spent()) return over_budget(*v);
    ValuePtr r = eval_node(v, depth);
    if (r && r != v && !budget_->values.charge(1 + r->items.size() + r->entries.size(), r->text.size()))
      return over_budget(*v);
    return r;
  }

  ValuePtr eval_node(const ValuePtr& v, unsigned depth) {
    switch (v->kind) {
      case Kind::Reference: return traced_reference(v, depth);
      case Kind::Template: return eval_template(v, depth);
      case Kind::Call: return is_operator_call(*v) ? eval_operator(v, depth) : eval_call(v, depth);
      case Kind::List: {
        auto copy = std::make_shared<Value>(*v);
        bool changed = false;
        for (auto& i : copy->items) {
          ValuePtr n = eval(i, depth + 1);
          if (n != i) { i = n; changed = true; }
        }
        return changed ? ValuePtr(copy) : v;
      }
      case Kind::Map: {
        if (v->is_block) return resolve_body(v);
        auto copy = std::make_shared<Value>(*v);
        bool changed = false;
        for (auto& e : copy->entries) {
          ValuePtr n = eval(e.value, depth + 1);
          if (n != e.value) { e.value = n; changed = true; }
        }
        return changed ? ValuePtr(copy) : v;
      }
      default: return v;
    }
  }

  ValuePtr eval_template(const ValuePtr& v, unsigned depth) {
    // Terraform 0.11 "${x}": the value of x itself, whatever its type.
    if (v->items.size() == 1 && v->items[0]->kind != Kind::String) {
      ValuePtr r = eval(v->items[0], depth + 1);
      if (r->kind == Kind::Unknown || r->kind == Kind::Reference || r->kind == Kind::Call) {
        if (r == v->items[0]) return v;
        auto t = std::make_shared<Value>(*v);
        t->items = {r};
        return t;
      }
      return respan_top(r, v->span);
    }
    Concat c;
    bool changed = false;
    for (const auto& p : v->items) {
      ValuePtr r = eval(p, depth + 1);
      if (r != p) changed = true;
      if (!c.add(r)) {
        c.part(unknown(r->kind == Kind::Null ? "null in a template" : "a collection in a template", p->span));
        changed = true;
      }
    }
    if (!changed) return v;
    return c.finish(v->span, v->content, v->text);
  }

  // -- references -------------------------------------------------------------------------

  ValuePtr eval_reference(const ValuePtr& v, unsigned depth) {
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
    if (const Binding* b = bound(root)) return traverse(b->value, steps, 1, v, depth);
    if (root == "count" || root == "each" || root == "self" || root == "terraform") return unknown(v->text, at);
    if (root == "path") return syntax::make_string(".", at, at);
    if (root == "data") return eval_data(v, steps, depth);
    if (root == "module") return eval_module(v, steps, depth);
    return eval_resource(v, steps, depth);
  }

  /// Applies steps[from..] to `val`.
  ValuePtr traverse(ValuePtr val, const std::vector<Step>& steps, std::size_t from, const ValuePtr& ref,
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
      if (val->kind == Kind::Map) {
        const MapEntry* e = val->entry(*key);
        if (!e) return unknown(ref->text, ref->span);
        val = e->value;
      } else if (val->kind == Kind::List) {
        auto n = to_int(*syntax::make_scalar(Kind::Number, *key, Span{}));
        if (!n || *n < 0 || static_cast<std::size_t>(*n) >= val->items.size()) return unknown(ref->text, ref->span);
        val = val->items[static_cast<std::size_t>(*n)];
      } else {
        return unknown(ref->text, ref->span);
      }
    }
    return val;
  }

  /// The value of the text inside `[...]`: a number, a quoted string or a reference.
  ValuePtr index_value(const std::string& text, Span at, unsigned depth) {
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

  ValuePtr var_value(const std::string& name, Span at, unsigned depth) {
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

  ValuePtr local_value(const std::string& name, Span at, unsigned depth) {
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
    for (const auto& o : l.origins) note(o);
    l.value = r;
    l.state = 2;
    return r;
  }

  ValuePtr eval_data(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth) {
    if (steps.size() < 4) return v;
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
    auto it = name_arg && steps.size() == 4 ? data_.find(type + "." + steps[2].text) : data_.end();
    if (it == data_.end()) return v;
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

  // -- provider configurations and where resources live ------------------------------------

  /// The aws provider configuration a resource or data source uses.
  struct ProviderConfig {
    std::string address = "aws";   ///< "aws", "aws.<alias>", or whatever `provider` names
    const Value* block = nullptr;  ///< its provider block in this module, when there is exactly one
    Span span;                     ///< the `provider` argument, else the resource
  };

  ProviderConfig provider_of(const Value* block) {
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

  /// Describes an unknown value of a provider configuration: the default provider's values are
  /// the deploying scope's own (policy::self_symbol knows these descriptions); an aliased
  /// provider's are other, unrelated values.
  static std::string of_provider(const char* what, const ProviderConfig& pc) {
    return pc.address == "aws" ? std::string(what) : std::string(what) + " (" + pc.address + ")";
  }

  /// The Region of a provider configuration when its `region` resolves to a literal.
  ValuePtr provider_region(const ProviderConfig& pc, Span at, unsigned depth) {
    if (pc.block) {
      if (const MapEntry* e = pc.block->entry("region")) {
        ValuePtr r = eval(e->value, depth + 1);
        if (r->kind == Kind::String) return syntax::make_string(r->text, at, at);
      }
    }
    return unknown(of_provider(kRegion, pc), at);
  }

  /// The Region a resource or data source works in: its own `region` argument (provider v6),
  /// else its provider's Region. `block` may be null (an undeclared data source: the default
  /// provider).
  ValuePtr block_region(const Value* block, Span at, unsigned depth) {
    if (const MapEntry* e = block ? block->entry("region") : nullptr) {
      ValuePtr r = eval(e->value, depth + 1);
      if (r->kind == Kind::String) return syntax::make_string(r->text, at, at);
      return unknown(r->kind == Kind::Unknown || r->kind == Kind::Reference ? r->text : "region argument", at);
    }
    return provider_region(provider_of(block), at, depth);
  }

  /// Where an SES resource is deployed (see resolve.h): Region, account, partition, provider.
  ValuePtr location_of(const Value& block) {
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

  /// The resolved value of a resource argument, at `at`; Unknown when absent.
  ValuePtr argument(const Value& block, const char* name, Span at, unsigned depth, const char* fallback = nullptr) {
    const MapEntry* e = block.entry(name);
    if (!e) return fallback ? syntax::make_string(fallback, at, at) : unknown(std::string(name) + " not set", at);
    return respan_deep(eval(e->value, depth + 1), at);
  }

  ValuePtr eval_resource(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth) {
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

  ValuePtr eval_resource_value(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth) {
    if (steps.size() < 3 || steps[1].type != Step::Attr) return v;
    auto it = resources_.find(steps[0].text + "." + steps[1].text);
    if (it == resources_.end()) return v;
    std::size_t k = 2;
    if (k < steps.size() && steps[k].type == Step::Splat) return resource_splat(v, steps, *it->second, depth);
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

  // -- HCL expressions: operators, conditionals, for, splats, count / for_each ------------

  /// Swaps the binding scope for the lifetime of the guard (an instance's or an empty one).
  class ScopeSwap {
   public:
    ScopeSwap(std::vector<Binding>& scope, std::vector<Binding> next) : scope_(scope), saved_(std::move(next)) {
      std::swap(scope_, saved_);
    }
    ~ScopeSwap() { std::swap(scope_, saved_); }
    ScopeSwap(const ScopeSwap&) = delete;
    ScopeSwap& operator=(const ScopeSwap&) = delete;

   private:
    std::vector<Binding>& scope_;
    std::vector<Binding> saved_;
  };

  const Binding* bound(const std::string& name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
      if (it->name == name) return &*it;
    return nullptr;
  }

  /// Counts one element of a for / splat / instance expansion; false once the module's budget
  /// is spent (reported once), so nested expansions over large lists stay bounded.
  bool spend(Span at) {
    if (++work_ <= kMaxWork) return true;
    if (!work_reported_) {
      work_reported_ = true;
      diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Warning,
                                  "for expressions expand to too many elements to resolve statically", at});
    }
    return false;
  }

  const source::SourceFile* source_of(source::FileId id) const {
    for (const auto* set : {&files_, &tfvars_})
      for (const auto& f : *set)
        if (f.file && f.file->id() == id) return f.file;
    for (const auto& f : owned_)
      if (f->id() == id) return f.get();
    return nullptr;
  }

  /// An expression that cannot be evaluated: Unknown named by its source text.
  ValuePtr unknown_expr(const Value& v) {
    const source::SourceFile* f = source_of(v.span.file);
    std::string what;
    if (f && v.span.end <= f->text().size() && v.span.begin < v.span.end)
      what = syntax::excerpt(f->text().substr(v.span.begin, v.span.end - v.span.begin));
    if (what.empty()) what = v.text + " expression";
    return unknown(std::move(what), v.span);
  }

  static ValuePtr boolean(bool b, Span at) { return syntax::make_scalar(Kind::Bool, b ? "true" : "false", at); }
  static std::optional<bool> as_bool(const Value& v) {
    if ((v.kind == Kind::Bool || v.kind == Kind::String) && (v.text == "true" || v.text == "false")) return v.text == "true";
    return std::nullopt;
  }

  ValuePtr eval_operator(const ValuePtr& v, unsigned depth) {
    const std::string& op = v->text;
    const Span at = v->span;
    const auto& it = v->items;
    if (op == "?:" && it.size() == 3) return eval_conditional(v, depth);
    if (op == "[for]" || op == "{for}" || op == "{for...}") return eval_for(v, depth);
    if (op == "." && it.size() == 2 && it[1]->kind == Kind::String) {
      ValuePtr base = eval(it[0], depth + 1);
      std::vector<Step> steps = split_path("_" + it[1]->text);
      auto ref = std::make_shared<Value>(*unknown_expr(*v));
      ref->kind = Kind::Reference;
      ValuePtr r = traverse(base, steps, 1, ref, depth);
      return r->kind == Kind::Reference ? unknown_expr(*v) : r;
    }
    if (it.size() == 1) {
      ValuePtr x = eval(it[0], depth + 1);
      if (op == "!")
        if (auto b = as_bool(*x)) return boolean(!*b, at);
      if (op == "-")
        if (auto n = to_int(*x)) return num(-*n, at);
      return unknown_expr(*v);
    }
    if (it.size() != 2) return unknown_expr(*v);
    ValuePtr a = eval(it[0], depth + 1);
    ValuePtr b = eval(it[1], depth + 1);
    if (op == "&&" || op == "||") {
      auto x = as_bool(*a), y = as_bool(*b);
      // One known operand decides: false && ? is false, true || ? is true.
      const bool decisive = op == "||";
      if ((x && *x == decisive) || (y && *y == decisive)) return boolean(decisive, at);
      if (x && y) return boolean(!decisive, at);
      return unknown_expr(*v);
    }
    if (op == "==" || op == "!=") {
      if (!fully_known(*a) || !fully_known(*b)) return unknown_expr(*v);
      bool eq = same_value(*a, *b);
      return boolean(op == "==" ? eq : !eq, at);
    }
    auto x = to_int(*a), y = to_int(*b);
    if (!x || !y) return unknown_expr(*v);
    if (op == "<") return boolean(*x < *y, at);
    if (op == ">") return boolean(*x > *y, at);
    if (op == "<=") return boolean(*x <= *y, at);
    if (op == ">=") return boolean(*x >= *y, at);
    if (op == "+") return num(*x + *y, at);
    if (op == "-") return num(*x - *y, at);
    if (op == "*") return num(*x * *y, at);
    if ((op == "/" || op == "%") && *y != 0 && (op == "%" || *x % *y == 0)) return num(op == "/" ? *x / *y : *x % *y, at);
    return unknown_expr(*v);
  }

  /// c ? a : b. A known condition picks its branch; an unknown one keeps a value only when both
  /// branches resolve to the same thing, else the result is Unknown named after the whole
  /// expression (so `var.x ? "arn:a" : "arn:b"` is an unresolved value, never a wrong literal).
  ValuePtr eval_conditional(const ValuePtr& v, unsigned depth) {
    ValuePtr c = eval(v->items[0], depth + 1);
    if (auto b = as_bool(*c)) return eval(v->items[*b ? 1 : 2], depth + 1);
    ValuePtr a = eval(v->items[1], depth + 1);
    ValuePtr b = eval(v->items[2], depth + 1);
    if (fully_known(*a) && fully_known(*b) && same_value(*a, *b)) return a;
    return unknown_expr(*v);
  }

  /// [for k, v in coll : val if c] and {for k, v in coll : key => val(...) if c} over a known
  /// list or map. Any unknown piece (collection, filter, key) makes the whole result Unknown.
  ValuePtr eval_for(const ValuePtr& v, unsigned depth) {
    const bool object = v->text != "[for]";
    const bool grouped = v->text == "{for...}";
    const std::size_t body = object ? 3 : 2;
    if (v->items.size() < body || v->labels.empty() || v->labels.size() > 2) return unknown_expr(*v);
    const ValuePtr& cond = v->items.size() > body ? v->items[body] : nullptr;
    ValuePtr coll = eval(v->items[0], depth + 1);
    if (coll->kind != Kind::List && coll->kind != Kind::Map) return unknown_expr(*v);
    const std::size_t n = coll->kind == Kind::List ? coll->items.size() : coll->entries.size();
    if (n > kMaxListItems) return unknown_expr(*v);
    const std::string key_name = v->labels.size() == 2 ? v->labels[0].text : std::string();
    const std::string& value_name = v->labels.back().text;
    auto out = std::make_shared<Value>();
    out->kind = object ? Kind::Map : Kind::List;
    out->span = out->content = v->span;
    std::unordered_map<std::string, std::size_t> index;  // object key -> entry
    for (std::size_t i = 0; i < n; ++i) {
      if (!spend(v->span)) return unknown_expr(*v);
      ValuePtr key, val;
      if (coll->kind == Kind::List) {
        key = num(static_cast<long long>(i), coll->items[i]->span);
        val = coll->items[i];
      } else {
        const MapEntry& e = coll->entries[i];
        key = syntax::make_string(e.key, e.key_span, e.key_span);
        val = e.value;
      }
      const std::size_t mark = scope_.size();
      if (!key_name.empty()) scope_.push_back(Binding{key_name, key});
      scope_.push_back(Binding{value_name, val});
      bool ok = for_element(v, cond, object, grouped, *out, index, depth);
      scope_.resize(mark);
      if (!ok) return unknown_expr(*v);
    }
    return out;
  }

  /// One element of a for expression, appended to `out` (or filtered out); false when it
  /// cannot be known.
  bool for_element(const ValuePtr& v, const ValuePtr& cond, bool object, bool grouped, Value& out,
                   std::unordered_map<std::string, std::size_t>& index, unsigned depth) {
    if (cond) {
      auto keep = as_bool(*eval(cond, depth + 1));
      if (!keep) return false;
      if (!*keep) return true;
    }
    if (!object) {
      out.items.push_back(eval(v->items[1], depth + 1));
      return true;
    }
    ValuePtr k = eval(v->items[1], depth + 1);
    if (!is_scalar(*k)) return false;
    ValuePtr val = eval(v->items[2], depth + 1);
    auto [pos, fresh] = index.try_emplace(k->text, out.entries.size());
    if (fresh) out.entries.push_back(MapEntry{k->text, k->span, grouped ? list_of({}, v->span) : val});
    MapEntry& entry = out.entries[pos->second];
    if (grouped) {
      // The list was made here and is not shared yet: append in place.
      std::const_pointer_cast<Value>(entry.value)->items.push_back(val);
    } else if (!fresh) {
      entry.value = val;  // Terraform rejects duplicate keys; the last one is kept here
    }
    return true;
  }

  /// `list[*].rest` (and legacy `.*.rest`): rest applied to every element; a single non-list
  /// value counts as a one-element list and null as an empty one (Terraform's splat rules).
  ValuePtr splat(const ValuePtr& val, const std::vector<Step>& steps, std::size_t k, const ValuePtr& ref,
                 unsigned depth) {
    if (val->kind == Kind::Null) return list_of({}, ref->span);
    std::vector<ValuePtr> one{val};
    const std::vector<ValuePtr>& items = val->kind == Kind::List ? val->items : one;
    if (items.size() > kMaxListItems) return unknown(ref->text, ref->span);
    std::vector<ValuePtr> out;
    for (const auto& item : items) {
      if (!spend(ref->span)) return unknown(ref->text, ref->span);
      ValuePtr r = traverse(item, steps, k + 1, ref, depth + 1);
      if (r->kind == Kind::Unknown && r->text == ref->text) return r;
      out.push_back(r);
    }
    return list_of(std::move(out), ref->span);
  }

  /// The `count` / `each` object bound inside a resource instance.
  static ValuePtr object_of(std::vector<MapEntry> entries, Span at) {
    auto m = std::make_shared<Value>();
    m->kind = Kind::Map;
    m->span = m->content = at;
    m->entries = std::move(entries);
    return m;
  }

  /// The count.index / each.key / each.value bindings of the instance `index_text` names
  /// (the text inside `aws_x.y[...]`), evaluated in the caller's scope.
  std::vector<Binding> instance_bindings(const Value& block, const std::string& index_text, Span at, unsigned depth) {
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

  /// aws_x.y[*].attr / aws_x.y.*.attr of a resource with a known `count`: one value per instance.
  ValuePtr resource_splat(const ValuePtr& v, const std::vector<Step>& steps, const Value& block, unsigned depth) {
    const MapEntry* count = block.entry("count");
    if (!count || steps.size() < 4) return v;
    ValuePtr n;
    {
      ScopeSwap outside(scope_, {});
      n = eval(count->value, depth + 1);
    }
    auto total = to_int(*n);
    if (!total || *total < 0 || static_cast<std::size_t>(*total) > kMaxListItems) return v;
    std::vector<ValuePtr> out;
    const std::string prefix = steps[0].text + "." + steps[1].text;
    const std::string rest = join_path(steps, 3);
    for (long long i = 0; i < *total; ++i) {
      if (!spend(v->span)) return v;
      auto r = std::make_shared<Value>(*v);
      r->text = prefix + "[" + std::to_string(i) + "]" + rest;
      out.push_back(eval_resource(r, split_path(r->text), depth + 1));
    }
    return list_of(std::move(out), v->span);
  }

  /// Resource types whose instances the model declares one by one (one identity per key).
  static bool expands_instances(const Value& block) {
    if (block.labels.size() != 2) return false;
    const std::string& t = block.labels[0].text;
    return t == "aws_ses_domain_identity" || t == "aws_ses_email_identity" || t == "aws_sesv2_email_identity";
  }

  /// `resolved` plus one "[instance]" entry per instance of a resource with count / for_each
  /// over a known collection (see the file comment); `resolved` itself when not expandable.
  ValuePtr with_instances(const Value& block, const ValuePtr& resolved) {
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

  // -- functions --------------------------------------------------------------------------

  ValuePtr eval_call(const ValuePtr& v, unsigned depth) {
    std::vector<ValuePtr> args;
    bool changed = false;
    for (const auto& a : v->items) {
      ValuePtr r = eval(a, depth + 1);
      if (r != a) changed = true;
      args.push_back(r);
    }
    const std::string& fn = v->text;
    const Span at = v->span;
    if (fn == "jsonencode") {
      if (!changed) return v;
      auto c = std::make_shared<Value>(*v);
      c->items = std::move(args);
      return c;
    }
    ValuePtr r = call(fn, args, at, depth);
    if (r) return r;
    return unknown(fn + "(...)", at);
  }

  static bool all_known(const std::vector<ValuePtr>& args) {
    return std::all_of(args.begin(), args.end(), [](const ValuePtr& a) { return fully_known(*a); });
  }

  ValuePtr list_of(std::vector<ValuePtr> items, Span at) {
    auto l = std::make_shared<Value>();
    l->kind = Kind::List;
    l->span = l->content = at;
    l->items = std::move(items);
    return l;
  }

  ValuePtr str(std::string s, Span at) { return syntax::make_string(std::move(s), at, at); }
  ValuePtr num(long long n, Span at) { return syntax::make_scalar(Kind::Number, std::to_string(n), at); }

  /// Values the function cannot compute return nullptr (-> Unknown).
  ValuePtr call(const std::string& fn, const std::vector<ValuePtr>& args, Span at, unsigned depth) {
    auto arg_str = [&](std::size_t i) -> const std::string* {
      return i < args.size() && is_scalar(*args[i]) ? &args[i]->text : nullptr;
    };
    if (fn == "try") {
      for (const auto& a : args)
        if (fully_known(*a)) return respan_top(a, at);
      return nullptr;
    }
    if (fn == "format") {
      const std::string* f = arg_str(0);
      if (!f) return nullptr;
      Concat c;
      std::size_t next = 1;
      for (std::size_t i = 0; i < f->size(); ++i) {
        char ch = (*f)[i];
        if (ch != '%') {
          c.text(std::string(1, ch), at);
          continue;
        }
        if (++i >= f->size()) return nullptr;
        char verb = (*f)[i];
        if (verb == '%') { c.text("%", at); continue; }
        if (verb != 's' && verb != 'd' && verb != 'v') return nullptr;
        if (next >= args.size() || !c.add(args[next++])) return nullptr;
      }
      return c.finish(at, at, "format(...)");
    }
    if (fn == "join") {
      const std::string* sep = arg_str(0);
      if (!sep || args.size() < 2) return nullptr;
      Concat c;
      bool first = true;
      for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i]->kind != Kind::List) return nullptr;
        for (const auto& item : args[i]->items) {
          if (!first) c.text(*sep, at);
          first = false;
          if (!c.add(item)) return nullptr;
        }
      }
      return c.finish(at, at, "join(...)");
    }
    if (fn == "coalesce") {
      for (const auto& a : args) {
        if (a->kind == Kind::Null || (a->kind == Kind::String && a->text.empty())) continue;
        if (!fully_known(*a)) return nullptr;
        return respan_top(a, at);
      }
      return nullptr;
    }
    if (fn == "lookup") {
      if (args.size() < 2 || args[0]->kind != Kind::Map) return nullptr;
      const std::string* key = arg_str(1);
      if (!key) return nullptr;
      if (const MapEntry* e = args[0]->entry(*key)) return respan_top(e->value, at);
      if (args.size() >= 3) return respan_top(args[2], at);
      return nullptr;
    }
    if (fn == "element") {
      if (args.size() != 2 || args[0]->kind != Kind::List || args[0]->items.empty()) return nullptr;
      auto n = to_int(*args[1]);
      if (!n || *n < 0) return nullptr;
      return respan_top(args[0]->items[static_cast<std::size_t>(*n) % args[0]->items.size()], at);
    }
    if (fn == "length") {
      if (args.size() != 1) return nullptr;
      const Value& a = *args[0];
      if (a.kind == Kind::List) return num(static_cast<long long>(a.items.size()), at);
      if (a.kind == Kind::Map) return num(static_cast<long long>(a.entries.size()), at);
      if (a.kind == Kind::String) {
        long long n = 0;  // Unicode characters, approximated as code points
        for (unsigned char ch : a.text)
          if ((ch & 0xC0) != 0x80) ++n;
        return num(n, at);
      }
      return nullptr;
    }
    if (fn == "tomap") {
      if (args.size() != 1 || args[0]->kind != Kind::Map) return nullptr;
      return respan_top(args[0], at);
    }
    if ((fn == "keys" || fn == "values") && args.size() == 1 && args[0]->kind == Kind::Map) {
      // Terraform returns both in lexical key order.
      std::vector<const MapEntry*> sorted;
      for (const auto& e : args[0]->entries) sorted.push_back(&e);
      std::stable_sort(sorted.begin(), sorted.end(), [](const MapEntry* a, const MapEntry* b) { return a->key < b->key; });
      std::vector<ValuePtr> items;
      for (const MapEntry* e : sorted) items.push_back(fn == "keys" ? str(e->key, at) : e->value);
      return list_of(std::move(items), at);
    }
    // The remaining functions need fully known arguments.
    if (!all_known(args)) return nullptr;
    if (fn == "concat" || fn == "flatten" || fn == "tolist" || fn == "toset" || fn == "distinct" || fn == "compact") {
      std::vector<ValuePtr> items;
      if (fn == "concat") {
        for (const auto& a : args) {
          if (a->kind != Kind::List) return nullptr;
          items.insert(items.end(), a->items.begin(), a->items.end());
        }
      } else {
        if (args.size() != 1 || args[0]->kind != Kind::List) return nullptr;
        if (fn == "flatten") {
          if (!flatten(*args[0], items, 0)) return nullptr;
        } else {
          items = args[0]->items;
        }
      }
      if (items.size() > kMaxListItems) {
        (void)over_budget(at);  // a list that doubles per level: say so, the value stays unknown
        return nullptr;
      }
      if (fn == "compact") {
        std::erase_if(items, [](const ValuePtr& i) {
          return i->kind == Kind::Null || (i->kind == Kind::String && i->text.empty());
        });
      }
      if (fn == "distinct" || fn == "toset") {
        std::vector<ValuePtr> out;
        std::set<std::pair<int, std::string>> seen;
        for (const auto& i : items) {
          if (!is_scalar(*i)) return nullptr;
          if (seen.insert({static_cast<int>(i->kind), i->text}).second) out.push_back(i);
        }
        items = std::move(out);
        // Terraform orders sets of strings lexically.
        if (fn == "toset")
          std::stable_sort(items.begin(), items.end(), [](const ValuePtr& a, const ValuePtr& b) { return a->text < b->text; });
      }
      return list_of(std::move(items), at);
    }
    if (fn == "merge") {
      auto m = std::make_shared<Value>();
      m->kind = Kind::Map;
      m->span = m->content = at;
      for (const auto& a : args) {
        if (a->kind == Kind::Null) continue;
        if (a->kind != Kind::Map) return nullptr;
        for (const auto& e : a->entries) {
          auto same = std::find_if(m->entries.begin(), m->entries.end(), [&](const MapEntry& x) { return x.key == e.key; });
          if (same != m->entries.end()) *same = e;
          else m->entries.push_back(e);
        }
      }
      return m;
    }
    if (fn == "lower" || fn == "upper" || fn == "trimspace") {
      const std::string* s = arg_str(0);
      if (!s || args.size() != 1) return nullptr;
      std::string r = *s;
      if (fn == "lower") for (auto& ch : r) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      else if (fn == "upper") for (auto& ch : r) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      else {
        auto b = r.find_first_not_of(" \t\r\n\v\f");
        auto e = r.find_last_not_of(" \t\r\n\v\f");
        r = b == std::string::npos ? std::string() : r.substr(b, e - b + 1);
      }
      return str(std::move(r), at);
    }
    if (fn == "replace") {
      const std::string *s = arg_str(0), *sub = arg_str(1), *rep = arg_str(2);
      if (!s || !sub || !rep || args.size() != 3) return nullptr;
      if (sub->size() >= 2 && sub->front() == '/' && sub->back() == '/') return nullptr;  // regex form
      if (sub->empty()) return str(*s, at);
      std::string r;
      std::size_t pos = 0;
      for (std::size_t f; (f = s->find(*sub, pos)) != std::string::npos; pos = f + sub->size()) r += s->substr(pos, f - pos) + *rep;
      r += s->substr(pos);
      return str(std::move(r), at);
    }
    if (fn == "split") {
      const std::string *sep = arg_str(0), *s = arg_str(1);
      if (!sep || !s || sep->empty() || args.size() != 2) return nullptr;
      std::vector<ValuePtr> items;
      std::size_t pos = 0;
      for (std::size_t f; (f = s->find(*sep, pos)) != std::string::npos; pos = f + sep->size()) {
        items.push_back(str(s->substr(pos, f - pos), at));
        if (items.size() > kMaxListItems) return nullptr;
      }
      items.push_back(str(s->substr(pos), at));
      return list_of(std::move(items), at);
    }
    if (fn == "jsondecode") {
      const std::string* s = arg_str(0);
      if (!s || args.size() != 1) return nullptr;
      const auto& f = own_file("<jsondecode>", *s);
      parse::ParseResult r = parse::parse_json(f);
      if (!r.root || !r.diagnostics.empty()) return nullptr;
      return respan_deep(r.root, at);
    }
    if (fn == "file" || fn == "templatefile") {
      const std::string* p = arg_str(0);
      if (!p) return nullptr;
      std::optional<std::string> text = read_module_file(*p, at);
      if (!text) return nullptr;
      if (fn == "file") return str(std::move(*text), at);
      if (args.size() != 2 || args[1]->kind != Kind::Map) return nullptr;
      return render_template(*text, *args[1], at);
    }
    (void)depth;
    return nullptr;
  }

  bool flatten(const Value& list, std::vector<ValuePtr>& out, unsigned depth) {
    if (depth > 64) return false;
    for (const auto& i : list.items) {
      if (i->kind == Kind::List) {
        if (!flatten(*i, out, depth + 1)) return false;
      } else {
        out.push_back(i);
      }
      if (out.size() > kMaxListItems) return false;
    }
    return true;
  }

  /// Reads a file named relative to the module folder, refusing paths outside the scan root.
  std::optional<std::string> read_module_file(const std::string& name, Span at) {
    std::error_code ec;
    fs::path p(name);
    if (p.is_relative()) p = module_dir_ / p;
    fs::path target = fs::weakly_canonical(fs::absolute(p, ec), ec);
    if (ec) return std::nullopt;
    fs::path root = fs::weakly_canonical(fs::absolute(inputs_.scan_root.empty() ? fs::path(".") : fs::path(inputs_.scan_root), ec), ec);
    if (ec) return std::nullopt;
    fs::path rel = target.lexically_relative(root);
    if (rel.empty() || *rel.begin() == "..") {
      diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Note,
                                  "file() path escapes the scanned root, so it was not read: " + name, at});
      return std::nullopt;
    }
    // The canonical path has no links left; read_regular_file refuses one that appears since.
    source::ReadResult r = source::read_regular_file(target, kMaxFileBytes);
    if (r.status == source::ReadStatus::TooLarge) {
      diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Warning, "file() target too large: " + name, at});
      return std::nullopt;
    }
    // Usually user data or keys that are not in the repository; the value stays unknown and a
    // policy built from it is reported as unresolved where it matters.
    if (r.status != source::ReadStatus::Ok) return std::nullopt;
    return std::move(r.text);
  }

  /// templatefile(): `${name}` of a known scalar variable is substituted; any other
  /// interpolation or `%{...}` directive becomes an Unknown part. `$${` / `%%{` are escapes.
  ValuePtr render_template(const std::string& t, const Value& vars, Span at) {
    Concat c;
    std::size_t i = 0;
    while (i < t.size()) {
      if ((t.compare(i, 3, "$${") == 0) || (t.compare(i, 3, "%%{") == 0)) {
        c.text(t.substr(i + 1, 2), at);
        i += 3;
        continue;
      }
      if (t.compare(i, 2, "${") == 0 || t.compare(i, 2, "%{") == 0) {
        bool directive = t[i] == '%';
        std::size_t j = i + 2;
        int depth = 1;
        while (j < t.size() && depth > 0) {
          if (t[j] == '{') ++depth;
          else if (t[j] == '}') --depth;
          ++j;
        }
        std::string inner = t.substr(i + 2, (depth == 0 ? j - 1 : j) - (i + 2));
        auto b = inner.find_first_not_of(" \t~");
        auto e = inner.find_last_not_of(" \t~");
        std::string name = b == std::string::npos ? std::string() : inner.substr(b, e - b + 1);
        const Value* val = directive ? nullptr : vars.get(name);
        if (val && is_scalar(*val)) c.text(val->text, at);
        else c.part(unknown(name.empty() ? "template expression" : name, at));
        i = j;
        continue;
      }
      c.text(std::string(1, t[i]), at);
      ++i;
    }
    return c.finish(at, at, "templatefile(...)");
  }

  // -- Terraform JSON syntax ----------------------------------------------------------------
  // A .tf.json file becomes the block tree the HCL parser would give (resource / data /
  // variable / output / module / provider / locals blocks with labels), with its strings read
  // as templates, so every other part of the resolver and the model treat both syntaxes alike.

  void to_native_files() {
    for (auto& f : files_) {
      if (!f.json || !f.root || !f.file) continue;
      f.root = native_root(*f.root, *f.file);
      f.json = false;
    }
  }

  static ValuePtr as_block(const Value& body, const std::string& type, std::vector<syntax::Label> labels) {
    auto b = std::make_shared<Value>(body);
    b->is_block = true;
    b->block_type = type;
    b->labels = std::move(labels);
    return b;
  }

  /// Strings become templates everywhere below `v` (a variable's default stays literal).
  ValuePtr json_templates(const ValuePtr& v, const source::SourceFile& file, unsigned depth) {
    if (!v || depth > kMaxDepth) return v;
    if (v->kind == Kind::String) {
      ValuePtr t = parse::parse_json_template(v, file);
      // "${x}" alone is x itself, whatever its type (as in HCL's legacy form); keeping the bare
      // expression lets `"policy": "${data.aws_iam_policy_document.d.json}"` link like HCL.
      if (t->kind == Kind::Template && t->items.size() == 1 && t->items[0]->kind != Kind::String) return t->items[0];
      return t;
    }
    if (v->kind != Kind::List && v->kind != Kind::Map) return v;
    auto c = std::make_shared<Value>(*v);
    bool changed = false;
    for (auto& i : c->items) {
      ValuePtr n = json_templates(i, file, depth + 1);
      if (n != i) { i = n; changed = true; }
    }
    for (auto& e : c->entries) {
      ValuePtr n = json_templates(e.value, file, depth + 1);
      if (n != e.value) { e.value = n; changed = true; }
    }
    return changed ? ValuePtr(c) : v;
  }

  ValuePtr native_root(const Value& root, const source::SourceFile& file) {
    auto out = std::make_shared<Value>();
    out->kind = Kind::Map;
    out->span = out->content = root.span;
    auto add = [&](const ValuePtr& body, const std::string& type, std::vector<syntax::Label> labels) {
      if (!body || body->kind != Kind::Map) return;
      ValuePtr b = type == "variable" ? body : json_templates(body, file, 0);
      out->entries.push_back(MapEntry{type, labels.empty() ? body->span : labels[0].span, as_block(*b, type, std::move(labels))});
    };
    // Terraform JSON allows an array of objects wherever one object is expected.
    auto each = [](const ValuePtr& v, const std::function<void(const ValuePtr&)>& fn) {
      if (!v) return;
      if (v->kind == Kind::List) {
        for (const auto& i : v->items) fn(i);
      } else {
        fn(v);
      }
    };
    for (const auto& e : root.entries) {
      const std::string& type = e.key;
      if (type == "resource" || type == "data") {
        each(e.value, [&](const ValuePtr& types) {
          if (!types || types->kind != Kind::Map) return;
          for (const auto& t : types->entries) {
            if (!t.value || t.value->kind != Kind::Map) continue;
            for (const auto& n : t.value->entries)
              each(n.value, [&](const ValuePtr& body) {
                add(body, type, {syntax::Label{t.key, t.key_span}, syntax::Label{n.key, n.key_span}});
              });
          }
        });
      } else if (type == "variable" || type == "output" || type == "module" || type == "provider") {
        each(e.value, [&](const ValuePtr& named) {
          if (!named || named->kind != Kind::Map) return;
          for (const auto& n : named->entries)
            each(n.value, [&](const ValuePtr& body) { add(body, type, {syntax::Label{n.key, n.key_span}}); });
        });
      } else if (type == "locals") {
        each(e.value, [&](const ValuePtr& body) { add(body, type, {}); });
      }
    }
    return out;
  }

  // -- module calls -------------------------------------------------------------------------
  // `module "m" { source = "./x" }` with a local source is resolved by a child Resolver over the
  // folder's files: its variables take the arguments resolved here, its outputs answer
  // `module.m.OUT`, and its resolved files become a ModuleInstance whose resources the model
  // scopes to the instance. Remote sources are not fetched: their outputs stay Unknown.

  static constexpr std::size_t kMaxModuleDepth = 8;    ///< nested module calls below a root module
  static constexpr std::size_t kMaxModuleInstances = 64;  ///< instances per root module

  static bool is_meta_argument(const std::string& k) {
    return k == "source" || k == "version" || k == "providers" || k == "count" || k == "for_each" ||
           k == "depends_on";
  }

  void collect_modules() {
    for (const auto& f : files_) {
      if (!f.root || f.json) continue;
      for (const auto& e : f.root->entries) {
        const Value& b = *e.value;
        if (b.is_block && b.block_type == "module" && b.labels.size() == 1) calls_[b.labels[0].text].block = &b;
      }
    }
  }

  void apply_module_args() {
    for (auto& [name, arg] : module_args_) {
      Variable& v = vars_[name];
      v.expr = v.value = arg.value;
      v.state = 2;
      v.chain = arg.origins;
      set_origin(v, arg.span, "", "argument of " + address_);
    }
  }

  /// Every module call is instantiated once, used or not, so its resources reach the model.
  void instantiate_all() {
    for (auto& [name, call] : calls_) instantiate(name, call, 0);
  }

  std::string display_dir() const { return module_dir_.generic_string(); }

  void instantiate(const std::string& name, ModuleCall& c, unsigned depth) {
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

  /// The call is not instantiated: its outputs stay unknown for `reason`; `message` says why.
  void skip_call(ModuleCall& c, std::string reason, Severity severity, std::string message, Span at) {
    c.unknown_reason = std::move(reason);
    diags_.push_back(Diagnostic{diag::kUnsupported, severity, std::move(message), at});
  }

  void instantiate_call(const std::string& name, ModuleCall& c, unsigned depth) {
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

  /// module.NAME.OUTPUT[...]: the child's output value at the use site.
  ValuePtr eval_module(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth) {
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

  /// A value crossing a module boundary: references and resource links of one module mean
  /// nothing in the other, so they become Unknown / plain values (literal names still link).
  ValuePtr detach(const ValuePtr& v, unsigned depth) {
    if (!v) return v;
    if (v->kind == Kind::Reference) return unknown(v->text, v->span);
    if (depth > 256) return v;
    auto c = std::make_shared<Value>(*v);
    c->resolved_from.clear();
    for (auto& i : c->items) i = detach(i, depth + 1);
    for (auto& e : c->entries) e.value = detach(e.value, depth + 1);
    return c;
  }

  // -- values from a Terraform plan (resolve/terraform_plan.h) -------------------------------

  /// What the plan knows of reference `v` in this module instance, or nullptr.
  ValuePtr from_plan(const ValuePtr& v, unsigned depth) {
    if (!in_plan_) return nullptr;
    return inputs_.terraform_plan->lookup(address_, v->text, v->span, [&](const std::string& t) -> std::optional<std::string> {
      ValuePtr k = index_value(t, v->span, depth);
      if (!k || !is_scalar(*k)) return std::nullopt;
      return k->text;
    });
  }

  // -- value origins ------------------------------------------------------------------------

  void set_origin(Variable& v, Span defined, std::string text, std::string how) {
    v.defined = defined;
    v.defined_text = std::move(text);
    v.how = std::move(how);
  }

  /// Spans of files the resolver owns (--var text, --var-file, jsondecode input) are not in
  /// the run's SourceSet.
  bool in_sources(Span s) const { return s.valid() && s.file < source::kNoFile - 1 - owned_.size(); }

  void record(const syntax::ValueOrigin& o) {
    if (!in_sources(o.use)) return;
    if (origin_seen_.emplace(o.use.file, o.use.begin, o.use.end, o.variable, o.defined.file, o.defined.begin,
                             o.defined_text)
            .second)
      origins_.push_back(o);
  }

  void note(const syntax::ValueOrigin& o) {
    if (!collectors_.empty()) collectors_.back().push_back(o);
    record(o);
  }

  static void scalar_texts(const Value& v, std::vector<std::string>& out, unsigned depth) {
    if (out.size() >= 8 || depth > 16) return;
    if (is_scalar(v)) {
      out.push_back(v.text);
      return;
    }
    if (v.kind == Kind::Template) {
      for (const auto& p : v.items)
        if (p->kind == Kind::String && out.size() < 8) out.push_back(p->text);
      return;
    }
    for (const auto& i : v.items) scalar_texts(*i, out, depth + 1);
    for (const auto& e : v.entries) scalar_texts(*e.value, out, depth + 1);
  }

  /// var.NAME used at `at`: where its value was set, and where that came from in callers.
  void note_variable(const std::string& name, Span at) {
    auto it = vars_.find(name);
    if (it == vars_.end() || !it->second.expr || !it->second.value) return;
    const Variable& v = it->second;
    syntax::ValueOrigin o;
    o.use = at;
    o.variable = "var." + name;
    scalar_texts(*v.value, o.values, 0);
    o.defined = in_sources(v.defined) ? v.defined : Span{};
    o.defined_text = v.defined_text;
    o.how = v.how;
    note(o);
    for (auto c : v.chain) {
      c.use = at;
      note(c);
    }
  }

  /// Every reference re-records the origins of what its value was computed from at its own
  /// span, so a finding on `local.arn` or `module.m.arn` still finds the variables behind it.
  ValuePtr traced_reference(const ValuePtr& v, unsigned depth) {
    collectors_.emplace_back();
    ValuePtr r = eval_reference(v, depth);
    std::vector<syntax::ValueOrigin> got = std::move(collectors_.back());
    collectors_.pop_back();
    for (auto& o : got) {
      o.use = v->span;
      note(o);
    }
    return r;
  }

  bool in_plan_ = false;  ///< Inputs::terraform_plan describes this module instance
  std::vector<TerraformFile> files_;  ///< .tf.json files converted to native shape by run()
  const std::vector<TerraformFile>& tfvars_;
  const Inputs& inputs_;
  fs::path module_dir_;
  std::map<std::string, Variable> vars_;
  std::map<std::string, Local> locals_;
  std::map<std::string, const Value*> resources_;
  std::map<std::string, const Value*> data_;
  const Value* default_provider_ = nullptr;  ///< the un-aliased `provider "aws"` block
  int default_providers_ = 0;
  std::map<std::string, const Value*> aliased_;  ///< alias -> block (nullptr when duplicated)
  std::vector<Diagnostic> diags_;
  std::deque<std::unique_ptr<source::SourceFile>> owned_;
  bool depth_reported_ = false;
  std::vector<Binding> scope_;   ///< for iterators, count / each of the instance being evaluated
  std::size_t work_ = 0;         ///< elements expanded so far (kMaxWork)
  bool work_reported_ = false;
  // Module instantiation and value origins (see the section above).
  const ModuleLoader& loader_;
  std::map<std::string, ModuleCall> calls_;
  std::map<std::string, ModuleArg> module_args_;  ///< this module's inputs when it is a child
  std::vector<std::string> chain_;                ///< folders from the root module down to this one
  std::string address_;                           ///< "" for a root module, else "module.a.module.b"
  std::string root_dir_;                          ///< the root module's folder, for instance keys
  InstanceBudget own_budget_;
  InstanceBudget* budget_ = &own_budget_;
  std::vector<ModuleInstance> instances_;
  std::vector<std::vector<syntax::ValueOrigin>> collectors_;
  std::vector<syntax::ValueOrigin> origins_;
  std::set<std::tuple<source::FileId, std::uint32_t, std::uint32_t, std::string, source::FileId, std::uint32_t, std::string>>
      origin_seen_;
};

}  // namespace

ModuleResult resolve_terraform_module(const std::vector<TerraformFile>& files, const std::vector<TerraformFile>& tfvars,
                                      const Inputs& inputs, const ModuleLoader& loader) {
  Resolver r(files, tfvars, inputs, loader);
  return r.run();
}

}  // namespace seslint::resolve
