#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <vector>

#include "policy/conditions.h"

using namespace seslint::policy;
using seslint::model::Condition;
using seslint::model::Statement;
using seslint::model::Str;

namespace {

Str known(std::string v) { return Str{true, std::move(v), {}, ""}; }
Str unresolved(std::string what) { return Str{false, std::move(what), {}, ""}; }

Condition cond(std::string op, std::string key, std::initializer_list<std::string> values) {
  Condition c;
  c.op = std::move(op);
  c.key = std::move(key);
  for (const auto& v : values) c.values.push_back(known(v));
  return c;
}

Tri eval(const std::string& op, const std::string& key, std::initializer_list<std::string> values,
         const RequestContext& ctx) {
  return evaluate_condition(cond(op, key, values), ctx);
}

RequestContext with(std::string key, std::vector<std::string> values) {
  RequestContext ctx;
  ctx.set(std::move(key), std::move(values));
  return ctx;
}

const char* name(Tri t) { return t == Tri::Yes ? "Yes" : t == Tri::No ? "No" : "Unknown"; }

struct Row {
  std::string op;
  std::vector<std::string> values;
  Tri expected;
};

// Runs each row against one context key.
void run(const std::string& key, const RequestContext& ctx, const std::vector<Row>& rows) {
  for (const Row& r : rows) {
    Condition c;
    c.op = r.op;
    c.key = key;
    for (const auto& v : r.values) c.values.push_back(known(v));
    std::string joined;
    for (const auto& v : r.values) joined += "[" + v + "]";
    INFO(r.op << " " << key << " " << joined);
    CHECK(std::string(name(evaluate_condition(c, ctx))) == name(r.expected));
  }
}

}  // namespace

TEST_CASE("string operators compare exactly, ignoring case, or by glob", "[policy][conditions]") {
  auto ctx = with("ses:FromAddress", {"noreply@example.com"});
  run("ses:FromAddress", ctx,
      {
          {"StringEquals", {"noreply@example.com"}, Tri::Yes},
          {"StringEquals", {"NoReply@example.com"}, Tri::No},
          {"StringEquals", {"other@example.com", "noreply@example.com"}, Tri::Yes},
          {"StringEquals", {"*@example.com"}, Tri::No},  // no wildcards in Equals
          {"StringNotEquals", {"noreply@example.com"}, Tri::No},
          {"StringNotEquals", {"other@example.com"}, Tri::Yes},
          {"StringNotEquals", {"a@example.com", "noreply@example.com"}, Tri::No},
          {"StringNotEquals", {"a@example.com", "b@example.com"}, Tri::Yes},
          {"StringEqualsIgnoreCase", {"NOREPLY@Example.COM"}, Tri::Yes},
          {"StringEqualsIgnoreCase", {"x@example.com"}, Tri::No},
          {"StringNotEqualsIgnoreCase", {"NOREPLY@EXAMPLE.COM"}, Tri::No},
          {"StringNotEqualsIgnoreCase", {"x@example.com"}, Tri::Yes},
          {"StringLike", {"*@example.com"}, Tri::Yes},
          {"StringLike", {"*@EXAMPLE.com"}, Tri::No},  // case-sensitive
          {"StringLike", {"noreply@example.co?"}, Tri::Yes},
          {"StringLike", {"noreply@example.c?"}, Tri::No},
          {"StringLike", {"*@other.com", "noreply@*"}, Tri::Yes},
          {"StringNotLike", {"*@example.com"}, Tri::No},
          {"StringNotLike", {"*@other.com"}, Tri::Yes},
          {"StringNotLike", {"*@other.com", "noreply*"}, Tri::No},
          {"StringLike", {}, Tri::No},
          {"StringNotLike", {}, Tri::Yes},
      });
}

TEST_CASE("operator names and key names are case-insensitive", "[policy][conditions]") {
  auto ctx = with("ses:FromAddress", {"a@example.com"});
  CHECK(eval("stringequals", "SES:fromaddress", {"a@example.com"}, ctx) == Tri::Yes);
  CHECK(eval("STRINGLIKEIFEXISTS", "ses:FromAddress", {"a@*"}, ctx) == Tri::Yes);
  CHECK(eval("forallvalues:stringlike", "ses:FromAddress", {"a@*"}, ctx) == Tri::Yes);
  CHECK(is_known_operator("stringEquals"));
}

