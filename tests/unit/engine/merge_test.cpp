#include <catch2/catch.hpp>

#include "engine/runner.h"

using namespace seslint;

namespace {

source::Span at(source::FileId f, std::uint32_t b, std::uint32_t e) { return source::Span{f, b, e, false}; }

engine::Finding finding(const std::string& rule, source::Span span, const std::string& message) {
  engine::Finding f;
  f.rule_id = rule;
  f.span = span;
  f.message = message;
  return f;
}

std::string denied(const std::string& user) {
  return "sending fails: 554 Access denied: User 'arn:aws:iam::111122223333:user/" + user +
         "' is not authorized to perform 'ses:SendRawEmail' on resource 'arn:aws:ses:eu-west-1:111122223333:identity/a@example.com'";
}

}  // namespace

TEST_CASE("repeated findings: one per problem, the principals and instances in a note", "[engine]") {
  auto a = finding("SES001", at(0, 1, 2), denied("billing-smtp"));
  a.notes.push_back({at(0, 3, 4), "value of var.name ('billing') is set here (argument of module.billing)"});
  auto b = finding("SES001", at(0, 1, 2), denied("orders-smtp"));
  b.notes.push_back({at(0, 5, 6), "value of var.name ('orders') is set here (argument of module.orders)"});
  // Another problem on the same span (another identity), another rule, another span: kept.
  auto other_identity = finding("SES001", at(0, 1, 2), "'b@example.com' is verified on its own");
  auto other_rule = finding("SES004", at(0, 1, 2), denied("billing-smtp"));
  auto other_span = finding("SES001", at(0, 7, 8), denied("billing-smtp"));
  std::vector<engine::Finding> fs{other_identity, a, b, other_rule, other_span};
  source::SourceSet sources;
  sources.add("main.tf", "0123456789");
  engine::sort_findings(fs, sources);
  std::map<std::string, std::string> names{
      {"arn:${partition}:iam::${account}:user/billing-smtp", "module.billing.aws_iam_user.smtp"},
      {"arn:${partition}:iam::${account}:user/orders-smtp", "module.orders.aws_iam_user.smtp"}};
  engine::merge_repeated_findings(fs, names);
  REQUIRE(fs.size() == 4);
  const engine::Finding* merged = nullptr;
  for (const auto& f : fs)
    if (f.rule_id == "SES001" && f.span == at(0, 1, 2) && f.message == denied("billing-smtp")) merged = &f;
  REQUIRE(merged);
  REQUIRE(merged->notes.size() == 3);  // both instances' notes, then the list
  CHECK(merged->notes[2].message ==
        "one finding for 2 module instances or principals with the same problem here (the message names the first): "
        "module.billing.aws_iam_user.smtp (arn:aws:iam::111122223333:user/billing-smtp) and "
        "module.orders.aws_iam_user.smtp (arn:aws:iam::111122223333:user/orders-smtp)");
}

TEST_CASE("repeated findings: messages differing in anything but principals stay apart", "[engine]") {
  std::vector<engine::Finding> fs{finding("SES001", at(0, 1, 2), "'a@example.com' is verified on its own"),
                                  finding("SES001", at(0, 1, 2), "'b@example.com' is verified on its own")};
  engine::merge_repeated_findings(fs);
  CHECK(fs.size() == 2);
  for (const auto& f : fs) CHECK(f.notes.empty());
}

TEST_CASE("repeated findings: the merged finding keeps the first one's fingerprint", "[engine]") {
  source::SourceSet sources;
  const auto id = sources.add("modules/sender/main.tf", "resource = \"arn:aws:ses:eu-west-1:1:identity/example.com\"\n");
  const source::Span span{id, 11, 56, false};
  std::vector<engine::Finding> before{finding("SES001", span, denied("billing-smtp")),
                                      finding("SES001", span, denied("orders-smtp"))};
  for (auto& f : before) f.logical_path = "aws_iam_user_policy.smtp.policy.Statement[0].Resource";
  auto after = before;
  engine::assign_fingerprints(before, sources);
  REQUIRE(before.size() == 2);
  CHECK(before[1].fingerprint == before[0].fingerprint + ":2");
  engine::merge_repeated_findings(after);
  engine::assign_fingerprints(after, sources);
  REQUIRE(after.size() == 1);
  CHECK(after[0].fingerprint == before[0].fingerprint);  // a baseline entry for it still matches
}
