// resolve/terraform/functions_collection.cpp: Terraform's collection functions (concat, lookup,
// setproduct, zipmap, ...). Lists, tuples and sets are all Kind::List here; a set produced here
// is in Terraform's order (see as_set).
#include <algorithm>
#include <cmath>

#include "resolve/terraform/functions_builtin_impl.h"

namespace seslint::resolve::tffn {
namespace {

const Value* list_arg(const Call& c, std::size_t i) {
  return i < c.args.size() && c.args[i]->kind == Kind::List ? c.args[i].get() : nullptr;
}

ValuePtr need_list(const Call& c, std::size_t i) {
  return is_unknown(*c.args[i]) ? c.unknown() : c.error("argument " + std::to_string(i + 1) + " must be a list, set or tuple");
}

/// True when the list's length (or the position of one of its elements) is not known.
bool open_ended(const Value& l) { return known_prefix(l) < l.items.size(); }

/// What an unknown list argument is, for the unknown elements it stands for.
std::string describe(const Value& v) { return v.kind == Kind::Call ? v.text + "(...)" : v.text; }

// The result holds every element of every argument, so an unknown list argument becomes its
// unknown elements (functions_builtin.h) and the known elements stay: a policy's Resource built
// with concat still grants the ARNs it names. All unknown: the result is Unknown.
ValuePtr fn_concat(const Call& c) {
  std::vector<ValuePtr> items;
  bool any_known = false;
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    const Value* l = list_arg(c, i);
    if (!l) {
      const Value& a = *c.args[i];
      if (a.kind == Kind::Template || !is_unknown(a)) return need_list(c, i);
      items.push_back(unknown_elements(describe(a), a.span));
      continue;
    }
    if (!c.charge(l->items.size(), 0)) return c.spent();
    for (const auto& item : l->items)
      if (!is_unknown_elements(*item)) any_known = true;
    items.insert(items.end(), l->items.begin(), l->items.end());
  }
  if (!any_known && !items.empty()) return c.unknown();
  return c.list(std::move(items));
}

ValuePtr fn_length(const Call& c) {
  const Value& a = *c.args[0];
  if (a.kind == Kind::List) return open_ended(a) ? c.unknown() : c.num(static_cast<double>(a.items.size()));
  if (a.kind == Kind::Map) return c.num(static_cast<double>(a.entries.size()));
  if (a.kind == Kind::String) return c.num(static_cast<double>(characters(a.text).size()));
  if (is_unknown(a)) return c.unknown();
  return c.error("argument must be a string, a collection type, or a structural type");
}

ValuePtr fn_element(const Call& c) {
  const Value* l = list_arg(c, 0);
  if (!l) return need_list(c, 0);
  if (!fully_known(*c.args[1]) || open_ended(*l)) return c.unknown();
  auto n = as_int(*c.args[1]);
  if (!n) return c.error("invalid index");
  if (l->items.empty()) return c.error("cannot use element function with an empty list");
  // Terraform 1.11 takes Go's remainder: a negative index is an error (a panic in Terraform),
  // except a multiple of the length, whose remainder is 0.
  const long long size = static_cast<long long>(l->items.size());
  if (*n < 0 && *n % size != 0) return c.error("cannot use element function with a negative index");
  return c.pass(l->items[static_cast<std::size_t>(*n < 0 ? 0 : *n % size)]);
}

ValuePtr fn_index(const Call& c) {
  const Value* l = list_arg(c, 0);
  if (!l) return c.error("argument must be a list or tuple");
  for (std::size_t i = 0; i < l->items.size(); ++i)
    if (equal_values(*l->items[i], *c.args[1]) ||
        (is_scalar(*l->items[i]) && is_scalar(*c.args[1]) && as_string(*l->items[i]) == as_string(*c.args[1])))
      return c.num(static_cast<double>(i));
  return c.error("item not found");
}

ValuePtr fn_contains(const Call& c) {
  const Value* l = list_arg(c, 0);
  if (!l) return c.error("argument must be list, tuple, or set");
  for (const auto& i : l->items)
    if (equal_values(*i, *c.args[1])) return c.boolean(true);
  return c.boolean(false);
}

ValuePtr fn_lookup(const Call& c) {
  const Value& m = *c.args[0];
  if (m.kind != Kind::Map) return is_unknown(m) ? c.unknown() : c.error("the first argument must be a map or object");
  auto key = c.args[1]->kind == Kind::String || c.args[1]->kind == Kind::Number ? as_string(*c.args[1]) : std::nullopt;
  if (!key) return is_unknown(*c.args[1]) ? c.unknown() : c.error("the key must be a string");
  const MapEntry* found = nullptr;
  for (const auto& e : m.entries)
    if (e.key == *key) found = &e;  // the last one wins, as in an object constructor
  if (found) return c.pass(found->value);
  if (c.args.size() == 3) return c.pass(c.args[2]);
  return c.error("the given key \"" + *key + "\" does not exist in the map");
}

ValuePtr fn_keys(const Call& c) {
  const Value& m = *c.args[0];
  if (m.kind != Kind::Map) return is_unknown(m) ? c.unknown() : c.error("must have map or object type");
  std::vector<std::string> ks;
  for (const auto& e : m.entries) ks.push_back(e.key);
  std::sort(ks.begin(), ks.end());
  ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
  std::vector<ValuePtr> out;
  for (auto& k : ks) out.push_back(c.str(std::move(k)));
  return c.list(std::move(out));
}

ValuePtr fn_values(const Call& c) {
  const Value& m = *c.args[0];
  if (m.kind != Kind::Map) return is_unknown(m) ? c.unknown() : c.error("must have map or object type");
  ValuePtr sorted = c.map(m.entries);
  std::vector<ValuePtr> out;
  for (std::size_t i = 0; i < sorted->entries.size(); ++i) {
    if (i + 1 < sorted->entries.size() && sorted->entries[i + 1].key == sorted->entries[i].key) continue;
    out.push_back(sorted->entries[i].value);
  }
  return c.list(std::move(out));
}

ValuePtr fn_merge(const Call& c) {
  std::vector<MapEntry> out;
  for (const auto& a : c.args) {
    if (a->kind == Kind::Null) continue;
    if (a->kind != Kind::Map) return is_unknown(*a) ? c.unknown() : c.error("arguments must be maps or objects");
    if (!c.charge(a->entries.size(), 0)) return c.spent();
    for (const auto& e : a->entries) {
      auto same = std::find_if(out.begin(), out.end(), [&](const MapEntry& x) { return x.key == e.key; });
      if (same != out.end()) *same = e;
      else out.push_back(e);
    }
  }
  return c.map(std::move(out));
}

ValuePtr fn_coalesce(const Call& c) {
  for (const auto& a : c.args) {
    if (a->kind == Kind::Null || (a->kind == Kind::String && a->text.empty())) continue;
    if (!fully_known(*a)) return c.unknown();
    if (!is_scalar(*a)) return c.error("all arguments must have the same type");
    // The result type is the arguments' unified type: a number among strings becomes a string.
    bool any_string = std::any_of(c.args.begin(), c.args.end(), [](const ValuePtr& x) { return x->kind == Kind::String; });
    if (any_string && a->kind != Kind::String) return c.str(*as_string(*a));
    return c.pass(a);
  }
  return c.error("no non-null, non-empty-string arguments");
}

ValuePtr fn_coalescelist(const Call& c) {
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    const Value& a = *c.args[i];
    if (a.kind == Kind::Null) continue;
    if (a.kind != Kind::List) return is_unknown(a) ? c.unknown() : c.error("coalescelist arguments must be lists or tuples");
    if (std::any_of(a.items.begin(), a.items.end(), [](const ValuePtr& x) { return !is_unknown_elements(*x); }))
      return c.pass(c.args[i]);
    if (!a.items.empty()) return c.unknown();  // only unknown elements: maybe empty
  }
  return c.error("no non-null arguments");
}

