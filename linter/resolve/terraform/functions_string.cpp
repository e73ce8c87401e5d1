// resolve/terraform/functions_string.cpp: Terraform's string functions (format, join, regex, ...).
// Regular expressions: Terraform uses RE2 syntax; this evaluates them with std::regex
// (ECMAScript) after rewriting RE2's (?P<name>...) groups and a leading (?i) / (?s) flag. A
// pattern std::regex rejects, or one using RE2-only syntax it cannot rewrite (\A, \z, \pL,
// [[:^alpha:]], possessive forms), is Unknown rather than guessed. So is a match on text that
// is not plain ASCII without \r or \v (std::regex works on bytes and its `.` and `\s` differ
// from RE2's there) or longer than kMaxRegexInput (std::regex recurses per character).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>

#include "resolve/terraform/functions_builtin_impl.h"

namespace seslint::resolve::tffn {
namespace {

/// Builds a String, or a Template when unknown pieces are added.
class Builder {
 public:
  explicit Builder(const Call& c) : c_(c) {}
  void text(std::string_view s) { pending_ += s; }
  /// Adds a value converted to string; false when it cannot be (null, list, map).
  bool add(const ValuePtr& v) {
    if (auto s = as_string(*v)) {
      pending_ += *s;
      return true;
    }
    if (v->kind == Kind::Template) {
      for (const auto& p : v->items) {
        if (p->kind == Kind::String) pending_ += p->text;
        else part(p);
      }
      return true;
    }
    if (is_unknown(*v)) {
      part(v);
      return true;
    }
    return false;
  }
  std::size_t size() const { return pending_.size() + bytes_; }
  ValuePtr finish(std::string raw) {
    if (parts_.empty()) return c_.str(std::move(pending_));
    flush();
    auto t = std::make_shared<Value>();
    t->kind = Kind::Template;
    t->span = t->content = c_.at;
    t->text = std::move(raw);
    t->items = std::move(parts_);
    return t;
  }

 private:
  void part(const ValuePtr& p) {
    flush();
    parts_.push_back(p);
  }
  void flush() {
    if (!pending_.empty()) {
      bytes_ += pending_.size();
      parts_.push_back(c_.str(pending_));
    }
    pending_.clear();
  }
  const Call& c_;
  std::string pending_;
  std::size_t bytes_ = 0;
  std::vector<ValuePtr> parts_;
};

// -- format ----------------------------------------------------------------------------------

std::string pad(std::string s, int width, bool left, char fill) {
  int n = static_cast<int>(characters(s).size());
  if (width <= n) return s;
  std::string p(static_cast<std::size_t>(width - n), fill);
  if (left) return s + std::string(p.size(), ' ');
  if (fill == '0' && !s.empty() && (s[0] == '-' || s[0] == '+')) return s.substr(0, 1) + p + s.substr(1);
  return p + s;
}

std::string quote_go(std::string_view s) {
  // strconv.Quote: Go escapes; printable Unicode kept.
  std::string out = "\"";
  for (unsigned char ch : s) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (ch < 0x20 || ch == 0x7F) {
          char b[8];
          std::snprintf(b, sizeof b, "\\x%02x", ch);
          out += b;
        } else {
          out += static_cast<char>(ch);
        }
    }
  }
  return out + "\"";
}

