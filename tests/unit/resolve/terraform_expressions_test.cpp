// Terraform resolver: splats over single resources and data sources, dynamic blocks, can / try,
// terraform.workspace.
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

namespace {

std::vector<const Value*> blocks_of(const Value& body, const std::string& key) {
  std::vector<const Value*> out;
  for (const auto* e : body.all(key)) out.push_back(e->value.get());
  return out;
}

}  // namespace

TEST_CASE("dynamic blocks expand into one block per element", "[resolve][terraform]") {
  TfModule m;
  m.add("main.tf", R"(
variable "grants" {
  default = {
    news   = { actions = ["ses:SendEmail"], domain = "news.example" }
    alerts = { actions = ["ses:SendRawEmail"], domain = "alerts.example" }
  }
}
variable "senders" { default = ["a@x.example", "b@x.example"] }
data "aws_iam_policy_document" "send" {
  statement {
    sid     = "Literal"
    actions = ["ses:GetSendQuota"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = var.grants
    content {
      sid       = statement.key
      actions   = statement.value.actions
      resources = ["arn:aws:ses:us-east-1:111122223333:identity/${statement.value.domain}"]
      dynamic "condition" {
        for_each = var.senders
        iterator = from
        content {
          test     = "StringEquals"
          variable = "ses:FromAddress"
          values   = [from.value, "${statement.key}-${from.key}"]
        }
      }
    }
  }
  dynamic "statement" {
    for_each = []
    content { actions = ["ses:*"] }
  }
}
)");
  m.run();
  const Value& doc = m.block("data", "send");
  CHECK(blocks_of(doc, "dynamic").empty());
  auto st = blocks_of(doc, "statement");
  REQUIRE(st.size() == 3);  // the literal one, then one per map key (Terraform's key order: alerts, news)
  CHECK(st[0]->get("sid")->text == "Literal");
  CHECK(st[1]->get("sid")->text == "alerts");
  CHECK(show(*st[1]->get("actions")) == "[ses:SendRawEmail]");
  CHECK(show(*st[1]->get("resources")) == "[arn:aws:ses:us-east-1:111122223333:identity/alerts.example]");
  CHECK(st[2]->get("sid")->text == "news");
  CHECK(st[1]->block_type == "statement");
  // The generated block is the content block: its lines, and the iterator's values at their use.
  CHECK(m.text(*st[1]).rfind("content {", 0) == 0);
  CHECK(m.text(*st[1]->get("actions")) == "statement.value.actions");
  auto cond = blocks_of(*st[2], "condition");
  REQUIRE(cond.size() == 2);
  CHECK(show(*cond[0]->get("values")) == "[a@x.example,news-0]");
  CHECK(show(*cond[1]->get("values")) == "[b@x.example,news-1]");
  CHECK(cond[1]->get("test")->text == "StringEquals");
}

TEST_CASE("dynamic blocks over an unknown collection keep one unknown block", "[resolve][terraform]") {
  TfModule m;
  m.add("main.tf", R"(
variable "grants" {}
variable "principals" {}
data "aws_iam_policy_document" "send" {
  dynamic "statement" {
    for_each = var.grants
    content {
      effect    = "Deny"
      actions   = ["ses:SendEmail"]
      resources = [statement.value]
      dynamic "principals" {
        for_each = var.principals
        content {
          type        = "AWS"
          identifiers = [principals.value]
        }
      }
    }
  }
}
resource "aws_security_group" "sg" {
  dynamic "ingress" {
    for_each = var.grants
    content { from_port = ingress.value }
  }
}
resource "aws_wafv2_rule_group" "waf" {
  rule {
    dynamic "statement" {
      for_each = var.grants
      content { name = "x" }
    }
    dynamic "broken" {
      for_each = var.grants
    }
  }
}
)");
  m.run();
  auto st = blocks_of(m.block("data", "send"), "statement");
  REQUIRE(st.size() == 1);
  // A literal effect cannot be trusted: the block may be there any number of times.
  REQUIRE(st[0]->get("effect")->kind == Kind::Unknown);
  CHECK(st[0]->get("effect")->text == "var.grants (dynamic \"statement\" blocks)");
  CHECK(show(*st[0]->get("resources")) == "[?var.grants]");  // an element of it
  CHECK(show(*st[0]->get("actions")) == "[ses:SendEmail]");
  auto pr = blocks_of(*st[0], "principals");
  REQUIRE(pr.size() == 1);
  CHECK(pr[0]->get("type")->kind == Kind::Unknown);
  // Other blocks: one block with the iterator unknown, nothing else changed.
  auto in = blocks_of(m.block("resource", "sg"), "ingress");
  REQUIRE(in.size() == 1);
  CHECK(in[0]->get("from_port")->kind == Kind::Unknown);
  // Only a policy document's statement has an effect: a WAF statement is left as written.
  auto rule = blocks_of(m.block("resource", "waf"), "rule");
  REQUIRE(rule.size() == 1);
  auto waf = blocks_of(*rule[0], "statement");
  REQUIRE(waf.size() == 1);
  CHECK(waf[0]->get("effect") == nullptr);
  CHECK(waf[0]->get("name")->text == "x");
  CHECK(m.has_diag("dynamic block without one label and a content block"));
}

TEST_CASE("can and try tell errors from values not known", "[resolve][terraform]") {
  TfModule m;
  m.add("main.tf", R"(
provider "aws" { region = "us-east-1" }
variable "settings" { default = { domain = "example.org", senders = ["a@example.org"] } }
variable "unset" {}
resource "aws_ses_domain_identity" "d" { domain = var.settings.domain }
locals {
  list = ["x", "y"]
  str  = "text"
}
output "can_present" { value = can(var.settings.domain) }
output "can_missing" { value = can(var.settings.from) }
output "can_index" { value = can(var.settings.senders[3]) }
output "can_index_ok" { value = can(var.settings.senders[0]) }
output "can_string_attr" { value = can(local.str.x) }
output "can_key" { value = can(var.settings["nope"]) }
output "can_fn_error" { value = can(regex("^arn:", "not-an-arn")) }
output "can_fn_ok" { value = can(regex("^arn:", "arn:aws:ses")) }
output "can_unset" { value = can(var.unset.x) }
output "can_partial" { value = can(aws_ses_domain_identity.d.arn) }
output "can_cond" { value = can(var.unset ? var.settings.from : "x") }
output "pick" { value = can(var.settings.from) ? var.settings.from : "noreply@example.org" }
output "try_error" { value = try(var.settings.from, local.list[5], "fallback") }
output "try_first" { value = try(var.settings.domain, "fallback") }
output "try_partial" { value = try(var.settings.arn, aws_ses_domain_identity.d.arn) }
output "try_unknown" { value = try(var.unset, "fallback") }
output "try_all_errors" { value = try(var.settings.a, var.settings.b) }
output "try_template" { value = try("id/${var.settings.from}", "fallback") }
output "try_list" { value = try([var.settings.domain, var.settings.from], []) }
output "can_splat" { value = can(var.settings.senders[*].x) }
output "can_template" { value = can("${var.settings.from}@x") }
)");
  m.run();
  CHECK(show(m.out("can_present")) == "true");
  CHECK(m.out("can_present").kind == Kind::Bool);
  CHECK(show(m.out("can_missing")) == "false");
  CHECK(show(m.out("can_index")) == "false");
  CHECK(show(m.out("can_index_ok")) == "true");
  CHECK(show(m.out("can_string_attr")) == "false");
  CHECK(show(m.out("can_key")) == "false");
  CHECK(show(m.out("can_fn_error")) == "false");
  CHECK(show(m.out("can_fn_ok")) == "true");
  CHECK(m.out("can_unset").kind == Kind::Unknown);
  CHECK(m.out("can_partial").kind == Kind::Unknown);  // the ARN's account is not known
  CHECK(m.out("can_cond").kind == Kind::Unknown);     // the error is on a branch that may not be taken
  CHECK(show(m.out("pick")) == "noreply@example.org");
  CHECK(show(m.out("try_error")) == "fallback");
  CHECK(show(m.out("try_first")) == "example.org");
  // Not an error: a partly known value is what try returns, with the resource it came from.
  CHECK(show(m.out("try_partial")) == "arn:${?data.aws_partition}:ses:us-east-1:${?account}:identity/example.org");
  CHECK(m.out("try_partial").resolved_from == "aws_ses_domain_identity.d.arn");
  // An unset variable may hold anything (or fail): try cannot pick the fallback.
  CHECK(m.out("try_unknown").kind == Kind::Unknown);
  CHECK(m.out("try_all_errors").kind == Kind::Unknown);
  // An error inside a template or a collection fails the whole argument.
  CHECK(show(m.out("try_template")) == "fallback");
  CHECK(show(m.out("try_list")) == "[]");
  CHECK(show(m.out("can_splat")) == "false");
  CHECK(show(m.out("can_template")) == "false");
}

TEST_CASE("terraform.workspace is the --workspace name in every module", "[resolve][terraform]") {
  const std::string main = R"(
resource "aws_ses_domain_identity" "env" { domain = "${terraform.workspace}.example.com" }
module "child" { source = "./child" }
output "ws" { value = terraform.workspace }
output "domain" { value = aws_ses_domain_identity.env.domain }
output "child" { value = module.child.ws }
output "other" { value = terraform.something }
)";
  const std::string child = "output \"ws\" { value = \"mail-${terraform.workspace}\" }\n";
  {
    TfModule m;
    m.add("main.tf", main);
    m.add_child("child/main.tf", child);
    m.run();
    CHECK(show(m.out("ws")) == "default");
    CHECK(show(m.out("domain")) == "default.example.com");
    CHECK(show(m.out("child")) == "mail-default");
    CHECK(m.out("other").kind == Kind::Unknown);
  }
  TfModule m;
  m.inputs.terraform_workspace = "prod";
  m.add("main.tf", main);
  m.add_child("child/main.tf", child);
  m.run();
  CHECK(show(m.out("ws")) == "prod");
  CHECK(m.text(m.out("ws")) == "terraform.workspace");
  CHECK(show(m.out("domain")) == "prod.example.com");
  CHECK(show(m.out("child")) == "mail-prod");
}