TEST_CASE("is_known_operator accepts documented operators with prefixes and IfExists", "[policy][conditions]") {
  for (const char* op :
       {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
        "StringNotLike", "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike", "NumericEquals", "NumericNotEquals",
        "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
        "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool",
        "BinaryEquals", "IpAddress", "NotIpAddress", "Null", "StringLikeIfExists", "ForAllValues:StringEquals",
        "ForAnyValue:StringLikeIfExists", "ForAllValues:ArnLike", "BoolIfExists", "NotIpAddressIfExists"}) {
    INFO(op);
    CHECK(is_known_operator(op));
  }
  for (const char* op : {"", "StringEqual", "StringMatches", "NullIfExists", "ForAllValues:Null", "IfExists",
                         "ForAllValues:", "ForSomeValues:StringEquals", "StringEquals IfExists", "BinaryNotEquals"}) {
    INFO(op);
    CHECK_FALSE(is_known_operator(op));
  }
}

TEST_CASE("an unknown operator gives Unknown with a reason", "[policy][conditions]") {
  auto ctx = with("ses:FromAddress", {"a@example.com"});
  std::string why;
  CHECK(evaluate_condition(cond("StringMatches", "ses:FromAddress", {"a@example.com"}), ctx, &why) == Tri::Unknown);
  CHECK(why.find("StringMatches") != std::string::npos);
}

TEST_CASE("missing keys: positive operators false, negated true, IfExists true", "[policy][conditions]") {
  RequestContext ctx;  // nothing set: every key is missing
  run("ses:FromAddress", ctx,
      {
          {"StringEquals", {"a"}, Tri::No},
          {"StringLike", {"*"}, Tri::No},
          {"StringEqualsIgnoreCase", {"a"}, Tri::No},
          {"StringNotEquals", {"a"}, Tri::Yes},
          {"StringNotEqualsIgnoreCase", {"a"}, Tri::Yes},
          {"StringNotLike", {"*"}, Tri::Yes},
          {"ArnLike", {"arn:*"}, Tri::No},
          {"ArnEquals", {"arn:aws:ses:*:*:*"}, Tri::No},
          {"ArnNotEquals", {"arn:aws:ses:*:*:*"}, Tri::Yes},
          {"ArnNotLike", {"arn:*"}, Tri::Yes},
          {"NumericEquals", {"1"}, Tri::No},
          {"NumericNotEquals", {"1"}, Tri::Yes},
          {"NumericLessThan", {"1"}, Tri::No},
          {"DateNotEquals", {"2020-01-01"}, Tri::Yes},
          {"DateGreaterThan", {"2020-01-01"}, Tri::No},
          {"Bool", {"true"}, Tri::No},
          {"Bool", {"false"}, Tri::No},
          {"BinaryEquals", {"QUJD"}, Tri::No},
          {"IpAddress", {"0.0.0.0/0"}, Tri::No},
          {"NotIpAddress", {"10.0.0.0/8"}, Tri::Yes},
          {"StringEqualsIfExists", {"a"}, Tri::Yes},
          {"StringNotEqualsIfExists", {"a"}, Tri::Yes},
          {"BoolIfExists", {"false"}, Tri::Yes},
          {"IpAddressIfExists", {"10.0.0.0/8"}, Tri::Yes},
          {"ForAllValues:StringEquals", {"a"}, Tri::Yes},
          {"ForAllValues:StringNotEquals", {"a"}, Tri::Yes},
          {"ForAnyValue:StringEquals", {"a"}, Tri::No},
          {"ForAnyValue:StringNotLike", {"a"}, Tri::No},
          {"ForAnyValue:StringEqualsIfExists", {"a"}, Tri::Yes},
          {"Null", {"true"}, Tri::Yes},
          {"Null", {"false"}, Tri::No},
      });
}

TEST_CASE("IfExists on a present key behaves like the plain operator", "[policy][conditions]") {
  auto ctx = with("aws:SecureTransport", {"false"});
  run("aws:SecureTransport", ctx,
      {
          {"BoolIfExists", {"true"}, Tri::No},
          {"BoolIfExists", {"false"}, Tri::Yes},
          {"Bool", {"FALSE"}, Tri::Yes},
          {"Bool", {"true"}, Tri::No},
          {"Bool", {"true", "false"}, Tri::Yes},
      });
}

