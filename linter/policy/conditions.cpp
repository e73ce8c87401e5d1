#include "policy/conditions.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>

#include "policy/condition_keys.h"
#include "policy/key_facts.h"
#include "policy/match.h"
#include "policy/text.h"

// Semantics follow the IAM User Guide (awsdocs/iam-user-guide): "IAM JSON policy elements:
// Condition operators", "Multivalued context keys", "IAM policy elements: Variables and tags".
//
// Decisions where the guide is silent or where a static linter must not guess:
// - Operator names are matched ASCII-case-insensitively. The guide never says whether
//   "stringequals" is accepted; IAM rejects a policy with an unknown condition type at creation
//   time, so any spelling that reached AWS means the operator it names. Key names are
//   case-insensitive per "IAM JSON policy elements: Condition".
// - A key whose context state is Unknown gives Unknown for every operator (also Null and
//   ...IfExists: whether the key is present is itself unknown).
// - A present key with an empty value list counts as missing (ForAllValues: true, ForAnyValue:
//   false, Null "true" matches), as the multivalued-keys page describes for empty sets.
// - Policy variables are substituted only in String* and Arn* values (the guide lists those
//   operator families). A variable whose key is missing and has no default is "effectively null.
//   There is no equal or like value" (Variables page, "Policy variables with no value"): that
//   policy value matches nothing, so it cannot make a positive operator true and does not stop
//   a negated one. A variable whose key is Unknown gives Unknown; so does one with several
//   values ("Multivalued context keys": a multivalued key cannot be used as a policy variable).
//   Text substituted into a StringLike/ArnLike pattern is literal ('*' in a tag value is not a
//   wildcard); ${*}, ${?}, ${$} are the documented escapes for literal *, ?, $.
// - A policy value an operator cannot parse (NumericEquals "abc") gives Unknown: whether AWS
//   rejects the policy or never matches is not documented.

