// resolve/terraform/json_syntax.cpp: Terraform JSON syntax converted to the native block tree.
#include "resolve/terraform/resolver.h"

namespace seslint::resolve::tf {

void Resolver::to_native_files() {
  for (auto& f : files_) {
    if (!f.json || !f.root || !f.file) continue;
    f.root = native_root(*f.root, *f.file);
    f.json = false;
  }
}

ValuePtr Resolver::as_block(const Value& body, const std::string& type, std::vector<syntax::Label> labels) {
  auto b = std::make_shared<Value>(body);
  b->is_block = true;
  b->block_type = type;
  b->labels = std::move(labels);
  return b;
}

ValuePtr Resolver::json_templates(const ValuePtr& v, const source::SourceFile& file, unsigned depth) {
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

ValuePtr Resolver::native_root(const Value& root, const source::SourceFile& file) {
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

}  // namespace seslint::resolve::tf
