// model/workloads: Lambda functions and ECS task definitions as Workload records (their role and
// environment variables), read from Terraform and CloudFormation resources. Internal to model/.
#pragma once

#include <string>
#include <vector>

#include "model/model.h"
#include "model/values.h"
#include "syntax/value.h"

namespace seslint::model::detail {

/// Appends the workload a Terraform resource declares (aws_lambda_function, aws_ecs_task_definition);
/// other types add nothing.
void read_terraform_workload(const std::string& type, const syntax::Value& body, const Path& base,
                             const ReadOptions& opt, const Origin& origin, std::vector<Workload>& out);

/// Appends the workload a CloudFormation resource declares (AWS::Lambda::Function,
/// AWS::Serverless::Function, AWS::ECS::TaskDefinition); `props` is its Properties map.
void read_cloudformation_workload(const std::string& type, const syntax::Value& props, const Path& pbase,
                                  const Origin& origin, std::vector<Workload>& out);

}  // namespace seslint::model::detail
