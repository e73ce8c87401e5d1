// resolve/terraform/functions_ipnet.cpp: cidrhost, cidrnetmask, cidrsubnet, cidrsubnets for IPv4 and
// IPv6, with the address arithmetic and the errors of Terraform (Go's net package and go-cidr):
// a prefix's address is masked to its network, addresses print in Go's form (IPv6 lowercase with
// the longest run of zero groups as "::").
#include <algorithm>
#include <cstdio>

#include "resolve/terraform/functions_builtin_impl.h"

namespace seslint::resolve::tffn {
namespace {

__extension__ typedef unsigned __int128 u128;

struct Prefix {
  u128 addr = 0;  ///< network address (masked)
  int len = 0;
  int bits = 32;  ///< 32 (IPv4) or 128
};

u128 mask_of(int len, int bits) {
  if (len <= 0) return 0;
  u128 all = bits == 128 ? ~u128(0) : (u128(1) << 32) - 1;
  if (len >= bits) return all;
  return all ^ ((u128(1) << (bits - len)) - 1);
}

std::optional<u128> parse_v4(std::string_view s) {
  u128 a = 0;
  int parts = 0;
  std::size_t i = 0;
  while (parts < 4) {
    std::size_t start = i;
    unsigned v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) v = v * 10 + static_cast<unsigned>(s[i++] - '0');
    if (i == start || v > 255 || (i - start > 1 && s[start] == '0')) return std::nullopt;
    a = (a << 8) | v;
    if (++parts < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return a;
}

std::optional<u128> parse_v6(std::string_view s) {
  std::vector<unsigned> head, tail;
  bool gap = false;
  std::vector<unsigned>* cur = &head;
  std::size_t i = 0;
  if (s.substr(0, 2) == "::") {
    gap = true;
    cur = &tail;
    i = 2;
  }
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && s[j] != ':') ++j;
    std::string_view g = s.substr(i, j - i);
    if (g.find('.') != std::string_view::npos) {  // trailing IPv4
      if (j != s.size()) return std::nullopt;
      auto v4 = parse_v4(g);
      if (!v4) return std::nullopt;
      cur->push_back(static_cast<unsigned>(*v4 >> 16));
      cur->push_back(static_cast<unsigned>(*v4 & 0xFFFF));
      i = j;
      break;
    }
    if (g.empty() || g.size() > 4) return std::nullopt;
    unsigned v = 0;
    for (char ch : g) {
      int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + static_cast<unsigned>(d);
    }
    cur->push_back(v);
    i = j;
    if (i < s.size()) {
      if (s.substr(i, 2) == "::") {
        if (gap) return std::nullopt;
        gap = true;
        cur = &tail;
        i += 2;
      } else {
        ++i;
        if (i == s.size()) return std::nullopt;
      }
    }
  }
  std::size_t n = head.size() + tail.size();
  if (gap ? n > 7 : n != 8) return std::nullopt;
  std::vector<unsigned> groups = head;
  groups.resize(8 - tail.size(), 0);
  groups.insert(groups.end(), tail.begin(), tail.end());
  u128 a = 0;
  for (unsigned g : groups) a = (a << 16) | g;
  return a;
}

std::optional<Prefix> parse_prefix(std::string_view s) {
  auto slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view ip = s.substr(0, slash), len = s.substr(slash + 1);
  if (len.empty() || len.size() > 3 || (len.size() > 1 && len[0] == '0')) return std::nullopt;
  int l = 0;
  for (char ch : len) {
    if (ch < '0' || ch > '9') return std::nullopt;
    l = l * 10 + (ch - '0');
  }
  Prefix p;
  if (ip.find(':') != std::string_view::npos) {
    auto a = parse_v6(ip);
    if (!a) return std::nullopt;
    p.addr = *a;
    p.bits = 128;
  } else {
    auto a = parse_v4(ip);
    if (!a) return std::nullopt;
    p.addr = *a;
    p.bits = 32;
  }
  if (l > p.bits) return std::nullopt;
  p.len = l;
  p.addr &= mask_of(l, p.bits);
  return p;
}

std::string format_addr(u128 a, int bits) {
  char buf[64];
  if (bits == 32) {
    unsigned v = static_cast<unsigned>(a);
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
    return buf;
  }
  unsigned g[8];
  for (int i = 7; i >= 0; --i) {
    g[i] = static_cast<unsigned>(a & 0xFFFF);
    a >>= 16;
  }
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) best = i, best_len = j - i;
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[i]);
    out += buf;
  }
  return out;
}

std::string to_dec(u128 v) {
  if (v == 0) return "0";
  std::string s;
  while (v) s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10))), v /= 10;
  return s;
}

std::optional<Prefix> prefix_arg(const Call& c, std::string& err) {
  auto s = as_string(*c.args[0]);
  if (!s) {
    err = "string required";
    return std::nullopt;
  }
  auto p = parse_prefix(*s);
  if (!p) err = "invalid CIDR expression: invalid CIDR address: " + *s;
  return p;
}

