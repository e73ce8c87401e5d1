// resolve/terraform/functions.cpp: built-in function calls, file() / templatefile() confined to the scanned root.
#include "resolve/terraform/resolver.h"
#include "resolve/terraform/functions_builtin.h"

namespace seslint::resolve::tf {

ValuePtr Resolver::eval_call(const ValuePtr& v, unsigned depth) {
  std::vector<ValuePtr> args;
  bool changed = false;
  const bool encodes = v->text == "jsonencode";
  for (const auto& a : v->items) {
    ValuePtr r = eval(a, depth + 1);
    if (!encodes) r = resource_collection(r, depth);  // values(aws_x.y), keys(aws_x.y), ...
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

bool Resolver::all_known(const std::vector<ValuePtr>& args) {
  return std::all_of(args.begin(), args.end(), [](const ValuePtr& a) { return fully_known(*a); });
}

ValuePtr Resolver::list_of(std::vector<ValuePtr> items, Span at) {
  auto l = std::make_shared<Value>();
  l->kind = Kind::List;
  l->span = l->content = at;
  l->items = std::move(items);
  return l;
}

ValuePtr Resolver::call(const std::string& fn, const std::vector<ValuePtr>& args, Span at, unsigned depth) {
  // -- Terraform's built-in functions (functions_builtin.h); nullptr for the ones handled below
  // (try, can, file, templatefile, jsondecode; names Terraform does not define). The hashes
  // of files read the file as file() does; templatestring renders as templatefile does.
  if (ValuePtr r = call_function(fn, args, at, budget_->values)) return budget_->values.spent() ? over_budget(at) : r;
  if (const char* hash = file_hash_function(fn); hash && args.size() == 1 && args[0]->kind == Kind::String) {
    std::optional<std::string> text = read_module_file(args[0]->text, at);
    if (!text) return nullptr;
    return call_function(hash, {str(std::move(*text), at)}, at, budget_->values);
  }
  if (fn == "templatestring" && args.size() == 2 && args[0]->kind == Kind::String && args[1]->kind == Kind::Map)
    return render_template(args[0]->text, *args[1], at);
  // -- end of built-in functions
  auto arg_str = [&](std::size_t i) -> const std::string* {
    return i < args.size() && is_scalar(*args[i]) ? &args[i]->text : nullptr;
  };
  // try: the first argument Terraform evaluates without an error; one not known yet (it may
  // still fail) leaves the result unknown. can: false for an error, true for a wholly known
  // value, else unknown (Terraform's own rules for unknown values).
  if (fn == "try") {
    for (const auto& a : args) {
      if (contains_error(*a)) continue;
      if (a->kind == Kind::Unknown) return nullptr;
      return respan_top(a, at);
    }
    return nullptr;
  }
  if (fn == "can") {
    if (args.size() != 1) return nullptr;
    if (contains_error(*args[0])) return boolean(false, at);
    if (fully_known(*args[0])) return boolean(true, at);
    return nullptr;
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
    // The text comes from another file: no source bytes at the call, so a policy parsed from it
    // is located at the call's start (approximate), not matched against the call's own text.
    if (fn == "file") return syntax::make_string(std::move(*text), at, Span{});
    if (args.size() != 2 || args[1]->kind != Kind::Map) return nullptr;
    return render_template(*text, *args[1], at);
  }
  (void)depth;
  return nullptr;
}

std::optional<std::string> Resolver::read_module_file(const std::string& name, Span at) {
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

ValuePtr Resolver::render_template(const std::string& t, const Value& vars, Span at) {
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
      // A jsonencode(...) the resolver kept as a call renders as its JSON text when known.
      std::optional<std::string> encoded;
      if (val && val->kind == Kind::Call && val->text == "jsonencode" && val->items.size() == 1 && val->items[0])
        encoded = terraform_jsonencode(*val->items[0]);
      if (val && is_scalar(*val)) c.text(val->text, at);
      else if (encoded) c.text(*encoded, at);
      else c.part(unknown(name.empty() ? "template expression" : name, at));
      i = j;
      continue;
    }
    c.text(std::string(1, t[i]), at);
    ++i;
  }
  return c.finish(at, Span{}, "templatefile(...)");
}

}  // namespace seslint::resolve::tf
