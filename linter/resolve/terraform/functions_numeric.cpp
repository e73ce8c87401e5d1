// resolve/terraform/functions_numeric.cpp: Terraform's numeric functions. Arithmetic is in IEEE
// doubles (Terraform's is arbitrary precision; the functions here are the float64 ones in
// Terraform too, except for results past 2^53).
#include <algorithm>
#include <cmath>

#include "resolve/terraform/functions_builtin_impl.h"

namespace seslint::resolve::tffn {
namespace {

std::optional<double> n(const Call& c, std::size_t i) { return as_number(*c.args[i]); }

ValuePtr unary(const Call& c, double (*f)(double)) {
  auto x = n(c, 0);
  if (!x) return c.error("a number is required");
  return c.num(f(*x));
}
ValuePtr fn_abs(const Call& c) { return unary(c, [](double x) { return std::fabs(x); }); }
ValuePtr fn_ceil(const Call& c) { return unary(c, [](double x) { return std::ceil(x); }); }
ValuePtr fn_floor(const Call& c) { return unary(c, [](double x) { return std::floor(x); }); }
ValuePtr fn_signum(const Call& c) { return unary(c, [](double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; }); }

ValuePtr fn_log(const Call& c) {
  auto x = n(c, 0), b = n(c, 1);
  if (!x || !b) return c.error("a number is required");
  double r = std::log(*x) / std::log(*b);
  if (std::isnan(r) || std::isinf(r)) return c.unknown("result is not a finite number");
  return c.num(r);
}
ValuePtr fn_pow(const Call& c) {
  auto x = n(c, 0), y = n(c, 1);
  if (!x || !y) return c.error("a number is required");
  double r = std::pow(*x, *y);
  if (std::isnan(r) || std::isinf(r)) return c.unknown("result is not a finite number");
  return c.num(r);
}
ValuePtr extreme(const Call& c, bool max) {
  if (c.args.empty()) return c.error("must pass at least one number");
  std::size_t best = 0;
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    auto x = n(c, i);
    if (!x) return c.error("a number is required");
    if ((max && *x > *n(c, best)) || (!max && *x < *n(c, best))) best = i;
  }
  const Value& v = *c.args[best];
  return c.num_text(canonical_number(v.text));
}
ValuePtr fn_max(const Call& c) { return extreme(c, true); }
ValuePtr fn_min(const Call& c) { return extreme(c, false); }

ValuePtr fn_parseint(const Call& c) {
  if (c.args[0]->kind != Kind::String) return c.error("first argument must be a string, not a number");
  auto base = as_int(*c.args[1]);
  if (!base || *base < 2 || *base > 62) return c.error("base must be a whole number between 2 and 62 inclusive");
  std::string_view s = c.args[0]->text;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return c.error("cannot parse \"" + c.args[0]->text + "\" as a base " + std::to_string(*base) + " integer");
  double r = 0;
  for (char ch : s) {
    int d = ch >= '0' && ch <= '9' ? ch - '0'
          : ch >= 'a' && ch <= 'z' ? ch - 'a' + 10
          : ch >= 'A' && ch <= 'Z' ? (*base <= 36 ? ch - 'A' + 10 : ch - 'A' + 36)
                                   : 99;
    if (d >= *base) return c.error("cannot parse \"" + c.args[0]->text + "\" as a base " + std::to_string(*base) + " integer");
    r = r * static_cast<double>(*base) + d;
  }
  if (r > 9007199254740992.0) return c.unknown("result past 2^53 is not evaluated");
  return c.num(neg ? -r : r);
}

}  // namespace

std::vector<Entry> numeric_functions() {
  return {
      {"abs", fn_abs, 1, 1},     {"ceil", fn_ceil, 1, 1},         {"floor", fn_floor, 1, 1},
      {"log", fn_log, 2, 2},     {"max", fn_max, 1, -1},          {"min", fn_min, 1, -1},
      {"parseint", fn_parseint, 2, 2}, {"pow", fn_pow, 2, 2},     {"signum", fn_signum, 1, 1},
  };
}

}  // namespace seslint::resolve::tffn