TEST_CASE("set operators over multivalued keys", "[policy][conditions]") {
  auto two = with("ses:Recipients", {"a@example.com", "b@other.com"});
  run("ses:Recipients", two,
      {
          {"ForAllValues:StringLike", {"*@example.com"}, Tri::No},
          {"ForAllValues:StringLike", {"*@example.com", "*@other.com"}, Tri::Yes},
          {"ForAnyValue:StringLike", {"*@example.com"}, Tri::Yes},
          {"ForAnyValue:StringLike", {"*@third.com"}, Tri::No},
          {"ForAllValues:StringNotLike", {"*@third.com"}, Tri::Yes},
          {"ForAllValues:StringNotLike", {"*@other.com"}, Tri::No},
          {"ForAnyValue:StringNotLike", {"*@other.com"}, Tri::Yes},
          {"ForAnyValue:StringNotLike", {"*@other.com", "*@example.com"}, Tri::No},
          {"ForAllValues:StringEquals", {"a@example.com", "b@other.com", "c@x.com"}, Tri::Yes},
          // Without a set operator a multivalued key never matches, negated and IfExists
          // operators included ("Multivalued context keys require a condition set operator",
          // IAM User Guide; the reference simulator agrees).
          {"StringEquals", {"b@other.com"}, Tri::No},
          {"StringNotEquals", {"b@other.com"}, Tri::No},
          {"StringNotEquals", {"c@x.com"}, Tri::No},
          {"StringLikeIfExists", {"a@*"}, Tri::No},
      });

  auto empty = with("ses:Recipients", {});
  run("ses:Recipients", empty,
      {
          {"ForAllValues:StringLike", {"*@example.com"}, Tri::Yes},
          {"ForAnyValue:StringLike", {"*"}, Tri::No},
          {"StringEquals", {"a"}, Tri::No},
          {"StringNotEquals", {"a"}, Tri::Yes},
          {"Null", {"true"}, Tri::Yes},
          {"Null", {"false"}, Tri::No},
      });
}

TEST_CASE("Null tests presence", "[policy][conditions]") {
  auto ctx = with("aws:TokenIssueTime", {"2024-01-01T00:00:00Z"});
  run("aws:TokenIssueTime", ctx,
      {
          {"Null", {"true"}, Tri::No},
          {"Null", {"false"}, Tri::Yes},
          {"Null", {"FALSE"}, Tri::Yes},
          {"Null", {"true", "false"}, Tri::Yes},
          {"Null", {"maybe"}, Tri::No},
      });
  RequestContext unknown;
  unknown.set_unknown("aws:TokenIssueTime");
  CHECK(eval("Null", "aws:TokenIssueTime", {"true"}, unknown) == Tri::Unknown);
  CHECK(eval("Null", "aws:TokenIssueTime", {"false"}, unknown) == Tri::Unknown);

  Condition c = cond("Null", "aws:TokenIssueTime", {"false"});
  c.values.push_back(unresolved("var.flag"));
  CHECK(evaluate_condition(c, ctx) == Tri::Yes);  // a known value already decides the OR
  Condition d = cond("Null", "aws:TokenIssueTime", {"true"});
  d.values.push_back(unresolved("var.flag"));
  std::string why;
  CHECK(evaluate_condition(d, ctx, &why) == Tri::Unknown);
  CHECK(why == "value var.flag is not resolved");
}

TEST_CASE("unknown context keys give Unknown for every operator", "[policy][conditions]") {
  RequestContext ctx;
  ctx.set_unknown("aws:SourceIp");
  std::string why;
  CHECK(evaluate_condition(cond("IpAddress", "aws:SourceIp", {"10.0.0.0/8"}), ctx, &why) == Tri::Unknown);
  CHECK(why == "aws:SourceIp is not known statically");
  for (const char* op : {"NotIpAddress", "IpAddressIfExists", "ForAllValues:IpAddress", "ForAnyValue:IpAddress",
                         "StringEquals", "StringNotEquals"}) {
    INFO(op);
    CHECK(eval(op, "aws:SourceIp", {"10.0.0.0/8"}, ctx) == Tri::Unknown);
  }
  RequestContext all_unknown;
  all_unknown.set_default_unknown(true);
  CHECK(eval("StringEquals", "ses:FromAddress", {"a"}, all_unknown) == Tri::Unknown);
}

