#include <catch2/catch.hpp>

#include "policy/match.h"

using namespace seslint::policy;

TEST_CASE("action patterns match case-insensitively with wildcards", "[policy][match]") {
  CHECK(action_matches("ses:SendRawEmail", "ses:SendRawEmail"));
  CHECK(action_matches("SES:sendrawemail", "ses:SendRawEmail"));
  CHECK(action_matches("ses:Send*", "ses:SendBulkTemplatedEmail"));
  CHECK(action_matches("ses:*Email", "ses:SendEmail"));
  CHECK(action_matches("*", "ses:GetSendQuota"));
  CHECK(action_matches("ses:Send?mail", "ses:SendEmail"));
  CHECK_FALSE(action_matches("ses:Send?mail", "ses:SendRawEmail"));
  CHECK_FALSE(action_matches("ses:SendEmail", "ses:SendRawEmail"));
  CHECK_FALSE(action_matches("s3:*", "ses:SendEmail"));
  CHECK_FALSE(action_matches("ses:Send", "ses:SendEmail"));
}

TEST_CASE("glob matching backtracks correctly", "[policy][match]") {
  CHECK(glob_match("a*b*c", "axxbyybzc"));
  CHECK_FALSE(glob_match("a*b*c", "axxbyybz"));
  CHECK(glob_match("**", ""));
  CHECK(glob_match("*@example.com", "noreply@example.com"));
  CHECK_FALSE(glob_match("*@example.com", "noreply@example.org"));
  CHECK_FALSE(glob_match("ABC", "abc"));
  CHECK(glob_match("ABC", "abc", true));
}

TEST_CASE("ARNs parse into six parts and the resource keeps its colons", "[policy][arn]") {
  auto a = parse_arn("arn:aws-cn:ses:cn-north-1:123456789012:identity/example.com");
  REQUIRE(a);
  CHECK(a->partition == "aws-cn");
  CHECK(a->service == "ses");
  CHECK(a->region == "cn-north-1");
  CHECK(a->account == "123456789012");
  CHECK(a->resource == "identity/example.com");
  auto b = parse_arn("arn:aws:logs:us-east-1:1:log-group:/x:*");
  REQUIRE(b);
  CHECK(b->resource == "log-group:/x:*");
  CHECK(b->str() == "arn:aws:logs:us-east-1:1:log-group:/x:*");
  CHECK_FALSE(parse_arn("*"));
  CHECK_FALSE(parse_arn("arn:aws:ses"));
  CHECK_FALSE(parse_arn("urn:aws:ses:a:b:c"));
}

TEST_CASE("ARN matching follows IAM Resource rules", "[policy][arn]") {
  const std::string domain = "arn:aws:ses:eu-west-1:123456789012:identity/example.com";
  const std::string address = "arn:aws:ses:eu-west-1:123456789012:identity/user@example.com";
  CHECK(arn_matches(domain, domain));
  CHECK_FALSE(arn_matches(domain, address));
  CHECK(arn_matches("*", address));
  CHECK(arn_matches("*", "*"));
  CHECK_FALSE(arn_matches(domain, "*"));
  CHECK(arn_matches("arn:aws:ses:*:*:identity/*", address));
  CHECK_FALSE(arn_matches("arn:aws:ses:*:*:identity/*", "arn:aws:ses:eu-west-1:1:configuration-set/x"));
  CHECK(arn_matches("arn:aws:ses:eu-west-1:123456789012:identity/*example.com", address));
  CHECK(arn_matches("arn:aws:ses:eu-west-1:123456789012:identity/*example.com",
                    "arn:aws:ses:eu-west-1:123456789012:identity/badexample.com"));
  CHECK_FALSE(arn_matches("arn:aws:ses:us-east-1:123456789012:identity/example.com", domain));
  CHECK_FALSE(arn_matches("arn:aws:ses:eu-west-1:123456789012:identity/Example.com", domain));  // case-sensitive
  CHECK(arn_matches("arn:aws:ses:eu-west-?:123456789012:identity/example.com", domain));
  CHECK(arn_matches("arn:*:ses:eu-west-1:123456789012:identity/example.com", domain));
}

#include "policy/arn.h"

TEST_CASE("partially known ARNs keep each part known or unknown", "[policy][arn]") {
  seslint::model::Str s;
  s.parts = {{true, "arn:aws:ses:"}, {false, "var.region"}, {true, ":123456789012:identity/example.com"}};
  auto a = parse_partial_arn(s);
  REQUIRE(a);
  CHECK(a->partition.known);
  CHECK(a->partition.text == "aws");
  CHECK_FALSE(a->region.known);
  CHECK(a->region.text == "${var.region}");
  CHECK(a->account.known);
  CHECK(a->resource.known);
  CHECK(a->resource.text == "identity/example.com");
  CHECK_FALSE(a->fully_known());
  CHECK(a->display() == "arn:aws:ses:${var.region}:123456789012:identity/example.com");

  seslint::model::Str prefix;
  prefix.parts = {{true, "arn:"}, {false, "data.aws_partition.p.partition"}, {true, ":ses:eu-west-1:1:identity/"},
                  {false, "var.domain"}};
  auto b = parse_partial_arn(prefix);
  REQUIRE(b);
  CHECK_FALSE(b->partition.known);
  CHECK(b->region.text == "eu-west-1");
  CHECK_FALSE(b->resource.known);
  CHECK(b->resource.text == "identity/${var.domain}");

  CHECK_FALSE(parse_partial_arn(seslint::model::Str{false, "var.arn"}));
  CHECK(parse_partial_arn(seslint::model::Str{true, "arn:aws-cn:ses:cn-north-1:1:identity/x"})->fully_known());
  CHECK(is_known_partition("aws-us-gov"));
  CHECK_FALSE(is_known_partition("aws-moon"));
}

TEST_CASE("symbols stand for the deploying scope's own partition, Region and account", "[policy][match]") {
  using seslint::policy::Tri;
  const std::string acct = seslint::policy::symbol("account");
  const std::string region = seslint::policy::symbol("region");
  const std::string req = "arn:aws:ses:" + region + ":" + acct + ":identity/example.com";
  // The same symbol on both sides is the same value.
  CHECK(arn_match_symbolic("arn:aws:ses:" + region + ":" + acct + ":identity/example.com", req) == Tri::Yes);
  CHECK(arn_match_symbolic("arn:aws:ses:*:*:identity/example.com", req) == Tri::Yes);
  // A literal account may or may not be the deploying account.
  CHECK(arn_match_symbolic("arn:aws:ses:eu-west-1:123456789012:identity/example.com", req) == Tri::Unknown);
  // The resource part decides for certain.
  CHECK(arn_match_symbolic("arn:aws:ses:*:*:identity/other.com", req) == Tri::No);
  CHECK(arn_match_symbolic("arn:aws:ses:eu-west-1:" + acct + ":identity/example.com",
                           "arn:aws:ses:us-east-1:123456789012:identity/example.com") == Tri::No);
  CHECK(arn_match_symbolic("*", req) == Tri::Yes);
  CHECK(seslint::policy::display_symbols(req) == "arn:aws:ses:${region}:${account}:identity/example.com");
  CHECK(seslint::policy::self_symbol("AWS::AccountId") == "account");
  CHECK(seslint::policy::self_symbol("var.account").empty());
}
