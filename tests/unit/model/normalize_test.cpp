#include <catch2/catch.hpp>

#include <algorithm>

#include "cli/pipeline.h"

using namespace seslint;

namespace {

const model::Policy* find_policy(const model::Model& m, const std::string& name) {
  for (const auto& p : m.policies)
    if (p.name == name) return &p;
  return nullptr;
}

std::string slice(const cli::LintRun& run, const source::Span& s) {
  return std::string(run.sources->file(s.file).slice(s));
}

const engine::RunOptions kNoRules{{"NONE"}, {}, {}, {}, true};

}  // namespace

TEST_CASE("Terraform: jsonencode, heredoc, policy document data sources and identities", "[model][terraform]") {
  const std::string tf = R"(
resource "aws_ses_domain_identity" "d" {
  domain = "example.com"
}
resource "aws_sesv2_email_identity" "addr" {
  email_identity         = "noreply@example.com"
  configuration_set_name = "tracking"
}
resource "aws_iam_user_policy" "inline" {
  user   = "smtp-user"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "ses:SendRawEmail", Resource = "*" }]
  })
}
resource "aws_iam_policy" "heredoc" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": ["ses:SendEmail"], "Resource": "arn:aws:ses:us-east-1:1:identity/example.com"}
}
EOF
}
data "aws_iam_policy_document" "doc" {
  statement {
    actions   = ["ses:GetSendQuota"]
    resources = ["*"]
  }
  statement {
    effect        = "Deny"
    not_actions   = ["ses:SendEmail"]
    resources     = [var.arn]
    condition {
      test     = "StringEquals"
      variable = "ses:FromAddress"
      values   = ["a@example.com"]
    }
  }
}
resource "aws_iam_policy" "from_doc" {
  policy = data.aws_iam_policy_document.doc.json
}
resource "aws_iam_policy" "dynamic" {
  policy = var.policy
}
)";
  auto run = cli::lint_texts({{"main.tf", tf}}, kNoRules);
  const auto& m = run.model;
  REQUIRE(m.identities.size() == 2);
  CHECK(m.identities[0].type == model::IdentityType::Domain);
  CHECK(m.identities[0].name.text == "example.com");
  CHECK(slice(run, m.identities[0].name.span) == "\"example.com\"");
  CHECK(m.identities[1].type == model::IdentityType::Address);
  CHECK(m.identities[1].default_configuration_set.text == "tracking");

  const auto* inline_p = find_policy(m, "aws_iam_user_policy.inline");
  REQUIRE(inline_p);
  CHECK(inline_p->kind == model::PolicyKind::Inline);
  CHECK(inline_p->attached_to.text == "smtp-user");
  REQUIRE(inline_p->statements.size() == 1);
  CHECK(inline_p->statements[0].actions[0].text == "ses:SendRawEmail");
  CHECK(slice(run, inline_p->statements[0].actions[0].span) == "\"ses:SendRawEmail\"");
  CHECK(inline_p->statements[0].actions[0].path == "aws_iam_user_policy.inline.policy.Statement[0].Action");

  const auto* heredoc = find_policy(m, "aws_iam_policy.heredoc");
  REQUIRE(heredoc);
  REQUIRE(heredoc->statements.size() == 1);
  const auto& res = heredoc->statements[0].resources.at(0);
  CHECK(res.text == "arn:aws:ses:us-east-1:1:identity/example.com");
  // Embedded JSON keeps real file offsets.
  CHECK(slice(run, res.span) == "\"arn:aws:ses:us-east-1:1:identity/example.com\"");
  CHECK(run.sources->file(res.span.file).position(res.span.begin).line == 19);

  const auto* from_doc = find_policy(m, "aws_iam_policy.from_doc");
  REQUIRE(from_doc);
  REQUIRE(from_doc->statements.size() == 2);
  CHECK(from_doc->statements[1].effect == model::Effect::Deny);
  CHECK(from_doc->statements[1].not_action);
  CHECK_FALSE(from_doc->statements[1].resources[0].known);
  CHECK(from_doc->statements[1].resources[0].text == "var.arn");
  REQUIRE(from_doc->statements[1].conditions.size() == 1);
  CHECK(from_doc->statements[1].conditions[0].key == "ses:FromAddress");
  const auto* doc = find_policy(m, "data.aws_iam_policy_document.doc");
  REQUIRE(doc);
  CHECK(doc->referenced_by == 1);

  const auto* dyn = find_policy(m, "aws_iam_policy.dynamic");
  REQUIRE(dyn);
  CHECK_FALSE(dyn->resolved);
  CHECK(dyn->unresolved_reason == "var.policy");
}

