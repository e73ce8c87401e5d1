// Values a condition key never takes (policy/key_facts) and how the evaluator uses them when the
// request value is not known statically.
#include <catch2/catch.hpp>

#include <string>

#include "policy/condition_keys.h"
#include "policy/conditions.h"
#include "policy/key_facts.h"

using namespace seslint::policy;
using seslint::model::Condition;
using seslint::model::Str;

namespace {

bool never(const std::string& key, const std::string& value, bool arn = false, bool icase = false) {
  return impossible_value(key, value, arn, icase).has_value();
}

Condition cond(std::string op, std::string key, std::vector<std::string> values) {
  Condition c;
  c.op = std::move(op);
  c.key = std::move(key);
  for (auto& v : values) c.values.push_back(Str{true, std::move(v), {}, ""});
  return c;
}

RequestContext unknown_context() {
  RequestContext ctx;
  ctx.set_default_unknown(true);
  return ctx;
}

}  // namespace

TEST_CASE("aws:PrincipalArn never takes an assumed-role session ARN", "[policy][key_facts]") {
  CHECK(never("aws:PrincipalArn", "arn:aws:sts::111122223333:assumed-role/mailer/*"));
  CHECK(never("aws:PrincipalArn", "arn:aws:sts::*:assumed-role/*", true));
  CHECK(never("AWS:principalarn", "arn:aws:sts::*:assumed-role/*"));  // key names are case-insensitive
  auto bad = impossible_value("aws:PrincipalArn", "arn:aws:sts::111122223333:assumed-role/mailer/s1", false, false);
  REQUIRE(bad);
  CHECK(bad->suggestion == "arn:aws:iam::111122223333:role/mailer");
  CHECK(never("aws:PrincipalArn", "arn:aws:iam::111122223333:group/admins"));
  CHECK(never("aws:PrincipalArn", "arn:aws:s3:::bucket"));
  CHECK(never("aws:PrincipalArn", "mailer"));
  CHECK(never("aws:PrincipalArn", "arn:aws:iam::1111:role/x"));
  CHECK_FALSE(never("aws:PrincipalArn", "arn:aws:iam::111122223333:role/mailer"));
  CHECK_FALSE(never("aws:PrincipalArn", "arn:aws:iam::*:role/*"));
  CHECK_FALSE(never("aws:PrincipalArn", "arn:aws:iam::111122223333:root"));
  CHECK_FALSE(never("aws:PrincipalArn", "arn:aws:sts::111122223333:federated-user/bob"));
  CHECK_FALSE(never("aws:PrincipalArn", "*"));
  CHECK_FALSE(never("aws:PrincipalArn", "arn:aws:iam::${aws:PrincipalAccount}:role/x"));
  // StringLike: '*' spans ':', so what follows a wildcard is not fixed in place.
  CHECK_FALSE(never("aws:PrincipalArn", "arn:*:group/x"));
  CHECK(never("aws:PrincipalArn", "arn:aws:iam::111122223333:group/*", true));
}

TEST_CASE("account, source ARN, Region and ses:ApiVersion shapes", "[policy][key_facts]") {
  CHECK(never("aws:PrincipalAccount", "arn:aws:iam::111122223333:root"));
  CHECK(impossible_value("aws:SourceAccount", "arn:aws:iam::111122223333:root", false, false)->suggestion ==
        "111122223333");
  CHECK(never("aws:SourceAccount", "1111-2222-3333"));
  CHECK_FALSE(never("aws:SourceAccount", "111122223333"));
  CHECK_FALSE(never("aws:SourceAccount", "1111*"));
  CHECK(never("aws:SourceArn", "111122223333"));
  CHECK(never("aws:SourceArn", "cognito-idp/userpool"));
  CHECK_FALSE(never("aws:SourceArn", "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/*"));
  CHECK_FALSE(never("aws:SourceArn", "arn:aws:s3:::bucket"));
  CHECK(never("aws:RequestedRegion", "eu-west-1a"));
  CHECK(impossible_value("aws:RequestedRegion", "eu-west-1a", false, false)->suggestion == "eu-west-1");
  CHECK(never("aws:RequestedRegion", "EU-WEST-1"));
  CHECK_FALSE(never("aws:RequestedRegion", "EU-WEST-1", false, true));  // StringEqualsIgnoreCase
  CHECK(never("aws:RequestedRegion", "Europe"));
  CHECK(never("aws:RequestedRegion", "global"));
  CHECK(never("aws:RequestedRegion", "europe-*"));
  CHECK_FALSE(never("aws:RequestedRegion", "eu-*"));
  CHECK_FALSE(never("aws:RequestedRegion", "eu-south-9"));  // shape of a Region not launched yet
  CHECK(never("ses:ApiVersion", "2019-09-27"));
  CHECK(impossible_value("ses:ApiVersion", "2019-09-27", false, false)->suggestion == "2");
  CHECK(never("ses:ApiVersion", "v1"));
  CHECK_FALSE(never("ses:ApiVersion", "1"));
  CHECK_FALSE(never("ses:ApiVersion", "?"));
  CHECK_FALSE(never("ses:FromAddress", "anything"));  // no shape known
  // "" and empty ARN parts are taken as expressions that fell back to "" (try(..., "")).
  CHECK_FALSE(never("aws:RequestedRegion", ""));
  CHECK_FALSE(never("aws:SourceAccount", ""));
  CHECK_FALSE(never("aws:SourceArn", "arn::eks:::fargateprofile//*", true));
  CHECK_FALSE(never("aws:PrincipalArn", "arn:aws:iam:::role/x"));
}

