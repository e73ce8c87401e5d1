#include "syntax/value.h"

#include <algorithm>

namespace seslint::syntax {

const MapEntry* Value::entry(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key == key) return &e;
  return nullptr;
}

const Value* Value::get(std::string_view key) const {
  const MapEntry* e = entry(key);
  return e ? e->value.get() : nullptr;
}

std::vector<const MapEntry*> Value::all(std::string_view key) const {
  std::vector<const MapEntry*> out;
  for (const auto& e : entries)
    if (e.key == key) out.push_back(&e);
  return out;
}

ValuePtr make_scalar(Kind kind, std::string text, Span span) {
  auto v = std::make_shared<Value>();
  v->kind = kind;
  v->text = std::move(text);
  v->span = span;
  v->content = span;
  return v;
}

ValuePtr make_string(std::string text, Span span, Span content) {
  auto v = std::make_shared<Value>();
  v->kind = Kind::String;
  v->text = std::move(text);
  v->span = span;
  v->content = content;
  return v;
}

ValuePtr make_unknown(std::string what, Span span) {
  auto v = std::make_shared<Value>();
  v->kind = Kind::Unknown;
  v->text = std::move(what);
  v->span = span;
  v->content = span;
  return v;
}

std::string excerpt(std::string_view s, std::size_t max) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  std::string out;
  out.reserve(std::min(s.size(), max + 4));
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    if (out.size() >= max && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      out += "...";
      return out;
    }
    out += c;
  }
  return out;
}

namespace {

ValuePtr with_span_deep_impl(const ValuePtr& v, Span at, unsigned depth) {
  if (!v) return v;
  auto c = std::make_shared<Value>(*v);
  c->span = at;
  c->content = at;
  if (depth > 256) return c;  // bounded: trees this deep were cut by the resolvers already
  for (auto& i : c->items) i = with_span_deep_impl(i, at, depth + 1);
  for (auto& e : c->entries) {
    e.key_span = at;
    e.value = with_span_deep_impl(e.value, at, depth + 1);
  }
  for (auto& l : c->labels) l.span = at;
  return c;
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Null: return "null";
    case Kind::Bool: return "bool";
    case Kind::Number: return "number";
    case Kind::String: return "string";
    case Kind::Template: return "template";
    case Kind::List: return "list";
    case Kind::Map: return "map";
    case Kind::Unknown: return "unknown";
    case Kind::Call: return "call";
    case Kind::Reference: return "ref";
  }
  return "?";
}

void quote_into(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += c; }
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else out += c;
  }
  out += '"';
}

void dump_into(std::string& out, const Value& v) {
  out += kind_name(v.kind);
  out += '@' + std::to_string(v.span.begin) + '-' + std::to_string(v.span.end);
  if (v.span.approximate) out += '~';
  if (v.is_block) {
    out += " block ";
    out += v.block_type;
    for (const auto& l : v.labels) { out += ' '; quote_into(out, l.text); }
  }
  switch (v.kind) {
    case Kind::Map:
      out += " {";
      for (std::size_t i = 0; i < v.entries.size(); ++i) {
        const auto& e = v.entries[i];
        out += i ? ", " : " ";
        out += e.key + '@' + std::to_string(e.key_span.begin) + '-' + std::to_string(e.key_span.end) + ": ";
        if (e.value) dump_into(out, *e.value);
      }
      out += " }";
      break;
    case Kind::List:
    case Kind::Template:
    case Kind::Call:
      if (v.kind == Kind::Call) { out += ' '; out += v.text; }
      if (!v.is_block)  // for-expression iterators
        for (const auto& l : v.labels) { out += ' '; out += l.text; }
      out += " [";
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        out += i ? ", " : "";
        if (v.items[i]) dump_into(out, *v.items[i]);
      }
      out += "]";
      break;
    default:
      if (v.kind != Kind::Null) { out += ' '; quote_into(out, v.text); }
  }
}

}  // namespace

ValuePtr with_span_deep(const ValuePtr& v, Span at) { return with_span_deep_impl(v, at, 0); }

std::string dump(const Value& v) {
  std::string out;
  dump_into(out, v);
  return out;
}

}  // namespace seslint::syntax
