// resolve/terraform/functions_dispatch.cpp: dispatch, shared conversions, type conversion functions and
// jsonencode. The families are in functions_<family>.cpp.
#include "resolve/terraform/functions_builtin.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "resolve/terraform/functions_builtin_impl.h"

namespace seslint::resolve {
namespace tffn {

ValuePtr Call::unknown(std::string_view why) const {
  std::string t = std::string(name) + "(...)";
  if (!why.empty()) t += ": " + std::string(why);
  return syntax::make_unknown(std::move(t), at);
}
ValuePtr Call::error(std::string_view msg) const { return unknown("error: " + std::string(msg)); }
ValuePtr Call::spent() const { return syntax::make_unknown("<evaluation budget spent>", at); }
ValuePtr Call::str(std::string s) const { return syntax::make_string(std::move(s), at, at); }
ValuePtr Call::num(double d) const { return syntax::make_scalar(Kind::Number, number_text(d), at); }
ValuePtr Call::num_text(std::string text) const { return syntax::make_scalar(Kind::Number, std::move(text), at); }
ValuePtr Call::boolean(bool b) const { return syntax::make_scalar(Kind::Bool, b ? "true" : "false", at); }
ValuePtr Call::null() const { return syntax::make_scalar(Kind::Null, "null", at); }
ValuePtr Call::list(std::vector<ValuePtr> items) const {
  auto l = std::make_shared<Value>();
  l->kind = Kind::List;
  l->span = l->content = at;
  l->items = std::move(items);
  return l;
}
ValuePtr Call::map(std::vector<MapEntry> entries) const {
  std::stable_sort(entries.begin(), entries.end(), [](const MapEntry& a, const MapEntry& b) { return a.key < b.key; });
  auto m = std::make_shared<Value>();
  m->kind = Kind::Map;
  m->span = m->content = at;
  m->entries = std::move(entries);
  return m;
}
ValuePtr Call::pass(const ValuePtr& v) const {
  if (v->span == at) return v;
  auto c = std::make_shared<Value>(*v);
  c->span = at;
  if (c->kind != Kind::String) c->content = at;
  return c;
}

bool is_scalar(const Value& v) { return v.kind == Kind::String || v.kind == Kind::Number || v.kind == Kind::Bool; }

bool is_unknown(const Value& v) {
  return v.kind == Kind::Unknown || v.kind == Kind::Reference || v.kind == Kind::Template || v.kind == Kind::Call;
}

bool fully_known(const Value& v, unsigned depth) {
  if (depth > 256 || is_unknown(v)) return false;
  for (const auto& i : v.items)
    if (!i || !fully_known(*i, depth + 1)) return false;
  for (const auto& e : v.entries)
    if (!e.value || !fully_known(*e.value, depth + 1)) return false;
  return true;
}

std::string number_text(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  if (d == 0) return "0";
  char buf[400];
  if (std::floor(d) == d && std::fabs(d) < 1e300) {
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed, 0);
    return std::string(buf, r.ptr);
  }
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

std::string canonical_number(std::string_view text) {
  // Whole numbers written as digits keep every digit (Terraform's numbers are arbitrary precision).
  std::string_view t = text;
  bool neg = !t.empty() && t[0] == '-';
  if (neg) t.remove_prefix(1);
  if (!t.empty() && std::all_of(t.begin(), t.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    while (t.size() > 1 && t[0] == '0') t.remove_prefix(1);
    if (t == "0") return "0";
    return (neg ? "-" : "") + std::string(t);
  }
  std::string s(text);
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return s;
  return number_text(d);
}

std::optional<std::string> as_string(const Value& v) {
  switch (v.kind) {
    case Kind::String: return v.text;
    case Kind::Number: return canonical_number(v.text);
    case Kind::Bool: return v.text;
    default: return std::nullopt;
  }
}

std::optional<double> as_number(const Value& v) {
  if (v.kind != Kind::Number && v.kind != Kind::String) return std::nullopt;
  const std::string& t = v.text;
  if (t.empty()) return std::nullopt;
  // Terraform's number syntax: optional sign, digits, fraction, exponent (no hex, no spaces).
  std::size_t i = 0;
  if (t[i] == '-' || t[i] == '+') ++i;
  std::size_t digits = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++digits;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
    std::size_t e = 0;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++e;
    if (e == 0) return std::nullopt;
  }
  if (i != t.size()) return std::nullopt;
  return std::strtod(t.c_str(), nullptr);
}

std::optional<long long> as_int(const Value& v) {
  auto d = as_number(v);
  if (!d || std::floor(*d) != *d || std::fabs(*d) > 9e15) return std::nullopt;
  return static_cast<long long>(*d);
}

std::optional<bool> as_bool(const Value& v) {
  if ((v.kind == Kind::Bool || v.kind == Kind::String) && (v.text == "true" || v.text == "false")) return v.text == "true";
  return std::nullopt;
}

bool equal_values(const Value& a, const Value& b) {
  if (a.kind == Kind::Number && b.kind == Kind::Number) return as_number(a) == as_number(b);
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::Null: return true;
    case Kind::Bool:
    case Kind::String: return a.text == b.text;
    case Kind::List:
      if (a.items.size() != b.items.size()) return false;
      for (std::size_t i = 0; i < a.items.size(); ++i)
        if (!equal_values(*a.items[i], *b.items[i])) return false;
      return true;
    case Kind::Map: {
      if (a.entries.size() != b.entries.size()) return false;
      for (const auto& e : a.entries) {
        const Value* o = b.get(e.key);
        if (!o || !equal_values(*e.value, *o)) return false;
      }
      return true;
    }
    default: return false;
  }
}

std::vector<ValuePtr> as_set(std::vector<ValuePtr> items) {
  std::vector<ValuePtr> out;
  for (const auto& i : items) {
    bool dup = std::any_of(out.begin(), out.end(), [&](const ValuePtr& o) { return equal_values(*o, *i); });
    if (!dup) out.push_back(i);
  }
  auto rank = [](const Value& v) { return v.kind == Kind::Bool ? 0 : v.kind == Kind::Number ? 1 : v.kind == Kind::String ? 2 : 3; };
  std::stable_sort(out.begin(), out.end(), [&](const ValuePtr& a, const ValuePtr& b) {
    int ra = rank(*a), rb = rank(*b);
    if (ra != rb || ra == 3) return ra < rb;
    if (ra == 1) return *as_number(*a) < *as_number(*b);
    return a->text < b->text;  // "false" < "true" too
  });
  return out;
}

std::optional<std::vector<ValuePtr>> unify_scalars(const Call& c, const std::vector<ValuePtr>& items) {
  bool has_string = false, has_number = false, has_bool = false, has_other = false;
  for (const auto& i : items) {
    if (i->kind == Kind::String) has_string = true;
    else if (i->kind == Kind::Number) has_number = true;
    else if (i->kind == Kind::Bool) has_bool = true;
    else if (i->kind != Kind::Null) has_other = true;
  }
  if (has_other || (int(has_string) + int(has_number) + int(has_bool)) <= 1) return items;
  if (!has_string) return std::nullopt;  // bool with number: no common type
  std::vector<ValuePtr> out;
  for (const auto& i : items) out.push_back(i->kind == Kind::Null || i->kind == Kind::String ? i : c.str(*as_string(*i)));
  return out;
}

std::vector<std::string> characters(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
    n = std::min(n, s.size() - i);
    std::string ch(s.substr(i, n));
    // Combining diacritical marks (U+0300..U+036F: CC 80..CD AF) and a \n after \r stay with
    // the character before them.
    bool combining = n == 2 && ((b == 0xCC) || (b == 0xCD && static_cast<unsigned char>(s[i + 1]) <= 0xAF));
    if (!out.empty() && (combining || (ch == "\n" && out.back() == "\r"))) out.back() += ch;
    else out.push_back(std::move(ch));
    i += n;
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

namespace {
const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view in) {
  // Go's StdEncoding: padding required, no whitespace other than \r and \n (skipped).
  std::string clean;
  for (char ch : in)
    if (ch != '\r' && ch != '\n') clean += ch;
  if (clean.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < clean.size(); i += 4) {
    unsigned v = 0;
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char ch = clean[i + k];
      const char* p = ch ? std::strchr(kB64, ch) : nullptr;
      if (ch == '=' && i + 4 == clean.size() && k >= 2) {
        ++pad;
        v <<= 6;
        continue;
      }
      if (!p || pad) return std::nullopt;
      v = (v << 6) | static_cast<unsigned>(p - kB64);
    }
    out += static_cast<char>((v >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((v >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(v & 0xFF);
  }
  return out;
}

std::string json_quote(std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(s[i]);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&') {
          out += "\\u00";
          out += hex[ch >> 4];
          out += hex[ch & 15];
        } else if (ch == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
          out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out += static_cast<char>(ch);
        }
    }
  }
  return out + "\"";
}

namespace {

bool json_of(const Value& v, std::string& out, unsigned depth) {
  if (depth > 256) return false;
  switch (v.kind) {
    case Kind::Null: out += "null"; return true;
    case Kind::Bool: out += v.text; return true;
    case Kind::Number: out += canonical_number(v.text); return true;
    case Kind::String: out += json_quote(v.text); return true;
    case Kind::List:
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ',';
        if (!json_of(*v.items[i], out, depth + 1)) return false;
      }
      out += ']';
      return true;
    case Kind::Map: {
      std::vector<const MapEntry*> sorted;
      for (const auto& e : v.entries) sorted.push_back(&e);
      std::stable_sort(sorted.begin(), sorted.end(), [](const MapEntry* a, const MapEntry* b) { return a->key < b->key; });
      out += '{';
      bool first = true;
      for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (i + 1 < sorted.size() && sorted[i + 1]->key == sorted[i]->key) continue;  // the last one wins
        if (!first) out += ',';
        first = false;
        out += json_quote(sorted[i]->key) + ':';
        if (!json_of(*sorted[i]->value, out, depth + 1)) return false;
      }
      out += '}';
      return true;
    }
    default: return false;
  }
}

// -- type conversion -----------------------------------------------------------------------

ValuePtr fn_tostring(const Call& c) {
  const Value& a = *c.args[0];
  if (a.kind == Kind::Null) return c.null();
  auto s = as_string(a);
  if (!s) return c.error("Invalid value for \"v\" parameter: cannot convert to string.");
  return c.str(*s);
}
ValuePtr fn_tonumber(const Call& c) {
  const Value& a = *c.args[0];
  if (a.kind == Kind::Null) return c.null();
  auto d = as_number(a);
  if (!d) return c.error("Invalid value for \"v\" parameter: cannot convert to number.");
  return a.kind == Kind::Number ? c.num_text(canonical_number(a.text)) : c.num_text(canonical_number(a.text));
}
ValuePtr fn_tobool(const Call& c) {
  const Value& a = *c.args[0];
  if (a.kind == Kind::Null) return c.null();
  auto b = as_bool(a);
  if (!b) return c.error("Invalid value for \"v\" parameter: cannot convert to bool.");
  return c.boolean(*b);
}
ValuePtr fn_tolist(const Call& c) {
  const Value& a = *c.args[0];
  if (a.kind != Kind::List) return is_unknown(a) ? c.unknown() : c.error("Invalid value for \"v\" parameter: cannot convert to list.");
  for (const auto& i : a.items)
    if (is_unknown(*i)) return c.pass(c.args[0]);  // unified later by Terraform; the elements are what they are
  auto u = unify_scalars(c, a.items);
  if (!u) return c.error("Invalid value for \"v\" parameter: cannot convert to list of any single type.");
  return c.list(std::move(*u));
}
ValuePtr fn_toset(const Call& c) {
  const Value& a = *c.args[0];
  if (a.kind != Kind::List) return c.error("Invalid value for \"v\" parameter: cannot convert to set.");
  auto u = unify_scalars(c, a.items);
  if (!u) return c.error("Invalid value for \"v\" parameter: cannot convert to set of any single type.");
  return c.list(as_set(std::move(*u)));
}
ValuePtr fn_tomap(const Call& c) {
  const Value& a = *c.args[0];
  if (a.kind != Kind::Map) return is_unknown(a) ? c.unknown() : c.error("Invalid value for \"v\" parameter: cannot convert to map.");
  std::vector<ValuePtr> vals;
  bool known = true;
  for (const auto& e : a.entries) {
    vals.push_back(e.value);
    if (is_unknown(*e.value)) known = false;
  }
  if (!known) return c.map(a.entries);
  auto u = unify_scalars(c, vals);
  if (!u) return c.error("Invalid value for \"v\" parameter: cannot convert to map of any single type.");
  std::vector<MapEntry> entries = a.entries;
  for (std::size_t i = 0; i < entries.size(); ++i) entries[i].value = (*u)[i];
  return c.map(std::move(entries));
}
ValuePtr fn_identity(const Call& c) { return c.pass(c.args[0]); }
ValuePtr fn_jsonencode(const Call& c) {
  auto s = terraform_jsonencode(*c.args[0]);
  if (!s) return c.unknown();
  if (!c.charge(1, s->size())) return c.spent();
  return c.str(std::move(*s));
}

std::vector<Entry> conversion_functions() {
  return {
      {"ephemeralasnull", fn_identity, 1, 1, true},
      {"jsonencode", fn_jsonencode, 1, 1},
      {"nonsensitive", fn_identity, 1, 1, true},
      {"sensitive", fn_identity, 1, 1, true},
      {"tobool", fn_tobool, 1, 1},
      {"tolist", fn_tolist, 1, 1, true},
      {"tomap", fn_tomap, 1, 1, true},
      {"tonumber", fn_tonumber, 1, 1},
      {"toset", fn_toset, 1, 1},
      {"tostring", fn_tostring, 1, 1},
  };
}

// Impure: their value changes from run to run or depends on the machine running Terraform.
const char* const kImpure[] = {"abspath", "bcrypt", "pathexpand", "plantimestamp", "timestamp", "uuid"};

struct Table {
  std::map<std::string, Entry, std::less<>> entries;
  std::vector<std::string> pure, impure;
  Table() {
    for (auto family : {conversion_functions, string_functions, collection_functions, encoding_functions,
                        numeric_functions, ipnet_functions, crypto_functions, time_functions})
      for (const Entry& e : family()) entries.emplace(e.name, e);
    for (const auto& [name, e] : entries) pure.push_back(name);
    for (const char* n : kImpure) impure.push_back(n);
  }
};

const Table& table() {
  static const Table t;
  return t;
}

/// A jsonencode(...) the resolver kept as a call (it reads policies from it): its string when
/// the argument is known, so sha256(jsonencode(...)) and friends evaluate.
ValuePtr fold_jsonencode(const ValuePtr& a) {
  if (a->kind != Kind::Call || a->text != "jsonencode" || a->items.size() != 1) return a;
  auto s = terraform_jsonencode(*a->items[0]);
  if (!s) return a;
  return syntax::make_string(std::move(*s), a->span, a->span);
}

}  // namespace
}  // namespace tffn

