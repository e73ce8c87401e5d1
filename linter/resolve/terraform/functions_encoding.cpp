// resolve/terraform/functions_encoding.cpp: base64, URL, CSV and text encodings. jsonencode is with
// the type conversions (functions_dispatch.cpp), jsondecode in the resolver (it parses with
// parse/). base64gzip, yamlencode and yamldecode are Unknown: their output depends on Go's
// compressor and YAML emitter, which this does not reproduce byte for byte.
#include <algorithm>

#include "resolve/terraform/functions_builtin_impl.h"

namespace seslint::resolve::tffn {
namespace {

ValuePtr fn_base64encode(const Call& c) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  if (!c.charge(1, s->size() * 4 / 3 + 4)) return c.spent();
  return c.str(base64_encode(*s));
}
ValuePtr fn_base64decode(const Call& c) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  auto d = base64_decode(*s);
  if (!d) return c.error("failed to decode base64 data");
  if (!valid_utf8(*d)) return c.error("the result of decoding the provided string is not valid UTF-8");
  return c.str(std::move(*d));
}
ValuePtr fn_urlencode(const Call& c) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : *s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') out += static_cast<char>(ch);
    else if (ch == ' ') out += '+';
    else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return c.str(std::move(out));
}

/// RFC 4180 records, as Go's encoding/csv reads them (fields may be quoted; "" is a quote).
std::optional<std::vector<std::vector<std::string>>> parse_csv(std::string_view s, std::string& err) {
  std::vector<std::vector<std::string>> rows;
  std::size_t i = 0;
  while (i < s.size()) {
    std::vector<std::string> row;
    if (s[i] == '\n' || (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) {  // blank lines are skipped
      i += s[i] == '\r' ? 2 : 1;
      continue;
    }
    for (;;) {
      std::string field;
      if (i < s.size() && s[i] == '"') {
        ++i;
        for (;;) {
          if (i >= s.size()) {
            err = "extraneous or missing \" in quoted-field";
            return std::nullopt;
          }
          if (s[i] == '"') {
            if (i + 1 < s.size() && s[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          field += s[i++];
        }
        if (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
          err = "extraneous or missing \" in quoted-field";
          return std::nullopt;
        }
      } else {
        while (i < s.size() && s[i] != ',' && s[i] != '\n' && !(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) {
          if (s[i] == '"') {
            err = "bare \" in non-quoted-field";
            return std::nullopt;
          }
          field += s[i++];
        }
      }
      row.push_back(std::move(field));
      if (i < s.size() && s[i] == ',') {
        ++i;
        continue;
      }
      if (i < s.size() && s[i] == '\r') ++i;
      if (i < s.size() && s[i] == '\n') ++i;
      break;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

ValuePtr fn_csvdecode(const Call& c) {
  auto s = as_string(*c.args[0]);
  if (!s) return c.error("string required");
  std::string err;
  auto rows = parse_csv(*s, err);
  if (!rows) return c.error(err);
  if (rows->empty()) return c.error("missing header line");
  const auto& head = (*rows)[0];
  if (!c.charge(rows->size() * (1 + head.size()), s->size())) return c.spent();
  std::vector<ValuePtr> out;
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const auto& row = (*rows)[r];
    if (row.size() != head.size()) return c.error("record on line " + std::to_string(r + 1) + ": wrong number of fields");
    std::vector<MapEntry> e;
    for (std::size_t k = 0; k < head.size(); ++k) e.push_back(MapEntry{head[k], c.at, c.str(row[k])});
    out.push_back(c.map(std::move(e)));
  }
  return c.list(std::move(out));
}

// Text encodings: UTF-8, UTF-16 (LE / BE) and ISO-8859-1, by their IANA names.
std::string upper_name(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}
std::vector<unsigned> code_points(std::string_view s) {
  std::vector<unsigned> out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
    unsigned cp = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}
void put_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) out += static_cast<char>(cp);
  else if (cp < 0x800) out += static_cast<char>(0xC0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3F));
  else if (cp < 0x10000)
    out += static_cast<char>(0xE0 | (cp >> 12)), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
  else
    out += static_cast<char>(0xF0 | (cp >> 18)), out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
}

ValuePtr fn_textencodebase64(const Call& c) {
  auto s = as_string(*c.args[0]), enc = as_string(*c.args[1]);
  if (!s || !enc) return c.error("string required");
  std::string e = upper_name(*enc), out;
  if (e == "UTF-8" || e == "UTF8") out = *s;
  else if (e == "UTF-16LE" || e == "UTF-16BE") {
    bool le = e == "UTF-16LE";
    auto put16 = [&](unsigned u) {
      char a = static_cast<char>(u & 0xFF), b = static_cast<char>(u >> 8);
      out += le ? a : b;
      out += le ? b : a;
    };
    for (unsigned cp : code_points(*s)) {
      if (cp >= 0x10000) {
        cp -= 0x10000;
        put16(0xD800 | (cp >> 10));
        put16(0xDC00 | (cp & 0x3FF));
      } else {
        put16(cp);
      }
    }
  } else if (e == "ISO-8859-1" || e == "LATIN1") {
    for (unsigned cp : code_points(*s)) {
      if (cp > 0xFF) return c.error("the given string contains characters that cannot be represented in " + *enc);
      out += static_cast<char>(cp);
    }
  } else {
    return c.unknown("text encoding " + *enc + " is not evaluated");
  }
  return c.str(base64_encode(out));
}
ValuePtr fn_textdecodebase64(const Call& c) {
  auto s = as_string(*c.args[0]), enc = as_string(*c.args[1]);
  if (!s || !enc) return c.error("string required");
  auto bytes = base64_decode(*s);
  if (!bytes) return c.error("the given value has an invalid base64 encoding");
  std::string e = upper_name(*enc), out;
  if (e == "UTF-8" || e == "UTF8") {
    if (!valid_utf8(*bytes)) return c.unknown("invalid UTF-8 is not evaluated");
    out = *bytes;
  } else if (e == "UTF-16LE" || e == "UTF-16BE") {
    if (bytes->size() % 2) return c.unknown("odd UTF-16 length is not evaluated");
    bool le = e == "UTF-16LE";
    for (std::size_t i = 0; i < bytes->size(); i += 2) {
      unsigned a = static_cast<unsigned char>((*bytes)[i]), b = static_cast<unsigned char>((*bytes)[i + 1]);
      unsigned u = le ? a | (b << 8) : (a << 8) | b;
      if (u >= 0xD800 && u < 0xDC00 && i + 3 < bytes->size()) {
        unsigned a2 = static_cast<unsigned char>((*bytes)[i + 2]), b2 = static_cast<unsigned char>((*bytes)[i + 3]);
        unsigned l = le ? a2 | (b2 << 8) : (a2 << 8) | b2;
        u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
        i += 2;
      }
      put_utf8(out, u);
    }
  } else if (e == "ISO-8859-1" || e == "LATIN1") {
    for (unsigned char ch : *bytes) put_utf8(out, ch);
  } else {
    return c.unknown("text encoding " + *enc + " is not evaluated");
  }
  return c.str(std::move(out));
}

ValuePtr fn_not_reproduced(const Call& c) { return c.unknown("output format not reproduced statically"); }

}  // namespace

std::vector<Entry> encoding_functions() {
  return {
      {"base64decode", fn_base64decode, 1, 1},
      {"base64encode", fn_base64encode, 1, 1},
      {"base64gzip", fn_not_reproduced, 1, 1},
      {"csvdecode", fn_csvdecode, 1, 1},
      {"textdecodebase64", fn_textdecodebase64, 2, 2},
      {"textencodebase64", fn_textencodebase64, 2, 2},
      {"urlencode", fn_urlencode, 1, 1},
      {"yamldecode", fn_not_reproduced, 1, 1},
      {"yamlencode", fn_not_reproduced, 1, 1},
  };
}

}  // namespace seslint::resolve::tffn