TEST_CASE("unresolved policy values give Unknown unless the OR is already decided", "[policy][conditions]") {
  auto ctx = with("ses:FromAddress", {"a@example.com"});
  auto mk = [](const std::string& op, std::initializer_list<std::string> vals) {
    Condition c = cond(op, "ses:FromAddress", vals);
    c.values.push_back(unresolved("var.sender"));
    return c;
  };
  std::string why;
  CHECK(evaluate_condition(mk("StringEquals", {}), ctx, &why) == Tri::Unknown);
  CHECK(why == "value var.sender is not resolved");
  CHECK(evaluate_condition(mk("StringEquals", {"a@example.com"}), ctx) == Tri::Yes);
  CHECK(evaluate_condition(mk("StringEquals", {"b@example.com"}), ctx) == Tri::Unknown);
  // Negated: one known value that matches makes "matches none" false regardless.
  CHECK(evaluate_condition(mk("StringNotEquals", {"a@example.com"}), ctx) == Tri::No);
  CHECK(evaluate_condition(mk("StringNotEquals", {"b@example.com"}), ctx) == Tri::Unknown);
  // Missing key: the outcome does not depend on the value.
  RequestContext none;
  CHECK(evaluate_condition(mk("StringEquals", {}), none) == Tri::No);
  CHECK(evaluate_condition(mk("StringNotEquals", {}), none) == Tri::Yes);
  // ForAllValues: one request value failing decides No.
  auto two = with("ses:Recipients", {"a@example.com", "b@other.com"});
  Condition all = cond("ForAllValues:StringLike", "ses:Recipients", {"*@example.com"});
  all.values.push_back(unresolved("var.allowed"));
  CHECK(evaluate_condition(all, two) == Tri::Unknown);
  Condition any = cond("ForAnyValue:StringLike", "ses:Recipients", {"*@example.com"});
  any.values.push_back(unresolved("var.allowed"));
  CHECK(evaluate_condition(any, two) == Tri::Yes);
}

TEST_CASE("ARN operators match segment-wise and case-sensitively", "[policy][conditions]") {
  auto ctx = with("aws:SourceArn", {"arn:aws:ses:eu-west-1:111122223333:identity/example.com"});
  run("aws:SourceArn", ctx,
      {
          {"ArnEquals", {"arn:aws:ses:eu-west-1:111122223333:identity/example.com"}, Tri::Yes},
          {"ArnEquals", {"arn:aws:ses:*:111122223333:identity/*"}, Tri::Yes},
          {"ArnLike", {"arn:aws:ses:*:*:identity/*"}, Tri::Yes},
          {"ArnLike", {"arn:aws:ses:us-*:*:identity/*"}, Tri::No},
          {"ArnLike", {"arn:aws:ses:eu-west-?:*:*"}, Tri::Yes},
          {"ArnLike", {"arn:aws:SES:*:*:*"}, Tri::No},
          {"ArnLike", {"arn:aws:ses:*:*:identity/Example.com"}, Tri::No},
          {"ArnLike", {"*"}, Tri::Yes},
          {"ArnLike", {"arn:aws:s3:::*", "arn:aws:ses:*:*:*"}, Tri::Yes},
          {"ArnNotLike", {"arn:aws:ses:*:*:*"}, Tri::No},
          {"ArnNotLike", {"arn:aws:s3:::*"}, Tri::Yes},
          {"ArnNotEquals", {"arn:aws:s3:::*", "arn:aws:ses:eu-west-1:111122223333:identity/example.com"}, Tri::No},
          {"ArnNotEquals", {"arn:aws:s3:::a", "arn:aws:s3:::b"}, Tri::Yes},
          // '*' in the region segment does not span colons.
          {"ArnLike", {"arn:aws:ses:*:*:example.com"}, Tri::No},
          // A pattern without six parts falls back to a whole-string glob, as arn_matches does.
          {"ArnLike", {"arn:aws:ses:*:identity/example.com"}, Tri::Yes},
      });
}

TEST_CASE("numeric operators", "[policy][conditions]") {
  auto ctx = with("aws:MultiFactorAuthAge", {"3600"});
  run("aws:MultiFactorAuthAge", ctx,
      {
          {"NumericEquals", {"3600"}, Tri::Yes},
          {"NumericEquals", {"3600.0"}, Tri::Yes},
          {"NumericEquals", {"3601"}, Tri::No},
          {"NumericNotEquals", {"3601"}, Tri::Yes},
          {"NumericNotEquals", {"1", "3600"}, Tri::No},
          {"NumericLessThan", {"3600"}, Tri::No},
          {"NumericLessThan", {"3601"}, Tri::Yes},
          {"NumericLessThanEquals", {"3600"}, Tri::Yes},
          {"NumericGreaterThan", {"3599.5"}, Tri::Yes},
          {"NumericGreaterThan", {"3600"}, Tri::No},
          {"NumericGreaterThanEquals", {"3600"}, Tri::Yes},
          {"NumericGreaterThanEquals", {"-1"}, Tri::Yes},
          {"NumericLessThan", {"abc"}, Tri::Unknown},
          {"NumericLessThan", {"abc", "4000"}, Tri::Yes},
      });
  auto bad = with("aws:MultiFactorAuthAge", {"not-a-number"});
  CHECK(eval("NumericEquals", "aws:MultiFactorAuthAge", {"1"}, bad) == Tri::No);
}