namespace seslint::policy {

namespace {

using text::iends_with;
using text::istarts_with;
using text::lower;
using text::to_lower;
using text::trim;

Tri tri_not(Tri t) { return t == Tri::Yes ? Tri::No : t == Tri::No ? Tri::Yes : Tri::Unknown; }

// ---------------------------------------------------------------------------------------------
// Operator parsing

enum class Family { String, Arn, Numeric, Date, Bool, Binary, Ip, Null };
enum class Cmp { Equals, EqualsIgnoreCase, Like, Lt, Le, Gt, Ge };
enum class SetOp { None, ForAllValues, ForAnyValue };

struct OpInfo {
  Family family;
  Cmp cmp;         ///< the positive comparison (negated operators invert it)
  bool negated;
  bool if_exists;
  SetOp set;
};

struct BaseOp {
  std::string_view name;  // lower case
  Family family;
  Cmp cmp;
  bool negated;
};

constexpr BaseOp kBaseOps[] = {
    {"stringequals", Family::String, Cmp::Equals, false},
    {"stringnotequals", Family::String, Cmp::Equals, true},
    {"stringequalsignorecase", Family::String, Cmp::EqualsIgnoreCase, false},
    {"stringnotequalsignorecase", Family::String, Cmp::EqualsIgnoreCase, true},
    {"stringlike", Family::String, Cmp::Like, false},
    {"stringnotlike", Family::String, Cmp::Like, true},
    {"arnequals", Family::Arn, Cmp::Like, false},  // ArnEquals also takes * and ? per segment
    {"arnnotequals", Family::Arn, Cmp::Like, true},
    {"arnlike", Family::Arn, Cmp::Like, false},
    {"arnnotlike", Family::Arn, Cmp::Like, true},
    {"numericequals", Family::Numeric, Cmp::Equals, false},
    {"numericnotequals", Family::Numeric, Cmp::Equals, true},
    {"numericlessthan", Family::Numeric, Cmp::Lt, false},
    {"numericlessthanequals", Family::Numeric, Cmp::Le, false},
    {"numericgreaterthan", Family::Numeric, Cmp::Gt, false},
    {"numericgreaterthanequals", Family::Numeric, Cmp::Ge, false},
    {"dateequals", Family::Date, Cmp::Equals, false},
    {"datenotequals", Family::Date, Cmp::Equals, true},
    {"datelessthan", Family::Date, Cmp::Lt, false},
    {"datelessthanequals", Family::Date, Cmp::Le, false},
    {"dategreaterthan", Family::Date, Cmp::Gt, false},
    {"dategreaterthanequals", Family::Date, Cmp::Ge, false},
    {"bool", Family::Bool, Cmp::Equals, false},
    {"binaryequals", Family::Binary, Cmp::Equals, false},
    {"ipaddress", Family::Ip, Cmp::Equals, false},
    {"notipaddress", Family::Ip, Cmp::Equals, true},
    {"null", Family::Null, Cmp::Equals, false},
};

std::optional<OpInfo> parse_op(std::string_view op) {
  OpInfo info{Family::String, Cmp::Equals, false, false, SetOp::None};
  if (istarts_with(op, "ForAllValues:")) {
    info.set = SetOp::ForAllValues;
    op.remove_prefix(13);
  } else if (istarts_with(op, "ForAnyValue:")) {
    info.set = SetOp::ForAnyValue;
    op.remove_prefix(12);
  }
  if (iends_with(op, "IfExists")) {
    info.if_exists = true;
    op.remove_suffix(8);
  }
  if (op.empty()) return std::nullopt;
  std::string name = to_lower(op);
  for (const BaseOp& b : kBaseOps) {
    if (b.name != name) continue;
    // Null takes neither IfExists (documented) nor a set prefix (it tests presence).
    if (b.family == Family::Null && (info.if_exists || info.set != SetOp::None)) return std::nullopt;
    info.family = b.family;
    info.cmp = b.cmp;
    info.negated = b.negated;
    return info;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Patterns with literal markers (for ${*} / ${?} escapes and substituted text)

struct Pattern {
  std::string text;
  std::vector<bool> literal;  ///< per byte: true when '*' / '?' must match literally
  void add(std::string_view s, bool lit) {
    text.append(s);
    literal.insert(literal.end(), s.size(), lit);
  }
};

// Glob over [pb, pe) of `p` against `t`: '*' any run, '?' one byte, unless marked literal.
bool pattern_glob(const Pattern& p, std::size_t pb, std::size_t pe, std::string_view t) {
  std::size_t pi = pb, ti = 0, star = std::string::npos, mark = 0;
  auto is_star = [&](std::size_t i) { return p.text[i] == '*' && !p.literal[i]; };
  auto is_any = [&](std::size_t i) { return p.text[i] == '?' && !p.literal[i]; };
  while (ti < t.size()) {
    if (pi < pe && !is_star(pi) && (is_any(pi) || p.text[pi] == t[ti])) {
      ++pi;
      ++ti;
    } else if (pi < pe && is_star(pi)) {
      star = pi++;
      mark = ti;
    } else if (star != std::string::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < pe && is_star(pi)) ++pi;
  return pi == pe;
}

// The same segment-wise rule as match.h arn_matches, honouring literal markers: six
// colon-separated parts compared one by one; the resource part keeps its colons.
bool pattern_arn(const Pattern& p, std::string_view arn) {
  auto a = parse_arn(arn);
  std::vector<std::size_t> cuts;  // positions of the first five ':' in the pattern
  for (std::size_t i = 0; i < p.text.size() && cuts.size() < 5; ++i)
    if (p.text[i] == ':') cuts.push_back(i);
  bool p_is_arn = cuts.size() == 5 && cuts[0] == 3 && p.text.compare(0, 3, "arn") == 0;
  if (!p_is_arn || !a) return pattern_glob(p, 0, p.text.size(), arn);
  const std::string* parts[] = {&a->partition, &a->service, &a->region, &a->account};
  std::size_t begin = cuts[0] + 1;
  for (int i = 0; i < 4; ++i) {
    if (!pattern_glob(p, begin, cuts[static_cast<std::size_t>(i) + 1], *parts[i])) return false;
    begin = cuts[static_cast<std::size_t>(i) + 1] + 1;
  }
  return pattern_glob(p, begin, p.text.size(), a->resource);
}

// ---------------------------------------------------------------------------------------------
// Policy values after variable substitution

struct PolicyValue {
  enum class Kind { Ok, Null, Unknown } kind = Kind::Ok;
  Pattern pat;
  std::string why;
};

PolicyValue substitute(std::string_view text, const RequestContext& ctx, bool variables) {
  PolicyValue out;
  if (!variables) {
    out.pat.add(text, false);
    return out;
  }
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find("${", i);
    if (open == std::string_view::npos) {
      out.pat.add(text.substr(i), false);
      break;
    }
    out.pat.add(text.substr(i, open - i), false);
    std::size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) {  // not a variable: keep the text as written
      out.pat.add(text.substr(open), false);
      break;
    }
    std::string_view inner = trim(text.substr(open + 2, close - open - 2));
    i = close + 1;
    if (inner == "*" || inner == "?" || inner == "$") {
      out.pat.add(inner, true);
      continue;
    }
    std::string_view key = inner;
    std::optional<std::string_view> fallback;
    if (auto comma = inner.find(','); comma != std::string_view::npos) {
      key = trim(inner.substr(0, comma));
      std::string_view d = trim(inner.substr(comma + 1));
      if (d.size() < 2 || d.front() != '\'' || d.back() != '\'') {
        out.kind = PolicyValue::Kind::Unknown;
        out.why = "malformed policy variable ${" + std::string(inner) + "}";
        return out;
      }
      fallback = d.substr(1, d.size() - 2);  // '' inside a default is not unescaped (rare)
    }
    if (key.empty()) {
      out.kind = PolicyValue::Kind::Unknown;
      out.why = "empty policy variable";
      return out;
    }
    switch (ctx.state(key)) {
      case RequestContext::State::Unknown:
        out.kind = PolicyValue::Kind::Unknown;
        out.why = "policy variable ${" + std::string(key) + "} is not known statically";
        return out;
      case RequestContext::State::Present: {
        const auto& vals = ctx.values(key);
        if (vals.size() == 1) {
          out.pat.add(vals.front(), true);
          continue;
        }
        if (vals.size() > 1) {
          out.kind = PolicyValue::Kind::Unknown;
          out.why = "policy variable ${" + std::string(key) + "} has several values";
          return out;
        }
        [[fallthrough]];  // present but empty: no value
      }
      case RequestContext::State::Missing:
        if (fallback) {
          out.pat.add(*fallback, true);
          continue;
        }
        out.kind = PolicyValue::Kind::Null;
        return out;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Value parsers

std::optional<double> parse_number(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+')) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(std::int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 for a date in years 1..9999.
std::int64_t days_since_epoch(std::int64_t y, int m, int d) {
  auto leaps_before = [](std::int64_t year) { return (year - 1) / 4 - (year - 1) / 100 + (year - 1) / 400; };
  std::int64_t days = 365 * (y - 1970) + leaps_before(y) - leaps_before(1970);
  for (int i = 1; i < m; ++i) days += days_in_month(y, i);
  return days + d - 1;
}

// Reads exactly n digits at s[pos].
std::optional<int> digits(std::string_view s, std::size_t& pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

/// Seconds since the Unix epoch. Accepts epoch seconds ("1700000000", "1700000000.5") and
/// ISO 8601 / W3C dates: YYYY-MM-DD, optionally followed by Thh:mm[:ss[.fff]] and Z or
/// +hh:mm / -hh:mm / +hhmm (no zone = UTC). DateEquals compares instants exactly.
std::optional<double> parse_date(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  bool epoch = true;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-')) epoch = false;
  if (epoch && s.find('-', 1) == std::string_view::npos) return parse_number(s);

  std::size_t pos = 0;
  auto y = digits(s, pos, 4);
  if (!y || pos >= s.size() || s[pos++] != '-') return std::nullopt;
  auto mo = digits(s, pos, 2);
  if (!mo || pos >= s.size() || s[pos++] != '-') return std::nullopt;
  auto d = digits(s, pos, 2);
  if (!d || *y < 1 || *mo < 1 || *mo > 12 || *d < 1 || *d > days_in_month(*y, *mo)) return std::nullopt;
  double secs = static_cast<double>(days_since_epoch(*y, *mo, *d)) * 86400.0;
  if (pos == s.size()) return secs;
  if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
  ++pos;
  auto hh = digits(s, pos, 2);
  if (!hh || pos >= s.size() || s[pos++] != ':') return std::nullopt;
  auto mm = digits(s, pos, 2);
  if (!mm || *hh > 23 || *mm > 59) return std::nullopt;
  double ss = 0;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    auto sec = digits(s, pos, 2);
    if (!sec || *sec > 60) return std::nullopt;
    ss = *sec;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      double scale = 0.1;
      std::size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        ss += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return std::nullopt;
    }
  }
  secs += *hh * 3600.0 + *mm * 60.0 + ss;
  if (pos == s.size()) return secs;
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return secs;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  int sign = s[pos++] == '+' ? 1 : -1;
  auto oh = digits(s, pos, 2);
  if (!oh) return std::nullopt;
  if (pos < s.size() && s[pos] == ':') ++pos;
  auto om = digits(s, pos, 2);
  if (!om || pos != s.size() || *oh > 23 || *om > 59) return std::nullopt;
  return secs - sign * (*oh * 3600.0 + *om * 60.0);
}

struct Ip {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
  int prefix = 0;  ///< bits; full length when no /n was given
};

bool parse_ipv4(std::string_view s, std::uint8_t* out) {
  for (int i = 0; i < 4; ++i) {
    std::size_t dot = i < 3 ? s.find('.') : s.size();
    if (dot == std::string_view::npos) return false;
    std::string_view part = s.substr(0, dot);
    if (part.empty() || part.size() > 3) return false;
    int v = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    if (v > 255) return false;
    out[i] = static_cast<std::uint8_t>(v);
    s = i < 3 ? s.substr(dot + 1) : std::string_view{};
  }
  return true;
}

bool parse_hex_group(std::string_view g, std::uint16_t& v) {
  if (g.empty() || g.size() > 4) return false;
  v = 0;
  for (char c : g) {
    int x = (c >= '0' && c <= '9') ? c - '0' : (lower(c) >= 'a' && lower(c) <= 'f') ? lower(c) - 'a' + 10 : -1;
    if (x < 0) return false;
    v = static_cast<std::uint16_t>(v * 16 + x);
  }
  return true;
}

// Groups of one side of "::" into 16-bit words; a trailing dotted quad gives two words.
bool parse_groups(std::string_view s, std::vector<std::uint16_t>& words, bool allow_v4_tail) {
  if (s.empty()) return true;
  while (true) {
    std::size_t colon = s.find(':');
    std::string_view g = s.substr(0, colon);
    if (colon == std::string_view::npos && allow_v4_tail && g.find('.') != std::string_view::npos) {
      std::uint8_t b[4];
      if (!parse_ipv4(g, b)) return false;
      words.push_back(static_cast<std::uint16_t>(b[0] << 8 | b[1]));
      words.push_back(static_cast<std::uint16_t>(b[2] << 8 | b[3]));
      return true;
    }
    std::uint16_t w = 0;
    if (!parse_hex_group(g, w)) return false;
    words.push_back(w);
    if (colon == std::string_view::npos) return true;
    s = s.substr(colon + 1);
  }
}

bool parse_ipv6(std::string_view s, std::uint8_t* out) {
  std::vector<std::uint16_t> head, tail;
  std::size_t dc = s.find("::");
  if (dc != std::string_view::npos) {
    if (s.find("::", dc + 1) != std::string_view::npos) return false;
    if (!parse_groups(s.substr(0, dc), head, false) || !parse_groups(s.substr(dc + 2), tail, true)) return false;
    if (head.size() + tail.size() > 7) return false;
  } else {
    if (!parse_groups(s, head, true) || head.size() != 8) return false;
  }
  std::array<std::uint16_t, 8> w{};
  for (std::size_t i = 0; i < head.size(); ++i) w[i] = head[i];
  for (std::size_t i = 0; i < tail.size(); ++i) w[8 - tail.size() + i] = tail[i];
  for (std::size_t i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<std::uint8_t>(w[i] >> 8);
    out[2 * i + 1] = static_cast<std::uint8_t>(w[i] & 0xff);
  }
  return true;
}

std::optional<Ip> parse_ip(std::string_view s, bool allow_prefix) {
  s = trim(s);
  Ip ip;
  std::optional<int> prefix;
  if (auto slash = s.find('/'); slash != std::string_view::npos) {
    if (!allow_prefix) return std::nullopt;
    std::string_view p = s.substr(slash + 1);
    if (p.empty() || p.size() > 3) return std::nullopt;
    int v = 0;
    for (char c : p) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    prefix = v;
    s = s.substr(0, slash);
  }
  ip.v6 = s.find(':') != std::string_view::npos;
  if (ip.v6 ? !parse_ipv6(s, ip.bytes.data()) : !parse_ipv4(s, ip.bytes.data())) return std::nullopt;
  int max = ip.v6 ? 128 : 32;
  if (prefix && *prefix > max) return std::nullopt;
  ip.prefix = prefix.value_or(max);
  return ip;
}

bool cidr_contains(const Ip& net, const Ip& addr) {
  if (net.v6 != addr.v6) return false;
  int bits = net.prefix;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((net.bytes[i] & mask) != (addr.bytes[i] & mask)) return false;
  }
  return true;
}

std::optional<std::string> base64_decode(std::string_view s) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  if (s.size() % 4 == 1) return std::nullopt;  // cannot encode whole bytes
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (char c : s) {
    int v = val(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;  // non-canonical trailing bits
  return out;
}

template <typename T>
bool compare(Cmp cmp, T a, T b) {
  switch (cmp) {
    case Cmp::Lt: return a < b;
    case Cmp::Le: return a <= b;
    case Cmp::Gt: return a > b;
    case Cmp::Ge: return a >= b;
    default: return a == b;
  }
}

/// The positive comparison of one request value against one policy value.
Tri match_one(const OpInfo& op, std::string_view actual, const PolicyValue& pv, std::string& why) {
  if (pv.kind == PolicyValue::Kind::Null) return Tri::No;
  if (pv.kind == PolicyValue::Kind::Unknown) {
    if (why.empty()) why = pv.why;
    return Tri::Unknown;
  }
  const std::string& want = pv.pat.text;
  switch (op.family) {
    case Family::String:
      if (op.cmp == Cmp::Equals) return actual == want ? Tri::Yes : Tri::No;
      if (op.cmp == Cmp::EqualsIgnoreCase) return iequals(actual, want) ? Tri::Yes : Tri::No;
      return pattern_glob(pv.pat, 0, want.size(), actual) ? Tri::Yes : Tri::No;
    case Family::Arn:
      return pattern_arn(pv.pat, actual) ? Tri::Yes : Tri::No;
    case Family::Bool: {
      auto norm = [](std::string_view v) { return to_lower(trim(v)); };
      return norm(actual) == norm(want) ? Tri::Yes : Tri::No;
    }
    case Family::Binary: {
      auto a = base64_decode(trim(actual));
      auto b = base64_decode(trim(want));
      if (a && b) return *a == *b ? Tri::Yes : Tri::No;
      return actual == want ? Tri::Yes : Tri::No;
    }
    case Family::Numeric: {
      auto b = parse_number(want);
      if (!b) {
        if (why.empty()) why = "'" + want + "' is not a number";
        return Tri::Unknown;
      }
      auto a = parse_number(actual);
      return a && compare(op.cmp, *a, *b) ? Tri::Yes : Tri::No;
    }
    case Family::Date: {
      auto b = parse_date(want);
      if (!b) {
        if (why.empty()) why = "'" + want + "' is not a date";
        return Tri::Unknown;
      }
      auto a = parse_date(actual);
      return a && compare(op.cmp, *a, *b) ? Tri::Yes : Tri::No;
    }
    case Family::Ip: {
      auto net = parse_ip(want, true);
      if (!net) {
        if (why.empty()) why = "'" + want + "' is not an IP address or CIDR block";
        return Tri::Unknown;
      }
      auto a = parse_ip(actual, false);
      return a && cidr_contains(*net, *a) ? Tri::Yes : Tri::No;
    }
    case Family::Null:
      break;
  }
  return Tri::No;
}

Tri evaluate_null(const model::Condition& c, const RequestContext& ctx, std::string& why) {
  auto state = ctx.state(c.key);
  if (state == RequestContext::State::Unknown) {
    why = c.key + " is not known statically";
    return Tri::Unknown;
  }
  bool missing = state == RequestContext::State::Missing || ctx.values(c.key).empty();
  Tri result = Tri::No;
  for (const model::Str& v : c.values) {
    if (!v.known) {
      if (why.empty()) why = "value " + v.text + " is not resolved";
      if (result == Tri::No) result = Tri::Unknown;
      continue;
    }
    std::string t = to_lower(trim(v.text));
    if ((t == "true" && missing) || (t == "false" && !missing)) return Tri::Yes;
  }
  return result;
}

}  // namespace

bool is_known_operator(std::string_view op) { return parse_op(op).has_value(); }

Tri evaluate_condition(const model::Condition& c, const RequestContext& ctx, std::string* why) {
  std::string reason;
  auto finish = [&](Tri t) {
    if (t == Tri::Unknown && why) *why = reason;
    return t;
  };
  auto op = parse_op(c.op);
  if (!op) {
    reason = "unknown condition operator " + c.op;
    return finish(Tri::Unknown);
  }
  if (op->family == Family::Null) return finish(evaluate_null(c, ctx, reason));

  auto state = ctx.state(c.key);
  // A multivalued key under an operator without ForAnyValue:/ForAllValues: never matches when
  // the request carries it, negated and ...IfExists operators included ("Multivalued context
  // keys require a condition set operator", IAM User Guide, "Single-valued vs. multivalued
  // context keys"; the reference simulator answers the same). A missing key falls through to
  // the usual missing-key rules below, so only a positive operator is certain to be false.
  const bool single_on_multi = op->set == SetOp::None && is_multivalued_key(c.key);
  if (state == RequestContext::State::Unknown && (op->family == Family::String || op->family == Family::Arn)) {
    // The request value is not known, but no value AWS sets for the key can match any policy
    // value (aws:PrincipalArn compared with an sts assumed-role ARN, ses:ApiVersion "3",
    // aws:RequestedRegion "EU"; policy/key_facts.h): decide as if the key had some value, and,
    // when the key may be absent, as if it were absent; Unknown only if the two differ.
    bool all_impossible = !c.values.empty();
    for (const model::Str& v : c.values)
      if ((!v.known && v.parts.empty()) ||
          !impossible_value(c.key, permissive_pattern(v), op->family == Family::Arn, op->cmp == Cmp::EqualsIgnoreCase)) {
        all_impossible = false;
        break;
      }
    if (all_impossible) {
      const Tri satisfies = op->negated ? Tri::Yes : Tri::No;  // no policy value matches
      const Tri present = single_on_multi ? Tri::No : satisfies;
      const Tri absent = op->if_exists || op->set == SetOp::ForAllValues ? Tri::Yes
                         : op->set == SetOp::ForAnyValue                ? Tri::No
                         : op->negated                                  ? Tri::Yes
                                                                        : Tri::No;
      const KeyFacts* facts = key_facts(c.key);
      const bool always_present = facts && facts->presence == Presence::Always && istarts_with(c.key, "aws:");
      if (always_present || present == absent) return present;
      reason = c.key + " may be absent, and no value it takes matches";
      return finish(Tri::Unknown);
    }
  }
  if (state == RequestContext::State::Unknown) {
    if (single_on_multi && !op->negated && !op->if_exists) return Tri::No;
    reason = c.key + " is not known statically";
    return finish(Tri::Unknown);
  }
  const auto& actual = ctx.values(c.key);
  if (single_on_multi && state == RequestContext::State::Present && !actual.empty()) return Tri::No;
  if (state == RequestContext::State::Missing || actual.empty()) {
    // "Multivalued context keys": ForAllValues over no values is true, ForAnyValue is false.
    // Condition operators page: missing keys make positive operators false and negated ones
    // true; ...IfExists makes the condition true.
    if (op->if_exists) return Tri::Yes;
    if (op->set == SetOp::ForAllValues) return Tri::Yes;
    if (op->set == SetOp::ForAnyValue) return Tri::No;
    return op->negated ? Tri::Yes : Tri::No;
  }

  bool variables = op->family == Family::String || op->family == Family::Arn;
  std::vector<PolicyValue> wanted;
  wanted.reserve(c.values.size());
  for (const model::Str& v : c.values) {
    if (!v.known) {
      PolicyValue pv;
      pv.kind = PolicyValue::Kind::Unknown;
      pv.why = "value " + v.text + " is not resolved";
      wanted.push_back(std::move(pv));
    } else {
      wanted.push_back(substitute(v.text, ctx, variables));
    }
  }

  // Positive match of one request value: OR over the policy values.
  auto any_policy_value = [&](const std::string& a) {
    Tri r = Tri::No;
    for (const PolicyValue& pv : wanted) {
      Tri m = match_one(*op, a, pv, reason);
      if (m == Tri::Yes) return Tri::Yes;
      if (m == Tri::Unknown) r = Tri::Unknown;
    }
    return r;
  };
  // A request value satisfies the operator: it matches some policy value, or for negated
  // operators, none of them.
  auto satisfies = [&](const std::string& a) {
    Tri m = any_policy_value(a);
    return op->negated ? tri_not(m) : m;
  };

  Tri result;
  if (op->set == SetOp::ForAllValues || (op->set == SetOp::None && op->negated)) {
    // ForAllValues: every request value satisfies. Without a set operator a negated operator
    // is the negation of "some request value matches some policy value", i.e. the same AND.
    result = Tri::Yes;
    for (const std::string& a : actual) {
      Tri s = satisfies(a);
      if (s == Tri::No) {
        result = Tri::No;
        break;
      }
      if (s == Tri::Unknown) result = Tri::Unknown;
    }
  } else {
    // ForAnyValue, or a positive operator without a set operator: some request value satisfies.
    result = Tri::No;
    for (const std::string& a : actual) {
      Tri s = satisfies(a);
      if (s == Tri::Yes) {
        result = Tri::Yes;
        break;
      }
      if (s == Tri::Unknown) result = Tri::Unknown;
    }
  }
  return finish(result);
}

Tri evaluate_conditions(const model::Statement& st, const RequestContext& ctx, std::string* why) {
  Tri result = Tri::Yes;
  std::string reason;
  if (st.conditions_unknown) {
    result = Tri::Unknown;
    reason = "the Condition block is not statically readable";
  }
  for (const model::Condition& c : st.conditions) {
    std::string r;
    Tri t = evaluate_condition(c, ctx, &r);
    if (t == Tri::No) return Tri::No;  // AND: one false condition decides
    if (t == Tri::Unknown && result == Tri::Yes) {
      result = Tri::Unknown;
      reason = c.op + " on " + c.key + ": " + r;
    }
  }
  if (result == Tri::Unknown && why) *why = reason;
  return result;
}

}  // namespace seslint::policy
