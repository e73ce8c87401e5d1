#include <catch2/catch.hpp>

#include <algorithm>

#include "cli/pipeline.h"
#include "model/graph.h"

using namespace seslint;

namespace {

const engine::RunOptions kNoRules{{"NONE"}, {}, {}, {}, true};

/// Names of the policies that apply to a principal (built-in ones by their ARN), "?" for unresolved.
std::vector<std::string> policy_names(const model::PrincipalNode& n) {
  std::vector<std::string> out;
  for (const auto& a : n.policies) out.push_back(a.policy ? a.policy->name : "?");
  std::sort(out.begin(), out.end());
  return out;
}

const model::AppliedPolicy* applied(const model::PrincipalNode& n, const std::string& name) {
  for (const auto& a : n.policies)
    if (a.policy && a.policy->name == name) return &a;
  return nullptr;
}

std::vector<std::string> trace(const model::AppliedPolicy& a) {
  std::vector<std::string> out;
  for (const auto& h : a.trace) out.push_back(h.resource);
  return out;
}

using V = std::vector<std::string>;

const std::string kTerraform = R"(
resource "aws_iam_user" "smtp" {
  name                 = "smtp-user"
  path                 = "/mail/"
  permissions_boundary = aws_iam_policy.boundary.arn
}
resource "aws_iam_group" "senders" {
  name = "senders"
}
resource "aws_iam_group_membership" "m" {
  name  = "senders-membership"
  group = aws_iam_group.senders.name
  users = [aws_iam_user.smtp.name]
}
resource "aws_iam_group_policy" "g_inline" {
  group  = aws_iam_group.senders.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ses:SendRawEmail", Resource = "*" }] })
}
resource "aws_iam_policy" "send" {
  name   = "send"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "*" }] })
}
resource "aws_iam_group_policy_attachment" "g_managed" {
  group      = aws_iam_group.senders.name
  policy_arn = aws_iam_policy.send.arn
}
resource "aws_iam_policy" "boundary" {
  name   = "boundary"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ses:*", Resource = "*" }] })
}
resource "aws_iam_access_key" "smtp" {
  user = aws_iam_user.smtp.name
}
output "smtp_password" {
  value     = aws_iam_access_key.smtp.ses_smtp_password_v4
  sensitive = true
}
resource "aws_iam_access_key" "api" {
  user = "smtp-user"
}
resource "aws_iam_policy" "exclusive" {
  name   = "exclusive"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ses:GetSendQuota", Resource = "*" }] })
}
resource "aws_iam_policy_attachment" "excl" {
  name       = "excl"
  policy_arn = aws_iam_policy.exclusive.arn
  users      = [aws_iam_user.smtp.name]
  roles      = [aws_iam_role.app.name]
}
resource "aws_iam_role" "app" {
  name                = "app"
  assume_role_policy  = "{}"
  managed_policy_arns = [aws_iam_policy.send.arn, "arn:aws:iam::aws:policy/AmazonSESFullAccess"]
  inline_policy {
    name   = "inline"
    policy = jsonencode({ Statement = [{ Effect = "Deny", Action = "ses:SendEmail", Resource = "*" }] })
  }
}
resource "aws_organizations_policy" "deny_regions" {
  name    = "deny-regions"
  content = jsonencode({ Statement = [{ Effect = "Deny", Action = "ses:*", Resource = "*" }] })
}
resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.deny_regions.id
  target_id = "r-abcd"
}
resource "aws_organizations_policy_attachment" "dynamic" {
  policy_id = aws_organizations_policy.deny_regions.id
  target_id = data.aws_organizations_organization.o.roots[0].id
}
resource "aws_ses_domain_identity" "d" {
  domain = "example.com"
}
resource "aws_ses_identity_policy" "ip" {
  identity = aws_ses_domain_identity.d.arn
  name     = "allow"
  policy   = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "ses:SendRawEmail", Resource = "*" }] })
}
resource "aws_sesv2_email_identity_policy" "lit" {
  email_identity = "example.com"
  policy_name    = "lit"
  policy         = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "ses:SendEmail", Resource = "*" }] })
}
)";

}  // namespace

