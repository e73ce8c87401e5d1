#include "policy/key_facts.h"

#include <initializer_list>

#include "policy/text.h"

// Sources: IAM User Guide, "AWS global condition context keys" (aws:PrincipalArn: "Do not
// specify the assumed role session ARN as a value for this condition key"; aws:SourceArn and
// aws:SourceAccount: present only when a service calls another service on behalf of a resource;
// aws:RequestedRegion: the Region the request is made to); SES Developer Guide, "Controlling
// access to Amazon SES" (ses:ApiVersion, ses:FromAddress, ses:FromDisplayName,
// ses:FeedbackAddress, ses:Recipients) and "Sending authorization policy examples" (the display
// name is present "if the email header provides it"); AWS General Reference, "AWS Regions".

namespace seslint::policy {

namespace {

using text::iequals;

constexpr std::string_view kGlobalKeysDoc = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html";
constexpr std::string_view kSesKeysDoc = "https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html";

const std::vector<KeyFacts>& table() {
  static const std::vector<KeyFacts> kFacts = {
      {"aws:PrincipalArn", KeyShape::PrincipalArn, Presence::Always, false,
       "the ARN of the principal that signed the request: an IAM user's ARN, for a role session the ARN of the "
       "role (arn:aws:iam::<account>:role/<path><name>, never the sts assumed-role session ARN), a federated "
       "user's arn:aws:sts::<account>:federated-user/<name>, or arn:aws:iam::<account>:root",
       "", "arn:<partition>:iam::<account>:user/<path><name>, arn:<partition>:iam::<account>:role/<path><name>, "
       "arn:<partition>:iam::<account>:root or arn:<partition>:sts::<account>:federated-user/<name>",
       kGlobalKeysDoc},
      {"aws:PrincipalAccount", KeyShape::AccountId, Presence::Always, false,
       "the 12-digit ID of the account the requesting principal belongs to", "", "a 12-digit account ID such as 111122223333",
       kGlobalKeysDoc},
      {"aws:ResourceAccount", KeyShape::AccountId, Presence::Always, false,
       "the 12-digit ID of the account that owns the resource", "", "a 12-digit account ID such as 111122223333",
       kGlobalKeysDoc},
      {"aws:SourceArn", KeyShape::ResourceArn, Presence::ServiceCalls, false,
       "the ARN of the resource on whose behalf an AWS service calls SES (a Cognito user pool, an SNS topic); set "
       "only for service-to-service calls",
       "every request a user or role makes itself, with its own credentials (an application, a Lambda function's "
       "role, an SMTP user)",
       "an ARN arn:<partition>:<service>:<region>:<account>:<resource>", kGlobalKeysDoc},
      {"aws:SourceAccount", KeyShape::AccountId, Presence::ServiceCalls, false,
       "the 12-digit account ID of the resource on whose behalf an AWS service calls SES; set only for "
       "service-to-service calls",
       "every request a user or role makes itself, with its own credentials (an application, a Lambda function's "
       "role, an SMTP user)",
       "a 12-digit account ID such as 111122223333", kGlobalKeysDoc},
      {"aws:SourceOrgID", KeyShape::Any, Presence::ServiceCalls, false,
       "the organization ID of the resource on whose behalf an AWS service calls; service-to-service calls only",
       "every request a user or role makes itself", "an organization ID such as o-a1b2c3d4e5", kGlobalKeysDoc},
      {"aws:SourceOrgPaths", KeyShape::Any, Presence::ServiceCalls, true,
       "the organization paths of the resource on whose behalf an AWS service calls; service-to-service calls only",
       "every request a user or role makes itself", "an organization path such as o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/",
       kGlobalKeysDoc},
      {"aws:RequestedRegion", KeyShape::Region, Presence::Always, false,
       "the Region the request is sent to: for SES the API or SMTP endpoint's Region (email.eu-west-1.amazonaws.com, "
       "email-smtp.eu-west-1.amazonaws.com give eu-west-1)",
       "", "a Region code in lower case such as us-east-1 or eu-west-1 (not an Availability Zone, a Region name or \"global\")",
       kGlobalKeysDoc},
      {"ses:ApiVersion", KeyShape::SesApiVersion, Presence::Always, false,
       "\"1\" for calls to the SES API v1 (2010-12-01: SendEmail, SendRawEmail, SendTemplatedEmail, "
       "SendBulkTemplatedEmail), \"2\" for calls to the SESv2 API (2019-09-27) and for mail sent through the SMTP "
       "interface",
       "", "\"1\" or \"2\"", kSesKeysDoc},
      {"ses:FromAddress", KeyShape::Any, Presence::Always, false,
       "the address of the message's From (v1 Source or the raw From header, v2 FromEmailAddress)", "",
       "an email address or a pattern such as *@example.com", kSesKeysDoc},
      {"ses:FromDisplayName", KeyShape::Any, Presence::WhenSet, false,
       "the display name of the From address (\"Marketing\" for \"Marketing <news@example.com>\"), only when the "
       "From header provides one",
       "sends whose From is a bare address (noreply@example.com) without a display name",
       "the display name text, e.g. Marketing", kSesKeysDoc},
      {"ses:FeedbackAddress", KeyShape::Any, Presence::WhenSet, false,
       "the Return-Path address where bounces and complaints go by email feedback forwarding",
       "sends that set no Return-Path (v1 ReturnPath, v2 FeedbackForwardingEmailAddress, or a Return-Path header); "
       "AWS documents the key as that address, so without one there is no value (inference)",
       "an email address or a pattern such as *@example.com", kSesKeysDoc},
      {"ses:Recipients", KeyShape::Any, Presence::Always, true,
       "every To, Cc and Bcc address of the message, as a set", "",
       "email addresses or patterns such as *@example.com, compared with ForAllValues:/ForAnyValue:", kSesKeysDoc},
      {"ses:TenantName", KeyShape::Any, Presence::WhenSet, false,
       "the SES tenant a SESv2 SendEmail or SendBulkEmail names (TenantName)", "sends that name no tenant",
       "a tenant name", "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html"},
      {"ses:MultiRegionEndpointId", KeyShape::Any, Presence::WhenSet, false,
       "the multi-Region endpoint a SESv2 SendEmail or SendBulkEmail is sent through (EndpointId)",
       "sends through a regional endpoint", "a multi-Region endpoint ID",
       "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html"},
  };
  return kFacts;
}

// Regions (AWS General Reference), for patterns with wildcards; a literal value is checked by
// shape instead, so a Region added later is not reported.
constexpr std::string_view kRegions[] = {
    "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2",      "af-south-1",     "ap-east-1",
    "ap-east-2",      "ap-south-1",     "ap-south-2",     "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ca-central-1",   "ca-west-1",      "eu-central-1",   "eu-central-2",   "eu-west-1",
    "eu-west-2",      "eu-west-3",      "eu-south-1",     "eu-south-2",     "eu-north-1",     "il-central-1",
    "me-south-1",     "me-central-1",   "mx-central-1",   "sa-east-1",      "us-gov-east-1",  "us-gov-west-1",
    "cn-north-1",     "cn-northwest-1", "eusc-de-east-1", "us-iso-east-1",  "us-iso-west-1",  "us-isob-east-1",
};

bool is_wild(char c) { return c == '*' || c == '?' || c == '$'; }
bool has_wild(std::string_view s) {
  for (char c : s)
    if (is_wild(c)) return true;
  return false;
}
std::string_view literal_prefix(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && !is_wild(s[i])) ++i;
  return s.substr(0, i);
}

// Glob with '*' and '?'; '$' (a policy variable) is taken as '*'.
bool glob(std::string_view p, std::string_view t) {
  std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  auto star_at = [&](std::size_t i) { return p[i] == '*' || p[i] == '$'; };
  while (ti < t.size()) {
    if (pi < p.size() && !star_at(pi) && (p[pi] == '?' || p[pi] == t[ti])) {
      ++pi;
      ++ti;
    } else if (pi < p.size() && star_at(pi)) {
      star = pi++;
      mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && star_at(pi)) ++pi;
  return pi == p.size();
}

// A segment (or its literal prefix, when it has wildcards) can still be one of `options`; an
// option ending in '/' is a prefix ("user/"), others are exact.
bool segment_may_be(std::string_view seg, std::initializer_list<std::string_view> options) {
  const bool wild = has_wild(seg);
  const std::string_view lit = literal_prefix(seg);
  for (std::string_view o : options) {
    const bool prefix_option = !o.empty() && o.back() == '/';
    if (!wild) {
      if (prefix_option ? seg.substr(0, o.size()) == o : seg == o) return true;
    } else if (lit.substr(0, std::min(lit.size(), o.size())) == o.substr(0, std::min(lit.size(), o.size()))) {
      return true;
    }
  }
  return false;
}

bool may_be_account(std::string_view seg) {
  std::size_t fixed = 0;
  bool star = false;
  for (char c : seg) {
    if (c == '*' || c == '$') {
      star = true;
    } else if (c == '?') {
      ++fixed;
    } else if (c >= '0' && c <= '9') {
      ++fixed;
    } else {
      return false;
    }
  }
  if (seg.find("${") != std::string_view::npos) return true;  // a variable may stand for anything
  return star ? fixed <= 12 : fixed == 12;
}

// The six colon-separated parts of an ARN pattern (the last keeps its colons); fewer when the
// text has fewer colons.
std::vector<std::string_view> arn_parts(std::string_view v) {
  std::vector<std::string_view> parts;
  while (parts.size() < 5) {
    std::size_t colon = v.find(':');
    if (colon == std::string_view::npos) break;
    parts.push_back(v.substr(0, colon));
    v.remove_prefix(colon + 1);
  }
  parts.push_back(v);
  return parts;
}

// How many leading parts are fixed in position: with a String operator '*' spans ':', so parts
// after the first wildcard may move; ArnLike/ArnEquals compare part by part.
std::size_t fixed_parts(const std::vector<std::string_view>& parts, bool arn_operator) {
  if (arn_operator && parts.size() == 6) return 6;
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (has_wild(parts[i])) return i + 1;  // this part's literal prefix is still fixed
  return parts.size();
}

std::optional<ImpossibleValue> check_principal_arn(std::string_view v, bool arn_operator) {
  const std::string expected(table()[0].expected);
  // No value AWS sets for aws:PrincipalArn is a role session ARN.
  if (auto at = v.find(":assumed-role/"); at != std::string_view::npos) {
    std::string suggestion;
    auto parts = arn_parts(v);
    std::string_view rest = v.substr(at + 14);
    std::string_view role = rest.substr(0, rest.find('/'));
    if (parts.size() == 6 && !role.empty() && !has_wild(role))
      suggestion = std::string(parts[0]) + ":" + std::string(parts[1]) + ":iam::" + std::string(parts[4]) + ":role/" +
                   std::string(role);
    return ImpossibleValue{"for a role session aws:PrincipalArn is the role's ARN (arn:aws:iam::<account>:role/<path><name>), "
                           "never the sts assumed-role session ARN",
                           expected, suggestion};
  }
  auto parts = arn_parts(v);
  const std::size_t fixed = fixed_parts(parts, arn_operator);
  auto bad = [&](std::string why) { return ImpossibleValue{std::move(why), expected, ""}; };
  if (parts.size() < 6 && !has_wild(v)) return bad("it is not an ARN");
  if (fixed >= 1 && !segment_may_be(parts[0], {"arn"})) return bad("it does not start with arn:");
  if (parts.size() < 6) return std::nullopt;
  if (fixed >= 2 && !segment_may_be(parts[1], {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e",
                                               "aws-iso-f", "aws-eusc"}))
    return bad("'" + std::string(parts[1]) + "' is not a partition");
  if (fixed >= 3 && !segment_may_be(parts[2], {"iam", "sts"}))
    return bad("a principal ARN names the service iam (users, roles, root) or sts (federated users), not '" +
               std::string(parts[2]) + "'");
  if (fixed >= 4 && !has_wild(parts[3]) && !parts[3].empty()) return bad("IAM and STS ARNs have no Region");
  if (fixed >= 5 && !may_be_account(parts[4])) return bad("'" + std::string(parts[4]) + "' is not a 12-digit account ID");
  if (fixed >= 6) {
    const bool sts = !has_wild(parts[2]) && parts[2] == "sts";
    const bool iam = !has_wild(parts[2]) && parts[2] == "iam";
    if (sts && !segment_may_be(parts[5], {"federated-user/"}))
      return bad("the only sts ARN aws:PrincipalArn takes is a federated user's (sts::<account>:federated-user/<name>)");
    if (iam && !segment_may_be(parts[5], {"root", "user/", "role/"}))
      return bad("'" + std::string(parts[5]) + "' is not a user, a role or root; groups, policies and instance "
                 "profiles never make requests");
    if (!sts && !iam && !segment_may_be(parts[5], {"root", "user/", "role/", "federated-user/"}))
      return bad("'" + std::string(parts[5]) + "' is not a user, a role, root or a federated user");
  }
  return std::nullopt;
}

std::optional<ImpossibleValue> check_resource_arn(std::string_view v, bool arn_operator, std::string_view expected) {
  auto parts = arn_parts(v);
  auto bad = [&](std::string why) { return ImpossibleValue{std::move(why), std::string(expected), ""}; };
  if (parts.size() < 6 && !has_wild(v)) {
    bool digits = v.size() == 12;
    for (char c : v) digits = digits && c >= '0' && c <= '9';
    if (digits) return ImpossibleValue{"it is an account ID, not an ARN", std::string(expected), ""};
    return bad("it is not an ARN");
  }
  const std::size_t fixed = fixed_parts(parts, arn_operator);
  if (fixed >= 1 && !segment_may_be(parts[0], {"arn"})) return bad("it does not start with arn:");
  if (parts.size() < 6) return std::nullopt;
  if (fixed >= 2 && !segment_may_be(parts[1], {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e",
                                               "aws-iso-f", "aws-eusc"}))
    return bad("'" + std::string(parts[1]) + "' is not a partition");
  if (fixed >= 5 && !parts[4].empty() && parts[4] != "aws" && !may_be_account(parts[4]))
    return bad("'" + std::string(parts[4]) + "' is not a 12-digit account ID");
  return std::nullopt;
}

std::optional<ImpossibleValue> check_account(std::string_view v, std::string_view expected) {
  if (may_be_account(v)) return std::nullopt;
  std::string suggestion;
  auto parts = arn_parts(v);
  if (parts.size() == 6 && parts[4].size() == 12 && may_be_account(parts[4])) suggestion = std::string(parts[4]);
  return ImpossibleValue{parts.size() == 6 ? "it is an ARN, not an account ID" : "it is not a 12-digit account ID",
                         std::string(expected), suggestion};
}

bool region_shaped(std::string_view v) {
  // <2-4 letters>(-<letters>)+-<digits>, all lower case: us-east-1, us-gov-west-1, eusc-de-east-1.
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= v.size(); ++i)
    if (i == v.size() || v[i] == '-') {
      parts.push_back(v.substr(start, i - start));
      start = i + 1;
    }
  if (parts.size() < 3) return false;
  auto letters = [](std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
      if (c < 'a' || c > 'z') return false;
    return true;
  };
  if (!letters(parts[0]) || parts[0].size() < 2 || parts[0].size() > 4) return false;
  for (std::size_t i = 1; i + 1 < parts.size(); ++i)
    if (!letters(parts[i])) return false;
  const auto& last = parts.back();
  if (last.empty() || last.size() > 2) return false;
  for (char c : last)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<ImpossibleValue> check_region(std::string_view v, bool ignore_case, std::string_view expected) {
  const std::string value = ignore_case ? text::to_lower(v) : std::string(v);
  if (value.find("${") != std::string::npos) return std::nullopt;
  if (has_wild(value)) {
    for (std::string_view r : kRegions)
      if (glob(value, r)) return std::nullopt;
    return ImpossibleValue{"the pattern matches no Region", std::string(expected), ""};
  }
  if (region_shaped(value)) return std::nullopt;
  std::string suggestion;
  const std::string lower = text::to_lower(value);
  if (region_shaped(lower)) {
    suggestion = lower;  // "EU-WEST-1": Region codes are lower case
  } else if (!lower.empty() && lower.back() >= 'a' && lower.back() <= 'z' && region_shaped(lower.substr(0, lower.size() - 1))) {
    suggestion = lower.substr(0, lower.size() - 1);  // "us-east-1a" is an Availability Zone
  }
  std::string why = "'" + std::string(v) + "' is not a Region code";
  if (!suggestion.empty() && suggestion != lower) why += " (an Availability Zone names its Region first)";
  else if (!suggestion.empty()) why += " (Region codes are lower case and StringEquals compares case-sensitively)";
  return ImpossibleValue{why, std::string(expected), suggestion};
}

std::optional<ImpossibleValue> check_api_version(std::string_view v, std::string_view expected) {
  if (v.find("${") != std::string_view::npos) return std::nullopt;
  if (glob(v, "1") || glob(v, "2")) return std::nullopt;
  std::string suggestion;
  if (v == "2019-09-27" || v == "v2" || v == "2.0" || v == "sesv2") suggestion = "2";
  if (v == "2010-12-01" || v == "v1" || v == "1.0") suggestion = "1";
  return ImpossibleValue{"SES sets ses:ApiVersion to \"1\" or \"2\" only", std::string(expected), suggestion};
}

}  // namespace

const KeyFacts* key_facts(std::string_view key) {
  for (const KeyFacts& f : table())
    if (iequals(f.key, key)) return &f;
  return nullptr;
}

const std::vector<KeyFacts>& all_key_facts() { return table(); }

std::optional<ImpossibleValue> impossible_value(std::string_view key, std::string_view raw, bool arn_operator,
                                                bool ignore_case) {
  const KeyFacts* f = key_facts(key);
  if (!f) return std::nullopt;
  // A policy variable may stand for anything (its key may hold ':'): take it as '*'.
  std::string normalized;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '$' && i + 1 < raw.size() && raw[i + 1] == '{') {
      std::size_t close = raw.find('}', i);
      if (close != std::string_view::npos) {
        normalized += '*';
        i = close;
        continue;
      }
    }
    normalized += raw[i];
  }
  // An empty value, or an empty partition, service or account inside an ARN, is far more often a
  // Terraform expression that fell back to "" (try(..., "")) than what the author wrote: unknown.
  if (normalized.empty()) return std::nullopt;
  if (f->shape == KeyShape::PrincipalArn || f->shape == KeyShape::ResourceArn) {
    auto parts = arn_parts(normalized);
    if (parts.size() == 6) {
      std::string rebuilt;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        const bool blank = parts[i].empty() && (i == 1 || i == 2 || i == 4);
        rebuilt += blank ? std::string("*") : std::string(parts[i]);
        if (i + 1 < parts.size()) rebuilt += ':';
      }
      normalized = rebuilt;
    }
  }
  const std::string_view value = normalized;
  switch (f->shape) {
    case KeyShape::PrincipalArn: {
      if (ignore_case) return std::nullopt;  // shape checks are case-sensitive
      return check_principal_arn(value, arn_operator);
    }
    case KeyShape::ResourceArn:
      if (ignore_case) return std::nullopt;
      return check_resource_arn(value, arn_operator, f->expected);
    case KeyShape::AccountId:
      if (arn_operator) return std::nullopt;
      return check_account(value, f->expected);
    case KeyShape::Region:
      if (arn_operator) return std::nullopt;
      return check_region(value, ignore_case, f->expected);
    case KeyShape::SesApiVersion:
      if (arn_operator) return std::nullopt;
      return check_api_version(value, f->expected);
    case KeyShape::Any:
      break;
  }
  return std::nullopt;
}

}  // namespace seslint::policy