/// One formatted verb; nullopt with `err` set on a type error.
std::optional<std::string> format_verb(const Value& v, char verb, const std::string& flags, int width, int prec,
                                       std::string& err) {
  bool left = flags.find('-') != std::string::npos, plus = flags.find('+') != std::string::npos;
  bool sharp = flags.find('#') != std::string::npos, space = flags.find(' ') != std::string::npos;
  char fill = flags.find('0') != std::string::npos && !left ? '0' : ' ';
  std::string out;
  switch (verb) {
    case 'v':
    case 's':
    case 'q': {
      if (verb == 'v' && (sharp || v.kind == Kind::List || v.kind == Kind::Map || v.kind == Kind::Null)) {
        auto j = terraform_jsonencode(v);
        if (!j) return std::nullopt;
        out = *j;
        break;
      }
      auto s = as_string(v);
      if (!s) {
        err = v.kind == Kind::Null ? "unsupported value for \"%" + std::string(1, verb) + "\": null value cannot be formatted"
                                   : "unsupported value for \"%" + std::string(1, verb) + "\": string required";
        return std::nullopt;
      }
      out = *s;
      if (prec >= 0) {
        auto ch = characters(out);
        if (static_cast<int>(ch.size()) > prec) {
          out.clear();
          for (int i = 0; i < prec; ++i) out += ch[static_cast<std::size_t>(i)];
        }
      }
      if (verb == 'q') out = quote_go(out);
      fill = ' ';
      break;
    }
    case 't': {
      auto b = as_bool(v);
      if (!b) {
        err = "unsupported value for \"%t\": bool required";
        return std::nullopt;
      }
      out = *b ? "true" : "false";
      break;
    }
    case 'd':
    case 'b':
    case 'o':
    case 'x':
    case 'X':
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G': {
      auto d = as_number(v);
      if (!d) {
        err = "unsupported value for \"%" + std::string(1, verb) + "\": number required";
        return std::nullopt;
      }
      if (verb == 'd' || verb == 'b' || verb == 'o' || verb == 'x' || verb == 'X') {
        if (std::floor(*d) != *d) {
          err = "unsupported value for \"%" + std::string(1, verb) + "\": integer required";
          return std::nullopt;
        }
        if (std::fabs(*d) > 9e18) return std::nullopt;
        long long n = static_cast<long long>(*d);
        unsigned long long u = n < 0 ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
        int base = verb == 'd' ? 10 : verb == 'b' ? 2 : verb == 'o' ? 8 : 16;
        const char* digits = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        std::string s;
        do {
          s.insert(s.begin(), digits[u % static_cast<unsigned>(base)]);
          u /= static_cast<unsigned>(base);
        } while (u);
        if (sharp && base == 16) s = (verb == 'X' ? "0X" : "0x") + s;
        if (sharp && base == 8) s = "0" + s;
        if (sharp && base == 2) s = "0b" + s;
        out = (n < 0 ? "-" : plus ? "+" : space ? " " : "") + s;
      } else {
        char fmt[16];
        std::snprintf(fmt, sizeof fmt, "%%%s.%d%c", plus ? "+" : space ? " " : "", prec >= 0 ? prec : 6, verb);
        if (prec < 0 && (verb == 'g' || verb == 'G')) {
          // Go's %g without precision: the shortest representation.
          out = number_text(*d);
          if (plus && *d >= 0) out = "+" + out;
          break;
        }
        char buf[512];
        std::snprintf(buf, sizeof buf, fmt, *d);
        out = buf;
      }
      break;
    }
    default: err = "unrecognized format verb '" + std::string(1, verb) + "'"; return std::nullopt;
  }
  return pad(out, width, left, fill);
}

/// Formats `f` with `args` (the first `first` call arguments are not values); unknown values
/// become Template parts for %s / %v / %d without width or precision.
ValuePtr do_format(const Call& c, const std::string& f, const std::vector<ValuePtr>& args, Builder& b, std::string& err) {
  std::size_t next = 0, highest = 0;  // highest: arguments up to it were used (%[n] can go back)
  bool used_any = false;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') {
      b.text(std::string_view(&f[i], 1));
      continue;
    }
    ++i;
    if (i >= f.size()) {
      err = "invalid format string: unterminated verb";
      return nullptr;
    }
    if (f[i] == '%') {
      b.text("%");
      continue;
    }
    std::string flags;
    while (i < f.size() && std::string_view("+- #0").find(f[i]) != std::string_view::npos) flags += f[i++];
    if (i < f.size() && f[i] == '[') {
      std::size_t close = f.find(']', i);
      if (close == std::string::npos) {
        err = "invalid format string: unterminated argument index";
        return nullptr;
      }
      int idx = std::atoi(f.substr(i + 1, close - i - 1).c_str());
      if (idx < 1) {
        err = "invalid argument index";
        return nullptr;
      }
      next = static_cast<std::size_t>(idx - 1);
      i = close + 1;
    }
    int width = -1, prec = -1;
    while (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i]))) width = std::max(width, 0) * 10 + (f[i++] - '0');
    if (i < f.size() && f[i] == '.') {
      ++i;
      prec = 0;
      while (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i]))) prec = prec * 10 + (f[i++] - '0');
    }
    if (i >= f.size()) {
      err = "invalid format string: unterminated verb";
      return nullptr;
    }
    char verb = f[i];
    if (next >= args.size()) {
      err = "not enough arguments for \"%" + std::string(1, verb) + "\"";
      return nullptr;
    }
    const ValuePtr& a = args[next++];
    highest = std::max(highest, next);
    used_any = true;
    if (!fully_known(*a)) {
      if ((verb == 's' || verb == 'v' || verb == 'd') && flags.empty() && width < 0 && prec < 0 &&
          a->kind != Kind::List && a->kind != Kind::Map && b.add(a))
        continue;
      return c.unknown();
    }
    auto s = format_verb(*a, verb, flags, width, prec, err);
    if (!s) return err.empty() ? c.unknown() : nullptr;
    b.text(*s);
    if (!c.charge(0, s->size())) return c.spent();
  }
  if (highest < args.size() && !used_any) {
    err = "too many arguments; no verbs expecting arguments";
    return nullptr;
  }
  if (highest < args.size()) {
    err = "too many arguments; only " + std::to_string(highest) + " used by format string";
    return nullptr;
  }
  return b.finish("format(...)");
}

