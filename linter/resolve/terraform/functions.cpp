// resolve/terraform/functions.cpp: built-in function calls, file() / templatefile() confined to the scanned root.
#include "resolve/terraform/resolver.h"
#include "resolve/terraform/functions_builtin.h"

namespace seslint::resolve::tf {

ValuePtr Resolver::eval_call(const ValuePtr& v, unsigned depth) {
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
  // (try, can, file, templatefile, jsondecode and names Terraform does not define). The hashes
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

bool Resolver::flatten(const Value& list, std::vector<ValuePtr>& out, unsigned depth) {
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

}  // namespace seslint::resolve::tf