TEST_CASE("date operators accept ISO 8601 and epoch seconds", "[policy][conditions]") {
  auto ctx = with("aws:CurrentTime", {"2024-06-15T12:00:00Z"});
  run("aws:CurrentTime", ctx,
      {
          {"DateEquals", {"2024-06-15T12:00:00Z"}, Tri::Yes},
          {"DateEquals", {"2024-06-15T14:00:00+02:00"}, Tri::Yes},
          {"DateEquals", {"2024-06-15T07:00:00-0500"}, Tri::Yes},
          {"DateEquals", {"1718452800"}, Tri::Yes},
          {"DateEquals", {"2024-06-15T12:00Z"}, Tri::Yes},
          {"DateEquals", {"2024-06-15T12:00:00.000Z"}, Tri::Yes},
          {"DateEquals", {"2024-06-15"}, Tri::No},
          {"DateNotEquals", {"2024-06-15"}, Tri::Yes},
          {"DateGreaterThan", {"2024-06-15"}, Tri::Yes},
          {"DateGreaterThanEquals", {"2024-06-15T12:00:00Z"}, Tri::Yes},
          {"DateGreaterThan", {"2024-06-15T12:00:00Z"}, Tri::No},
          {"DateLessThan", {"2025-01-01T00:00:00Z"}, Tri::Yes},
          {"DateLessThan", {"2024-06-15T12:00:00.5Z"}, Tri::Yes},
          {"DateLessThanEquals", {"2024-06-15T11:59:59Z"}, Tri::No},
          {"DateLessThan", {"2024-02-30"}, Tri::Unknown},  // not a date
          {"DateLessThan", {"yesterday"}, Tri::Unknown},
      });
  // Leap years and epoch on the request side.
  auto epoch = with("aws:EpochTime", {"951782400"});  // 2000-02-29T00:00:00Z
  run("aws:EpochTime", epoch,
      {
          {"DateEquals", {"2000-02-29T00:00:00Z"}, Tri::Yes},
          {"DateEquals", {"2000-02-29"}, Tri::Yes},
          {"DateLessThan", {"2000-03-01"}, Tri::Yes},
          {"DateGreaterThan", {"1970-01-01T00:00:00Z"}, Tri::Yes},
      });
}