std::optional<std::string> terraform_jsonencode(const syntax::Value& v) {
  if (!tffn::fully_known(v)) return std::nullopt;
  std::string out;
  if (!tffn::json_of(v, out, 0)) return std::nullopt;
  return out;
}

const char* file_hash_function(std::string_view name) {
  if (name.starts_with("core::")) name.remove_prefix(6);
  static const std::pair<const char*, const char*> kFileHashes[] = {
      {"filebase64", "base64encode"}, {"filebase64sha256", "base64sha256"}, {"filebase64sha512", "base64sha512"},
      {"filemd5", "md5"},             {"filesha1", "sha1"},                 {"filesha256", "sha256"},
      {"filesha512", "sha512"}};
  for (const auto& [file_fn, fn] : kFileHashes)
    if (name == file_fn) return fn;
  return nullptr;
}

syntax::ValuePtr unknown_elements(std::string what, source::Span at) {
  if (!what.ends_with("[*]")) what += "[*]";
  return syntax::make_unknown(std::move(what), at);
}

bool is_unknown_elements(const syntax::Value& v) { return v.kind == syntax::Kind::Unknown && v.text.ends_with("[*]"); }

std::size_t known_prefix(const syntax::Value& list) {
  for (std::size_t i = 0; i < list.items.size(); ++i)
    if (list.items[i] && is_unknown_elements(*list.items[i])) return i;
  return list.items.size();
}

