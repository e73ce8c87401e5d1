#include <catch2/catch.hpp>

#include "cli/pipeline.h"

using namespace seslint;

namespace {

const engine::RunOptions kNoRules{{"NONE"}, {}, {}, {}, true};

const model::Workload* workload(const model::Model& m, const std::string& resource) {
  for (const auto& w : m.workloads)
    if (w.origin.resource == resource) return &w;
  return nullptr;
}

const model::EnvironmentVariable* var(const model::Workload& w, const std::string& name) {
  for (const auto& v : w.environment)
    if (v.name == name) return &v;
  return nullptr;
}

}  // namespace

TEST_CASE("workloads: Terraform Lambda environment variables and ECS container environments keep their references",
          "[model][workloads]") {
  const std::string tf = R"(
resource "aws_sesv2_configuration_set" "cs" {
  configuration_set_name = "tracking"
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  environment {
    variables = {
      SET  = aws_sesv2_configuration_set.cs.configuration_set_name
      FROM = "noreply@example.com"
    }
  }
}

resource "aws_ecs_task_definition" "task" {
  family        = "task"
  task_role_arn = "arn:aws:iam::123456789012:role/task"
  container_definitions = jsonencode([
    { name = "a", environment = [{ name = "SET", value = aws_sesv2_configuration_set.cs.configuration_set_name }] },
    { name = "b", environment = [{ name = "MODE", value = "batch" }] },
  ])
}

resource "aws_lambda_function" "bare" {
  function_name = "bare"
}
)";
  auto run = cli::lint_texts({{"main.tf", tf}}, kNoRules);
  REQUIRE(run.model.workloads.size() == 3);

  const auto* fn = workload(run.model, "aws_lambda_function.fn");
  REQUIRE(fn);
  CHECK(fn->has_role);
  CHECK(fn->role.target == "aws_iam_role.fn");
  CHECK(fn->role.attribute == "arn");
  REQUIRE(fn->environment.size() == 2);
  const auto* set = var(*fn, "SET");
  REQUIRE(set);
  CHECK(set->value.target == "aws_sesv2_configuration_set.cs");
  CHECK(set->value.attribute == "configuration_set_name");
  CHECK(set->value.value.known);
  CHECK(set->value.value.text == "tracking");
  const auto* from = var(*fn, "FROM");
  REQUIRE(from);
  CHECK(from->value.target.empty());
  CHECK(from->value.value.text == "noreply@example.com");

  const auto* task = workload(run.model, "aws_ecs_task_definition.task");
  REQUIRE(task);
  CHECK(task->has_role);
  CHECK(task->role.target.empty());
  CHECK(task->role.value.text == "arn:aws:iam::123456789012:role/task");
  REQUIRE(task->environment.size() == 2);  // both containers
  CHECK(var(*task, "SET")->value.target == "aws_sesv2_configuration_set.cs");
  CHECK(var(*task, "MODE")->value.value.text == "batch");

  const auto* bare = workload(run.model, "aws_lambda_function.bare");
  REQUIRE(bare);
  CHECK_FALSE(bare->has_role);
  CHECK(bare->environment.empty());
}

TEST_CASE("workloads: CloudFormation Lambda, SAM and ECS environments, and a Ref resolved to a set's name keeps its link",
          "[model][workloads]") {
  const std::string cfn = R"(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Set:
    Type: AWS::SES::ConfigurationSet
    Properties:
      Name: tracking
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt FnRole.Arn
      Environment:
        Variables:
          SET: !Ref Set
          LITERAL: tracking
  Sam:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          SET: !Ref Set
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: !Ref TaskRole
      ContainerDefinitions:
        - Name: a
          Environment:
            - Name: SET
              Value: !Ref Set
)";
  auto run = cli::lint_texts({{"template.yaml", cfn}}, kNoRules);
  REQUIRE(run.model.workloads.size() == 3);

  const auto* fn = workload(run.model, "Resources/Fn");
  REQUIRE(fn);
  CHECK(fn->origin.cloudformation);
  CHECK(fn->role.target == "FnRole");
  CHECK(fn->role.attribute == "Arn");
  const auto* set = var(*fn, "SET");
  REQUIRE(set);
  CHECK(set->value.value.known);
  CHECK(set->value.value.text == "tracking");  // resolved to the set's Name ...
  CHECK(set->value.target == "Set");           // ... and still linked to it
  CHECK(set->value.attribute == "Ref");
  CHECK(var(*fn, "LITERAL")->value.target.empty());

  const auto* sam = workload(run.model, "Resources/Sam");
  REQUIRE(sam);
  CHECK_FALSE(sam->has_role);
  CHECK(var(*sam, "SET")->value.target == "Set");

  const auto* task = workload(run.model, "Resources/Task");
  REQUIRE(task);
  CHECK(task->role.target == "TaskRole");
  REQUIRE(task->environment.size() == 1);
  CHECK(task->environment[0].value.target == "Set");
}