ValuePtr fn_compact(const Call& c) {
  const Value* l = list_arg(c, 0);
  if (!l) return c.error("argument must be a list of strings");
  std::vector<ValuePtr> out;
  for (const auto& i : l->items) {
    if (i->kind == Kind::Null || (i->kind == Kind::String && i->text.empty())) continue;
    if (!is_scalar(*i)) return c.error("argument must be a list of strings");
    out.push_back(i->kind == Kind::String ? i : c.str(*as_string(*i)));
  }
  return c.list(std::move(out));
}

ValuePtr fn_distinct(const Call& c) {
  const Value* l = list_arg(c, 0);
  if (!l) return c.error("argument must be a list");
  std::vector<ValuePtr> out;
  for (const auto& i : l->items)
    if (std::none_of(out.begin(), out.end(), [&](const ValuePtr& o) { return equal_values(*o, *i); })) out.push_back(i);
  return c.list(std::move(out));
}

bool flatten_into(const Call& c, const Value& l, std::vector<ValuePtr>& out, unsigned depth) {
  if (depth > 64) return false;
  for (const auto& i : l.items) {
    if (i->kind == Kind::List) {
      if (!flatten_into(c, *i, out, depth + 1)) return false;
    } else {
      if (!c.charge(1, 0)) return false;
      out.push_back(i);
    }
  }
  return true;
}
ValuePtr fn_flatten(const Call& c) {
  const Value* l = list_arg(c, 0);
  if (!l) return c.error("can only flatten lists, sets and tuples");
  std::vector<ValuePtr> out;
  if (!flatten_into(c, *l, out, 0)) return c.spent();
  return c.list(std::move(out));
}