TEST_CASE("graph: Terraform user with group, boundary, SMTP key and exclusive attachment", "[model][graph]") {
  auto run = cli::lint_texts({{"main.tf", kTerraform}}, kNoRules);
  const auto g = model::build_graph(run.model);

  REQUIRE(g.principals.size() == 2);
  REQUIRE(g.groups.size() == 1);
  const auto* user = g.find("aws_iam_user.smtp");
  REQUIRE(user);
  CHECK(user->kind() == model::EntityKind::User);
  CHECK(user->entity->name.text == "smtp-user");
  CHECK(policy_names(*user) == V{"aws_iam_group_policy.g_inline", "aws_iam_policy.exclusive", "aws_iam_policy.send"});
  CHECK_FALSE(user->has_unresolved());

  const auto* via_group = applied(*user, "aws_iam_policy.send");
  REQUIRE(via_group);
  CHECK(via_group->via == model::Via::Group);
  CHECK(via_group->group == "aws_iam_group.senders");
  CHECK(trace(*via_group) == V{"aws_iam_user.smtp", "aws_iam_group_membership.m", "aws_iam_group.senders",
                               "aws_iam_group_policy_attachment.g_managed", "aws_iam_policy.send"});
  const auto* group_inline = applied(*user, "aws_iam_group_policy.g_inline");
  REQUIRE(group_inline);
  CHECK(group_inline->via == model::Via::Group);
  const auto* excl = applied(*user, "aws_iam_policy.exclusive");
  REQUIRE(excl);
  CHECK(excl->via == model::Via::Attached);
  CHECK(excl->exclusive);

  REQUIRE(user->groups.size() == 1);
  CHECK(user->groups[0].group->origin.resource == "aws_iam_group.senders");
  CHECK(user->groups[0].exclusive);

  REQUIRE(user->has_boundary);
  REQUIRE(user->boundary.policy);
  CHECK(user->boundary.policy->name == "aws_iam_policy.boundary");
  CHECK(user->boundary_policies().size() == 1);

  // Both keys belong to the user (one by reference, one by literal name); only one is SMTP.
  REQUIRE(user->access_keys.size() == 2);
  CHECK(user->access_keys[0]->origin.resource == "aws_iam_access_key.smtp");
  CHECK(user->access_keys[0]->smtp_password_uses.size() == 1);
  CHECK(user->access_keys[1]->smtp_password_uses.empty());
  CHECK(user->is_smtp_user());
  CHECK(user->identity_policies().size() == 3);

  CHECK(user->arn.arn.text == "arn:*:iam::*:user/mail/smtp-user");
  CHECK_FALSE(user->arn.arn.known);
  CHECK_FALSE(user->arn.account.known);

  const auto* role = g.find("aws_iam_role.app");
  REQUIRE(role);
  CHECK(policy_names(*role) == V{"arn:aws:iam::aws:policy/AmazonSESFullAccess", "aws_iam_policy.exclusive",
                                 "aws_iam_policy.send", "aws_iam_role.app"});
  CHECK_FALSE(role->is_smtp_user());
  CHECK(role->session_arn.arn.text == "arn:*:sts::*:assumed-role/app/*");
  const auto* full = applied(*role, "arn:aws:iam::aws:policy/AmazonSESFullAccess");
  REQUIRE(full);
  CHECK(full->policy->builtin);
  CHECK(full->exclusive);
  REQUIRE(full->policy->statements.size() == 1);
  CHECK(full->policy->statements[0].actions[0].text == "ses:*");
  const auto* role_inline = applied(*role, "aws_iam_role.app");
  REQUIRE(role_inline);
  CHECK(role_inline->via == model::Via::Inline);

  // SCPs: one attachment to a literal root, one to an unknown target.
  REQUIRE(user->scps.size() == 1);
  CHECK(user->scps[0].target_type == model::ScpTargetType::Root);
  REQUIRE(user->scps[0].policy);
  CHECK(user->scps[0].policy->name == "aws_organizations_policy.deny_regions");
  CHECK(user->scp_policies().size() == 1);
  REQUIRE(g.scps_unknown_target.size() == 1);
  CHECK(g.scps_unknown_target[0].policy == user->scps[0].policy);
  CHECK(g.scps_unattached.empty());

  // Identity policies: by reference (.arn) and by literal name.
  REQUIRE(g.identities.size() == 1);
  REQUIRE(g.identities[0].policies.size() == 2);
  CHECK(g.identities[0].policies[0]->name == "aws_ses_identity_policy.ip");
  CHECK(g.identities[0].policies[1]->name == "aws_sesv2_email_identity_policy.lit");
  CHECK(g.unresolved.empty());
}

