#include <catch2/catch.hpp>

#include "policy/evaluate.h"

using namespace seslint;
using policy::Decision;
using policy::Request;
using policy::Tri;

namespace {

model::Str known(std::string s) { return model::Str{true, std::move(s), {}, ""}; }
model::Str unknown(std::string what) { return model::Str{false, std::move(what), {}, ""}; }

model::Statement stmt(model::Effect e, std::vector<model::Str> actions, std::vector<model::Str> resources) {
  model::Statement s;
  s.effect = e;
  s.has_action = true;
  s.actions = std::move(actions);
  s.has_resource = true;
  s.resources = std::move(resources);
  return s;
}

const std::string kDomain = "arn:aws:ses:eu-west-1:123456789012:identity/example.com";
const std::string kAddress = "arn:aws:ses:eu-west-1:123456789012:identity/noreply@example.com";

}  // namespace

TEST_CASE("allow on the domain ARN does not allow the address ARN", "[policy][evaluate]") {
  model::Policy p;
  p.statements.push_back(stmt(model::Effect::Allow, {known("ses:SendRawEmail")}, {known(kDomain)}));
  CHECK(policy::evaluate({&p}, Request{"ses:SendRawEmail", kDomain}).decision == Decision::Allow);
  CHECK(policy::evaluate({&p}, Request{"ses:SendRawEmail", kAddress}).decision == Decision::ImplicitDeny);
  CHECK(policy::evaluate({&p}, Request{"ses:SendEmail", kDomain}).decision == Decision::ImplicitDeny);
}

TEST_CASE("explicit deny wins over allow and names its statement", "[policy][evaluate]") {
  model::Policy p;
  p.statements.push_back(stmt(model::Effect::Allow, {known("ses:*")}, {known("*")}));
  p.statements.push_back(stmt(model::Effect::Deny, {known("ses:SendRawEmail")}, {known(kAddress)}));
  auto r = policy::evaluate({&p}, Request{"ses:SendRawEmail", kAddress});
  CHECK(r.decision == Decision::ExplicitDeny);
  REQUIRE(r.reasons.size() == 1);
  CHECK(r.reasons[0].statement == &p.statements[1]);
  CHECK(policy::evaluate({&p}, Request{"ses:SendRawEmail", kDomain}).decision == Decision::Allow);
}

TEST_CASE("NotAction and NotResource are evaluated as inversions", "[policy][evaluate]") {
  model::Policy p;
  auto s = stmt(model::Effect::Allow, {known("iam:*")}, {known(kDomain)});
  s.not_action = true;
  s.not_resource = true;
  p.statements.push_back(s);
  // Everything except iam:* on everything except the domain identity.
  CHECK(policy::evaluate({&p}, Request{"ses:SendEmail", kAddress}).decision == Decision::Allow);
  CHECK(policy::evaluate({&p}, Request{"ses:SendEmail", kDomain}).decision == Decision::ImplicitDeny);
  CHECK(policy::evaluate({&p}, Request{"iam:PassRole", kAddress}).decision == Decision::ImplicitDeny);
  CHECK(policy::evaluate({&p}, Request{"ses:GetSendQuota", "*"}).decision == Decision::Allow);
}

TEST_CASE("unknown values give Unknown, never a guess", "[policy][evaluate]") {
  model::Policy p;
  p.statements.push_back(stmt(model::Effect::Allow, {known("ses:SendRawEmail")}, {unknown("var.identity_arn")}));
  auto r = policy::evaluate({&p}, Request{"ses:SendRawEmail", kAddress});
  CHECK(r.decision == Decision::Unknown);
  CHECK(r.unknown_because == "var.identity_arn");
  // A known non-matching action still decides: the unknown resource cannot help.
  CHECK(policy::evaluate({&p}, Request{"ses:SendEmail", kAddress}).decision == Decision::ImplicitDeny);

  model::Policy d;
  d.statements.push_back(stmt(model::Effect::Allow, {known("ses:*")}, {known("*")}));
  d.statements.push_back(stmt(model::Effect::Deny, {unknown("var.denied")}, {known("*")}));
  CHECK(policy::evaluate({&d}, Request{"ses:SendEmail", kAddress}).decision == Decision::Unknown);
}

TEST_CASE("conditions make a matching statement Unknown until they are evaluated", "[policy][evaluate]") {
  model::Policy p;
  auto s = stmt(model::Effect::Allow, {known("ses:SendEmail")}, {known(kDomain)});
  s.conditions.push_back(model::Condition{"StringEquals", "ses:FromAddress", {known("a@example.com")}, {}});
  p.statements.push_back(s);
  CHECK(policy::evaluate({&p}, Request{"ses:SendEmail", kDomain}).decision == Decision::Unknown);
  CHECK(policy::evaluate({&p}, Request{"ses:SendEmail", kAddress}).decision == Decision::ImplicitDeny);
}

TEST_CASE("statements with an invalid Effect are ignored", "[policy][evaluate]") {
  model::Policy p;
  auto s = stmt(model::Effect::Invalid, {known("ses:*")}, {known("*")});
  p.statements.push_back(s);
  CHECK(policy::evaluate({&p}, Request{"ses:SendEmail", kDomain}).decision == Decision::ImplicitDeny);
}

TEST_CASE("statement_matches_resource distinguishes the \"*\" request resource", "[policy][evaluate]") {
  auto s = stmt(model::Effect::Allow, {known("ses:GetSendQuota")}, {known(kDomain)});
  CHECK(policy::statement_matches_resource(s, "*") == Tri::No);
  auto star = stmt(model::Effect::Allow, {known("ses:GetSendQuota")}, {known("*")});
  CHECK(policy::statement_matches_resource(star, "*") == Tri::Yes);
}
