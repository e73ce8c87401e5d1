// Where SES resources are deployed: the resolvers' Value::location and the model's
// Identity::region / account / partition (resolve/resolve.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/model.h"
#include "parse/parse.h"
#include "resolve/resolve.h"

using namespace seslint;

namespace {

/// A one-module Terraform repository, resolved and normalized.
struct TfModule {
  source::SourceSet set;
  std::vector<resolve::TerraformFile> files, tfvars;
  resolve::ModuleResult result;
  model::FileModel model;

  explicit TfModule(const std::string& text, const std::string& tfvars_text = "") {
    const auto& f = set.file(set.add("mod/main.tf", text));
    files.push_back(resolve::TerraformFile{&f, parse::parse_hcl(f).root, false});
    if (!tfvars_text.empty()) {
      const auto& v = set.file(set.add("mod/terraform.tfvars", tfvars_text));
      tfvars.push_back(resolve::TerraformFile{&v, parse::parse_hcl(v).root, false});
    }
    result = resolve::resolve_terraform_module(files, tfvars, resolve::Inputs{});
    model = model::normalize_file(f, *result.files.at(0).root, model::FileKind::Terraform);
  }
  const model::Identity& identity(const std::string& resource) const {
    for (const auto& id : model.identities)
      if (id.resource == resource) return id;
    FAIL("no identity " << resource);
    throw 0;
  }
  std::string at(const source::Span& s) const { return std::string(set.file(s.file).slice(s)); }
  /// An output's resolved value as text ("?desc" for unknown).
  std::string output(const std::string& name) const {
    for (const auto& e : result.files.at(0).root->entries) {
      const auto& b = *e.value;
      if (b.block_type == "output" && !b.labels.empty() && b.labels[0].text == name) {
        const syntax::Value* v = b.get("value");
        REQUIRE(v);
        if (v->kind == syntax::Kind::Unknown) return "?" + v->text;
        if (v->kind == syntax::Kind::String) return v->text;
        std::string s;
        for (const auto& p : v->items) s += p->kind == syntax::Kind::String ? p->text : "${" + p->text + "}";
        return s;
      }
    }
    FAIL("no output " << name);
    throw 0;
  }
};

}  // namespace

TEST_CASE("partition_of_region", "[resolve][location]") {
  CHECK(resolve::partition_of_region("eu-west-1") == "aws");
  CHECK(resolve::partition_of_region("il-central-1") == "aws");
  CHECK(resolve::partition_of_region("cn-northwest-1") == "aws-cn");
  CHECK(resolve::partition_of_region("us-gov-west-1") == "aws-us-gov");
  CHECK(resolve::partition_of_region("us-isob-east-1") == "aws-iso-b");
  CHECK(resolve::partition_of_region("eusc-de-east-1") == "aws-eusc");
  CHECK(resolve::partition_of_region("").empty());
  CHECK(resolve::partition_of_region("eu-west").empty());
  CHECK(resolve::partition_of_region("local").empty());
  CHECK(resolve::partition_of_region("xx-west-1").empty());  // no known partition has it
}

