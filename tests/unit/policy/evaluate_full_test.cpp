#include <catch2/catch.hpp>

#include "model/model.h"
#include "parse/parse.h"
#include "policy/evaluate.h"
#include "policy/send.h"

using namespace seslint;
using policy::Decision;
using policy::Stage;

namespace {

/// Owns parsed policies for one test.
struct Policies {
  source::SourceSet sources;
  std::vector<std::unique_ptr<model::Policy>> owned;

  const model::Policy* add(const std::string& json) {
    const auto& f = sources.file(sources.add("p" + std::to_string(owned.size()) + ".json", json));
    auto r = parse::parse_json(f);
    REQUIRE(r.root);
    auto p = std::make_unique<model::Policy>();
    p->name = f.path();
    std::vector<Diagnostic> diags;
    model::read_policy_document(*r.root, "", *p, diags);
    REQUIRE(diags.empty());
    owned.push_back(std::move(p));
    return owned.back().get();
  }
};

const std::string kUser = "arn:aws:iam::111122223333:user/smtp";
const std::string kSession = "arn:aws:sts::111122223333:assumed-role/mailer/i-0abc";
const std::string kIdentity = "arn:aws:ses:eu-west-1:111122223333:identity/example.com";

policy::FullRequest send(const std::string& principal, const std::string& resource = kIdentity) {
  policy::FullRequest r;
  r.action = "ses:SendRawEmail";
  r.resource = resource;
  r.principal_arn = principal;
  return r;
}

const char* kAllowSend = R"({"Statement": [{"Effect": "Allow", "Action": "ses:SendRawEmail", "Resource": "*"}]})";
const char* kAllowAll = R"({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})";

}  // namespace

TEST_CASE("identity policy alone decides a same-account send", "[policy][evaluate-full]") {
  Policies p;
  policy::PolicySet ps;
  ps.identity = {p.add(kAllowSend)};
  auto ev = policy::evaluate_request(ps, send(kUser));
  CHECK(ev.decision == Decision::Allow);
  ps.identity = {p.add(R"({"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]})")};
  ev = policy::evaluate_request(ps, send(kUser));
  CHECK(ev.decision == Decision::ImplicitDeny);
  CHECK(ev.decided_by == Stage::IdentityPolicy);
}

TEST_CASE("SCPs: every level must allow, and a Deny anywhere wins", "[policy][evaluate-full]") {
  Policies p;
  policy::PolicySet ps;
  ps.identity = {p.add(kAllowSend)};
  ps.scp_levels = {{p.add(kAllowAll)}, {p.add(R"({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})")}};
  auto ev = policy::evaluate_request(ps, send(kUser));
  CHECK(ev.decision == Decision::ImplicitDeny);
  CHECK(ev.decided_by == Stage::ServiceControl);
  ps.management_account = true;  // SCPs do not apply
  CHECK(policy::evaluate_request(ps, send(kUser)).decision == Decision::Allow);
  ps.management_account = false;
  ps.scp_levels = {{p.add(kAllowAll), p.add(R"({"Statement": [{"Effect": "Deny", "Action": "ses:Send*", "Resource": "*"}]})")}};
  ev = policy::evaluate_request(ps, send(kUser));
  CHECK(ev.decision == Decision::ExplicitDeny);
  CHECK(ev.decided_by == Stage::ServiceControl);
  REQUIRE(ev.trace.size() == 1);
  CHECK(ev.trace[0].reasons.size() == 1);
}

TEST_CASE("permissions boundary must also allow and never grants", "[policy][evaluate-full]") {
  Policies p;
  policy::PolicySet ps;
  ps.identity = {p.add(kAllowSend)};
  ps.has_boundary = true;
  ps.boundary = {p.add(R"({"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]})")};
  auto ev = policy::evaluate_request(ps, send(kUser));
  CHECK(ev.decision == Decision::ImplicitDeny);
  CHECK(ev.decided_by == Stage::Boundary);
  ps.identity = {};
  ps.boundary = {p.add(kAllowAll)};
  CHECK(policy::evaluate_request(ps, send(kUser)).decision == Decision::ImplicitDeny);
}