TEST_CASE("graph: CloudFormation users, groups, roles, managed policies and SCPs", "[model][graph]") {
  const std::string cfn = R"(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  MailUser:
    Type: AWS::IAM::User
    Properties:
      UserName: mailer
      Groups: [!Ref Senders]
      PermissionsBoundary: !Ref Boundary
      Policies:
        - PolicyName: own
          PolicyDocument:
            Statement: [{Effect: Allow, Action: ses:SendRawEmail, Resource: "*"}]
  Other:
    Type: AWS::IAM::User
  Senders:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonSESReadOnlyAccess]
  Extra:
    Type: AWS::IAM::Group
    Properties:
      GroupName: extra
  AddOther:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Extra
      Users: [!Ref Other]
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{Effect: Allow, Action: "ses:*", Resource: "*"}]
  Send:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{Effect: Allow, Action: ses:SendEmail, Resource: "*"}]
      Users: [!Ref MailUser]
      Groups: [!Ref Extra]
      Roles: [!Ref AppRole]
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns:
        - !Ref Send
        - !Sub arn:${AWS::Partition}:iam::aws:policy/AmazonSESFullAccess
        - arn:aws:iam::aws:policy/PowerUserAccess
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref MailUser
  Scp:
    Type: AWS::Organizations::Policy
    Properties:
      Name: scp
      Type: SERVICE_CONTROL_POLICY
      Content: {Statement: [{Effect: Deny, Action: "ses:*", Resource: "*"}]}
      TargetIds: [ou-abcd-12345678, "123456789012", !Ref OrgRoot]
)";
  auto run = cli::lint_texts({{"template.yaml", cfn}}, kNoRules);
  const auto g = model::build_graph(run.model);
  REQUIRE(g.principals.size() == 3);

  const auto* user = g.find("Resources/MailUser");
  REQUIRE(user);
  CHECK(policy_names(*user) ==
        V{"Resources/MailUser", "Resources/Send", "arn:aws:iam::aws:policy/AmazonSESReadOnlyAccess"});
  REQUIRE(user->boundary.policy);
  CHECK(user->boundary.policy->name == "Resources/Boundary");
  REQUIRE(user->access_keys.size() == 1);
  CHECK_FALSE(user->is_smtp_user());  // CloudFormation has no SMTP password attribute
  const auto* ro = applied(*user, "arn:aws:iam::aws:policy/AmazonSESReadOnlyAccess");
  REQUIRE(ro);
  CHECK(ro->via == model::Via::Group);
  CHECK(ro->policy->builtin);
  REQUIRE(ro->policy->statements.size() == 1);
  CHECK(ro->policy->statements[0].actions.size() == 3);
  CHECK(user->arn.arn.text == "arn:*:iam::*:user/mailer");

  const auto* other = g.find("Resources/Other");
  REQUIRE(other);
  CHECK_FALSE(other->entity->name.known);
  CHECK(other->arn.arn.text == "arn:*:iam::*:user/*");
  CHECK(policy_names(*other) == V{"Resources/Send"});
  REQUIRE(other->groups.size() == 1);
  CHECK(trace(other->policies[0]) ==
        V{"Resources/Other", "Resources/AddOther", "Resources/Extra", "Resources/Send"});

  const auto* role = g.find("Resources/AppRole");
  REQUIRE(role);
  CHECK(policy_names(*role) ==
        V{"?", "Resources/Send", "Resources/Send", "arn:aws:iam::aws:policy/AmazonSESFullAccess"});
  CHECK(role->has_unresolved());
  bool power_unresolved = false;
  for (const auto& a : role->policies)
    if (!a.policy) {
      power_unresolved = a.unresolved_reason.find("PowerUserAccess") != std::string::npos;
      CHECK(a.unresolved_reason.find("unresolved managed policy") != std::string::npos);
    }
  CHECK(power_unresolved);
  CHECK(role->identity_policies().size() == 2);  // deduplicated

  REQUIRE(user->scps.size() == 2);
  CHECK(user->scps[0].target_type == model::ScpTargetType::OrganizationalUnit);
  CHECK(user->scps[1].target_type == model::ScpTargetType::Account);
  REQUIRE(user->scps[0].policy);
  CHECK(user->scps[0].policy->name == "Resources/Scp");
  REQUIRE(g.scps_unknown_target.size() == 1);
  CHECK(g.scps_unknown_target[0].target.text == "!Ref OrgRoot");
}

