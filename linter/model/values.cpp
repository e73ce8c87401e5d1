#include "model/values.h"

namespace seslint::model::detail {

using syntax::Kind;
using syntax::Value;

Path Path::key(std::string_view k) const {
  Path p{text, style};
  if (!p.text.empty()) p.text += style == PathStyle::Terraform ? "." : "/";
  p.text += k;
  return p;
}

Path Path::index(std::size_t i) const {
  Path p{text, style};
  if (style == PathStyle::Terraform) {
    p.text += "[" + std::to_string(i) + "]";
  } else {
    p.text += "/" + std::to_string(i);
  }
  return p;
}

const syntax::MapEntry* as_intrinsic(const Value& v) {
  if (v.kind != Kind::Map || v.is_block || v.entries.size() != 1) return nullptr;
  const auto& k = v.entries[0].key;
  if (k == "Ref" || k == "Condition" || k.rfind("Fn::", 0) == 0) return &v.entries[0];
  return nullptr;
}

namespace {

std::string truncate(std::string s) {
  constexpr std::size_t kMax = 80;
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (s.size() > kMax) s = s.substr(0, kMax - 3) + "...";
  return s;
}

std::string short_tag(const std::string& key) {
  if (key.rfind("Fn::", 0) == 0) return "!" + key.substr(4);
  return "!" + key;
}

// Folds CloudFormation intrinsics whose value is fully literal: Fn::Sub without variables and
// Fn::Join over known parts. Everything else stays unknown.
bool fold_intrinsic(const syntax::MapEntry& e, std::string& out, const ReadOptions& opt) {
  const Value& arg = *e.value;
  if (e.key == "Fn::Sub" && arg.kind == Kind::String) {
    const std::string& t = arg.text;
    std::string r;
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t.compare(i, 3, "${!") == 0) { r += "${"; i += 2; continue; }
      if (t.compare(i, 2, "${") == 0) return false;
      r += t[i];
    }
    out = std::move(r);
    return true;
  }
  if (e.key == "Fn::Join" && arg.kind == Kind::List && arg.items.size() == 2) {
    Str sep = read_str(arg.items[0].get(), Path{}, opt);
    if (!sep.known || arg.items[1]->kind != Kind::List) return false;
    std::string r;
    bool first = true;
    for (const auto& part : arg.items[1]->items) {
      Str s = read_str(part.get(), Path{}, opt);
      if (!s.known) return false;
      if (!first) r += sep.text;
      r += s.text;
      first = false;
    }
    out = std::move(r);
    return true;
  }
  return false;
}

}  // namespace

std::string describe(const Value& v) {
  switch (v.kind) {
    case Kind::Reference: return v.text;
    case Kind::Unknown: return truncate(v.text);
    case Kind::Call: return v.text + "(...)";
    case Kind::Template: {
      // "${var.x}" alone (Terraform 0.11 style) is the expression var.x itself.
      if (v.items.size() == 1 && v.items[0]->kind != Kind::String) return describe(*v.items[0]);
      std::string s;
      for (const auto& part : v.items) {
        if (part->kind == Kind::String) s += part->text;
        else s += "${" + describe(*part) + "}";
      }
      return truncate(s);
    }
    case Kind::Map:
      if (const auto* e = as_intrinsic(v)) {
        const Value& a = *e->value;
        if (a.kind == Kind::String) return truncate(short_tag(e->key) + " " + a.text);
        return short_tag(e->key) + " ...";
      }
      return "an object";
    case Kind::List: return "a list";
    default: return truncate(v.text);
  }
}

Str read_str(const Value* v, const Path& path, const ReadOptions& opt) {
  Str s;
  s.path = path.text;
  if (!v) return s;
  s.span = v->span;
  switch (v->kind) {
    case Kind::String:
      if (opt.terraform_json && v->text.find("${") != std::string::npos) {
        s.text = truncate(v->text);
        return s;
      }
      s.known = true;
      s.text = v->text;
      return s;
    case Kind::Number:
    case Kind::Bool:
      s.known = true;
      s.text = v->text;
      return s;
    case Kind::Template: {
      std::string r;
      bool all_known = true;
      for (const auto& part : v->items) {
        if (part->kind == Kind::String) {
          r += part->text;
          if (!s.parts.empty() && s.parts.back().known) s.parts.back().text += part->text;
          else s.parts.push_back(StrPart{true, part->text});
        } else {
          all_known = false;
          s.parts.push_back(StrPart{false, describe(*part)});
        }
      }
      if (all_known) {
        s.parts.clear();
        s.known = true;
        s.text = std::move(r);
      } else {
        s.text = describe(*v);
      }
      return s;
    }
    case Kind::Map:
      if (const auto* e = as_intrinsic(*v)) {
        std::string folded;
        if (fold_intrinsic(*e, folded, opt)) {
          s.known = true;
          s.text = std::move(folded);
          return s;
        }
      }
      s.text = describe(*v);
      return s;
    case Kind::Null:
      s.text = "null";
      return s;
    default:
      s.text = describe(*v);
      return s;
  }
}