ValuePtr fn_format(const Call& c) {
  const ValuePtr& f = c.args[0];
  if (f->kind != Kind::String) return is_unknown(*f) ? c.unknown() : c.error("format string must be a string");
  Builder b(c);
  std::string err;
  std::vector<ValuePtr> rest(c.args.begin() + 1, c.args.end());
  ValuePtr r = do_format(c, f->text, rest, b, err);
  if (!r) return c.error(err);
  return r;
}

ValuePtr fn_formatlist(const Call& c) {
  const ValuePtr& f = c.args[0];
  if (f->kind != Kind::String) return c.error("format string must be a string");
  std::size_t n = 0;
  bool have_list = false;
  for (std::size_t i = 1; i < c.args.size(); ++i) {
    const Value& a = *c.args[i];
    if (a.kind != Kind::List) continue;
    if (have_list && a.items.size() != n)
      return c.error("argument " + std::to_string(i) + " has length " + std::to_string(a.items.size()) +
                     ", which is inconsistent with argument 1 of length " + std::to_string(n));
    n = a.items.size();
    have_list = true;
  }
  if (!have_list) n = 1;
  if (!c.charge(n, n * f->text.size())) return c.spent();
  std::vector<ValuePtr> out;
  for (std::size_t k = 0; k < n; ++k) {
    std::vector<ValuePtr> row;
    for (std::size_t i = 1; i < c.args.size(); ++i)
      row.push_back(c.args[i]->kind == Kind::List ? c.args[i]->items[k] : c.args[i]);
    Builder b(c);
    std::string err;
    ValuePtr r = do_format(c, f->text, row, b, err);
    if (!r) return c.error("error on format iteration " + std::to_string(k) + ": " + err);
    if (r->kind == Kind::Unknown) return r;
    if (!c.charge(1, r->text.size())) return c.spent();
    out.push_back(r);
  }
  if (!have_list) return out[0];
  return c.list(std::move(out));
}

ValuePtr fn_join(const Call& c) {
  const ValuePtr& sep = c.args[0];
  if (sep->kind != Kind::String) return is_unknown(*sep) ? c.unknown() : c.error("separator must be a string");
  Builder b(c);
  bool first = true;
  for (std::size_t i = 1; i < c.args.size(); ++i) {
    const Value& l = *c.args[i];
    if (l.kind != Kind::List) return is_unknown(l) ? c.unknown() : c.error("Invalid value for \"lists\" parameter: list of string required.");
    if (known_prefix(l) < l.items.size()) return c.unknown();  // where the separators go is not known
    if (!c.charge(l.items.size(), l.items.size() * sep->text.size())) return c.spent();
    for (const auto& item : l.items) {
      if (!first) b.text(sep->text);
      first = false;
      if (item->kind == Kind::Null) return c.error("element " + std::to_string(&item - l.items.data()) + " is null");
      if (item->kind == Kind::List || item->kind == Kind::Map) return c.error("Invalid value for \"lists\" parameter: list of string required.");
      if (!b.add(item)) return c.unknown();
    }
    if (!c.charge(0, b.size())) return c.spent();
  }
  return b.finish("join(...)");
}

