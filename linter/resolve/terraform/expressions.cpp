// resolve/terraform/expressions.cpp: HCL expressions: evaluation entry points and budget, templates, operators, conditionals, for expressions and splats.
#include "resolve/terraform/resolver.h"
#include "resolve/terraform/functions_builtin.h"

namespace seslint::resolve::tf {

ValuePtr Resolver::too_deep(const Value& v) {
  if (!depth_reported_) {
    depth_reported_ = true;
    diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Warning,
                                "expression nesting too deep to resolve statically", v.span});
  }
  return unknown("<too deep>", v.span);
}

ValuePtr Resolver::over_budget(Span at) {
  if (!budget_->values_reported) {
    budget_->values_reported = true;
    diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Warning,
                                "expressions in this module produce too much data (or take too long) to resolve "
                                "statically; the rest is treated as unknown",
                                at});
  }
  return unknown("<evaluation budget spent>", at);
}

ValuePtr Resolver::eval(const ValuePtr& v, unsigned depth) {
  if (!v) return v;
  if (depth > kMaxDepth) return too_deep(*v);
  if (budget_->values.spent()) return over_budget(*v);
  ValuePtr r = eval_node(v, depth);
  if (r && r != v && !budget_->values.charge(1 + r->items.size() + r->entries.size(), r->text.size()))
    return over_budget(*v);
  return r;
}

ValuePtr Resolver::eval_node(const ValuePtr& v, unsigned depth) {
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

ValuePtr Resolver::eval_template(const ValuePtr& v, unsigned depth) {
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

const Binding* Resolver::bound(const std::string& name) const {
  for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
    if (it->name == name) return &*it;
  return nullptr;
}

bool Resolver::spend(Span at) {
  if (++work_ <= kMaxWork) return true;
  if (!work_reported_) {
    work_reported_ = true;
    diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Warning,
                                "for expressions expand to too many elements to resolve statically", at});
  }
  return false;
}

const source::SourceFile* Resolver::source_of(source::FileId id) const {
  for (const auto* set : {&files_, &tfvars_})
    for (const auto& f : *set)
      if (f.file && f.file->id() == id) return f.file;
  for (const auto& f : owned_)
    if (f->id() == id) return f.get();
  return nullptr;
}

ValuePtr Resolver::unknown_expr(const Value& v) {
  const source::SourceFile* f = source_of(v.span.file);
  std::string what;
  if (f && v.span.end <= f->text().size() && v.span.begin < v.span.end)
    what = syntax::excerpt(f->text().substr(v.span.begin, v.span.end - v.span.begin));
  if (what.empty()) what = v.text + " expression";
  return unknown(std::move(what), v.span);
}

std::optional<bool> Resolver::as_bool(const Value& v) {
  if ((v.kind == Kind::Bool || v.kind == Kind::String) && (v.text == "true" || v.text == "false")) return v.text == "true";
  return std::nullopt;
}

ValuePtr Resolver::eval_operator(const ValuePtr& v, unsigned depth) {
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

ValuePtr Resolver::eval_conditional(const ValuePtr& v, unsigned depth) {
  ValuePtr c = eval(v->items[0], depth + 1);
  if (auto b = as_bool(*c)) return eval(v->items[*b ? 1 : 2], depth + 1);
  ValuePtr a = eval(v->items[1], depth + 1);
  ValuePtr b = eval(v->items[2], depth + 1);
  if (fully_known(*a) && fully_known(*b) && same_value(*a, *b)) return a;
  return unknown_expr(*v);
}

ValuePtr Resolver::eval_for(const ValuePtr& v, unsigned depth) {
  const bool object = v->text != "[for]";
  const bool grouped = v->text == "{for...}";
  const std::size_t body = object ? 3 : 2;
  if (v->items.size() < body || v->labels.empty() || v->labels.size() > 2) return unknown_expr(*v);
  const ValuePtr& cond = v->items.size() > body ? v->items[body] : nullptr;
  ValuePtr coll = resource_collection(eval(v->items[0], depth + 1), depth);  // for r in aws_x.y
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
    // Unknown elements of a partially known list (functions_builtin.h): a list `for` without a
    // filter or index turns them into its own unknown elements; anything else needs them known.
    if (coll->kind == Kind::List && is_unknown_elements(*coll->items[i])) {
      if (object || cond || !key_name.empty()) return unknown_expr(*v);
      out->items.push_back(unknown_elements(unknown_expr(*v)->text, coll->items[i]->span));
      continue;
    }
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

bool Resolver::for_element(const ValuePtr& v, const ValuePtr& cond, bool object, bool grouped, Value& out,
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

ValuePtr Resolver::splat(const ValuePtr& val, const std::vector<Step>& steps, std::size_t k, const ValuePtr& ref,
    unsigned depth) {
  if (val->kind == Kind::Null) return list_of({}, ref->span);
  std::vector<ValuePtr> one{val};
  const std::vector<ValuePtr>& items = val->kind == Kind::List ? val->items : one;
  if (items.size() > kMaxListItems) return unknown(ref->text, ref->span);
  std::vector<ValuePtr> out;
  for (const auto& item : items) {
    if (!spend(ref->span)) return unknown(ref->text, ref->span);
    if (is_unknown_elements(*item)) {  // a partially known list (functions_builtin.h)
      out.push_back(unknown_elements(ref->text, item->span));
      continue;
    }
    ValuePtr r = traverse(item, steps, k + 1, ref, depth + 1);
    if (r->kind == Kind::Unknown && (r->text == ref->text || is_error(*r))) return r;  // the whole splat fails
    out.push_back(r);
  }
  return list_of(std::move(out), ref->span);
}

}  // namespace seslint::resolve::tf