TEST_CASE("resource policies: same-account user grant, role grant limited by boundary", "[policy][evaluate-full]") {
  Policies p;
  policy::PolicySet ps;
  ps.resource = {p.add(R"({"Statement": [{"Effect": "Allow", "Principal": {"AWS": ")" + kUser +
                       R"("}, "Action": "ses:SendRawEmail", "Resource": ")" + kIdentity + R"("}]})")};
  ps.has_boundary = true;
  ps.boundary = {p.add(R"({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})")};
  auto ev = policy::evaluate_request(ps, send(kUser));
  CHECK(ev.decision == Decision::Allow);  // names the user: not limited by the boundary's implicit deny
  CHECK(ev.decided_by == Stage::ResourcePolicy);
  CHECK(policy::evaluate_request(ps, send("arn:aws:iam::111122223333:user/other")).decision == Decision::ImplicitDeny);

  ps.resource = {p.add(R"({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/mailer"},
                           "Action": "ses:SendRawEmail", "Resource": ")" + kIdentity + R"("}]})")};
  CHECK(policy::evaluate_request(ps, send(kSession)).decision == Decision::ImplicitDeny);  // boundary cuts it
  ps.has_boundary = false;
  CHECK(policy::evaluate_request(ps, send(kSession)).decision == Decision::Allow);
}

TEST_CASE("resource policies: an account principal delegates to identity policies", "[policy][evaluate-full]") {
  Policies p;
  policy::PolicySet ps;
  ps.resource = {p.add(R"({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ses:SendRawEmail", "Resource": "*"}]})")};
  CHECK(policy::evaluate_request(ps, send(kUser)).decision == Decision::ImplicitDeny);
  ps.identity = {p.add(kAllowSend)};
  CHECK(policy::evaluate_request(ps, send(kUser)).decision == Decision::Allow);
}

TEST_CASE("cross-account sends need both the delegate's policies and the owner's identity policy", "[policy][evaluate-full]") {
  Policies p;
  policy::PolicySet ps;
  const std::string delegate = "arn:aws:iam::444455556666:user/partner";
  ps.identity = {p.add(kAllowSend)};
  auto req = send(delegate);
  req.resource_account = "111122223333";
  CHECK(policy::evaluate_request(ps, req).decision == Decision::ImplicitDeny);
  ps.resource = {p.add(R"({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": ")" + kIdentity + R"("}]})")};
  CHECK(policy::evaluate_request(ps, req).decision == Decision::Allow);
  ps.identity = {};
  auto ev = policy::evaluate_request(ps, req);
  CHECK(ev.decision == Decision::ImplicitDeny);
  // A Deny in the owner's identity policy blocks even its own account's principals.
  ps.identity = {p.add(kAllowSend)};
  ps.resource.push_back(p.add(R"({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "ses:*", "Resource": ")" + kIdentity + R"("}]})"));
  ev = policy::evaluate_request(ps, req);
  CHECK(ev.decision == Decision::ExplicitDeny);
  CHECK(ev.decided_by == Stage::ResourcePolicy);
}

TEST_CASE("NotPrincipal and service principals", "[policy][evaluate-full]") {
  Policies p;
  policy::PolicySet ps;
  ps.identity = {p.add(kAllowSend)};
  ps.resource = {p.add(R"({"Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": ")" + kUser + R"("}, "Action": "ses:*", "Resource": "*"}]})")};
  CHECK(policy::evaluate_request(ps, send(kUser)).decision == Decision::Allow);
  CHECK(policy::evaluate_request(ps, send("arn:aws:iam::111122223333:user/other")).decision == Decision::ExplicitDeny);
  ps.resource = {p.add(R"({"Statement": [{"Effect": "Deny", "Principal": {"Service": "cognito-idp.amazonaws.com"}, "Action": "ses:*", "Resource": "*"}]})")};
  CHECK(policy::evaluate_request(ps, send(kUser)).decision == Decision::Allow);
}

TEST_CASE("unknown principals and unresolved policies give Unknown", "[policy][evaluate-full]") {
  Policies p;
  policy::PolicySet ps;
  ps.identity = {p.add(kAllowSend)};
  ps.resource = {p.add(R"({"Statement": [{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:user/blocked"}, "Action": "ses:*", "Resource": "*"}]})")};
  auto ev = policy::evaluate_request(ps, send(""));
  CHECK(ev.decision == Decision::Unknown);
  CHECK_FALSE(ev.unknown_because.empty());
  model::Policy unresolved;
  unresolved.resolved = false;
  unresolved.unresolved_reason = "var.policy";
  policy::PolicySet ps2;
  ps2.identity = {&unresolved};
  CHECK(policy::evaluate_request(ps2, send(kUser)).decision == Decision::Unknown);
}