std::string ascii_map(std::string s, int (*f)(int)) {
  for (auto& ch : s)
    if (static_cast<unsigned char>(ch) < 0x80) ch = static_cast<char>(f(static_cast<unsigned char>(ch)));
  return s;
}
bool ascii_only(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
}

ValuePtr fn_lower(const Call& c) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  if (!ascii_only(*s)) return c.unknown("case mapping of non-ASCII text is not evaluated");
  return c.str(ascii_map(*s, [](int ch) { return std::tolower(ch); }));
}
ValuePtr fn_upper(const Call& c) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  if (!ascii_only(*s)) return c.unknown("case mapping of non-ASCII text is not evaluated");
  return c.str(ascii_map(*s, [](int ch) { return std::toupper(ch); }));
}
ValuePtr fn_title(const Call& c) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  if (!ascii_only(*s)) return c.unknown("case mapping of non-ASCII text is not evaluated");
  std::string r = *s;
  bool start = true;
  for (auto& ch : r) {
    bool letter = std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '\'';
    if (start && letter) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    start = !letter;
  }
  return c.str(std::move(r));
}

bool is_space_at(std::string_view s, std::size_t i, std::size_t& len) {
  unsigned char ch = static_cast<unsigned char>(s[i]);
  len = 1;
  if (ch == ' ' || (ch >= '\t' && ch <= '\r')) return true;
  if (ch == 0xC2 && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) == 0x85 || static_cast<unsigned char>(s[i + 1]) == 0xA0)) {
    len = 2;
    return true;
  }
  return false;
}

ValuePtr fn_trimspace(const Call& c) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  std::string_view v = *s;
  std::size_t len;
  while (!v.empty() && is_space_at(v, 0, len)) v.remove_prefix(len);
  while (!v.empty()) {
    std::size_t k = v.size() - 1;
    if (is_space_at(v, k, len)) v.remove_suffix(1);
    else if (k >= 1 && is_space_at(v, k - 1, len) && len == 2) v.remove_suffix(2);
    else break;
  }
  return c.str(std::string(v));
}

ValuePtr fn_trim(const Call& c) {
  auto s = as_string(*c.args[0]), cut = as_string(*c.args[1]);
  if (!s || !cut) return c.error("string required");
  auto set = characters(*cut);
  auto ch = characters(*s);
  auto in = [&](const std::string& x) { return std::find(set.begin(), set.end(), x) != set.end(); };
  std::size_t b = 0, e = ch.size();
  while (b < e && in(ch[b])) ++b;
  while (e > b && in(ch[e - 1])) --e;
  std::string r;
  for (std::size_t i = b; i < e; ++i) r += ch[i];
  return c.str(std::move(r));
}
ValuePtr fn_trimprefix(const Call& c) {
  auto s = as_string(*c.args[0]), p = as_string(*c.args[1]);
  if (!s || !p) return c.error("string required");
  return c.str(s->rfind(*p, 0) == 0 ? s->substr(p->size()) : *s);
}
ValuePtr fn_trimsuffix(const Call& c) {
  auto s = as_string(*c.args[0]), p = as_string(*c.args[1]);
  if (!s || !p) return c.error("string required");
  bool ends = s->size() >= p->size() && s->compare(s->size() - p->size(), p->size(), *p) == 0;
  return c.str(ends ? s->substr(0, s->size() - p->size()) : *s);
}
ValuePtr fn_chomp(const Call& c) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  std::string r = *s;
  while (!r.empty() && (r.back() == '\n' || r.back() == '\r')) r.pop_back();
  return c.str(std::move(r));
}
ValuePtr fn_startswith(const Call& c) {
  auto s = as_string(*c.args[0]), p = as_string(*c.args[1]);
  if (!s || !p) return c.error("string required");
  return c.boolean(s->rfind(*p, 0) == 0);
}
ValuePtr fn_endswith(const Call& c) {
  auto s = as_string(*c.args[0]), p = as_string(*c.args[1]);
  if (!s || !p) return c.error("string required");
  return c.boolean(s->size() >= p->size() && s->compare(s->size() - p->size(), p->size(), *p) == 0);
}
ValuePtr fn_strcontains(const Call& c) {
  auto s = as_string(*c.args[0]), p = as_string(*c.args[1]);
  if (!s || !p) return c.error("string required");
  return c.boolean(s->find(*p) != std::string::npos);
}
ValuePtr fn_strrev(const Call& c) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  auto ch = characters(*s);
  std::string r;
  for (auto it = ch.rbegin(); it != ch.rend(); ++it) r += *it;
  return c.str(std::move(r));
}
ValuePtr fn_substr(const Call& c) {
  auto s = as_string(*c.args[0]);
  auto off = as_int(*c.args[1]), len = as_int(*c.args[2]);
  if (!s || !off || !len) return c.error("invalid arguments");
  auto ch = characters(*s);
  long long n = static_cast<long long>(ch.size());
  long long o = *off;
  if (o < 0) o += n;
  if (o < 0) o = 0;  // Terraform clamps a negative offset before the start
  if (o > n) return c.str("");  // Terraform: an offset past the end gives ""
  long long l = *len < 0 ? n - o : std::min(*len, n - o);
  std::string r;
  for (long long i = o; i < o + l; ++i) r += ch[static_cast<std::size_t>(i)];
  return c.str(std::move(r));
}
ValuePtr fn_indent(const Call& c) {
  auto n = as_int(*c.args[0]);
  auto s = as_string(*c.args[1]);
  if (!n || !s || *n < 0) return c.error("invalid arguments");
  std::string p(static_cast<std::size_t>(std::min<long long>(*n, 1 << 16)), ' ');
  std::size_t lines = static_cast<std::size_t>(std::count(s->begin(), s->end(), '\n'));
  if (!c.charge(1, s->size() + lines * p.size())) return c.spent();
  std::string r;
  for (char ch : *s) {
    r += ch;
    if (ch == '\n') r += p;
  }
  return c.str(std::move(r));
}