TEST_CASE("graph: Terraform links stay in one folder, literal names link across the repository", "[model][graph]") {
  const std::string users = R"(
resource "aws_iam_user" "smtp" {
  name = "smtp-user"
}
resource "aws_iam_access_key" "k" {
  user = aws_iam_user.smtp.name
}
)";
  const std::string policies = R"(
resource "aws_iam_policy" "send" {
  name   = "send"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ses:SendRawEmail", Resource = "*" }] })
}
resource "aws_iam_user_policy_attachment" "a" {
  user       = aws_iam_user.smtp.name
  policy_arn = aws_iam_policy.send.arn
}
output "pw" {
  value = aws_iam_access_key.k.encrypted_ses_smtp_password_v4
}
)";
  const std::string other_folder = R"(
resource "aws_iam_user_policy" "p" {
  user   = aws_iam_user.smtp.name
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ses:*", Resource = "*" }] })
}
resource "aws_iam_user_policy" "by_name" {
  user   = "smtp-user"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "*" }] })
}
resource "aws_iam_user_policy_attachment" "lit" {
  user       = "smtp-user"
  policy_arn = "arn:aws:iam::123456789012:policy/send"
}
resource "aws_iam_user_policy_attachment" "var" {
  user       = var.user
  policy_arn = "arn:aws:iam::123456789012:policy/send"
}
resource "aws_iam_user_policy_attachment" "missing_policy" {
  user       = "smtp-user"
  policy_arn = "arn:aws:iam::123456789012:policy/elsewhere"
}
resource "aws_iam_user_policy_attachment" "lookup" {
  user       = "smtp-user"
  policy_arn = data.aws_iam_policy.ro.arn
}
data "aws_iam_policy" "ro" {
  name = "AmazonSESReadOnlyAccess"
}
)";
  auto run = cli::lint_texts(
      {{"mail/users.tf", users}, {"mail/policies.tf", policies}, {"other/main.tf", other_folder}}, kNoRules);
  const auto g = model::build_graph(run.model);
  const auto* user = g.find("aws_iam_user.smtp");
  REQUIRE(user);
  CHECK(user->is_smtp_user());  // the encrypted password output is in another file of the folder
  CHECK(policy_names(*user) == V{"?", "arn:aws:iam::aws:policy/AmazonSESReadOnlyAccess", "aws_iam_policy.send",
                                 "aws_iam_policy.send", "aws_iam_user_policy.by_name"});
  for (const auto& a : user->policies)
    if (!a.policy) CHECK(a.unresolved_reason == "unresolved managed policy: arn:aws:iam::123456789012:policy/elsewhere "
                                                "is not defined in the repository");

  // other/main.tf references aws_iam_user.smtp, which is not in its folder.
  REQUIRE(g.unresolved.size() == 2);
  CHECK(g.unresolved[0].what == "inline policy");
  CHECK(g.unresolved[0].resource == "aws_iam_user_policy.p");
  CHECK(g.unresolved[0].reason == "no aws_iam_user.smtp in module 'other'");
  CHECK(g.unresolved[1].what == "policy attachment");
  CHECK(g.unresolved[1].resource == "aws_iam_user_policy_attachment.var");
  CHECK(g.unresolved[1].reason == "cannot resolve var.user");
}