TEST_CASE("Terraform identities live in their provider's Region", "[resolve][location]") {
  TfModule m(R"(
variable "region" {}
provider "aws" {
  region = var.region
}
provider "aws" {
  alias               = "us"
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}
provider "aws" {
  alias  = "cn"
  region = "cn-north-1"
}
provider "aws" {
  alias = "unset"
}
data "aws_region" "us" {
  provider = aws.us
}
data "aws_region" "current" {}
resource "aws_ses_domain_identity" "default" { domain = "a.example" }
resource "aws_ses_domain_identity" "us" {
  provider = aws.us
  domain   = "b.example"
}
resource "aws_ses_email_identity" "cn" {
  provider = aws.cn
  email    = "c@example.cn"
}
resource "aws_sesv2_email_identity" "own" {
  provider       = aws.us
  email_identity = "d.example"
  region         = "ap-southeast-2"
}
resource "aws_ses_domain_identity" "unset" {
  provider = aws.unset
  domain   = "e.example"
}
resource "aws_ses_domain_identity" "missing" {
  provider = aws.nowhere
  domain   = "f.example"
}
output "us" { value = data.aws_region.us.name }
output "current" { value = data.aws_region.current.region }
output "us_arn" { value = aws_ses_domain_identity.us.arn }
output "own_arn" { value = aws_sesv2_email_identity.own.arn }
)",
             "region = \"eu-west-1\"\n");

  const auto& def = m.identity("aws_ses_domain_identity.default");
  REQUIRE(def.region.known);
  CHECK(def.region.text == "eu-west-1");
  CHECK(m.at(def.region.span) == "var.region");  // the provider's region argument
  CHECK(def.partition.known);
  CHECK(def.partition.text == "aws");
  CHECK_FALSE(def.account.known);
  CHECK(def.account.text == "account");
  CHECK(def.provider == "aws");

  const auto& us = m.identity("aws_ses_domain_identity.us");
  CHECK(us.region.text == "us-east-1");
  CHECK(m.at(us.region.span) == "\"us-east-1\"");
  REQUIRE(us.account.known);
  CHECK(us.account.text == "111111111111");
  CHECK(us.provider == "aws.us");

  const auto& cn = m.identity("aws_ses_email_identity.cn");
  CHECK(cn.region.text == "cn-north-1");
  CHECK(cn.partition.text == "aws-cn");

  const auto& own = m.identity("aws_sesv2_email_identity.own");  // provider v6 per-resource region wins
  CHECK(own.region.text == "ap-southeast-2");
  CHECK(m.at(own.region.span) == "\"ap-southeast-2\"");
  CHECK(own.account.text == "111111111111");  // still the provider's account

  const auto& unset = m.identity("aws_ses_domain_identity.unset");
  CHECK_FALSE(unset.region.known);
  CHECK(unset.region.text == "provider region (aws.unset)");  // not the default provider's symbol
  const auto& missing = m.identity("aws_ses_domain_identity.missing");
  CHECK_FALSE(missing.region.known);
  CHECK(missing.region.text == "provider region (aws.nowhere)");

  CHECK(m.output("us") == "us-east-1");
  CHECK(m.output("current") == "eu-west-1");
  CHECK(m.output("us_arn") == "arn:${data.aws_partition}:ses:us-east-1:${account}:identity/b.example");
  CHECK(m.output("own_arn") == "arn:${data.aws_partition}:ses:ap-southeast-2:${account}:identity/d.example");
}

TEST_CASE("an unresolvable default provider Region stays the deploying scope's symbol", "[resolve][location]") {
  TfModule m(R"(
provider "aws" {
  region = var.region
}
resource "aws_ses_domain_identity" "d" { domain = "a.example" }
output "r" { value = data.aws_region.current.name }
)");
  const auto& d = m.identity("aws_ses_domain_identity.d");
  CHECK_FALSE(d.region.known);
  CHECK(d.region.text == "provider region");
  CHECK_FALSE(d.partition.known);
  CHECK(d.partition.text == "data.aws_partition");
  CHECK(m.output("r") == "?provider region");
}

TEST_CASE("several default aws providers leave the Region unknown", "[resolve][location]") {
  TfModule m(R"(
provider "aws" { region = "eu-west-1" }
provider "aws" { region = "us-east-1" }
resource "aws_ses_domain_identity" "d" { domain = "a.example" }
)");
  CHECK_FALSE(m.identity("aws_ses_domain_identity.d").region.known);
}

TEST_CASE("CloudFormation identities are located by --parameter AWS::Region", "[resolve][location]") {
  const std::string text = R"(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Domain:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: example.com
)";
  auto identity = [&](resolve::Inputs in) {
    source::SourceSet set;
    const auto& f = set.file(set.add("t.yaml", text));
    auto parsed = parse::parse_yaml(f);
    REQUIRE(parsed.root);
    auto r = resolve::resolve_cloudformation(f, *parsed.root, in);
    model::FileModel fm = model::normalize_file(f, *r.root, model::FileKind::CloudFormation);
    REQUIRE(fm.identities.size() == 1);
    return fm.identities[0];
  };
  const model::Identity plain = identity({});
  CHECK_FALSE(plain.region.known);
  CHECK(plain.region.text == "AWS::Region");
  CHECK(plain.account.text == "AWS::AccountId");
  CHECK(plain.partition.text == "AWS::Partition");
  CHECK(plain.provider.empty());

  resolve::Inputs in;
  in.parameters["AWS::Region"] = "us-gov-west-1";
  in.parameters["AWS::AccountId"] = "123456789012";
  const model::Identity given = identity(in);
  CHECK(given.region.text == "us-gov-west-1");
  CHECK(given.account.text == "123456789012");
  CHECK(given.partition.known);
  CHECK(given.partition.text == "aws-us-gov");  // from the Region
}