ValuePtr fn_split(const Call& c) {
  auto sep = as_string(*c.args[0]), s = as_string(*c.args[1]);
  if (!sep || !s) return c.error("string required");
  std::vector<std::string> parts;
  if (sep->empty()) {
    std::size_t i = 0;  // Go's strings.Split with "" splits into UTF-8 sequences
    while (i < s->size()) {
      unsigned char b = static_cast<unsigned char>((*s)[i]);
      std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
      n = std::min(n, s->size() - i);
      parts.push_back(s->substr(i, n));
      i += n;
    }
  } else {
    std::size_t pos = 0;
    for (std::size_t f; (f = s->find(*sep, pos)) != std::string::npos; pos = f + sep->size()) parts.push_back(s->substr(pos, f - pos));
    parts.push_back(s->substr(pos));
  }
  if (!c.charge(parts.size(), s->size())) return c.spent();
  std::vector<ValuePtr> out;
  for (auto& p : parts) out.push_back(c.str(std::move(p)));
  return c.list(std::move(out));
}

// -- regular expressions ---------------------------------------------------------------------

constexpr std::size_t kMaxRegexInput = 1000;

/// Text std::regex matches as RE2 does (see the file comment).
bool regex_input_ok(std::string_view s) {
  return s.size() <= kMaxRegexInput && std::all_of(s.begin(), s.end(), [](char ch) {
           auto b = static_cast<unsigned char>(ch);
           return b < 0x80 && b != '\r' && b != '\v';
         });
}

struct Pattern {
  std::regex re;
  std::vector<std::string> names;  ///< per capture group, "" when unnamed
  std::size_t groups = 0;
};

std::optional<Pattern> compile(std::string_view src) {
  if (!regex_input_ok(src)) return std::nullopt;
  std::string p(src);
  auto flags = std::regex::ECMAScript;
  if (p.rfind("(?i)", 0) == 0) {
    flags |= std::regex::icase;
    p = p.substr(4);
  }
  Pattern out;
  std::string r;
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char ch = p[i];
    if (ch == '\\') {
      if (i + 1 >= p.size()) return std::nullopt;
      char n = p[i + 1];
      if (std::string_view("AzpPQEC").find(n) != std::string_view::npos) return std::nullopt;  // RE2-only
      r += ch;
      r += n;
      ++i;
      continue;
    }
    if (in_class) {
      if (ch == '[' && i + 1 < p.size() && p[i + 1] == ':') return std::nullopt;  // POSIX classes
      if (ch == ']') in_class = false;
      r += ch;
      continue;
    }
    if (ch == '[') {
      in_class = true;
      r += ch;
      if (i + 1 < p.size() && p[i + 1] == '^') r += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') r += "\\]", ++i;
      continue;
    }
    if (ch == '(') {
      if (i + 1 < p.size() && p[i + 1] == '?') {
        if (p.compare(i, 4, "(?P<") == 0 || p.compare(i, 3, "(?<") == 0) {
          std::size_t start = p.find('<', i) + 1, close = p.find('>', start);
          if (close == std::string::npos) return std::nullopt;
          out.names.push_back(p.substr(start, close - start));
          ++out.groups;
          r += '(';
          i = close;
          continue;
        }
        if (p.compare(i, 3, "(?:") == 0) {
          r += "(?:";
          i += 2;
          continue;
        }
        return std::nullopt;  // other flags and look-arounds (RE2 has no look-arounds)
      }
      out.names.emplace_back();
      ++out.groups;
    }
    r += ch;
  }
  try {
    out.re = std::regex(r, flags);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
  return out;
}