TEST_CASE("graph: unresolvable references are kept with a reason", "[model][graph]") {
  const std::string tf = R"(
resource "aws_iam_user" "u" {
  name                 = var.name
  permissions_boundary = var.boundary_arn
}
resource "aws_iam_user_group_membership" "m" {
  user   = aws_iam_user.u.name
  groups = [aws_iam_group.missing.name, "external-group"]
}
resource "aws_iam_role" "r" {
  name_prefix          = "app-"
  permissions_boundary = "arn:aws:iam::aws:policy/PowerUserAccess"
  assume_role_policy   = "{}"
}
resource "aws_iam_role_policy_attachment" "wrong" {
  role       = aws_iam_user.u.name
  policy_arn = var.policy
}
resource "aws_iam_access_key" "k" {
  user = data.aws_iam_user.external.user_name
}
resource "aws_ses_identity_policy" "p" {
  identity = var.identity_arn
  name     = "p"
  policy   = "{}"
}
resource "aws_organizations_policy" "unattached" {
  content = jsonencode({ Statement = [{ Effect = "Deny", Action = "ses:*", Resource = "*" }] })
}
resource "aws_organizations_policy_attachment" "ext" {
  policy_id = "p-12345678"
  target_id = "123456789012"
}
)";
  auto run = cli::lint_texts({{"main.tf", tf}}, kNoRules);
  const auto g = model::build_graph(run.model);
  const auto* user = g.find("aws_iam_user.u");
  REQUIRE(user);
  CHECK(user->arn.arn.text == "arn:*:iam::*:user/*");
  REQUIRE(user->has_boundary);
  CHECK_FALSE(user->boundary.policy);
  CHECK(user->boundary.unresolved_reason == "unresolved managed policy: cannot resolve var.boundary_arn");
  REQUIRE(user->groups.size() == 2);
  CHECK_FALSE(user->groups[0].group);
  CHECK(user->groups[0].unresolved_reason == "no aws_iam_group.missing in module '.'");
  CHECK(user->groups[1].unresolved_reason == "no group named 'external-group' in the repository");
  REQUIRE(user->policies.size() == 2);
  CHECK(user->policies[0].via == model::Via::Group);
  CHECK_FALSE(user->policies[0].policy);
  CHECK(user->has_unresolved());

  const auto* role = g.find("aws_iam_role.r");
  REQUIRE(role);
  CHECK(role->entity->name.text == "generated from name_prefix");
  CHECK(role->boundary.unresolved_reason ==
        "unresolved managed policy: AWS managed policy PowerUserAccess is not modelled");
  CHECK(role->policies.empty());

  std::vector<std::string> reasons;
  for (const auto& u : g.unresolved) reasons.push_back(u.what + ": " + u.reason);
  CHECK(reasons == V{"policy attachment: aws_iam_user.u is not an aws_iam_role",
                     "access key: data.aws_iam_user.external reads an existing user that is not defined in the "
                     "repository",
                     "SCP attachment: policy 'p-12345678' is not defined in the repository",
                     "identity policy: cannot resolve var.identity_arn"});
  REQUIRE(user->scps.size() == 1);
  CHECK_FALSE(user->scps[0].policy);
  CHECK(user->scps[0].target_type == model::ScpTargetType::Account);
  REQUIRE(g.scps_unattached.size() == 1);
  CHECK(g.scps_unattached[0]->name == "aws_organizations_policy.unattached");
  REQUIRE(g.identity_policies_unattached.size() == 1);
}

TEST_CASE("graph: AWS managed SES policy documents", "[model][graph]") {
  auto full = model::aws_managed_policy("AmazonSESFullAccess");
  REQUIRE(full);
  CHECK(full->builtin);
  CHECK(full->kind == model::PolicyKind::Managed);
  REQUIRE(full->statements.size() == 1);
  CHECK(full->statements[0].effect == model::Effect::Allow);
  CHECK(full->statements[0].resources[0].text == "*");
  auto ro = model::aws_managed_policy("AmazonSESReadOnlyAccess");
  REQUIRE(ro);
  std::vector<std::string> actions;
  for (const auto& a : ro->statements[0].actions) actions.push_back(a.text);
  CHECK(actions == V{"ses:Get*", "ses:List*", "ses:BatchGetMetricData"});
  auto admin = model::aws_managed_policy("AdministratorAccess");
  REQUIRE(admin);
  REQUIRE(admin->statements.size() == 1);
  CHECK(admin->statements[0].actions[0].text == "*");
  CHECK(admin->statements[0].resources[0].text == "*");
}

