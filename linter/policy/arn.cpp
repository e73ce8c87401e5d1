#include "policy/arn.h"

#include <vector>

namespace seslint::policy {

namespace {

constexpr char kMark = '\x01';

}  // namespace

std::string PartialArn::display() const {
  return "arn:" + partition.text + ":" + service.text + ":" + region.text + ":" + account.text + ":" + resource.text;
}

bool PartialArn::fully_known() const {
  return partition.known && service.known && region.known && account.known && resource.known;
}

std::optional<PartialArn> parse_partial_arn(const model::Str& s) {
  std::string text;
  std::vector<std::string> unknowns;
  if (s.known) {
    text = s.text;
  } else if (!s.parts.empty()) {
    for (const auto& p : s.parts) {
      if (p.known) {
        text += p.text;
      } else {
        text += kMark;
        unknowns.push_back(p.text);
      }
    }
  } else {
    return std::nullopt;
  }
  std::vector<std::string> seg;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    auto pos = text.find(':', start);
    if (pos == std::string::npos) return std::nullopt;
    seg.push_back(text.substr(start, pos - start));
    start = pos + 1;
  }
  seg.push_back(text.substr(start));
  if (seg[0] != "arn") return std::nullopt;
  std::size_t next_unknown = 0;
  auto part = [&](const std::string& raw) {
    ArnPart p;
    for (char c : raw) {
      if (c == kMark) {
        p.known = false;
        p.text += "${" + (next_unknown < unknowns.size() ? unknowns[next_unknown] : std::string("?")) + "}";
        ++next_unknown;
      } else {
        p.text += c;
      }
    }
    return p;
  };
  PartialArn a;
  a.partition = part(seg[1]);
  a.service = part(seg[2]);
  a.region = part(seg[3]);
  a.account = part(seg[4]);
  a.resource = part(seg[5]);
  return a;
}

bool is_known_partition(std::string_view p) {
  return p == "aws" || p == "aws-cn" || p == "aws-us-gov" || p == "aws-iso" || p == "aws-iso-b" || p == "aws-iso-e" ||
         p == "aws-iso-f" || p == "aws-eusc";
}

}  // namespace seslint::policy
