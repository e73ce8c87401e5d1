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

}  // namespace

TEST_CASE("origin notes: only for uses inside the finding whose value the message names", "[engine]") {
  syntax::ValueOrigin tfvars{at(0, 10, 20), "var.domain", {"example.org"}, at(1, 9, 22), "", "terraform.tfvars"};
  syntax::ValueOrigin other{at(0, 10, 20), "var.domain", {"default.example"}, at(0, 0, 5), "", "default"};
  syntax::ValueOrigin cli{at(0, 12, 14), "var.region", {"eu-west-1"}, {}, "--var region=eu-west-1", "--var"};
  syntax::ValueOrigin outside{at(0, 40, 50), "var.domain", {"example.org"}, at(1, 9, 22), "", "terraform.tfvars"};
  syntax::ValueOrigin tiny{at(0, 10, 20), "var.n", {"1"}, at(1, 0, 1), "", "default"};
  std::vector<engine::Finding> fs{finding("SES001", at(0, 5, 30), "identity/example.org in eu-west-1 (1)"),
                                  finding("SES901", at(0, 5, 30), "example.org")};
  engine::add_origin_notes(fs, {tfvars, other, cli, outside, tiny});
  REQUIRE(fs[0].notes.size() == 2);
  CHECK(fs[0].notes[0].message == "value of var.domain ('example.org') is set here (terraform.tfvars)");
  CHECK(fs[0].notes[0].span == at(1, 9, 22));
  CHECK(fs[0].notes[1].message == "value of var.region ('eu-west-1') from --var region=eu-west-1");
  CHECK_FALSE(fs[0].notes[1].span.valid());
  CHECK(fs[1].notes.empty());  // tool diagnostics get none
}

TEST_CASE("duplicate findings are reported once with the union of their notes", "[engine]") {
  auto a = finding("SES001", at(0, 1, 2), "m");
  a.notes.push_back({at(0, 3, 4), "n1"});
  auto b = a;
  b.notes.push_back({at(0, 5, 6), "n2"});
  auto c = finding("SES001", at(0, 1, 2), "other message");
  std::vector<engine::Finding> fs{a, b, c};
  engine::drop_duplicate_findings(fs);
  REQUIRE(fs.size() == 2);
  CHECK(fs[0].notes.size() == 2);
  CHECK(fs[1].message == "other message");
}
