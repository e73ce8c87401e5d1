// Region -> partition, shared by both resolvers for the location of SES resources.
#include <cctype>
#include <initializer_list>

#include "resolve/resolve.h"

namespace seslint::resolve {

namespace {

/// "<letters>(-<letters>)+-<digits>", the shape of every AWS Region name.
bool looks_like_region(std::string_view r) {
  std::size_t i = 0, groups = 0;
  while (true) {
    std::size_t b = i;
    while (i < r.size() && std::islower(static_cast<unsigned char>(r[i]))) ++i;
    if (i == b) break;
    ++groups;
    if (i >= r.size() || r[i] != '-') return false;
    ++i;
  }
  std::size_t digits = i;
  while (i < r.size() && std::isdigit(static_cast<unsigned char>(r[i]))) ++i;
  return groups >= 2 && i > digits && i == r.size();
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

std::string partition_of_region(std::string_view region) {
  if (!looks_like_region(region)) return "";
  // Prefixes of the non-commercial partitions (AWS SDK partitions.json region regexes).
  if (starts_with(region, "cn-")) return "aws-cn";
  if (starts_with(region, "us-gov-")) return "aws-us-gov";
  if (starts_with(region, "us-iso-")) return "aws-iso";
  if (starts_with(region, "us-isob-")) return "aws-iso-b";
  if (starts_with(region, "eu-isoe-")) return "aws-iso-e";
  if (starts_with(region, "us-isof-")) return "aws-iso-f";
  if (starts_with(region, "eusc-")) return "aws-eusc";
  // The commercial partition's Region prefixes; anything else (a new partition, a typo, a local
  // endpoint name) stays unknown rather than guessed.
  for (std::string_view p : {"us-", "eu-", "ap-", "sa-", "ca-", "me-", "af-", "il-", "mx-"})
    if (starts_with(region, p)) return "aws";
  return "";
}

}  // namespace seslint::resolve