TEST_CASE("CloudFormation: short-form intrinsics are unknown, literal Sub is folded", "[model][cloudformation]") {
  const std::string yaml = R"(AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Domain:
    Type: String
Resources:
  Identity:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: !Ref Domain
      ConfigurationSetAttributes:
        ConfigurationSetName: default-set
  User:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: send
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [ses:SendEmail, ses:SendRawEmail]
                Resource:
                  - !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${Domain}
                  - !Sub arn:aws:ses:eu-west-1:123456789012:identity/literal.example
  StringPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: '{"Statement": [{"Effect": "Allow", "Action": "ses:GetSendQuota", "Resource": "*"}]}'
)";
  auto run = cli::lint_texts({{"template.yaml", yaml}}, kNoRules);
  const auto& m = run.model;
  REQUIRE(m.identities.size() == 1);
  CHECK_FALSE(m.identities[0].name.known);
  CHECK(m.identities[0].name.text == "!Ref Domain");
  CHECK(m.identities[0].default_configuration_set.text == "default-set");
  const auto* user = find_policy(m, "Resources/User");
  REQUIRE(user);
  REQUIRE(user->statements.size() == 1);
  const auto& st = user->statements[0];
  CHECK(st.actions.size() == 2);
  REQUIRE(st.resources.size() == 2);
  CHECK_FALSE(st.resources[0].known);
  CHECK(st.resources[1].known);
  CHECK(st.resources[1].text == "arn:aws:ses:eu-west-1:123456789012:identity/literal.example");
  CHECK(st.resources[0].path == "Resources/User/Properties/Policies/0/PolicyDocument/Statement/0/Resource/0");
  const auto* sp = find_policy(m, "Resources/StringPolicy");
  REQUIRE(sp);
  REQUIRE(sp->statements.size() == 1);
  CHECK(slice(run, sp->statements[0].actions[0].span) == "\"ses:GetSendQuota\"");
}

TEST_CASE("Raw IAM policy JSON and other JSON/YAML are told apart", "[model][json]") {
  auto run = cli::lint_texts(
      {{"policy.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:*", "Resource": "*"}]})"},
       {"package.json", R"({"name": "x", "Statement": 1, "version": "1.0.0"})"},
       {"notes.yaml", "title: hello\n"}},
      kNoRules);
  REQUIRE(run.model.policies.size() == 1);
  CHECK(run.model.policies[0].kind == model::PolicyKind::Raw);
  CHECK(run.files_linted == 1);
  CHECK(run.model.diagnostics.empty());
}

TEST_CASE("Invalid embedded JSON policy is a diagnostic, not a silent skip", "[model][diagnostics]") {
  const std::string tf = R"(resource "aws_iam_policy" "bad" {
  policy = <<EOF
{ "Statement": [ { "Effect": "Allow", } ] }
EOF
}
)";
  auto run = cli::lint_texts({{"main.tf", tf}}, kNoRules);
  REQUIRE_FALSE(run.model.diagnostics.empty());
  CHECK(run.model.diagnostics[0].id == "SES900");
  CHECK(run.model.diagnostics[0].message.find("not valid JSON") != std::string::npos);
  CHECK(run.sources->file(run.model.diagnostics[0].span.file).position(run.model.diagnostics[0].span.begin).line == 3);
}

TEST_CASE("Terraform: configuration set attributes give an identity its default set, sets and templates are read",
          "[model][terraform]") {
  const std::string tf = R"(
resource "aws_sesv2_email_identity" "by_ref" {
  email_identity = "ref.example.com"
}
resource "aws_sesv2_email_identity_configuration_set_attributes" "by_ref" {
  email_identity         = aws_sesv2_email_identity.by_ref.email_identity
  configuration_set_name = aws_sesv2_configuration_set.cs.configuration_set_name
}
resource "aws_sesv2_email_identity" "by_name" {
  email_identity = "name.example.com"
}
resource "aws_sesv2_email_identity_configuration_set_attributes" "by_name" {
  email_identity         = "name.example.com"
  configuration_set_name = "literal-set"
}
resource "aws_sesv2_email_identity" "own" {
  email_identity         = "own.example.com"
  configuration_set_name = "own-set"
}
resource "aws_sesv2_email_identity_configuration_set_attributes" "own" {
  email_identity         = "own.example.com"
  configuration_set_name = "ignored"
}
resource "aws_sesv2_email_identity_configuration_set_attributes" "elsewhere" {
  email_identity         = "unknown.example.com"
  configuration_set_name = "nowhere"
}
resource "aws_sesv2_configuration_set" "cs" {
  configuration_set_name = "tracking"
}
resource "aws_ses_template" "t1" {
  name = "welcome"
}
resource "aws_sesv2_email_template" "t2" {
  template_name = "receipt"
}
)";
  const std::string other_module = R"(
