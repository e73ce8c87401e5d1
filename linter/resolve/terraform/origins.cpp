// resolve/terraform/origins.cpp: value origins: where the variables behind a value were set.
#include "resolve/terraform/resolver.h"

namespace seslint::resolve::tf {

void Resolver::set_origin(Variable& v, Span defined, std::string text, std::string how) {
  v.defined = defined;
  v.defined_text = std::move(text);
  v.how = std::move(how);
}

void Resolver::record(const syntax::ValueOrigin& o) {
  if (!in_sources(o.use)) return;
  if (origin_seen_.emplace(o.use.file, o.use.begin, o.use.end, o.variable, o.defined.file, o.defined.begin,
                           o.defined_text)
          .second)
    origins_.push_back(o);
}

void Resolver::note(const syntax::ValueOrigin& o) {
  if (!collectors_.empty()) collectors_.back().push_back(o);
  record(o);
}

void Resolver::scalar_texts(const Value& v, std::vector<std::string>& out, unsigned depth) {
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

void Resolver::note_variable(const std::string& name, Span at) {
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

void Resolver::dedupe_origins(std::vector<syntax::ValueOrigin>& list) {
  // The same variable reaches a value along many paths (locals of locals): keep each once, or
  // the lists grow with the number of paths.
  std::set<std::tuple<source::FileId, std::uint32_t, std::uint32_t, std::string, source::FileId, std::uint32_t, std::string,
                      std::string>>
      seen;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& o = list[i];
    if (!seen.emplace(o.use.file, o.use.begin, o.use.end, o.variable, o.defined.file, o.defined.begin, o.defined_text, o.how)
             .second)
      continue;
    if (kept != i) list[kept] = std::move(list[i]);
    ++kept;
  }
  list.resize(kept);
}

ValuePtr Resolver::traced_reference(const ValuePtr& v, unsigned depth) {
  collectors_.emplace_back();
  ValuePtr r = eval_reference(v, depth);
  std::vector<syntax::ValueOrigin> got = std::move(collectors_.back());
  collectors_.pop_back();
  for (auto& o : got) o.use = v->span;
  dedupe_origins(got);
  for (const auto& o : got) note(o);
  return r;
}

}  // namespace seslint::resolve::tf
