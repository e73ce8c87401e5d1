#include "policy/arn.h"

#include <vector>

#include "policy/match.h"

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
  auto arn = parse_arn(text);  // the marks stand in for unknown pieces, so segments split as usual
  if (!arn) return std::nullopt;
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
  a.partition = part(arn->partition);
  a.service = part(arn->service);
  a.region = part(arn->region);
  a.account = part(arn->account);
  a.resource = part(arn->resource);
  return a;
}

bool is_known_partition(std::string_view p) {
  return p == "aws" || p == "aws-cn" || p == "aws-us-gov" || p == "aws-iso" || p == "aws-iso-b" || p == "aws-iso-e" ||
         p == "aws-iso-f" || p == "aws-eusc";
}

}  // namespace seslint::policy