resource "aws_sesv2_email_identity" "far" {
  email_identity = "unknown.example.com"
}
)";
  auto run = cli::lint_texts({{"main.tf", tf}, {"other/main.tf", other_module}}, kNoRules);
  const auto& m = run.model;
  REQUIRE(m.identities.size() == 4);
  CHECK(m.identities[0].default_configuration_set.known);
  CHECK(m.identities[0].default_configuration_set.text == "tracking");
  CHECK(m.identities[0].default_configuration_set_from ==
        "aws_sesv2_email_identity_configuration_set_attributes.by_ref");
  CHECK(m.identities[1].default_configuration_set.text == "literal-set");
  CHECK(slice(run, m.identities[1].default_configuration_set.span) == "\"literal-set\"");
  // An identity naming its own default set keeps it.
  CHECK(m.identities[2].default_configuration_set.text == "own-set");
  CHECK(m.identities[2].default_configuration_set_from == "aws_sesv2_email_identity.own");
  // Links stay inside the module.
  CHECK(m.identities[3].default_configuration_set.text.empty());
  CHECK(m.identities[3].default_configuration_set_from.empty());

  REQUIRE(m.ses_resources.size() == 3);
  CHECK(m.ses_resources[0].kind == model::SesResourceKind::ConfigurationSet);
  CHECK(m.ses_resources[0].name.text == "tracking");
  CHECK(m.ses_resources[1].kind == model::SesResourceKind::Template);
  CHECK(m.ses_resources[1].name.text == "welcome");
  CHECK(m.ses_resources[2].name.text == "receipt");
  CHECK(m.ses_resources[2].resource == "aws_sesv2_email_template.t2");
}

TEST_CASE("CloudFormation: configuration sets and templates are read", "[model][cloudformation]") {
  const std::string yaml = R"(
Resources:
  Tracking:
    Type: AWS::SES::ConfigurationSet
    Properties:
      Name: tracking
  Welcome:
    Type: AWS::SES::Template
    Properties:
      Template:
        TemplateName: welcome
  Identity:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: example.org
      ConfigurationSetAttributes:
        ConfigurationSetName: !Ref Tracking
)";
  auto run = cli::lint_texts({{"template.yaml", yaml}}, kNoRules);
  const auto& m = run.model;
  REQUIRE(m.ses_resources.size() == 2);
  CHECK(m.ses_resources[0].kind == model::SesResourceKind::ConfigurationSet);
  CHECK(m.ses_resources[0].resource == "Resources/Tracking");
  CHECK(m.ses_resources[1].kind == model::SesResourceKind::Template);
  CHECK(m.ses_resources[1].name.text == "welcome");
  REQUIRE(m.identities.size() == 1);
  CHECK(m.identities[0].default_configuration_set.text == "tracking");
  CHECK(m.identities[0].default_configuration_set_from == "Resources/Identity");
}