bool split_tf_reference(std::string_view text, std::string& address, std::string& attribute) {
  std::vector<std::string> parts;
  std::string cur;
  int depth = 0;
  for (char c : text) {
    if (c == '[') { ++depth; continue; }
    if (c == ']') { --depth; continue; }
    if (depth > 0) continue;  // index / splat: count and for_each instances share the resource
    if (c == '.') {
      parts.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  parts.push_back(std::move(cur));
  std::size_t first = 0;
  if (!parts.empty() && parts[0] == "data") first = 1;
  if (parts.size() < first + 2) return false;
  static constexpr std::string_view kRoots[] = {"var", "local", "module", "each", "count", "path", "terraform", "self"};
  for (auto r : kRoots)
    if (first == 0 && parts[0] == r) return false;
  if (parts[first].empty() || parts[first + 1].empty() || parts[first].find('_') == std::string::npos) return false;
  address = (first ? "data." : "") + parts[first] + "." + parts[first + 1];
  attribute = parts.size() > first + 2 ? parts[first + 2] : std::string();
  return true;
}

Ref read_ref(const Value* v, const Path& path, const ReadOptions& opt) {
  Ref r;
  r.value = read_str(v, path, opt);
  if (v && v->resolved_from.rfind("!Ref ", 0) == 0) {  // a CloudFormation Ref resolved to its value
    r.target = v->resolved_from.substr(5);
    r.attribute = "Ref";
    return r;
  }
  if (v && !v->resolved_from.empty()) {
    auto [scope, reference] = syntax::split_scoped_reference(v->resolved_from);
    if (split_tf_reference(reference, r.target, r.attribute)) r.module = std::move(scope);
    return r;
  }
  if (!v || r.value.known) return r;
  const Value* e = v;
  if (e->kind == Kind::Template) {
    const Value* only = nullptr;
    for (const auto& part : e->items) {
      if (!part) continue;
      if (part->kind == Kind::String) return r;  // "prefix-${x}" names nothing by itself
      if (only) return r;
      only = part.get();
    }
    if (!only) return r;
    e = only;
  }
  if (e->kind == Kind::Reference) {
    split_tf_reference(e->text, r.target, r.attribute);
    return r;
  }
  if (e->kind == Kind::String && opt.terraform_json) {
    const std::string& t = e->text;
    if (t.size() > 3 && t.rfind("${", 0) == 0 && t.back() == '}' && t.find("${", 2) == std::string::npos)
      split_tf_reference(std::string_view(t).substr(2, t.size() - 3), r.target, r.attribute);
    return r;
  }
  if (const auto* in = as_intrinsic(*e); in && in->value) {
    const Value& arg = *in->value;
    if (in->key == "Ref" && arg.kind == Kind::String && arg.text.rfind("AWS::", 0) != 0) {
      r.target = arg.text;
      r.attribute = "Ref";
    } else if (in->key == "Fn::GetAtt") {
      if (arg.kind == Kind::String) {
        auto dot = arg.text.find('.');
        if (dot != std::string::npos && dot > 0) {
          r.target = arg.text.substr(0, dot);
          r.attribute = arg.text.substr(dot + 1);
        }
      } else if (arg.kind == Kind::List && arg.items.size() == 2 && arg.items[0] && arg.items[1] &&
                 arg.items[0]->kind == Kind::String && arg.items[1]->kind == Kind::String) {
        r.target = arg.items[0]->text;
        r.attribute = arg.items[1]->text;
      }
    }
  }
  return r;
}

void for_each_item(const Value* v, const Path& path,
                   const std::function<void(const Value&, const Path&)>& fn) {
  if (!v) return;
  if (v->kind == Kind::List) {
    for (std::size_t i = 0; i < v->items.size(); ++i)
      if (v->items[i]) fn(*v->items[i], path.index(i));
    return;
  }
  fn(*v, path);
}

}  // namespace seslint::model::detail