TEST_CASE("whole resources as collections: values(aws_x.y)[*].attr, for expressions", "[resolve][terraform]") {
  TfModule m;
  m.add("main.tf", R"(
provider "aws" { region = "us-east-1" }
resource "aws_ses_email_identity" "fe" {
  for_each = toset(["b@x.example", "a@x.example"])
  email    = each.value
}
resource "aws_ses_domain_identity" "counted" {
  count  = 2
  domain = "d${count.index}.example"
}
resource "aws_iam_user" "u" { name = "sender" }
resource "aws_iam_role" "r" { name = "role" }
locals { user = aws_iam_user.u }
output "values" { value = values(aws_ses_email_identity.fe)[*].email }
output "keys" { value = keys(aws_ses_email_identity.fe) }
output "for" { value = [for k, i in aws_ses_email_identity.fe : "${k}=${i.id}"] }
output "counted" { value = [for d in aws_ses_domain_identity.counted : d.domain] }
output "length" { value = length(aws_ses_domain_identity.counted) }
output "arn" { value = values(aws_ses_email_identity.fe)[0].arn }
output "other_attr" { value = [for i in values(aws_ses_email_identity.fe) : i.tags] }
output "untyped" { value = values(aws_iam_role.r) }
output "via_local" { value = local.user.unique_id }
output "encoded" { value = jsonencode(aws_iam_user.u) }
)");
  m.run();
  CHECK(show(m.out("values")) == "[a@x.example,b@x.example]");
  CHECK(show(m.out("keys")) == "[a@x.example,b@x.example]");
  CHECK(show(m.out("for")) == "[a@x.example=a@x.example,b@x.example=b@x.example]");
  CHECK(show(m.out("counted")) == "[d0.example,d1.example]");
  CHECK(show(m.out("length")) == "2");
  CHECK(show(m.out("arn")) == "arn:${?data.aws_partition}:ses:us-east-1:${?account}:identity/a@x.example");
  CHECK(m.out("arn").resolved_from == "aws_ses_email_identity.fe[\"a@x.example\"].arn");
  // An attribute the object does not hold is the resource's own: a reference, not an error.
  CHECK(show(m.out("other_attr")) == "[&aws_ses_email_identity.fe[\"a@x.example\"].tags,&aws_ses_email_identity.fe[\"b@x.example\"].tags]");
  CHECK(m.out("untyped").kind == Kind::Unknown);
  CHECK(m.out("via_local").kind == Kind::Reference);
  CHECK(m.out("via_local").text == "aws_iam_user.u.unique_id");
  REQUIRE(m.out("encoded").kind == Kind::Call);
  CHECK(m.out("encoded").items[0]->kind == Kind::Reference);
}