/// One match as Terraform's regex returns it: the whole match (no groups), a list of groups, or
/// an object of named groups.
ValuePtr match_value(const Call& c, const Pattern& p, const std::smatch& m) {
  if (p.groups == 0) return c.str(m.str(0));
  bool named = std::any_of(p.names.begin(), p.names.end(), [](const std::string& n) { return !n.empty(); });
  if (named) {
    std::vector<MapEntry> e;
    for (std::size_t g = 0; g < p.groups; ++g)
      if (!p.names[g].empty()) e.push_back(MapEntry{p.names[g], c.at, m[g + 1].matched ? c.str(m.str(g + 1)) : c.null()});
    return c.map(std::move(e));
  }
  std::vector<ValuePtr> items;
  for (std::size_t g = 0; g < p.groups; ++g) items.push_back(m[g + 1].matched ? c.str(m.str(g + 1)) : c.null());
  return c.list(std::move(items));
}

ValuePtr fn_regex(const Call& c) {
  auto pat = as_string(*c.args[0]), s = as_string(*c.args[1]);
  if (!pat || !s) return c.error("string required");
  if (!regex_input_ok(*s)) return c.unknown("regular expression not evaluated");
  auto p = compile(*pat);
  if (!p) return c.unknown("regular expression not evaluated");
  std::smatch m;
  if (!std::regex_search(*s, m, p->re)) return c.error("pattern did not match any part of the given string");
  return match_value(c, *p, m);
}

ValuePtr fn_regexall(const Call& c) {
  auto pat = as_string(*c.args[0]), s = as_string(*c.args[1]);
  if (!pat || !s) return c.error("string required");
  if (!regex_input_ok(*s)) return c.unknown("regular expression not evaluated");
  auto p = compile(*pat);
  if (!p) return c.unknown("regular expression not evaluated");
  std::vector<ValuePtr> out;
  for (auto it = std::sregex_iterator(s->begin(), s->end(), p->re); it != std::sregex_iterator(); ++it) {
    if (!c.charge(1 + p->groups, static_cast<std::size_t>(it->length(0)))) return c.spent();
    out.push_back(match_value(c, *p, *it));
  }
  return c.list(std::move(out));
}

