// resolve/terraform/values.h: value helpers shared by the Terraform resolver's rooms (spans,
// known-ness, integers, string concatenation, reference paths) and the per-module state types.
#pragma once

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

namespace seslint::resolve::tf {

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
inline constexpr const char* kPartition = "data.aws_partition";
inline constexpr const char* kRegion = "provider region";
inline constexpr const char* kAccount = "account";

inline ValuePtr unknown(std::string what, Span at) { return syntax::make_unknown(std::move(what), at); }

/// A copy of `v` with its top node at `at`.
inline ValuePtr respan_top(const ValuePtr& v, Span at) {
  if (v->span == at) return v;
  auto c = std::make_shared<Value>(*v);
  c->span = at;
  if (c->kind != Kind::String) c->content = at;
  return c;
}

/// A copy of `v` with every node (and map key) at `at`.
inline ValuePtr respan_deep(const ValuePtr& v, Span at) { return syntax::with_span_deep(v, at); }

inline Span join_spans(Span a, Span b) {
  if (!a.valid()) return b;
  if (!b.valid() || a.file != b.file) return a;
  Span s = a;
  s.begin = std::min(a.begin, b.begin);
  s.end = std::max(a.end, b.end);
  s.approximate = a.approximate || b.approximate;
  return s;
}

inline bool is_scalar(const Value& v) { return v.kind == Kind::String || v.kind == Kind::Number || v.kind == Kind::Bool; }

/// An Unknown standing for an expression Terraform rejects: a function error ("f(...): error:
/// ...", functions_builtin.h) or a traversal into a known value that has no such attribute,
/// key or index ("var.x.y: error: ..."). can() is false for it and try() skips it.
inline bool is_error(const Value& v) { return v.kind == Kind::Unknown && v.text.find(": error: ") != std::string::npos; }

/// An error anywhere in `v` (a template interpolating one, a list or object holding one): the
/// whole expression fails in Terraform.
inline bool contains_error(const Value& v, unsigned depth = 0) {
  if (is_error(v)) return true;
  if (depth > 64) return false;
  for (const auto& i : v.items)
    if (i && contains_error(*i, depth + 1)) return true;
  for (const auto& e : v.entries)
    if (e.value && contains_error(*e.value, depth + 1)) return true;
  return false;
}

/// True when the value contains no Unknown, Reference, Template or Call anywhere.
inline bool fully_known(const Value& v, unsigned depth = 0) {
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

inline std::optional<long long> to_int(const Value& v) {
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

inline std::vector<Step> split_path(const std::string& path) {
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

inline std::string join_path(const std::vector<Step>& steps, std::size_t from) {
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
/// The outputs of one instance of a module call.
struct CallInstance {
  ValuePtr key;  ///< count.index (a number) or each.key (a string); null without count / for_each
  std::map<std::string, ValuePtr> outputs;
  std::map<std::string, std::vector<syntax::ValueOrigin>> output_origins;
};

struct ModuleCall {
  const Value* block = nullptr;
  int state = 0;                  ///< 0 = not instantiated, 1 = in progress, 2 = done
  std::string unknown_reason;     ///< set when the outputs are not available (remote, cycle, ...)
  /// How the call repeats: `module.m` is one object (None), a list of instances (Count) or a map
  /// of them by key (ForEach); Unknown when count / for_each did not resolve (one instance was
  /// resolved with count.index / each.* unknown, and `module.m` as a whole stays unknown).
  enum class Repeat { None, Count, ForEach, Unknown } repeat = Repeat::None;
  std::vector<CallInstance> instances;
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
  /// A `dynamic` block's iterator: what a reference reads from it takes the reference's span (the
  /// content line), as a variable's value does.
  bool at_use = false;
};

/// True for the Call names the HCL parser gives to operator expressions (value.h): function
/// names are identifiers, operator names start with a symbol.
inline bool is_operator_call(const Value& v) {
  if (v.kind != Kind::Call || v.text.empty()) return false;
  auto c = static_cast<unsigned char>(v.text[0]);
  return !std::isalpha(c) && c != '_';
}

/// Structural equality, spans ignored (numbers compared as integers when both are).
inline bool same_value(const Value& a, const Value& b, unsigned depth = 0) {
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

}  // namespace seslint::resolve::tf