TEST_CASE("dynamic blocks in Terraform JSON syntax", "[resolve][terraform]") {
  TfModule m;
  m.add_json("main.tf.json", R"({
  "variable": { "domains": { "default": ["a.example", "b.example"] } },
  "data": { "aws_iam_policy_document": { "send": {
    "dynamic": { "statement": {
      "for_each": "${var.domains}",
      "iterator": "d",
      "content": {
        "actions": ["ses:SendEmail"],
        "resources": ["arn:aws:ses:us-east-1:111122223333:identity/${d.value}"],
        "dynamic": { "condition": [{
          "for_each": ["x@${d.value}"],
          "content": { "test": "StringEquals", "variable": "ses:FromAddress", "values": ["${condition.value}"] }
        }] }
      }
    } }
  } } }
})");
  m.run();
  auto st = blocks_of(m.block("data", "send"), "statement");
  REQUIRE(st.size() == 2);
  CHECK(show(*st[1]->get("resources")) == "[arn:aws:ses:us-east-1:111122223333:identity/b.example]");
  auto cond = blocks_of(*st[1], "condition");
  REQUIRE(cond.size() == 1);
  CHECK(show(*cond[0]->get("values")) == "[x@b.example]");
  CHECK(blocks_of(m.block("data", "send"), "dynamic").empty());
}
