// resolve/terraform/functions_crypto.cpp: the deterministic hash functions (OpenSSL's EVP digests)
// and uuidv5. bcrypt is impure (random salt); rsadecrypt is Unknown (it needs a private key,
// which a static linter should not be handed).
#include <openssl/evp.h>

#include <array>
#include <cstdio>

#include "resolve/terraform/functions_builtin_impl.h"

namespace seslint::resolve::tffn {
namespace {

std::optional<std::string> digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string hex(std::string_view bytes) {
  static const char h[] = "0123456789abcdef";
  std::string s;
  for (unsigned char b : bytes) s += h[b >> 4], s += h[b & 15];
  return s;
}

ValuePtr hashed(const Call& c, const EVP_MD* md, bool b64) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  auto d = digest(md, *s);
  if (!d) return c.unknown("digest failed");
  return c.str(b64 ? base64_encode(*d) : hex(*d));
}
ValuePtr fn_md5(const Call& c) { return hashed(c, EVP_md5(), false); }
ValuePtr fn_sha1(const Call& c) { return hashed(c, EVP_sha1(), false); }
ValuePtr fn_sha256(const Call& c) { return hashed(c, EVP_sha256(), false); }
ValuePtr fn_sha512(const Call& c) { return hashed(c, EVP_sha512(), false); }
ValuePtr fn_base64sha256(const Call& c) { return hashed(c, EVP_sha256(), true); }
ValuePtr fn_base64sha512(const Call& c) { return hashed(c, EVP_sha512(), true); }

std::optional<std::string> parse_uuid(std::string_view s) {
  std::string hexs;
  for (char ch : s)
    if (ch != '-') hexs += ch;
  if (hexs.size() != 32) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < 32; i += 2) {
    auto v = [](char ch) -> int {
      return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
    };
    int a = v(hexs[i]), b = v(hexs[i + 1]);
    if (a < 0 || b < 0) return std::nullopt;
    out += static_cast<char>(a * 16 + b);
  }
  return out;
}

ValuePtr fn_uuidv5(const Call& c) {
  auto ns = as_string(*c.args[0]), name = as_string(*c.args[1]);
  if (!ns || !name) return c.error("string required");
  // RFC 4122 namespaces, by Terraform's names.
  std::string space = *ns == "dns"    ? "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
                      : *ns == "url"  ? "6ba7b811-9dad-11d1-80b4-00c04fd430c8"
                      : *ns == "oid"  ? "6ba7b812-9dad-11d1-80b4-00c04fd430c8"
                      : *ns == "x500" ? "6ba7b814-9dad-11d1-80b4-00c04fd430c8"
                                      : *ns;
  auto bytes = parse_uuid(space);
  if (!bytes) return c.error("uuidv5() doesn't support namespace " + *ns);
  auto d = digest(EVP_sha1(), *bytes + *name);
  if (!d) return c.unknown("digest failed");
  std::string u = d->substr(0, 16);
  u[6] = static_cast<char>((static_cast<unsigned char>(u[6]) & 0x0F) | 0x50);
  u[8] = static_cast<char>((static_cast<unsigned char>(u[8]) & 0x3F) | 0x80);
  std::string h = hex(u);
  return c.str(h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20));
}

ValuePtr fn_rsadecrypt(const Call& c) { return c.unknown("decryption with a private key is not evaluated"); }

}  // namespace

std::vector<Entry> crypto_functions() {
  return {
      {"base64sha256", fn_base64sha256, 1, 1},
      {"base64sha512", fn_base64sha512, 1, 1},
      {"md5", fn_md5, 1, 1},
      {"rsadecrypt", fn_rsadecrypt, 2, 2},
      {"sha1", fn_sha1, 1, 1},
      {"sha256", fn_sha256, 1, 1},
      {"sha512", fn_sha512, 1, 1},
      {"uuidv5", fn_uuidv5, 2, 2},
  };
}

}  // namespace seslint::resolve::tffn