TEST_CASE("IP address operators with IPv4 and IPv6 CIDR blocks", "[policy][conditions]") {
  auto v4 = with("aws:SourceIp", {"203.0.113.77"});
  run("aws:SourceIp", v4,
      {
          {"IpAddress", {"203.0.113.0/24"}, Tri::Yes},
          {"IpAddress", {"203.0.113.77"}, Tri::Yes},
          {"IpAddress", {"203.0.113.77/32"}, Tri::Yes},
          {"IpAddress", {"203.0.113.76/32"}, Tri::No},
          {"IpAddress", {"203.0.113.64/26"}, Tri::Yes},
          {"IpAddress", {"203.0.113.0/26"}, Tri::No},
          {"IpAddress", {"203.0.112.0/23"}, Tri::Yes},
          {"IpAddress", {"0.0.0.0/0"}, Tri::Yes},
          {"IpAddress", {"10.0.0.0/8", "203.0.113.0/24"}, Tri::Yes},
          {"IpAddress", {"2001:db8::/32"}, Tri::No},  // other family
          {"NotIpAddress", {"10.0.0.0/8"}, Tri::Yes},
          {"NotIpAddress", {"10.0.0.0/8", "203.0.113.0/24"}, Tri::No},
          {"IpAddress", {"203.0.113.0/33"}, Tri::Unknown},
          {"IpAddress", {"256.0.0.0/8"}, Tri::Unknown},
          {"IpAddress", {"203.0.113"}, Tri::Unknown},
      });
  auto v6 = with("aws:SourceIp", {"2001:DB8:0:0:8:800:200C:417A"});
  run("aws:SourceIp", v6,
      {
          {"IpAddress", {"2001:db8::/32"}, Tri::Yes},
          {"IpAddress", {"2001:db8::8:800:200c:417a/128"}, Tri::Yes},
          {"IpAddress", {"2001:db8::8:800:200c:417b/128"}, Tri::No},
          {"IpAddress", {"2001:db8::/127"}, Tri::No},
          {"IpAddress", {"2001:db9::/32"}, Tri::No},
          {"IpAddress", {"2001:db8::/31"}, Tri::Yes},
          {"IpAddress", {"::/0"}, Tri::Yes},
          {"IpAddress", {"0.0.0.0/0"}, Tri::No},
          {"NotIpAddress", {"2001:db8::/32"}, Tri::No},
          {"IpAddress", {"2001:db8::/129"}, Tri::Unknown},
          {"IpAddress", {"2001:db8:::1/64"}, Tri::Unknown},
      });
  auto mapped = with("aws:SourceIp", {"::ffff:192.0.2.1"});
  CHECK(eval("IpAddress", "aws:SourceIp", {"::ffff:192.0.2.0/120"}, mapped) == Tri::Yes);
  auto loopback = with("aws:SourceIp", {"::1"});
  CHECK(eval("IpAddress", "aws:SourceIp", {"::1/128"}, loopback) == Tri::Yes);
  CHECK(eval("IpAddress", "aws:SourceIp", {"::/127"}, loopback) == Tri::Yes);
  CHECK(eval("IpAddress", "aws:SourceIp", {"::/128"}, loopback) == Tri::No);
  auto garbage = with("aws:SourceIp", {"not an ip"});
  CHECK(eval("IpAddress", "aws:SourceIp", {"0.0.0.0/0"}, garbage) == Tri::No);
}

TEST_CASE("BinaryEquals compares base64 content", "[policy][conditions]") {
  auto ctx = with("test:Blob", {"QUJDRA=="});
  CHECK(eval("BinaryEquals", "test:Blob", {"QUJDRA=="}, ctx) == Tri::Yes);
  CHECK(eval("BinaryEquals", "test:Blob", {"QUJDRA"}, ctx) == Tri::Yes);  // padding optional
  CHECK(eval("BinaryEquals", "test:Blob", {"QUJDRQ=="}, ctx) == Tri::No);
  CHECK(eval("BinaryEquals", "test:Blob", {"x", "QUJDRA=="}, ctx) == Tri::Yes);
  // Invalid base64 falls back to comparing the text as written.
  auto bad = with("test:Blob", {"x"});
  CHECK(eval("BinaryEquals", "test:Blob", {"y"}, bad) == Tri::No);
  CHECK(eval("BinaryEquals", "test:Blob", {"x"}, bad) == Tri::Yes);
  auto odd = with("test:Blob", {"QUJDRB=="});  // trailing bits set: not canonical
  CHECK(eval("BinaryEquals", "test:Blob", {"QUJDRA=="}, odd) == Tri::No);
}