ValuePtr fn_cidrhost(const Call& c) {
  std::string err;
  auto p = prefix_arg(c, err);
  if (!p) return c.error(err);
  auto host = as_int(*c.args[1]);
  if (!host) return c.error("invalid host number");
  int hostbits = p->bits - p->len;
  u128 space = hostbits >= 128 ? ~u128(0) : (u128(1) << hostbits);
  u128 h;
  if (*host >= 0) {
    h = static_cast<u128>(*host);
    if (hostbits < 128 && h >= space) return c.error("prefix of " + std::to_string(p->len) + " does not accommodate a host numbered " + std::to_string(*host));
  } else {
    u128 neg = static_cast<u128>(-*host);
    if (hostbits < 128 && neg > space) return c.error("prefix of " + std::to_string(p->len) + " does not accommodate a host numbered " + std::to_string(*host));
    h = space - neg;
  }
  return c.str(format_addr(p->addr | h, p->bits));
}

ValuePtr fn_cidrnetmask(const Call& c) {
  std::string err;
  auto p = prefix_arg(c, err);
  if (!p) return c.error(err);
  if (p->bits != 32) return c.error("only IPv4 addresses are supported");
  return c.str(format_addr(mask_of(p->len, 32), 32));
}

ValuePtr fn_cidrsubnet(const Call& c) {
  std::string err;
  auto p = prefix_arg(c, err);
  if (!p) return c.error(err);
  auto nb = as_int(*c.args[1]), num = as_int(*c.args[2]);
  if (!nb || !num) return c.error("invalid arguments");
  if (*nb < 0) return c.error("must extend prefix by at least one bit");  // go-cidr rejects negative
  int newlen = p->len + static_cast<int>(*nb);
  if (*nb > 128 || newlen > p->bits)
    return c.error("insufficient address space to extend prefix of " + std::to_string(p->len) + " by " + std::to_string(*nb));
  if (*num < 0 || (*nb < 63 && static_cast<u128>(*num) >= (u128(1) << *nb)))
    return c.error("prefix extension of " + std::to_string(*nb) + " does not accommodate a subnet numbered " + std::to_string(*num));
  u128 a = p->addr | (static_cast<u128>(*num) << (p->bits - newlen));
  return c.str(format_addr(a, p->bits) + "/" + std::to_string(newlen));
}

ValuePtr fn_cidrsubnets(const Call& c) {
  std::string err;
  auto p = prefix_arg(c, err);
  if (!p) return c.error(err);
  const u128 all = mask_of(p->bits, p->bits);
  auto last_of = [&](u128 a, int len) { return a | (all & ~mask_of(len, p->bits)); };
  if (c.args.size() == 1) return c.list({});
  auto first = as_int(*c.args[1]);
  if (!first) return c.error("invalid newbits");
  int first_len = p->len + static_cast<int>(*first);
  if (first_len > p->bits || *first < 1) return c.error("invalid newbits");
  // go-cidr's PreviousSubnet(network, first_len), then NextSubnet for each length.
  u128 current = ((p->addr - 1) & all) & mask_of(first_len, p->bits);
  int current_len = first_len;
  std::vector<ValuePtr> out;
  for (std::size_t i = 1; i < c.args.size(); ++i) {
    auto nb = as_int(*c.args[i]);
    if (!nb) return c.error("invalid newbits");
    if (*nb < 1) return c.error("must extend prefix by at least one bit");
    int len = p->len + static_cast<int>(*nb);
    if (len > p->bits)
      return c.error("would extend prefix to " + std::to_string(len) + " bits, which is too long for an IPv" +
                     (p->bits == 32 ? "4" : "6") + " address");
    u128 last = last_of(current, current_len);
    u128 sub = last & mask_of(len, p->bits);
    u128 next = (last_of(sub, len) + 1) & all;
    bool rollover = next == 0;
    next &= mask_of(len, p->bits);
    if (rollover || (next & mask_of(p->len, p->bits)) != p->addr)
      return c.error("not enough remaining address space for a subnet with a prefix of " + std::to_string(len) +
                     " bits after " + format_addr(current, p->bits) + "/" + std::to_string(current_len));
    current = next;
    current_len = len;
    out.push_back(c.str(format_addr(current, p->bits) + "/" + std::to_string(len)));
  }
  (void)to_dec;
  return c.list(std::move(out));
}

}  // namespace

std::vector<Entry> ipnet_functions() {
  return {
      {"cidrhost", fn_cidrhost, 2, 2},
      {"cidrnetmask", fn_cidrnetmask, 1, 1},
      {"cidrsubnet", fn_cidrsubnet, 3, 3},
      {"cidrsubnets", fn_cidrsubnets, 1, -1},
  };
}

}  // namespace seslint::resolve::tffn