ValuePtr fn_reverse(const Call& c) {
  const Value* l = list_arg(c, 0);
  if (!l) return need_list(c, 0);
  std::vector<ValuePtr> out(l->items.rbegin(), l->items.rend());
  return c.list(std::move(out));
}

ValuePtr fn_slice(const Call& c) {
  const Value* l = list_arg(c, 0);
  if (!l) return need_list(c, 0);
  if (!fully_known(*c.args[1]) || !fully_known(*c.args[2]) || open_ended(*l)) return c.unknown();
  auto b = as_int(*c.args[1]), e = as_int(*c.args[2]);
  if (!b || !e) return c.error("invalid index");
  long long n = static_cast<long long>(l->items.size());
  if (*b < 0) return c.error("the starting index must be greater than or equal to 0");
  if (*e > n) return c.error("the ending index must be less than or equal to the length of the list");
  if (*b > *e) return c.error("the starting index must be less than or equal to the ending index");
  return c.list(std::vector<ValuePtr>(l->items.begin() + *b, l->items.begin() + *e));
}

ValuePtr fn_chunklist(const Call& c) {
  const Value* l = list_arg(c, 0);
  if (!l) return c.error("argument must be a list");
  auto n = as_int(*c.args[1]);
  if (!n || *n < 0) return c.error("the size argument must be positive");
  if (*n == 0) return c.list({c.pass(c.args[0])});
  std::vector<ValuePtr> out;
  for (std::size_t i = 0; i < l->items.size(); i += static_cast<std::size_t>(*n)) {
    std::size_t e = std::min(l->items.size(), i + static_cast<std::size_t>(*n));
    out.push_back(c.list(std::vector<ValuePtr>(l->items.begin() + static_cast<long>(i), l->items.begin() + static_cast<long>(e))));
  }
  return c.list(std::move(out));
}

ValuePtr fn_range(const Call& c) {
  double start = 0, limit, step = 1;
  std::vector<double> a;
  for (const auto& x : c.args) {
    auto d = as_number(*x);
    if (!d) return c.error("all arguments must be numbers");
    a.push_back(*d);
  }
  if (a.size() == 1) limit = a[0];
  else {
    start = a[0];
    limit = a[1];
    if (a.size() == 3) step = a[2];
    else if (start > limit) step = -1;  // range(4, 1) counts down
  }
  if (start == limit) return c.list({});
  if (step == 0) return c.error("step must not be zero");
  if (start < limit && step < 0) return c.error("step must be positive when start is less than limit");
  if (start > limit && step > 0) return c.error("step must be negative when start is greater than limit");
  double count = std::ceil((limit - start) / step);
  if (count > 1024) return c.error("more than 1024 values were generated; either decrease the difference between start and limit or use a smaller step");
  if (!c.charge(static_cast<std::uint64_t>(count), 0)) return c.spent();
  std::vector<ValuePtr> out;
  for (double v = start; step > 0 ? v < limit : v > limit; v += step) out.push_back(c.num(v));
  return c.list(std::move(out));
}

ValuePtr fn_sort(const Call& c) {
  const Value* l = list_arg(c, 0);
  if (!l) return c.error("argument must be a list of strings");
  std::vector<std::string> s;
  for (const auto& i : l->items) {
    if (i->kind == Kind::Null) return c.error("given list element " + std::to_string(s.size()) + " is null; a null value cannot be sorted");
    auto t = is_scalar(*i) ? as_string(*i) : std::nullopt;
    if (!t) return c.error("argument must be a list of strings");
    s.push_back(*t);
  }
  std::sort(s.begin(), s.end());
  std::vector<ValuePtr> out;
  for (auto& x : s) out.push_back(c.str(std::move(x)));
  return c.list(std::move(out));
}