TEST_CASE("policy variables are substituted in string and ARN values", "[policy][conditions]") {
  RequestContext ctx;
  ctx.set("aws:username", {"alice"});
  ctx.set("aws:PrincipalTag/team", {"mail"});
  ctx.set("ses:FromAddress", {"alice@example.com"});
  ctx.set("aws:PrincipalArn", {"arn:aws:iam::111122223333:user/alice"});
  ctx.set("test:Literal", {"a*b?c$"});
  ctx.set_unknown("aws:userid");
  ctx.set("aws:PrincipalTag/many", {"x", "y"});

  CHECK(eval("StringEquals", "ses:FromAddress", {"${aws:username}@example.com"}, ctx) == Tri::Yes);
  CHECK(eval("StringEquals", "ses:FromAddress", {"${AWS:UserName}@example.com"}, ctx) == Tri::Yes);
  CHECK(eval("StringLike", "ses:FromAddress", {"${aws:username}@*"}, ctx) == Tri::Yes);
  CHECK(eval("StringLike", "ses:FromAddress", {"${aws:PrincipalTag/team}@*"}, ctx) == Tri::No);
  CHECK(eval("StringNotLike", "ses:FromAddress", {"${aws:username}@*"}, ctx) == Tri::No);
  CHECK(eval("ArnEquals", "aws:PrincipalArn", {"arn:aws:iam::*:user/${aws:username}"}, ctx) == Tri::Yes);
  CHECK(eval("ArnLike", "aws:PrincipalArn", {"arn:aws:iam::*:user/${aws:PrincipalTag/team}"}, ctx) == Tri::No);

  // Escapes: ${*}, ${?}, ${$} are literal characters, not wildcards.
  CHECK(eval("StringLike", "test:Literal", {"a${*}b${?}c${$}"}, ctx) == Tri::Yes);
  CHECK(eval("StringEquals", "test:Literal", {"a${*}b${?}c${$}"}, ctx) == Tri::Yes);
  auto plain = with("test:Literal", {"axxbyc$"});
  CHECK(eval("StringLike", "test:Literal", {"a${*}b${?}c${$}"}, plain) == Tri::No);
  CHECK(eval("StringLike", "test:Literal", {"a*b?c${$}"}, plain) == Tri::Yes);

  // Defaults apply when the key is missing.
  CHECK(eval("StringEquals", "ses:FromAddress", {"${aws:PrincipalTag/dept, 'alice'}@example.com"}, ctx) == Tri::Yes);
  CHECK(eval("StringEquals", "ses:FromAddress", {"${aws:username, 'bob'}@example.com"}, ctx) == Tri::Yes);

  // A missing variable without default matches nothing (IAM: "effectively null").
  CHECK(eval("StringEquals", "ses:FromAddress", {"${aws:PrincipalTag/dept}@example.com"}, ctx) == Tri::No);
  CHECK(eval("StringLike", "ses:FromAddress", {"${aws:PrincipalTag/dept}*"}, ctx) == Tri::No);
  CHECK(eval("StringNotEquals", "ses:FromAddress", {"${aws:PrincipalTag/dept}@example.com"}, ctx) == Tri::Yes);
  CHECK(eval("StringLike", "ses:FromAddress", {"${aws:PrincipalTag/dept}*", "alice@*"}, ctx) == Tri::Yes);

  // Unknown or multivalued variable keys give Unknown.
  std::string why;
  CHECK(evaluate_condition(cond("StringEquals", "ses:FromAddress", {"${aws:userid}@example.com"}), ctx, &why) ==
        Tri::Unknown);
  CHECK(why == "policy variable ${aws:userid} is not known statically");
  CHECK(eval("StringEquals", "ses:FromAddress", {"${aws:PrincipalTag/many}"}, ctx) == Tri::Unknown);
  CHECK(eval("StringEquals", "ses:FromAddress", {"${aws:userid}", "alice@example.com"}, ctx) == Tri::Yes);
  CHECK(eval("StringEquals", "ses:FromAddress", {"${aws:PrincipalTag/x, bad}"}, ctx) == Tri::Unknown);

  // Substituted text is literal in patterns; an unclosed ${ is plain text.
  auto star = with("aws:PrincipalTag/team", {"*"});
  star.set("ses:FromAddress", {"alice@example.com"});
  CHECK(eval("StringLike", "ses:FromAddress", {"${aws:PrincipalTag/team}"}, star) == Tri::No);
  auto dollar = with("test:Text", {"${oops"});
  CHECK(eval("StringEquals", "test:Text", {"${oops"}, dollar) == Tri::Yes);

  // Variables are not substituted for numeric operators.
  auto num = with("test:Num", {"5"});
  num.set("test:Limit", {"5"});
  CHECK(eval("NumericEquals", "test:Num", {"${test:Limit}"}, num) == Tri::Unknown);
}

TEST_CASE("evaluate_conditions ANDs conditions and lets No dominate Unknown", "[policy][conditions]") {
  RequestContext ctx;
  ctx.set("ses:FromAddress", {"a@example.com"});
  ctx.set("aws:RequestedRegion", {"eu-west-1"});
  ctx.set_unknown("aws:SourceIp");

  Statement none;
  CHECK(evaluate_conditions(none, ctx) == Tri::Yes);

  Statement yes;
  yes.conditions = {cond("StringEquals", "ses:FromAddress", {"a@example.com"}),
                    cond("StringEquals", "aws:RequestedRegion", {"eu-west-1"})};
  CHECK(evaluate_conditions(yes, ctx) == Tri::Yes);

  Statement no = yes;
  no.conditions.push_back(cond("StringEquals", "aws:RequestedRegion", {"us-east-1"}));
  CHECK(evaluate_conditions(no, ctx) == Tri::No);

  Statement unknown = yes;
  unknown.conditions.push_back(cond("IpAddress", "aws:SourceIp", {"10.0.0.0/8"}));
  std::string why;
  CHECK(evaluate_conditions(unknown, ctx, &why) == Tri::Unknown);
  CHECK(why.find("aws:SourceIp is not known statically") != std::string::npos);

  Statement dominated = unknown;
  dominated.conditions.push_back(cond("StringLike", "ses:FromAddress", {"*@other.com"}));
  CHECK(evaluate_conditions(dominated, ctx) == Tri::No);

  Statement unreadable;
  unreadable.conditions_unknown = true;
  why.clear();
  CHECK(evaluate_conditions(unreadable, ctx, &why) == Tri::Unknown);
  CHECK_FALSE(why.empty());
  unreadable.conditions.push_back(cond("StringEquals", "aws:RequestedRegion", {"us-east-1"}));
  CHECK(evaluate_conditions(unreadable, ctx) == Tri::No);
}

