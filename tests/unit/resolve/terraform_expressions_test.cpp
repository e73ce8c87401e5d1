// Terraform resolver: splats over single resources and data sources.
#include <catch2/catch.hpp>

#include "support/terraform_module.h"

using namespace seslint;
using syntax::Kind;
using syntax::Value;
using test::show;
using test::TfModule;

TEST_CASE("splats over a resource without count are a one-element list", "[resolve][terraform]") {
  TfModule m;
  m.add("main.tf", R"(
provider "aws" { region = "eu-west-1" }
variable "extra" {}
variable "more" { default = ["arn:aws:ses:eu-west-1:111122223333:identity/more.example"] }
resource "aws_ses_domain_identity" "this" { domain = "example.org" }
resource "aws_iam_role" "r" { name = "sender" }
output "legacy" { value = aws_ses_domain_identity.this.*.arn }
output "full" { value = aws_ses_domain_identity.this[*].domain }
output "concat" { value = concat(aws_ses_domain_identity.this.*.arn, var.extra) }
output "concat_known" { value = concat(aws_ses_domain_identity.this[*].arn, var.more) }
output "joined" { value = join(",", aws_ses_domain_identity.this.*.domain) }
output "other" { value = aws_iam_role.r.*.arn }
output "whole" { value = aws_ses_domain_identity.this.* }
)");
  m.run();
  const std::string arn = "arn:${?data.aws_partition}:ses:eu-west-1:${?account}:identity/example.org";
  CHECK(show(m.out("legacy")) == "[" + arn + "]");
  REQUIRE(m.out("legacy").kind == Kind::List);
  // The element still names the resource it came from, so the model links the identity.
  CHECK(m.out("legacy").items[0]->resolved_from == "aws_ses_domain_identity.this.arn");
  CHECK(m.text(m.out("legacy")) == "aws_ses_domain_identity.this.*.arn");
  CHECK(show(m.out("full")) == "[example.org]");
  CHECK(show(m.out("concat")) == "[" + arn + ",?var.extra[*]]");
  CHECK(show(m.out("concat_known")) == "[" + arn + ",arn:aws:ses:eu-west-1:111122223333:identity/more.example]");
  CHECK(show(m.out("joined")) == "example.org");
  // An attribute the resolver does not compute stays a reference to that one object.
  CHECK(show(m.out("other")) == "[&aws_iam_role.r.arn]");
  CHECK(m.out("whole").kind == Kind::Reference);
}

TEST_CASE("splats over counted resources and data sources", "[resolve][terraform]") {
  TfModule m;
  m.add("main.tf", R"(
provider "aws" { region = "us-east-1" }
variable "domains" { default = ["a.example", "b.example"] }
resource "aws_ses_domain_identity" "counted" {
  count  = length(var.domains)
  domain = var.domains[count.index]
}
resource "aws_ses_domain_identity" "none" {
  count  = 0
  domain = "gone.example"
}
resource "aws_ses_domain_identity" "fe" {
  for_each = toset(var.domains)
  domain   = each.value
}
data "aws_ses_domain_identity" "x" { domain = "data.example" }
data "aws_ses_domain_identity" "dc" {
  count  = 2
  domain = var.domains[count.index]
}
output "counted" { value = aws_ses_domain_identity.counted[*].domain }
output "none" { value = aws_ses_domain_identity.none.*.arn }
output "fe_splat" { value = aws_ses_domain_identity.fe[*].arn }
output "data_legacy" { value = data.aws_ses_domain_identity.x.*.arn }
output "data_full" { value = data.aws_ses_domain_identity.x[*].domain }
output "data_counted" { value = data.aws_ses_domain_identity.dc[*].domain }
output "data_index" { value = data.aws_ses_domain_identity.dc[1].arn }
)");
  m.run();
  CHECK(show(m.out("counted")) == "[a.example,b.example]");
  CHECK(show(m.out("none")) == "[]");
  // A for_each resource is a map: a splat does not look into it, the reference stays.
  CHECK(m.out("fe_splat").kind == Kind::Reference);
  CHECK(show(m.out("data_legacy")) == "[arn:${?data.aws_partition}:ses:us-east-1:${?account}:identity/data.example]");
  CHECK(show(m.out("data_full")) == "[data.example]");
  CHECK(show(m.out("data_counted")) == "[a.example,b.example]");
  CHECK(show(m.out("data_index")) == "arn:${?data.aws_partition}:ses:us-east-1:${?account}:identity/b.example");
}