ValuePtr fn_sum(const Call& c) {
  const Value* l = list_arg(c, 0);
  if (!l) return c.error("cannot sum a non-list");
  if (l->items.empty()) return c.error("cannot sum an empty list");
  double s = 0;
  for (const auto& i : l->items) {
    auto d = as_number(*i);
    if (!d || i->kind == Kind::Null) return c.error("argument must be list, set, or tuple of number values");
    s += *d;
  }
  return c.num(s);
}

ValuePtr bool_fold(const Call& c, bool all) {
  const Value* l = list_arg(c, 0);
  if (!l) return c.error("argument must be a list of bools");
  for (const auto& i : l->items) {
    auto b = as_bool(*i);
    if (!b) {
      if (i->kind == Kind::Null) continue;
      return c.error("argument must be a list of bools");
    }
    if (*b != all) return c.boolean(!all);
  }
  return c.boolean(all);
}
ValuePtr fn_alltrue(const Call& c) {
  for (const auto& i : c.args[0]->items)
    if (i->kind == Kind::Null) return c.boolean(false);
  return bool_fold(c, true);
}
ValuePtr fn_anytrue(const Call& c) { return bool_fold(c, false); }

ValuePtr fn_one(const Call& c) {
  const Value* l = list_arg(c, 0);
  if (!l) return is_unknown(*c.args[0]) ? c.unknown() : c.error("must be a list, set, or tuple value with either zero or one elements");
  if (open_ended(*l)) return c.unknown();
  if (l->items.empty()) return c.null();
  if (l->items.size() == 1) return c.pass(l->items[0]);
  return c.error("must be a list, set, or tuple value with either zero or one elements");
}

ValuePtr fn_zipmap(const Call& c) {
  const Value *k = list_arg(c, 0), *v = list_arg(c, 1);
  if (!k || !v) return c.error("arguments must be lists");
  if (k->items.size() != v->items.size())
    return c.error("number of keys (" + std::to_string(k->items.size()) + ") does not match number of values (" +
                   std::to_string(v->items.size()) + ")");
  std::vector<MapEntry> e;
  for (std::size_t i = 0; i < k->items.size(); ++i) {
    auto key = as_string(*k->items[i]);
    if (!key) return c.error("keys must be strings");
    auto same = std::find_if(e.begin(), e.end(), [&](const MapEntry& x) { return x.key == *key; });
    if (same != e.end()) same->value = v->items[i];
    else e.push_back(MapEntry{*key, c.at, v->items[i]});
  }
  return c.map(std::move(e));
}

ValuePtr fn_matchkeys(const Call& c) {
  const Value *vals = list_arg(c, 0), *keys = list_arg(c, 1), *search = list_arg(c, 2);
  if (!vals || !keys || !search) return c.error("arguments must be lists");
  if (vals->items.size() != keys->items.size()) return c.error("length of keys and values should be equal");
  std::vector<ValuePtr> out;
  for (std::size_t i = 0; i < keys->items.size(); ++i)
    for (const auto& s : search->items)
      if (equal_values(*keys->items[i], *s) ||
          (is_scalar(*s) && is_scalar(*keys->items[i]) && as_string(*s) == as_string(*keys->items[i]))) {
        out.push_back(vals->items[i]);
        break;
      }
  return c.list(std::move(out));
}

ValuePtr fn_transpose(const Call& c) {
  const Value& m = *c.args[0];
  if (m.kind != Kind::Map) return c.error("argument must be a map of lists of strings");
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  ValuePtr sorted = c.map(m.entries);
  for (const auto& e : sorted->entries) {
    if (e.value->kind != Kind::List) return c.error("argument must be a map of lists of strings");
    for (const auto& v : e.value->items) {
      auto s = as_string(*v);
      if (!s) return c.error("argument must be a map of lists of strings");
      auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == *s; });
      if (it == out.end()) out.push_back({*s, {e.key}});
      else it->second.push_back(e.key);
    }
  }
  std::vector<MapEntry> entries;
  for (auto& [k, vs] : out) {
    std::vector<ValuePtr> items;
    for (auto& v : vs) items.push_back(c.str(v));
    entries.push_back(MapEntry{k, c.at, c.list(std::move(items))});
  }
  return c.map(std::move(entries));
}