TEST_CASE("a condition no request value can match is decided without the value", "[policy][key_facts][conditions]") {
  const RequestContext ctx = unknown_context();
  // aws:PrincipalArn is in every signed request.
  CHECK(evaluate_condition(cond("ArnNotLike", "aws:PrincipalArn", {"arn:aws:sts::1:assumed-role/r/*"}), ctx) == Tri::Yes);
  CHECK(evaluate_condition(cond("ArnLike", "aws:PrincipalArn", {"arn:aws:sts::1:assumed-role/r/*"}), ctx) == Tri::No);
  CHECK(evaluate_condition(cond("ArnLikeIfExists", "aws:PrincipalArn", {"arn:aws:sts::1:assumed-role/r/*"}), ctx) ==
        Tri::No);
  // One value that may match keeps the answer open.
  CHECK(evaluate_condition(cond("ArnNotLike", "aws:PrincipalArn",
                                {"arn:aws:sts::1:assumed-role/r/*", "arn:aws:iam::111122223333:role/r"}),
                           ctx) == Tri::Unknown);
  CHECK(evaluate_condition(cond("StringEquals", "ses:ApiVersion", {"2019-09-27"}), ctx) == Tri::No);
  CHECK(evaluate_condition(cond("StringNotEquals", "ses:ApiVersion", {"v2"}), ctx) == Tri::Yes);
  // ses:ApiVersion may be absent (actions outside SES): IfExists is then open.
  CHECK(evaluate_condition(cond("StringEqualsIfExists", "ses:ApiVersion", {"3"}), ctx) == Tri::Unknown);
  CHECK(evaluate_condition(cond("StringEquals", "aws:RequestedRegion", {"eu-west-1a"}), ctx) == Tri::No);
  // A value given in the context is compared as it is.
  RequestContext given;
  given.set("aws:PrincipalArn", {"arn:aws:sts::1:assumed-role/r/s"});
  CHECK(evaluate_condition(cond("ArnLike", "aws:PrincipalArn", {"arn:aws:sts::1:assumed-role/r/*"}), given) == Tri::Yes);
}

TEST_CASE("keys set only for service calls are absent for a direct caller", "[policy][key_facts][conditions]") {
  RequestContext ctx = unknown_context();
  ctx.set_missing("aws:SourceAccount");
  CHECK(ctx.state("aws:sourceaccount") == RequestContext::State::Missing);
  CHECK(evaluate_condition(cond("StringNotEquals", "aws:SourceAccount", {"111122223333"}), ctx) == Tri::Yes);
  CHECK(evaluate_condition(cond("StringEquals", "aws:SourceAccount", {"111122223333"}), ctx) == Tri::No);
  ctx.set("aws:SourceAccount", {"111122223333"});
  CHECK(ctx.state("aws:SourceAccount") == RequestContext::State::Present);
}

TEST_CASE("canonical condition key names", "[policy][key_facts]") {
  CHECK(canonical_key_name("AWS:SourceAccount") == "aws:SourceAccount");
  CHECK(canonical_key_name("ses:fromaddress") == "ses:FromAddress");
  CHECK(canonical_key_name("AWS:ResourceTag/Team") == "aws:ResourceTag/Team");
  CHECK(canonical_key_name("aws:calledvialast") == "aws:CalledViaLast");
  CHECK(canonical_key_name("ses:RequireTLS").empty());
  for (const KeyFacts& f : all_key_facts()) {
    INFO(f.key);
    CHECK(canonical_key_name(f.key) == f.key);
    CHECK(std::string(f.doc).rfind("https://docs.aws.amazon.com/", 0) == 0);
  }
}
