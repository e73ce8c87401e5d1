// resolve/terraform/dynamic_blocks.cpp: `dynamic` blocks, expanded into the nested blocks they
// generate (resolver.h, expand_dynamic), so the model reads them like blocks written out.
#include "resolve/terraform/resolver.h"
#include "resolve/terraform/functions_builtin.h"

namespace seslint::resolve::tf {

namespace {

/// The argument of a block an aws_iam_policy_document reads that decides what the block does:
/// unknown when the block may exist any number of times.
const char* deciding_argument(const std::string& block_type) {
  if (block_type == "statement") return "effect";
  if (block_type == "condition") return "test";
  if (block_type == "principals" || block_type == "not_principals") return "type";
  return nullptr;
}

}  // namespace

void Resolver::expand_dynamic(const MapEntry& e, std::vector<MapEntry>& out, unsigned depth) {
  const Value& d = *e.value;
  const MapEntry* content = d.entry("content");
  if (d.labels.size() != 1 || !content || !content->value->is_block) {
    diags_.push_back(Diagnostic{diag::kUnsupported, Severity::Note,
                                "dynamic block without one label and a content block: the blocks it makes are not read",
                                d.span});
    return;
  }
  const std::string& type = d.labels[0].text;
  std::string iterator = type;
  if (const MapEntry* it = d.entry("iterator"))
    if (it->value->kind == Kind::Reference || it->value->kind == Kind::String) iterator = it->value->text;
  const MapEntry* fe = d.entry("for_each");
  ValuePtr coll = fe ? eval(fe->value, depth + 1) : unknown("for_each not set", d.span);
  // One generated block: the content body with the iterator bound, as a block of type `type`.
  auto generate = [&](ValuePtr iter_value, const char* unknown_arg, Span key_span) {
    auto body = std::make_shared<Value>(*content->value);
    body->block_type = type;
    body->labels.clear();
    body->entries.erase(std::remove_if(body->entries.begin(), body->entries.end(),
                                       [](const MapEntry& c) { return c.key == "labels"; }),
                        body->entries.end());
    if (unknown_arg) {
      // Applies to the block whatever its content says (a literal "Deny" may be there zero times).
      ValuePtr u = unknown(unknown_expr(*fe->value)->text + " (dynamic \"" + type + "\" blocks)", fe->value->span);
      body->entries.erase(std::remove_if(body->entries.begin(), body->entries.end(),
                                         [&](const MapEntry& c) { return c.key == unknown_arg; }),
                          body->entries.end());
      body->entries.insert(body->entries.begin(), MapEntry{unknown_arg, fe->value->span, u});
    }
    scope_.push_back(Binding{iterator, std::move(iter_value), true});
    ValuePtr resolved = resolve_body(body);
    scope_.pop_back();
    out.push_back(MapEntry{type, key_span, resolved});
  };
  const bool list = coll->kind == Kind::List;
  const bool known = (list && known_prefix(*coll) == coll->items.size()) || coll->kind == Kind::Map;
  if (!known) {
    // Unknown collection (or one with unknown elements): one representative block, iterator
    // unknown, so what it would grant or deny stays visible as unknown, never dropped.
    ValuePtr u = fe ? unknown_expr(*fe->value) : coll;
    const char* decides = in_policy_document_ ? deciding_argument(type) : nullptr;
    generate(object_of({MapEntry{"key", u->span, u}, MapEntry{"value", u->span, u}}, u->span), fe ? decides : nullptr,
             content->key_span);
    return;
  }
  const std::size_t n = list ? coll->items.size() : coll->entries.size();
  // Terraform iterates a map in lexical key order.
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  if (!list)
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return coll->entries[a].key < coll->entries[b].key; });
  for (std::size_t i : order) {
    if (!spend(d.span)) return;
    ValuePtr key, value;
    if (list) {
      // Lists and sets are both Kinds::List here; a list's key is its index (a set's would be
      // the value itself, which `.value` gives either way).
      value = coll->items[i];
      key = num(static_cast<long long>(i), value->span);
    } else {
      const MapEntry& me = coll->entries[i];
      key = syntax::make_string(me.key, me.key_span, me.key_span);
      value = me.value;
    }
    generate(object_of({MapEntry{"key", key->span, key}, MapEntry{"value", value->span, value}}, value->span), nullptr,
             content->key_span);
  }
}

void Resolver::expand_dynamic_json(const MapEntry& e, std::vector<MapEntry>& out) {
  for (const auto& named : e.value->entries) {
    std::vector<ValuePtr> specs;
    if (named.value->kind == Kind::List) specs = named.value->items;
    else specs.push_back(named.value);
    for (const auto& spec : specs) {
      if (spec->kind != Kind::Map) continue;
      auto block = std::make_shared<Value>(*spec);
      block->is_block = true;
      block->block_type = "dynamic";
      block->labels = {syntax::Label{named.key, named.key_span}};
      for (auto& c : block->entries) {
        if (c.key != "content" || c.value->kind != Kind::Map) continue;
        auto content = std::make_shared<Value>(*c.value);
        content->is_block = true;
        content->block_type = "content";
        c.value = content;
      }
      expand_dynamic(MapEntry{"dynamic", named.key_span, block}, out, 0);
    }
  }
}

}  // namespace seslint::resolve::tf