TEST_CASE("aws_iam_policy_document: source and override documents are merged like the provider does", "[model][terraform]") {
  const std::string tf = R"(
data "aws_iam_policy_document" "a" {
  statement {
    sid       = "A"
    actions   = ["ses:SendEmail"]
    resources = ["*"]
  }
  statement {
    actions   = ["ses:GetSendQuota"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "b" {
  statement {
    sid       = "B"
    actions   = ["ses:SendTemplatedEmail"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "over" {
  statement {
    sid       = "A"
    effect    = "Deny"
    actions   = ["ses:SendEmail"]
    resources = ["*"]
  }
  statement {
    sid       = "C"
    actions   = ["ses:ListIdentities"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "m" {
  source_policy_documents   = [data.aws_iam_policy_document.a.json, data.aws_iam_policy_document.b.json]
  override_policy_documents = [data.aws_iam_policy_document.over.json,
                               jsonencode({ Statement = [{ Sid = "D", Effect = "Allow", Action = "ses:SendBounce", Resource = "*" }] })]
  statement {
    sid       = "B"
    actions   = ["ses:SendRawEmail"]
    resources = ["*"]
  }
  statement {
    actions   = ["ses:GetAccount"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "dup" {
  source_policy_documents = [data.aws_iam_policy_document.a.json, data.aws_iam_policy_document.over.json]
}
data "aws_iam_policy_document" "counted" {
  count                   = 1
  source_policy_documents = [data.aws_iam_policy_document.b[0].json]
}
data "aws_iam_policy_document" "unknown" {
  source_policy_documents = [var.external_json]
  statement {
    actions   = ["ses:GetAccount"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.m.json
}
)";
  auto run = cli::lint_texts({{"main.tf", tf}}, kNoRules);
  const model::Policy* p = find_policy(run.model, "aws_iam_policy.p");
  REQUIRE(p);
  std::vector<std::string> got;
  for (const auto& st : p->statements)
    got.push_back((st.sid.empty() ? "-" : st.sid) + ":" + (st.effect == model::Effect::Deny ? "Deny:" : "Allow:") +
                  st.actions.at(0).text);
  CHECK(got == std::vector<std::string>{"A:Deny:ses:SendEmail", "-:Allow:ses:GetSendQuota", "B:Allow:ses:SendRawEmail",
                                        "-:Allow:ses:GetAccount", "C:Allow:ses:ListIdentities", "D:Allow:ses:SendBounce"});
  // Merged statements keep the spans of the documents they came from.
  CHECK(slice(run, p->statements[0].span).find("effect    = \"Deny\"") != std::string::npos);
  CHECK(slice(run, p->statements[1].span).find("ses:GetSendQuota") != std::string::npos);
  // Documents used as sources are not checked again on their own.
  CHECK(find_policy(run.model, "data.aws_iam_policy_document.a")->referenced_by == 2);
  bool dup = false, unknown = false, old_note = false;
  for (const auto& d : run.model.diagnostics) {
    if (d.message.find("duplicate Sid 'A' in source_policy_documents") != std::string::npos) dup = true;
    if (d.message.find("data.aws_iam_policy_document.unknown: the document in source_policy_documents (var.external_json)") !=
        std::string::npos)
      unknown = true;
    if (d.message.find("not merged yet") != std::string::npos) old_note = true;
  }
  CHECK(dup);
  CHECK(unknown);
  CHECK_FALSE(old_note);
  CHECK(find_policy(run.model, "data.aws_iam_policy_document.unknown")->statements.size() == 1);
  // A count-indexed reference names the same block.
  REQUIRE(find_policy(run.model, "data.aws_iam_policy_document.counted")->statements.size() == 1);
  CHECK(find_policy(run.model, "data.aws_iam_policy_document.counted")->statements[0].sid == "B");
}

TEST_CASE("Terraform modules: each instance of a local module is in the model with the caller's values", "[model][terraform]") {
  const std::string root = R"(
module "one" {
  source = "./mod"
  domain = "one.example"
}
module "two" {
  source = "./mod"
  domain = "two.example"
}
)";
  const std::string child = R"(
variable "domain" {}
resource "aws_iam_user" "u" { name = "sender" }
resource "aws_iam_user_policy" "p" {
  user   = aws_iam_user.u.name
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ses:SendEmail",
                                       Resource = "arn:aws:ses:us-east-1:1:identity/${var.domain}" }] })
}
)";
  auto run = cli::lint_texts({{"main.tf", root}, {"mod/main.tf", child}}, kNoRules);
  std::vector<std::string> seen;
  for (const auto& p : run.model.policies)
    if (p.name == "aws_iam_user_policy.p") seen.push_back(p.module + " " + p.statements.at(0).resources.at(0).text);
  std::sort(seen.begin(), seen.end());
  REQUIRE(seen.size() == 3);
  CHECK(seen[0] == "mod (module.one in .) arn:aws:ses:us-east-1:1:identity/one.example");
  CHECK(seen[1] == "mod (module.two in .) arn:aws:ses:us-east-1:1:identity/two.example");
  CHECK(seen[2] == "mod arn:aws:ses:us-east-1:1:identity/${var.domain}");  // the folder on its own
  CHECK(model::instance_address("mod (module.one in .)") == "module.one");
  CHECK(model::instance_address("mod").empty());
  // Each instance's user links to its own inline policy.
  std::size_t users = 0;
  for (const auto& e : run.model.iam.entities)
    if (e.origin.resource == "aws_iam_user.u") ++users;
  CHECK(users == 3);
}