ValuePtr set_op(const Call& c, int op) {  // 0 union, 1 intersection, 2 subtract
  std::vector<ValuePtr> acc;
  for (std::size_t a = 0; a < c.args.size(); ++a) {
    const Value* l = list_arg(c, a);
    if (!l) return c.error("arguments must be sets");
    auto u = unify_scalars(c, l->items);
    if (!u) return c.error("given sets must all have compatible element types");
    std::vector<ValuePtr> s = as_set(*u);
    if (a == 0) {
      acc = std::move(s);
      continue;
    }
    auto in = [&](const ValuePtr& x) {
      return std::any_of(s.begin(), s.end(), [&](const ValuePtr& y) { return equal_values(*x, *y); });
    };
    if (op == 0) acc.insert(acc.end(), s.begin(), s.end());
    else if (op == 1) std::erase_if(acc, [&](const ValuePtr& x) { return !in(x); });
    else std::erase_if(acc, [&](const ValuePtr& x) { return in(x); });
  }
  auto u = unify_scalars(c, acc);
  if (!u) return c.error("given sets must all have compatible element types");
  return c.list(as_set(std::move(*u)));
}
ValuePtr fn_setunion(const Call& c) { return set_op(c, 0); }
ValuePtr fn_setintersection(const Call& c) { return set_op(c, 1); }
ValuePtr fn_setsubtract(const Call& c) { return set_op(c, 2); }

ValuePtr fn_setproduct(const Call& c) {
  if (c.args.size() < 2) return c.error("at least two arguments are required");
  std::uint64_t total = 1;
  for (std::size_t a = 0; a < c.args.size(); ++a) {
    const Value* l = list_arg(c, a);
    if (!l) return c.error("arguments must be lists or sets");
    total *= l->items.size();
    if (total > 10'000'000) return c.spent();
  }
  if (!c.charge(total * (1 + c.args.size()), 0)) return c.spent();
  std::vector<ValuePtr> out;
  std::vector<std::size_t> idx(c.args.size(), 0);
  for (std::uint64_t k = 0; k < total; ++k) {
    std::vector<ValuePtr> row;
    for (std::size_t a = 0; a < c.args.size(); ++a) row.push_back(c.args[a]->items[idx[a]]);
    out.push_back(c.list(std::move(row)));
    for (std::size_t a = c.args.size(); a-- > 0;) {
      if (++idx[a] < c.args[a]->items.size()) break;
      idx[a] = 0;
    }
  }
  return c.list(std::move(out));
}

}  // namespace

std::vector<Entry> collection_functions() {
  return {
      {"alltrue", fn_alltrue, 1, 1},
      {"anytrue", fn_anytrue, 1, 1},
      {"chunklist", fn_chunklist, 2, 2},
      {"coalesce", fn_coalesce, 1, -1, true},
      {"coalescelist", fn_coalescelist, 1, -1, true},
      {"compact", fn_compact, 1, 1},
      {"concat", fn_concat, 1, -1, true},
      {"contains", fn_contains, 2, 2},
      {"distinct", fn_distinct, 1, 1},
      {"element", fn_element, 2, 2, true},
      {"flatten", fn_flatten, 1, 1},
      {"index", fn_index, 2, 2},
      {"keys", fn_keys, 1, 1, true},
      {"length", fn_length, 1, 1, true},
      {"lookup", fn_lookup, 2, 3, true},
      {"matchkeys", fn_matchkeys, 3, 3},
      {"merge", fn_merge, 0, -1, true},
      {"one", fn_one, 1, 1, true},
      {"range", fn_range, 1, 3},
      {"reverse", fn_reverse, 1, 1, true},
      {"setintersection", fn_setintersection, 1, -1},
      {"setproduct", fn_setproduct, 1, -1},
      {"setsubtract", fn_setsubtract, 2, 2},
      {"setunion", fn_setunion, 1, -1},
      {"slice", fn_slice, 3, 3, true},
      {"sort", fn_sort, 1, 1},
      {"sum", fn_sum, 1, 1},
      {"transpose", fn_transpose, 1, 1},
      {"values", fn_values, 1, 1, true},
      {"zipmap", fn_zipmap, 2, 2},
  };
}

}  // namespace seslint::resolve::tffn