ValuePtr fn_replace(const Call& c) {
  auto s = as_string(*c.args[0]), sub = as_string(*c.args[1]), rep = as_string(*c.args[2]);
  if (!s || !sub || !rep) return c.error("string required");
  std::string r;
  if (sub->size() >= 2 && sub->front() == '/' && sub->back() == '/') {
    auto p = compile(sub->substr(1, sub->size() - 2));
    if (!p || !regex_input_ok(*s)) return c.unknown("regular expression not evaluated");
    auto begin = s->cbegin();
    std::size_t last = 0;
    for (auto it = std::sregex_iterator(s->begin(), s->end(), p->re); it != std::sregex_iterator(); ++it) {
      const std::smatch& m = *it;
      std::size_t pos = static_cast<std::size_t>(m.position(0));
      r.append(begin + static_cast<long>(last), begin + static_cast<long>(pos));
      // Go's Expand: $1, ${1}, $name, ${name}, $$.
      for (std::size_t i = 0; i < rep->size(); ++i) {
        char ch = (*rep)[i];
        if (ch != '$' || i + 1 >= rep->size()) {
          r += ch;
          continue;
        }
        if ((*rep)[i + 1] == '$') {
          r += '$';
          ++i;
          continue;
        }
        std::string name;
        std::size_t j = i + 1;
        if ((*rep)[j] == '{') {
          std::size_t close = rep->find('}', j);
          if (close == std::string::npos) {
            r += ch;
            continue;
          }
          name = rep->substr(j + 1, close - j - 1);
          j = close + 1;
        } else {
          while (j < rep->size() && (std::isalnum(static_cast<unsigned char>((*rep)[j])) || (*rep)[j] == '_')) name += (*rep)[j++];
        }
        if (name.empty()) {
          r += ch;
          continue;
        }
        bool digits = std::all_of(name.begin(), name.end(), [](char d) { return std::isdigit(static_cast<unsigned char>(d)); });
        if (digits) {
          std::size_t g = std::stoul(name.substr(0, 6));
          if (g <= p->groups && m[g].matched) r += m.str(g);
        } else {
          for (std::size_t g = 0; g < p->groups; ++g)
            if (p->names[g] == name && m[g + 1].matched) r += m.str(g + 1);
        }
        i = j - 1;
      }
      last = pos + static_cast<std::size_t>(m.length(0));
      if (!c.charge(0, r.size())) return c.spent();
    }
    r.append(begin + static_cast<long>(last), s->cend());
    return c.str(std::move(r));
  }
  if (sub->empty()) {
    // strings.Replace with an empty old string inserts `rep` around every character.
    auto ch = characters(*s);
    if (!c.charge(1, s->size() + (ch.size() + 1) * rep->size())) return c.spent();
    r = *rep;
    for (auto& x : ch) r += x + *rep;
    return c.str(std::move(r));
  }
  std::size_t pos = 0;
  for (std::size_t f; (f = s->find(*sub, pos)) != std::string::npos; pos = f + sub->size()) {
    r += s->substr(pos, f - pos) + *rep;
    if (!c.charge(0, rep->size())) return c.spent();
  }
  r += s->substr(pos);
  return c.str(std::move(r));
}

// -- paths (pure string operations on the path text) -------------------------------------------

ValuePtr fn_basename(const Call& c) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  std::string p = *s;
  if (p.empty()) return c.str(".");
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p == "/") return c.str("/");
  auto k = p.rfind('/');
  return c.str(k == std::string::npos ? p : p.substr(k + 1));
}
std::string clean_path(const std::string& path) {
  // Go's filepath.Clean.
  bool rooted = !path.empty() && path[0] == '/';
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string seg = path.substr(i, j - i);
    if (seg.empty() || seg == ".") {
    } else if (seg == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!rooted) parts.push_back("..");
    } else {
      parts.push_back(seg);
    }
    i = j + 1;
  }
  std::string out = rooted ? "/" : "";
  for (std::size_t k = 0; k < parts.size(); ++k) out += (k ? "/" : "") + parts[k];
  return out.empty() ? "." : out;
}
ValuePtr fn_dirname(const Call& c) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  auto k = s->rfind('/');
  std::string dir = k == std::string::npos ? "" : s->substr(0, k + 1);
  return c.str(clean_path(dir));
}

}  // namespace

std::vector<Entry> string_functions() {
  return {
      {"basename", fn_basename, 1, 1},
      {"chomp", fn_chomp, 1, 1},
      {"dirname", fn_dirname, 1, 1},
      {"endswith", fn_endswith, 2, 2},
      {"format", fn_format, 1, -1, true},
      {"formatlist", fn_formatlist, 1, -1},
      {"indent", fn_indent, 2, 2},
      {"join", fn_join, 1, -1, true},
      {"lower", fn_lower, 1, 1},
      {"regex", fn_regex, 2, 2},
      {"regexall", fn_regexall, 2, 2},
      {"replace", fn_replace, 3, 3},
      {"split", fn_split, 2, 2},
      {"startswith", fn_startswith, 2, 2},
      {"strcontains", fn_strcontains, 2, 2},
      {"strrev", fn_strrev, 1, 1},
      {"substr", fn_substr, 3, 3},
      {"title", fn_title, 1, 1},
      {"trim", fn_trim, 2, 2},
      {"trimprefix", fn_trimprefix, 2, 2},
      {"trimspace", fn_trimspace, 1, 1},
      {"trimsuffix", fn_trimsuffix, 2, 2},
      {"upper", fn_upper, 1, 1},
  };
}

}  // namespace seslint::resolve::tffn
