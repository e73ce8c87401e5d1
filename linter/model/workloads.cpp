// model/workloads: see workloads.h.
#include "model/workloads.h"

namespace seslint::model::detail {

using syntax::Kind;
using syntax::Value;

namespace {

/// A map of variable name -> value (Lambda `variables`, CloudFormation `Variables`).
void read_variable_map(const Value* vars, const Path& path, const ReadOptions& opt, Workload& w) {
  if (!vars || vars->kind != Kind::Map) return;
  for (const auto& e : vars->entries) {
    if (!e.value) continue;
    w.environment.push_back(EnvironmentVariable{e.key, e.key_span, read_ref(e.value.get(), path.key(e.key), opt)});
  }
}

/// A list of {name, value} objects (ECS container definitions); `name_key`/`value_key` are
/// "name"/"value" in Terraform's JSON and "Name"/"Value" in CloudFormation.
void read_variable_list(const Value* list, const Path& path, const ReadOptions& opt, const char* name_key,
                        const char* value_key, Workload& w) {
  if (!list || list->kind != Kind::List) return;
  for_each_item(list, path, [&](const Value& item, const Path& p) {
    if (item.kind != Kind::Map) return;
    const Value* name = item.get(name_key);
    const Value* value = item.get(value_key);
    if (!name || !value || name->kind != Kind::String) return;
    w.environment.push_back(EnvironmentVariable{name->text, name->span, read_ref(value, p.key(value_key), opt)});
  });
}

/// The container definitions of a task definition: a list, or jsonencode(list).
const Value* container_list(const Value* v) {
  if (v && v->kind == Kind::Call && v->text == "jsonencode" && v->items.size() == 1) v = v->items[0].get();
  return v && v->kind == Kind::List ? v : nullptr;
}

/// Nested `environment` blocks: HCL blocks, or JSON objects / lists of objects.
std::vector<const Value*> blocks(const Value& body, const char* type) {
  std::vector<const Value*> out;
  for (const syntax::MapEntry* e : body.all(type)) {
    if (!e->value) continue;
    if (e->value->is_block || e->value->kind == Kind::Map) out.push_back(e->value.get());
    else if (e->value->kind == Kind::List)
      for (const auto& item : e->value->items)
        if (item && item->kind == Kind::Map) out.push_back(item.get());
  }
  return out;
}

}  // namespace

void read_terraform_workload(const std::string& type, const Value& body, const Path& base, const ReadOptions& opt,
                             const Origin& origin, std::vector<Workload>& out) {
  const bool lambda = type == "aws_lambda_function";
  if (!lambda && type != "aws_ecs_task_definition") return;
  Workload w;
  w.origin = origin;
  const char* role = lambda ? "role" : "task_role_arn";
  if (const Value* r = body.get(role)) {
    w.has_role = true;
    w.role = read_ref(r, base.key(role), opt);
  }
  if (lambda) {
    std::size_t n = 0;
    for (const Value* env : blocks(body, "environment"))
      read_variable_map(env->get("variables"), base.key("environment").index(n++).key("variables"), opt, w);
  } else {
    const Path defs = base.key("container_definitions");
    if (const Value* list = container_list(body.get("container_definitions")))
      for_each_item(list, defs, [&](const Value& c, const Path& p) {
        if (c.kind == Kind::Map) read_variable_list(c.get("environment"), p.key("environment"), opt, "name", "value", w);
      });
  }
  out.push_back(std::move(w));
}

void read_cloudformation_workload(const std::string& type, const Value& props, const Path& pbase,
                                  const Origin& origin, std::vector<Workload>& out) {
  const bool ecs = type == "AWS::ECS::TaskDefinition";
  if (!ecs && type != "AWS::Lambda::Function" && type != "AWS::Serverless::Function") return;
  const ReadOptions cfn{};
  Workload w;
  w.origin = origin;
  const char* role = ecs ? "TaskRoleArn" : "Role";
  if (const Value* r = props.get(role)) {
    w.has_role = true;
    w.role = read_ref(r, pbase.key(role), cfn);
  }
  if (ecs) {
    for_each_item(props.get("ContainerDefinitions"), pbase.key("ContainerDefinitions"), [&](const Value& c, const Path& p) {
      if (c.kind == Kind::Map) read_variable_list(c.get("Environment"), p.key("Environment"), cfn, "Name", "Value", w);
    });
  } else if (const Value* env = props.get("Environment"); env && env->kind == Kind::Map) {
    read_variable_map(env->get("Variables"), pbase.key("Environment").key("Variables"), cfn, w);
  }
  out.push_back(std::move(w));
}

}  // namespace seslint::model::detail
