// Random SES-focused IAM policies and requests for the differential test
// (tests/differential_test.cpp). Deterministic for a seed on every platform: the generator uses
// its own splitmix64 stream instead of the standard distributions, whose output is unspecified.
//   gen::Generator g(42);  gen::Case c = g.next();  std::string json = gen::case_json(c);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seslint::test::gen {

inline constexpr const char* kOwner = "111122223333";  ///< owns the SES identities
inline constexpr const char* kOther = "444455556666";  ///< a second account (delegate sender)

/// A condition-key value in the request context; `array` for multi-valued keys.
struct ContextValue {
  std::string key;
  std::vector<std::string> values;
  bool array = false;
};

struct Case {
  std::vector<std::string> identity;               ///< policy documents, JSON text
  bool has_boundary = false;
  std::vector<std::string> boundary;
  std::vector<std::vector<std::string>> scp_levels;  ///< root first
  std::string resource_policy;                     ///< "" = none
  std::string session_policy;                      ///< "" = none
  std::string action, resource, principal, principal_account, resource_account;
  std::vector<ContextValue> context;
};

inline std::string json_str(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[(ch >> 4) & 0xF];
          out += hex[ch & 0xF];
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

/// A string or, with more than one element (or `force_array`), a JSON array.
inline std::string json_one_or_many(const std::vector<std::string>& v, bool force_array = false) {
  if (v.size() == 1 && !force_array) return json_str(v[0]);
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + json_str(v[i]);
  return out + "]";
}

inline std::string json_list(const std::vector<std::string>& raw_items) {
  std::string out = "[";
  for (std::size_t i = 0; i < raw_items.size(); ++i) out += (i ? "," : "") + raw_items[i];
  return out + "]";
}

/// The case as the object tests/tools/iam-decide.mjs reads.
inline std::string case_json(const Case& c) {
  std::string out = "{\"identityPolicies\":" + json_list(c.identity);
  if (c.has_boundary) out += ",\"permissionBoundaries\":" + json_list(c.boundary);
  if (!c.scp_levels.empty()) {
    std::vector<std::string> levels;
    for (const auto& l : c.scp_levels) levels.push_back(json_list(l));
    out += ",\"scps\":" + json_list(levels);
  }
  if (!c.resource_policy.empty()) out += ",\"resourcePolicy\":" + c.resource_policy;
  if (!c.session_policy.empty()) out += ",\"sessionPolicy\":" + c.session_policy;
  out += ",\"action\":" + json_str(c.action) + ",\"resource\":" + json_str(c.resource) +
         ",\"principal\":" + json_str(c.principal) + ",\"resourceAccount\":" + json_str(c.resource_account) +
         ",\"context\":{";
  for (std::size_t i = 0; i < c.context.size(); ++i)
    out += (i ? "," : "") + json_str(c.context[i].key) + ":" + json_one_or_many(c.context[i].values, c.context[i].array);
  return out + "}}";
}

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull) {}

  Case next() {
    Case c;
    pick_request(c);
    int n_identity = static_cast<int>(below(3)) + (chance(85) ? 1 : 0);  // 0..3
    for (int i = 0; i < n_identity; ++i) c.identity.push_back(policy(Kind::Identity, c));
    if (chance(25)) {
      c.has_boundary = true;
      c.boundary.push_back(policy(Kind::Identity, c));
      if (chance(20)) c.boundary.push_back(policy(Kind::Identity, c));
    }
    if (chance(30)) {
      int levels = 1 + static_cast<int>(below(3));
      for (int l = 0; l < levels; ++l) c.scp_levels.push_back(scp_level(c));
    }
    if (c.action.rfind("ses:", 0) == 0 && c.resource.find(":identity/") != std::string::npos && chance(45))
      c.resource_policy = policy(Kind::Resource, c);
    // Session policies exist only for role sessions (AssumeRole's Policy parameter).
    if (c.principal.find(":assumed-role/") != std::string::npos && chance(45)) c.session_policy = policy(Kind::Identity, c);
    return c;
  }

 private:
  enum class Kind { Identity, Resource, Scp };

  std::uint64_t state_;

  std::uint64_t raw() {  // splitmix64
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return raw() % n; }
  bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }
  template <typename T>
  const T& one(const std::vector<T>& v) { return v[below(v.size())]; }

  static std::string ses_arn(std::string_view region, std::string_view account, std::string_view res) {
    return "arn:aws:ses:" + std::string(region) + ":" + std::string(account) + ":" + std::string(res);
  }

  // ---- request ---------------------------------------------------------------------------
  void pick_request(Case& c) {
    bool cross = chance(25);
    c.principal_account = cross ? kOther : kOwner;
    c.principal = "arn:aws:iam::" + c.principal_account + ":user/" + (cross ? "bob" : "alice");
    if (!cross && chance(25)) c.principal = "arn:aws:sts::" + c.principal_account + ":assumed-role/sender/s1";
    static const std::vector<std::string> regions = {"eu-west-1", "eu-west-1", "us-east-1", "eu-west-2"};
    std::string region = one(regions);
    int a = static_cast<int>(below(100));
    if (a < 62) {
      static const std::vector<std::string> send = {"ses:SendEmail", "ses:SendRawEmail", "ses:SendEmail",
                                                    "ses:SendRawEmail", "ses:SendTemplatedEmail",
                                                    "ses:SendBulkTemplatedEmail", "ses:SendBulkEmail"};
      c.action = one(send);
      static const std::vector<std::string> identities = {"identity/example.com", "identity/noreply@example.com",
                                                          "identity/other.org", "identity/a@other.org"};
      std::string res = one(identities);
      if (chance(12)) res = "configuration-set/cs1";
      if (c.action == "ses:SendTemplatedEmail" && chance(15)) res = "template/t1";
      c.resource = ses_arn(region, kOwner, res);
      c.resource_account = kOwner;
    } else if (a < 80) {
      static const std::vector<std::string> wildcard_only = {"ses:GetSendQuota", "ses:ListIdentities",
                                                             "ses:GetSendStatistics"};
      c.action = one(wildcard_only);
      c.resource = "*";
      c.resource_account = c.principal_account;
    } else if (a < 88) {
      c.action = "ses:GetIdentityVerificationAttributes";  // wildcard-only in SES v1
      c.resource = "*";
      c.resource_account = c.principal_account;
    } else if (a < 94) {
      c.action = "iam:PassRole";
      c.resource = "arn:aws:iam::" + c.principal_account + ":role/ses-sender";
      c.resource_account = c.principal_account;
    } else {
      c.action = "s3:GetObject";
      c.resource = "arn:aws:s3:::mail-bucket/templates/t1.html";
      c.resource_account = c.principal_account;
    }
    if (c.resource_account == c.principal_account && c.resource.rfind("arn:aws:ses:", 0) == 0 && cross)
      c.resource_account = kOwner;
    context(c, region);
  }

  void context(Case& c, const std::string& region) {
    auto add = [&](std::string key, std::vector<std::string> values, bool array = false) {
      c.context.push_back({std::move(key), std::move(values), array});
    };
    static const std::vector<std::string> from = {"noreply@example.com", "alerts@example.com", "x@other.org",
                                                  "NoReply@Example.com"};
    if (chance(70)) add("ses:FromAddress", {one(from)});
    if (chance(60)) {
      static const std::vector<std::string> rcpt = {"a@example.com", "b@example.com", "c@other.org",
                                                    "d@partner.net"};
      std::vector<std::string> r;
      std::size_t n = below(4);  // 0..3 recipients (0 = present but empty)
      for (std::size_t i = 0; i < n; ++i) r.push_back(one(rcpt));
      if (!r.empty()) add("ses:Recipients", r, true);
    }
    if (chance(50)) add("ses:ApiVersion", {chance(50) ? "2" : "1"});
    if (chance(60)) add("aws:SourceIp", {chance(50) ? "10.1.2.3" : "203.0.113.7"});
    if (chance(60)) add("aws:CurrentTime", {chance(50) ? "2024-06-01T12:00:00Z" : "2031-03-01T00:00:00Z"});
    if (chance(60)) add("aws:SecureTransport", {chance(70) ? "true" : "false"});
    if (chance(90)) add("aws:RequestedRegion", {chance(85) ? region : "ap-south-1"});
    // aws:PrincipalArn is the role's ARN for a role session (IAM global condition context keys).
    if (chance(80)) {
      std::string arn = c.principal;
      if (auto at = arn.find(":assumed-role/"); at != std::string::npos) {
        std::string role = arn.substr(at + 14, arn.find('/', at + 14) - at - 14);
        arn = "arn:aws:iam::" + c.principal_account + ":role/" + role;
      }
      add("aws:PrincipalArn", {arn});
    }
  }

  // ---- policies --------------------------------------------------------------------------
  std::string action_pattern() {
    static const std::vector<std::string> pool = {
        "ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail", "ses:SendBulkEmail",
        "ses:SendBulkTemplatedEmail", "ses:GetSendQuota", "ses:ListIdentities", "ses:Send*", "ses:*", "*",
        "SES:sendrawemail", "ses:Get*", "ses:Send?awEmail", "iam:PassRole", "s3:GetObject", "s3:*",
        "ses:GetIdentityVerificationAttributes", "ses:SendEmail", "ses:SendRawEmail", "ses:Send*"};
    return one(pool);
  }

  std::string resource_pattern(const Case& c) {
    static const std::vector<std::string> pool = {
        "arn:aws:ses:eu-west-1:111122223333:identity/example.com",
        "arn:aws:ses:eu-west-1:111122223333:identity/noreply@example.com",
        "arn:aws:ses:eu-west-1:111122223333:identity/*",
        "arn:aws:ses:eu-west-1:111122223333:identity/*@example.com",
        "arn:aws:ses:*:111122223333:identity/*",
        "arn:aws:ses:us-east-1:111122223333:identity/example.com",
        "arn:aws:ses:eu-west-1:444455556666:identity/example.com",
        "arn:aws-cn:ses:eu-west-1:111122223333:identity/example.com",
        "arn:aws:ses:eu-west-?:111122223333:identity/example.com",
        "arn:aws:ses:eu-west-1:1111222233??:identity/*",
        "arn:aws:ses:*:*:identity/other.org",
        "arn:aws:ses:eu-west-1:111122223333:identity/a@*.org",
        "arn:aws:ses:eu-west-1:111122223333:configuration-set/cs1",
        "arn:aws:ses:*:111122223333:configuration-set/*",
        "arn:aws:ses:eu-west-1:111122223333:template/t1",
        "arn:aws:ses:*:*:*",
        "arn:aws:ses:eu-west-1:111122223333:*",
        "arn:aws:iam::111122223333:role/ses-*",
        "arn:aws:s3:::mail-bucket/*",
        "*", "*", "*"};
    if (chance(15) && c.resource != "*") return c.resource;  // the exact requested ARN
    return one(pool);
  }

  std::string condition_block(const Case& c) {
    std::vector<std::string> parts;
    int n = 1 + (chance(25) ? 1 : 0);
    for (int i = 0; i < n; ++i) parts.push_back(one_condition(c));
    // Group by operator would be more canonical; IAM accepts one key per operator object, so
    // emit each as its own operator entry unless operators repeat (then merge into one object).
    std::string out = "{";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      bool dup = false;
      for (std::size_t j = 0; j < i; ++j)
        if (parts[j].substr(0, parts[j].find(':')) == parts[i].substr(0, parts[i].find(':'))) dup = true;
      if (dup) continue;  // a duplicate operator key would be invalid JSON for IAM
      out += (i ? "," : "") + parts[i];
    }
    return out + "}";
  }

  // One `"Operator":{"key":values}` entry.
  std::string one_condition(const Case&) {
    auto entry = [](std::string op, std::string key, std::vector<std::string> values, bool force = false) {
      return json_str(op) + ":{" + json_str(key) + ":" + json_one_or_many(values, force) + "}";
    };
    std::string ifx = chance(15) ? "IfExists" : "";
    switch (below(15)) {
      case 0: return entry("StringEquals" + ifx, "ses:FromAddress", {chance(50) ? "noreply@example.com" : "x@other.org"});
      case 1: return entry("StringLike" + ifx, "ses:FromAddress", {chance(60) ? "*@example.com" : "alerts@*"});
      case 2: return entry("StringNotEquals" + ifx, "ses:FromAddress", {"noreply@example.com", "alerts@example.com"});
      case 3: return entry("StringEqualsIgnoreCase", "ses:FromAddress", {"noreply@example.com"});
      case 4: return entry(chance(50) ? "ForAllValues:StringLike" : "ForAnyValue:StringLike", "ses:Recipients",
                           {"*@example.com"}, chance(50));
      case 5: return entry(chance(50) ? "ForAllValues:StringEquals" : "ForAnyValue:StringEquals", "ses:Recipients",
                           {"a@example.com", "c@other.org"});
      case 6: return entry(chance(70) ? "StringEquals" : "StringNotEquals", "ses:ApiVersion", {chance(50) ? "2" : "1"});
      case 7: return entry(chance(70) ? "IpAddress" : "NotIpAddress", "aws:SourceIp",
                           {chance(50) ? "10.0.0.0/8" : "198.51.100.0/24"});
      case 8: return entry(chance(60) ? "DateLessThan" : "DateGreaterThan", "aws:CurrentTime",
                           {"2030-01-01T00:00:00Z"});
      case 9: return entry("Bool" + ifx, "aws:SecureTransport", {chance(50) ? "true" : "false"});
      case 10: return entry(chance(50) ? "StringEquals" : "StringNotEquals", "aws:RequestedRegion",
                            {"eu-west-1", "eu-west-2"});
      case 11: {  // a multivalued key under a single-valued operator (no ForAnyValue/ForAllValues)
        static const std::vector<std::string> ops = {"StringLike", "StringEquals", "StringNotLike",
                                                     "StringLikeIfExists", "StringNotEqualsIfExists"};
        return entry(one(ops), "ses:Recipients", {chance(50) ? "*@example.com" : "a@example.com"});
      }
      case 12:
      case 13: {
        static const std::vector<std::string> arns = {
            "arn:aws:iam::111122223333:role/sender", "arn:aws:iam::111122223333:user/alice",
            "arn:aws:iam::*:role/*", "arn:aws:sts::111122223333:assumed-role/sender/*",
            "arn:aws:iam::444455556666:*"};
        return entry(chance(70) ? "ArnLike" : "ArnNotLike", "aws:PrincipalArn", {one(arns)});
      }
      default:
        return entry("Null", chance(50) ? "ses:FromAddress" : "aws:SourceIp", {chance(50) ? "true" : "false"});
    }
  }

  std::string principal_element() {
    static const std::vector<std::string> pool = {
        "\"*\"",
        "{\"AWS\":\"*\"}",
        "{\"AWS\":\"444455556666\"}",
        "{\"AWS\":\"arn:aws:iam::444455556666:root\"}",
        "{\"AWS\":\"arn:aws:iam::444455556666:user/bob\"}",
        "{\"AWS\":\"arn:aws:iam::444455556666:user/carol\"}",
        "{\"AWS\":\"111122223333\"}",
        "{\"AWS\":\"arn:aws:iam::111122223333:root\"}",
        "{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"}",
        "{\"AWS\":[\"arn:aws:iam::444455556666:user/bob\",\"111122223333\"]}",
        "{\"AWS\":[\"arn:aws:iam::111122223333:user/alice\",\"arn:aws:iam::444455556666:root\"]}",
        "{\"AWS\":\"arn:aws:iam::111122223333:role/sender\"}",
        "{\"AWS\":\"arn:aws:sts::111122223333:assumed-role/sender/s1\"}"};
    return one(pool);
  }

  std::string statement(Kind kind, const Case& c) {
    std::string st = "{";
    if (chance(30)) st += "\"Sid\":\"S" + std::to_string(below(100)) + "\",";
    bool deny = kind == Kind::Scp ? chance(30) : chance(18);
    st += std::string("\"Effect\":") + (deny ? "\"Deny\"" : "\"Allow\"");
    if (kind == Kind::Resource) st += std::string(chance(30) ? ",\"NotPrincipal\":" : ",\"Principal\":") + principal_element();
    // Action / NotAction, one value or a list.
    std::vector<std::string> acts;
    std::size_t na = 1 + below(3) / 2;
    for (std::size_t i = 0; i < na; ++i) acts.push_back(chance(30) ? c.action : action_pattern());
    bool not_action = chance(12);
    st += std::string(",\"") + (not_action ? "NotAction" : "Action") + "\":" + json_one_or_many(acts);
    // Resource / NotResource.
    std::vector<std::string> res;
    std::size_t nr = 1 + below(3) / 2;
    for (std::size_t i = 0; i < nr; ++i) {
      if (kind == Kind::Resource)
        res.push_back(chance(50) ? c.resource : one(std::vector<std::string>{
            "arn:aws:ses:eu-west-1:111122223333:identity/example.com",
            "arn:aws:ses:eu-west-1:111122223333:identity/*", "arn:aws:ses:*:111122223333:identity/*",
            "arn:aws:ses:eu-west-1:111122223333:identity/noreply@example.com"}));
      else
        res.push_back(resource_pattern(c));
    }
    bool not_resource = kind != Kind::Resource && chance(10);
    st += std::string(",\"") + (not_resource ? "NotResource" : "Resource") + "\":" + json_one_or_many(res);
    if (chance(kind == Kind::Scp ? 20 : 35)) st += ",\"Condition\":" + condition_block(c);
    return st + "}";
  }

  std::string policy(Kind kind, const Case& c) {
    std::string out = "{\"Version\":\"2012-10-17\",\"Statement\":[";
    std::size_t n = 1 + below(3);
    for (std::size_t i = 0; i < n; ++i) out += (i ? "," : "") + statement(kind, c);
    return out + "]}";
  }

  std::vector<std::string> scp_level(const Case& c) {
    static const std::string full = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
    static const std::string region_deny = R"({"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideEU","Effect":"Deny","NotAction":["iam:*","organizations:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-west-2"]}}}]})";
    static const std::string ses_only = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ses:*","iam:PassRole"],"Resource":"*"}]})";
    std::vector<std::string> level;
    int k = static_cast<int>(below(100));
    if (k < 55) level.push_back(full);
    else if (k < 70) level.push_back(ses_only);
    if (chance(35)) level.push_back(region_deny);
    if (level.empty() || chance(25)) level.push_back(policy(Kind::Scp, c));
    return level;
  }
};

}  // namespace seslint::test::gen