TEST_CASE("a send is authorized on the identity, the configuration set and the template", "[policy][evaluate-full][send]") {
  Policies p;
  policy::PolicySet ps;
  ps.identity = {p.add(R"({"Statement": [{"Effect": "Allow", "Action": ["ses:SendTemplatedEmail", "ses:SendRawEmail"],
                           "Resource": [")" + kIdentity + R"(", "arn:aws:ses:eu-west-1:111122223333:template/*"]}]})")};
  policy::FullRequest base;
  base.principal_arn = kUser;
  policy::SendRequest s{"ses:SendRawEmail", kIdentity, "", ""};
  CHECK(policy::evaluate_send(ps, s, base).decision == Decision::Allow);
  s.configuration_set_arn = "arn:aws:ses:eu-west-1:111122223333:configuration-set/tracking";
  auto ev = policy::evaluate_send(ps, s, base);
  CHECK(ev.decision == Decision::ImplicitDeny);
  REQUIRE(ev.failing());
  CHECK(ev.failing()->kind == "configuration-set");
  REQUIRE(ev.resources.size() == 2);
  CHECK(ev.resources[0].evaluation.decision == Decision::Allow);

  policy::SendRequest t{"ses:SendTemplatedEmail", kIdentity, "", "arn:aws:ses:eu-west-1:111122223333:template/welcome"};
  CHECK(policy::evaluate_send(ps, t, base).decision == Decision::Allow);
  CHECK(policy::send_requires_template("ses:SendTemplatedEmail"));
  CHECK(policy::send_requires_template("SES:SendBulkEmail"));
  CHECK_FALSE(policy::send_requires_template("ses:SendRawEmail"));

  // Identity policies (resource-based) apply to the identity only, not to the configuration set.
  policy::PolicySet rp;
  rp.resource = {p.add(R"({"Statement": [{"Effect": "Allow", "Principal": {"AWS": ")" + kUser +
                       R"("}, "Action": "ses:SendRawEmail", "Resource": ")" + kIdentity + R"("}]})")};
  policy::SendRequest cs{"ses:SendRawEmail", kIdentity, "arn:aws:ses:eu-west-1:111122223333:configuration-set/tracking", ""};
  auto ev2 = policy::evaluate_send(rp, cs, base);
  CHECK(ev2.resources[0].evaluation.decision == Decision::Allow);
  CHECK(ev2.decision == Decision::ImplicitDeny);
}

TEST_CASE("statement_applies: action, resource, conditions and (for resource policies) the principal",
          "[policy]") {
  model::Statement st;
  st.effect = model::Effect::Deny;
  st.has_action = true;
  st.actions = {model::Str{true, "ses:Send*"}};
  st.has_resource = true;
  st.resources = {model::Str{true, "*"}};
  st.has_principal = true;
  st.principals = {model::Principal{"AWS", model::Str{true, "arn:aws:iam::123456789012:user/intern"}}};
  st.conditions = {model::Condition{"StringNotEquals", "aws:RequestedRegion", {model::Str{true, "eu-west-1"}}, {}}};

  policy::FullRequest req;
  req.action = "ses:SendRawEmail";
  req.resource = "arn:aws:ses:us-east-1:123456789012:identity/example.com";
  req.principal_arn = "arn:aws:iam::123456789012:user/smtp";
  req.context.set("aws:RequestedRegion", {"us-east-1"});
  // As an identity-based statement the principal is not considered.
  CHECK(policy::statement_applies(st, req, false) == policy::Tri::Yes);
  // As a resource-policy statement it names another user.
  CHECK(policy::statement_applies(st, req, true) == policy::Tri::No);
  req.principal_arn = "arn:aws:iam::123456789012:user/intern";
  CHECK(policy::statement_applies(st, req, true) == policy::Tri::Yes);
  // An unknown Region leaves the condition, and the statement, undecided.
  policy::FullRequest unknown = req;
  unknown.context = {};
  unknown.context.set_default_unknown(true);
  std::string why;
  CHECK(policy::statement_applies(st, unknown, true, &why) == policy::Tri::Unknown);
  CHECK(why.find("aws:RequestedRegion") != std::string::npos);
  req.context.set("aws:RequestedRegion", {"eu-west-1"});
  CHECK(policy::statement_applies(st, req, true) == policy::Tri::No);
}