TEST_CASE("keys_not_provided follows the SES catalogue and the global keys", "[policy][conditions]") {
  auto missing = [](const std::string& key, const std::string& action) {
    Statement st;
    st.conditions.push_back(cond("StringEquals", key, {"x"}));
    return keys_not_provided(st, action).size() == 1;
  };
  CHECK_FALSE(missing("ses:FromAddress", "ses:SendRawEmail"));
  CHECK_FALSE(missing("SES:fromaddress", "ses:SendRawEmail"));
  CHECK_FALSE(missing("ses:Recipients", "ses:SendEmail"));
  CHECK(missing("ses:Recipients", "ses:SendBulkEmail"));
  CHECK(missing("ses:FromAddress", "ses:SendBulkEmail"));
  CHECK_FALSE(missing("ses:TenantName", "ses:SendBulkEmail"));
  CHECK(missing("ses:RequireTLS", "ses:SendEmail"));
  CHECK(missing("ses:RequireTLS", "ses:SendRawEmail"));
  CHECK_FALSE(missing("ses:ApiVersion", "ses:SendRawEmail"));
  CHECK(missing("s3:prefix", "ses:SendEmail"));
  CHECK(missing("iam:PassedToService", "ses:SendRawEmail"));
  for (const char* k : {"aws:RequestedRegion", "aws:SourceIp", "AWS:SourceIP", "aws:CurrentTime", "aws:EpochTime",
                        "aws:SecureTransport", "aws:UserAgent", "aws:PrincipalArn", "aws:PrincipalOrgID",
                        "aws:PrincipalTag/team", "aws:CalledViaFirst", "aws:SourceVpc", "aws:SourceVpcArn",
                        "aws:SourceVpce", "aws:PrincipalServiceNamesList", "aws:MultiFactorAuthPresent"}) {
    INFO(k);
    CHECK_FALSE(missing(k, "ses:SendRawEmail"));
  }
  CHECK(missing("aws:NoSuchKey", "ses:SendRawEmail"));
  CHECK(missing("aws:PrincipalTag", "ses:SendRawEmail"));
  // Tags: ResourceTag through the action's resource types, RequestTag / TagKeys only when listed.
  CHECK_FALSE(missing("aws:ResourceTag/env", "ses:SendRawEmail"));
  CHECK_FALSE(missing("aws:ResourceTag/env", "ses:SendBulkEmail"));
  CHECK(missing("aws:ResourceTag/env", "ses:GetSendQuota"));
  CHECK(missing("aws:RequestTag/env", "ses:SendEmail"));
  CHECK(missing("aws:TagKeys", "ses:SendEmail"));
  CHECK_FALSE(missing("aws:RequestTag/env", "ses:CreateEmailIdentity"));
  CHECK_FALSE(missing("aws:TagKeys", "ses:CreateEmailIdentity"));
  // Actions outside the catalogue are not judged.
  CHECK_FALSE(missing("s3:prefix", "s3:ListBucket"));
  CHECK_FALSE(missing("ses:RequireTLS", "ses:NoSuchAction"));

  Statement st;
  st.conditions = {cond("StringLike", "ses:FromAddress", {"*@example.com"}),
                   cond("Bool", "ses:RequireTLS", {"true"}),
                   cond("StringEquals", "aws:RequestedRegion", {"eu-west-1"})};
  auto out = keys_not_provided(st, "ses:SendEmail");
  REQUIRE(out.size() == 1);
  CHECK(out[0] == &st.conditions[1]);
}