TEST_CASE("graph: AWS managed policies without SES actions are known documents with no statement", "[model][graph]") {
  const auto names = model::aws_managed_policies_without_ses();
  CHECK(names.size() > 1000);
  // Sorted and unique: the lookup is a binary search.
  CHECK(std::adjacent_find(names.begin(), names.end(), [](auto a, auto b) { return !(a < b); }) == names.end());
  for (const char* name : {"AWSLambdaBasicExecutionRole", "AmazonECSTaskExecutionRolePolicy", "AmazonS3ReadOnlyAccess"}) {
    INFO(name);
    auto p = model::aws_managed_policy(name);
    REQUIRE(p);
    CHECK(p->builtin);
    CHECK(p->resolved);
    CHECK(p->statements.empty());
  }
  // Policies that grant or may grant SES actions (ses:*, "*", NotAction) are never on the list.
  for (const char* name : {"AmazonSESFullAccess", "AmazonSESReadOnlyAccess", "AdministratorAccess", "PowerUserAccess",
                           "ReadOnlyAccess", "ViewOnlyAccess"}) {
    INFO(name);
    CHECK_FALSE(model::aws_managed_policy_without_ses(name));
  }
  CHECK_FALSE(model::aws_managed_policy("PowerUserAccess"));
  CHECK_FALSE(model::aws_managed_policy("NoSuchPolicyAnywhere"));
}

TEST_CASE("graph: Terraform JSON references link like HCL ones", "[model][graph]") {
  const std::string json = R"({
  "resource": {
    "aws_iam_user": {"smtp": {"name": "smtp-user"}},
    "aws_iam_access_key": {"k": {"user": "${aws_iam_user.smtp.name}"}},
    "aws_iam_user_policy": {"p": {"user": "${aws_iam_user.smtp.name}",
      "policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ses:SendRawEmail\",\"Resource\":\"*\"}]}"}}
  },
  "output": {"pw": {"value": "${aws_iam_access_key.k.ses_smtp_password_v4}", "sensitive": true}}
})";
  auto run = cli::lint_texts({{"main.tf.json", json}}, kNoRules);
  const auto g = model::build_graph(run.model);
  const auto* user = g.find("aws_iam_user.smtp");
  REQUIRE(user);
  CHECK(policy_names(*user) == V{"aws_iam_user_policy.p"});
  CHECK(user->is_smtp_user());
  CHECK(g.unresolved.empty());
}

TEST_CASE("graph: CloudFormation AWS::IAM::Policy lists, GetAtt, and template scoping", "[model][graph]") {
  const std::string a = R"({
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Mailer": {"Type": "AWS::IAM::User", "Properties": {
      "PermissionsBoundary": {"Fn::GetAtt": ["Boundary", "PolicyArn"]}}},
    "Boundary": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
      "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "ses:*", "Resource": "*"}]}}},
    "Inline": {"Type": "AWS::IAM::Policy", "Properties": {
      "PolicyName": "inline",
      "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "ses:SendRawEmail", "Resource": "*"}]},
      "Users": [{"Ref": "Mailer"}]}},
    "RolePolicy": {"Type": "AWS::IAM::RolePolicy", "Properties": {
      "RoleName": {"Ref": "Mailer"},
      "PolicyName": "x",
      "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}}}
  }
})";
  const std::string b = R"(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Stray:
    Type: AWS::IAM::UserPolicy
    Properties:
      UserName: !Ref Mailer
      PolicyName: stray
      PolicyDocument:
        Statement: [{Effect: Allow, Action: "ses:*", Resource: "*"}]
)";
  auto run = cli::lint_texts({{"a.json", a}, {"b.yaml", b}}, kNoRules);
  const auto g = model::build_graph(run.model);
  const auto* user = g.find("Resources/Mailer");
  REQUIRE(user);
  CHECK(policy_names(*user) == V{"Resources/Inline"});
  CHECK(user->policies[0].via == model::Via::Inline);
  REQUIRE(user->boundary.policy);
  CHECK(user->boundary.policy->name == "Resources/Boundary");
  std::vector<std::string> reasons;
  for (const auto& u : g.unresolved) reasons.push_back(u.resource + ": " + u.reason);
  CHECK(reasons == V{"Resources/RolePolicy: Mailer is a user, not a role", "Resources/Stray: no user Mailer in this template"});
}