const std::vector<std::string>& pure_function_names() { return tffn::table().pure; }
const std::vector<std::string>& impure_function_names() { return tffn::table().impure; }

syntax::ValuePtr call_function(std::string_view name, const std::vector<syntax::ValuePtr>& raw_args, source::Span at,
                               syntax::Budget& budget) {
  using namespace tffn;
  if (name.starts_with("core::")) name.remove_prefix(6);  // Terraform 1.8+: core::NAME is NAME
  const Table& t = table();
  for (const auto& i : t.impure)
    if (i == name) return syntax::make_unknown("impure function " + i + "()", at);
  auto it = t.entries.find(name);
  if (it == t.entries.end()) return nullptr;
  const Entry& e = it->second;
  std::vector<ValuePtr> args;
  args.reserve(raw_args.size());
  for (const auto& a : raw_args) args.push_back(a ? fold_jsonencode(a) : syntax::make_unknown("?", at));
  Call c{name, args, at, budget};
  const int n = static_cast<int>(args.size());
  if (n < e.min_args || (e.max_args >= 0 && n > e.max_args))
    return c.error("wrong number of arguments (" + std::to_string(n) + ")");
  if (budget.spent()) return c.spent();
  if (!e.partial)
    for (const auto& a : args)
      if (!fully_known(*a)) return c.unknown();
  return e.impl(c);
}

}  // namespace seslint::resolve
