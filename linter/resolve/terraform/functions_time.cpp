// resolve/terraform/functions_time.cpp: formatdate, timeadd and timecmp — pure arithmetic on RFC 3339
// timestamps given as arguments (timestamp() and plantimestamp() are impure: Unknown).
#include <cstdio>
#include <cmath>

#include "resolve/terraform/functions_builtin_impl.h"

namespace seslint::resolve::tffn {
namespace {

struct Time {
  long long secs = 0;  ///< seconds since 1970-01-01T00:00:00Z
  long long nanos = 0;
  int offset = 0;  ///< seconds east of UTC, of the zone the text was written in
};

long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}
void civil_from_days(long long z, long long& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

std::optional<Time> parse_rfc3339(std::string_view s) {
  auto digits = [&](std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int Y, M, D, h, mi, sec;
  if (!digits(0, 4, Y) || s.size() < 20 || s[4] != '-' || !digits(5, 2, M) || s[7] != '-' || !digits(8, 2, D) ||
      s[10] != 'T' || !digits(11, 2, h) || s[13] != ':' || !digits(14, 2, mi) || s[16] != ':' || !digits(17, 2, sec))
    return std::nullopt;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (M < 1 || M > 12 || D < 1 || D > mdays[M - 1] || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  bool leap = (Y % 4 == 0 && Y % 100 != 0) || Y % 400 == 0;
  if (M == 2 && D == 29 && !leap) return std::nullopt;
  std::size_t i = 19;
  Time t;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t start = i;
    long long scale = 100000000;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (scale) t.nanos += (s[i] - '0') * scale, scale /= 10;
      ++i;
    }
    if (i == start) return std::nullopt;
  }
  if (i >= s.size()) return std::nullopt;
  if (s[i] == 'Z') {
    if (i + 1 != s.size()) return std::nullopt;
  } else if (s[i] == '+' || s[i] == '-') {
    int oh, om;
    if (i + 6 != s.size() || !digits(i + 1, 2, oh) || s[i + 3] != ':' || !digits(i + 4, 2, om) || oh > 23 || om > 59) return std::nullopt;
    t.offset = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  t.secs = days_from_civil(Y, static_cast<unsigned>(M), static_cast<unsigned>(D)) * 86400 + h * 3600 + mi * 60 + sec - t.offset;
  return t;
}

struct Fields {
  long long year;
  unsigned month, day;
  int hour, minute, second, weekday;  // weekday 0 = Sunday
};
Fields fields(const Time& t) {
  long long local = t.secs + t.offset;
  long long days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  long long rem = local - days * 86400;
  Fields f{};
  civil_from_days(days, f.year, f.month, f.day);
  f.hour = static_cast<int>(rem / 3600);
  f.minute = static_cast<int>(rem / 60 % 60);
  f.second = static_cast<int>(rem % 60);
  f.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  return f;
}

std::string two(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}
std::string zone(int offset, bool colon) {
  if (offset == 0) return "Z";
  char b[16];
  int a = std::abs(offset);
  std::snprintf(b, sizeof b, colon ? "%c%02d:%02d" : "%c%02d%02d", offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
  return b;
}

std::string rfc3339(const Time& t) {
  Fields f = fields(t);
  char b[64];
  std::snprintf(b, sizeof b, "%04lld-%02u-%02uT%02d:%02d:%02d", f.year, f.month, f.day, f.hour, f.minute, f.second);
  return std::string(b) + zone(t.offset, true);
}

ValuePtr time_arg_error(const Call& c, std::string_view s) {
  return c.error("not a valid RFC3339 timestamp: \"" + std::string(s) + "\"");
}

ValuePtr fn_timeadd(const Call& c) {
  auto ts = as_string(*c.args[0]), dur = as_string(*c.args[1]);
  if (!ts || !dur) return c.error("string required");
  auto t = parse_rfc3339(*ts);
  if (!t) return time_arg_error(c, *ts);
  // Go's time.ParseDuration: [-+]?([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+
  std::string_view d = *dur;
  bool neg = false;
  if (!d.empty() && (d[0] == '-' || d[0] == '+')) neg = d[0] == '-', d.remove_prefix(1);
  if (d == "0") return c.str(rfc3339(*t));
  if (d.empty()) return c.error("invalid duration");
  long double total = 0;
  while (!d.empty()) {
    std::size_t i = 0;
    while (i < d.size() && ((d[i] >= '0' && d[i] <= '9') || d[i] == '.')) ++i;
    if (i == 0) return c.error("invalid duration");
    long double v = std::strtold(std::string(d.substr(0, i)).c_str(), nullptr);
    d.remove_prefix(i);
    long double unit;
    if (d.substr(0, 2) == "ns") unit = 1, d.remove_prefix(2);
    else if (d.substr(0, 2) == "us") unit = 1e3L, d.remove_prefix(2);
    else if (d.substr(0, 3) == "\xC2\xB5s") unit = 1e3L, d.remove_prefix(3);
    else if (d.substr(0, 2) == "ms") unit = 1e6L, d.remove_prefix(2);
    else if (d.substr(0, 1) == "s") unit = 1e9L, d.remove_prefix(1);
    else if (d.substr(0, 1) == "m") unit = 60e9L, d.remove_prefix(1);
    else if (d.substr(0, 1) == "h") unit = 3600e9L, d.remove_prefix(1);
    else return c.error("invalid duration");
    total += v * unit;
  }
  if (total > 9.2e18L) return c.error("invalid duration");
  long long ns = static_cast<long long>(total) * (neg ? -1 : 1);
  long long n = t->nanos + ns % 1000000000;
  Time r = *t;
  r.secs += ns / 1000000000 + (n >= 1000000000 ? 1 : n < 0 ? -1 : 0);
  r.nanos = ((n % 1000000000) + 1000000000) % 1000000000;
  return c.str(rfc3339(r));
}

ValuePtr fn_timecmp(const Call& c) {
  auto a = as_string(*c.args[0]), b = as_string(*c.args[1]);
  if (!a || !b) return c.error("string required");
  auto x = parse_rfc3339(*a), y = parse_rfc3339(*b);
  if (!x) return time_arg_error(c, *a);
  if (!y) return time_arg_error(c, *b);
  auto kx = std::make_pair(x->secs, x->nanos), ky = std::make_pair(y->secs, y->nanos);
  return c.num(kx < ky ? -1 : kx > ky ? 1 : 0);
}

ValuePtr fn_formatdate(const Call& c) {
  auto spec = as_string(*c.args[0]), ts = as_string(*c.args[1]);
  if (!spec || !ts) return c.error("string required");
  auto t = parse_rfc3339(*ts);
  if (!t) return time_arg_error(c, *ts);
  Fields f = fields(*t);
  static const char* months[] = {"January", "February", "March", "April", "May", "June", "July",
                                 "August", "September", "October", "November", "December"};
  static const char* days[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  const std::string& s = *spec;
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    char ch = s[i];
    if (ch == '\'') {
      std::size_t j = i + 1;
      std::string lit;
      for (;;) {
        if (j >= s.size()) return c.error("unterminated literal '");
        if (s[j] == '\'') {
          if (j + 1 < s.size() && s[j + 1] == '\'') {
            lit += '\'';
            j += 2;
            continue;
          }
          break;
        }
        lit += s[j++];
      }
      out += j == i + 1 ? "'" : lit;
      i = j + 1;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(ch))) {
      out += ch;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && s[j] == ch) ++j;
    std::string tok = s.substr(i, j - i);
    i = j;
    char b[16];
    if (tok == "YYYY") std::snprintf(b, sizeof b, "%04lld", f.year), out += b;
    else if (tok == "YY") out += two(static_cast<int>(f.year % 100));
    else if (tok == "MMMM") out += months[f.month - 1];
    else if (tok == "MMM") out += std::string(months[f.month - 1]).substr(0, 3);
    else if (tok == "MM") out += two(static_cast<int>(f.month));
    else if (tok == "M") out += std::to_string(f.month);
    else if (tok == "DD") out += two(static_cast<int>(f.day));
    else if (tok == "D") out += std::to_string(f.day);
    else if (tok == "EEEE") out += days[f.weekday];
    else if (tok == "EEE") out += std::string(days[f.weekday]).substr(0, 3);
    else if (tok == "hh") out += two(f.hour);
    else if (tok == "h") out += std::to_string(f.hour);
    else if (tok == "HH") out += two(f.hour % 12 == 0 ? 12 : f.hour % 12);
    else if (tok == "H") out += std::to_string(f.hour % 12 == 0 ? 12 : f.hour % 12);
    else if (tok == "AA") out += f.hour < 12 ? "AM" : "PM";
    else if (tok == "aa") out += f.hour < 12 ? "am" : "pm";
    else if (tok == "mm") out += two(f.minute);
    else if (tok == "m") out += std::to_string(f.minute);
    else if (tok == "ss") out += two(f.second);
    else if (tok == "s") out += std::to_string(f.second);
    else if (tok == "ZZZZZ") out += t->offset == 0 ? "Z" : zone(t->offset, true);
    else if (tok == "ZZZZ") out += t->offset == 0 ? "+0000" : zone(t->offset, false);
    else if (tok == "ZZZ") out += t->offset == 0 ? "UTC" : zone(t->offset, false);
    else if (tok == "Z") out += t->offset == 0 ? "Z" : zone(t->offset, true);
    else return c.error("invalid date format verb \"" + tok + "\": unsupported");
  }
  return c.str(std::move(out));
}

}  // namespace

std::vector<Entry> time_functions() {
  return {
      {"formatdate", fn_formatdate, 2, 2},
      {"timeadd", fn_timeadd, 2, 2},
      {"timecmp", fn_timecmp, 2, 2},
  };
}

}  // namespace seslint::resolve::tffn
