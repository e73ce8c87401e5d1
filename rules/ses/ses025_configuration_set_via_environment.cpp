// SES025: a configuration set declared in the deployment is passed to a Lambda function or ECS task
// through its environment, and the workload's role does not allow the set's ARN for its sends.
#include <algorithm>

#include "common.h"
#include "engine/runner.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Follows a configuration set declared in the deployment (`aws_ses_configuration_set`,
`aws_sesv2_configuration_set`, `AWS::SES::ConfigurationSet`) into the environment of the code that
sends mail:

- `aws_lambda_function` `environment { variables = { ... } }`, with the execution role `role`;
- `aws_ecs_task_definition` `container_definitions` (a list or `jsonencode(...)` of container
  definitions whose `environment` lists `{ name, value }` pairs), with `task_role_arn`;
- `AWS::Lambda::Function` and `AWS::Serverless::Function` `Environment.Variables`, with `Role`
  (a SAM function without `Role` uses the execution role SAM builds from its `Policies`);
- `AWS::ECS::TaskDefinition` `ContainerDefinitions[].Environment`, with `TaskRoleArn`.

When the set's name reaches a variable **by reference** (`aws_sesv2_configuration_set.x.configuration_set_name`,
`aws_ses_configuration_set.x.name`, `!Ref TrackingSet`) and the role's policies do not allow the send
actions it uses on `arn:aws:ses:REGION:ACCOUNT:configuration-set/NAME`, the finding is an error. A
variable whose value only equals a declared set's name as text is a warning: it most likely names
that set, but nothing ties the two together. The finding points at the variable and shows the data
flow as notes: where the set is declared, the variable, the role and the role's send policies.

## Why it matters
Many deployments attach no default configuration set to the identity. The code reads the set's name
from its environment and passes it with each send (`ConfigurationSetName` in `SendEmail`, or the
`X-SES-CONFIGURATION-SET` header). SES then authorizes the send on the configuration set as well as
on the identity, so a role whose policy names only the identity gets
`AccessDenied: User '...' is not authorized to perform 'ses:SendEmail' on resource 'arn:aws:ses:...:configuration-set/NAME'`
(`554 Access denied` over SMTP) for every send that names the set. There is no condition key for
the configuration set, so its ARN has to be in `Resource`.

## Example
```hcl
resource "aws_sesv2_configuration_set" "tracking" {
  configuration_set_name = "tracking"
}

resource "aws_lambda_function" "mailer" {
  function_name = "mailer"
  role          = aws_iam_role.mailer.arn
  # ...
  environment {
    variables = {
      SES_CONFIGURATION_SET = aws_sesv2_configuration_set.tracking.configuration_set_name
    }
  }
}

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.mailer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    }]
  })
}
```

## Use instead
Allow the configuration set too (`aws_sesv2_configuration_set.tracking.arn`, or
`configuration-set/*`):
```hcl
      Resource = [
        "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
        aws_sesv2_configuration_set.tracking.arn,
      ]
```

## Notes
seslint cannot see whether the code actually passes the variable to SES; a variable that carries a
declared configuration set's name is taken to be used for sending. The set's ARN takes its Region
and account from an identity of the same module or template when there is one (else the deploying
scope's own, matched symbolically). A role that no send action is allowed to at all, a role the
repository does not declare (`data.aws_iam_role`, a literal ARN of another stack), a set whose name
is not resolved, and a deny by a permissions boundary, SCP or explicit Deny are not reported here.
Variables set in a SAM template's `Globals` are not read.

## How unknowns are treated
An error (a warning for a match by text) when the role's identity-based policies certainly do not
allow the set's ARN. A note when that depends on something seslint cannot resolve (an ARN segment, a
condition, a policy it cannot follow); the note says what.

## References
- SES Developer Guide, "Specifying a configuration set when you send email":
  https://docs.aws.amazon.com/ses/latest/dg/using-configuration-sets-in-email.html
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES" (the
  send actions take the `configuration-set` resource type): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
- AWS Lambda Developer Guide, "Working with Lambda environment variables":
  https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
- Amazon ECS Developer Guide, "Task IAM role": https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
)md";

constexpr std::string_view kBadTf = R"tf(
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["123456789012"]
}

resource "aws_sesv2_email_identity" "domain" {
  email_identity = "example.com"
}

resource "aws_sesv2_configuration_set" "tracking" {
  configuration_set_name = "tracking"
}

resource "aws_iam_role" "mailer" {
  name = "mailer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.mailer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    }]
  })
}

resource "aws_lambda_function" "mailer" {
  function_name = "mailer"
  role          = aws_iam_role.mailer.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "mailer.zip"
  environment {
    variables = {
      SES_CONFIGURATION_SET = aws_sesv2_configuration_set.tracking.configuration_set_name
    }
  }
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["123456789012"]
}

resource "aws_sesv2_email_identity" "domain" {
  email_identity = "example.com"
}

resource "aws_sesv2_configuration_set" "tracking" {
  configuration_set_name = "tracking"
}

resource "aws_iam_role" "mailer" {
  name = "mailer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.mailer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "ses:SendEmail"
      Resource = [
        "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
        "arn:aws:ses:eu-west-1:123456789012:configuration-set/tracking",
      ]
    }]
  })
}

resource "aws_lambda_function" "mailer" {
  function_name = "mailer"
  role          = aws_iam_role.mailer.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "mailer.zip"
  environment {
    variables = {
      SES_CONFIGURATION_SET = aws_sesv2_configuration_set.tracking.configuration_set_name
    }
  }
}
)tf";

/// A configuration set reaching a workload's environment variable.
struct Flow {
  const model::Workload* workload = nullptr;
  const model::EnvironmentVariable* var = nullptr;
  const model::SesResource* set = nullptr;
  bool by_reference = false;
};

bool is_cfn(const model::SesResource& r) { return r.resource_type.rfind("AWS::", 0) == 0; }

bool same_scope(const model::SesResource& r, const model::Origin& o) {
  if (is_cfn(r) != o.cloudformation) return false;
  return o.cloudformation ? r.span.file == o.span.file : r.module == o.module;
}

// The attribute of a configuration set resource that is its name.
bool names_set(const model::Ref& ref, const model::SesResource& set) {
  if (is_cfn(set)) return ref.attribute == "Ref" && "Resources/" + ref.target == set.resource;
  if (ref.target != set.resource) return false;
  return ref.attribute == "name" || ref.attribute == "id" || ref.attribute == "configuration_set_name";
}

std::vector<Flow> flows(const model::Model& m) {
  std::vector<Flow> out;
  for (const model::Workload& w : m.workloads)
    for (const model::EnvironmentVariable& v : w.environment) {
      const model::SesResource* by_ref = nullptr;
      const model::SesResource* by_text = nullptr;
      for (const model::SesResource& r : m.ses_resources) {
        if (r.kind != model::SesResourceKind::ConfigurationSet || !r.name.known) continue;
        const bool across = !v.value.module.empty() && !w.origin.cloudformation;
        if (across ? (!is_cfn(r) && r.module == v.value.module) : same_scope(r, w.origin)) {
          if (!by_ref && names_set(v.value, r)) by_ref = &r;
        }
        if (!by_text && v.value.target.empty() && v.value.value.known && v.value.value.text == r.name.text &&
            same_scope(r, w.origin))
          by_text = &r;
      }
      if (by_ref) out.push_back(Flow{&w, &v, by_ref, true});
      else if (by_text) out.push_back(Flow{&w, &v, by_text, false});
    }
  return out;
}

/// The role a workload runs as, when the repository declares it.
const model::PrincipalNode* role_of(const model::PrincipalGraph& g, const model::Workload& w) {
  const model::Ref& r = w.role;
  const std::string module = r.module.empty() ? w.origin.module : r.module;
  for (const model::PrincipalNode& p : g.principals) {
    const model::Origin& o = p.entity->origin;
    if (p.kind() != model::EntityKind::Role || o.cloudformation != w.origin.cloudformation) continue;
    if (w.origin.cloudformation ? o.span.file != w.origin.span.file : o.module != module) continue;
    if (!r.target.empty()) {
      const std::string want = w.origin.cloudformation ? "Resources/" + r.target : r.target;
      if (o.resource == want) return &p;
      continue;
    }
    // A literal role ARN or name: the role of that name in the same scope.
    if (!r.value.known || !p.entity->name.known) continue;
    const std::string& text = r.value.text;
    const auto slash = text.rfind('/');
    const std::string name = text.rfind("arn:", 0) == 0 && slash != std::string::npos ? text.substr(slash + 1) : text;
    if (name == p.entity->name.text) return &p;
  }
  return nullptr;
}

/// The configuration set's ARN, next to an identity of the workload's scope (else of the sender's
/// deployment), else with the deploying scope's symbols.
std::string set_arn(const analysis::SendMatrix& mx, const model::Workload& w, const std::string& deployment,
                    const std::string& name) {
  const analysis::Target* pick = nullptr;
  for (const auto& t : mx.targets)
    if (rules::same_scope(*t->identity, w.origin)) {
      pick = t.get();
      break;
    }
  if (!pick)
    for (const auto& t : mx.targets)
      if (t->deployment == deployment) {
        pick = t.get();
        break;
      }
  if (pick) return pick->sibling("configuration-set", name);
  return "arn:" + policy::symbol("partition") + ":ses:" + policy::symbol("region") + ":" + policy::symbol("account") +
         ":configuration-set/" + name;
}

struct Verdict {
  std::vector<std::string> denied;   ///< actions certainly not allowed on the set
  std::vector<std::string> unknown;  ///< actions whose authorization on the set is not decided
  std::string unknown_because;
};

void classify(Verdict& v, const std::string& action, policy::Decision d, bool identity_stage_denies,
              const std::string& because) {
  if (d == policy::Decision::ImplicitDeny && identity_stage_denies) v.denied.push_back(action);
  if (d == policy::Decision::Unknown) {
    v.unknown.push_back(action);
    if (v.unknown_because.empty()) v.unknown_because = because;
  }
}

std::string var_where(const model::Workload& w) {
  const std::string& t = w.origin.resource_type;
  if (t == "aws_ecs_task_definition" || t == "AWS::ECS::TaskDefinition") return "the container environment of";
  return "the environment of";
}

void report(const model::Model& m, const Flow& fl, const std::string& cs_arn, const Verdict& v,
            const std::string& who_role, const std::string& denied_text,
            const std::vector<const model::Policy*>& send_policies, const source::Span& role_span,
            engine::RuleContext& ctx) {
  (void)m;
  const std::string set = fl.set->name.text;
  const std::string arn = policy::display_symbols(cs_arn);
  const bool certain = !v.denied.empty();
  const std::vector<std::string>& actions = certain ? v.denied : v.unknown;
  const std::string flow = fl.by_reference ? "reaches" : "is most likely named by";
  std::string msg = "configuration set '" + set + "' " + flow + " " + fl.workload->origin.resource +
                    " through environment variable " + fl.var->name;
  if (!fl.by_reference) msg += " (its value is the set's name as text, not a reference)";
  if (certain) {
    msg += ", but " + who_role + " does not allow " + join_list(actions) + " on '" + arn +
           "'; SES authorizes the configuration set named in a send as well as the identity, so every send "
           "that uses it fails: " + denied_text;
  } else {
    msg += ", and SES authorizes " + join_list(actions) + " on '" + arn + "' too, which " + who_role +
           " may not allow: " + v.unknown_because;
  }
  const source::Span at = fl.var->value.value.span.valid() ? fl.var->value.value.span : fl.var->name_span;
  auto& f = ctx.add(std::move(msg), at, fl.var->value.value.path);
  f.severity = !certain ? Severity::Note : fl.by_reference ? Severity::Error : Severity::Warning;
  f.notes.push_back({fl.set->name.span.valid() ? fl.set->name.span : fl.set->span,
                     "configuration set '" + set + "' declared here (" + fl.set->resource + ")"});
  f.notes.push_back({fl.var->name_span, "passed to the code as " + fl.var->name + " in " + var_where(*fl.workload) +
                                            " " + fl.workload->origin.resource});
  if (role_span.valid()) f.notes.push_back({role_span, fl.workload->origin.resource + " runs as " + who_role});
  for (const model::Policy* p : send_policies)
    f.notes.push_back({p->span, "send grant of " + who_role + ": " + p->name + " allows sending but not on '" + arn + "'"});
  const std::string all = arn.substr(0, arn.rfind("configuration-set/")) + "configuration-set/*";
  f.help = "allow " + join_list(actions) + " on '" + arn + "' (" +
           (is_cfn(*fl.set) ? "!GetAtt " + fl.set->resource.substr(fl.set->resource.find('/') + 1) + ".Arn"
                            : fl.set->resource + ".arn") +
           ", or '" + all + "') in " + who_role + "'s policy";
}

// The policies among `policies` with an Allow statement for one of `actions`.
std::vector<const model::Policy*> granting(const std::vector<const model::Policy*>& policies,
                                           const std::vector<std::string>& actions) {
  std::vector<const model::Policy*> out;
  for (const model::Policy* p : policies)
    for (const auto& st : p->statements) {
      if (st.effect != model::Effect::Allow) continue;
      const bool any = std::any_of(actions.begin(), actions.end(), [&](const std::string& a) {
        return policy::statement_matches_action(st, a) == policy::Tri::Yes;
      });
      if (any) {
        add_unique(out, p);
        break;
      }
    }
  return out;
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  const analysis::SendMatrix& mx = ctx.analysis().matrix;
  const model::PrincipalGraph& g = ctx.analysis().graph;
  for (const Flow& fl : flows(m)) {
    const model::Workload& w = *fl.workload;
    Verdict v;
    std::string who, denied;
    std::vector<const model::Policy*> send_policies;
    source::Span role_span;
    if (w.has_role) {
      const model::PrincipalNode* node = role_of(g, w);
      if (!node) continue;
      const analysis::Sender* s = nullptr;
      for (const auto& x : mx.senders)
        if (x->node == node) s = x.get();
      if (!s) continue;  // the role may send nothing at all
      const std::string arn = set_arn(mx, w, s->deployment, fl.set->name.text);
      for (const std::string& action : s->actions) {
        policy::FullRequest req = s->base;
        req.action = action;
        req.resource = arn;
        const policy::Evaluation ev = policy::evaluate_request(s->policies, req);
        const policy::TraceStep* step = trace_step(ev, policy::Stage::IdentityPolicy);
        classify(v, action, ev.decision, step && step->decision == policy::Decision::ImplicitDeny, ev.unknown_because);
      }
      if (v.denied.empty() && v.unknown.empty()) continue;
      who = principal_label(*node);
      const std::string action = v.denied.empty() ? v.unknown.front() : v.denied.front();
      denied = policy::display_symbols(analysis::access_denied_message(*s, action, arn));
      send_policies = granting(s->policies.identity, s->actions);
      role_span = w.role.value.span;
      report(m, fl, arn, v, who, denied, send_policies, role_span, ctx);
    } else if (w.origin.resource_type == "AWS::Serverless::Function") {
      std::vector<const model::Policy*> policies;
      for (const model::Policy& p : m.policies)
        if (p.resource_type == w.origin.resource_type && p.name == w.origin.resource && p.span.file == w.origin.span.file &&
            p.resolved)
          policies.push_back(&p);
      std::vector<std::string> actions;
      for (const model::Policy* p : policies)
        for (const auto& a : named_send_actions(*p, false)) add_unique(actions, a);
      if (actions.empty()) continue;
      const std::string arn = set_arn(mx, w, analysis::deployment_of(w.origin), fl.set->name.text);
      for (const std::string& action : actions) {
        const policy::Result r = policy::evaluate(policies, policy::Request{action, arn});
        classify(v, action, r.decision, true, r.unknown_because);
      }
      if (v.denied.empty() && v.unknown.empty()) continue;
      who = "the execution role of " + w.origin.resource;
      const std::string action = v.denied.empty() ? v.unknown.front() : v.denied.front();
      denied = "AccessDenied: User '<" + who + ">' is not authorized to perform '" + action + "' on resource '" +
               policy::display_symbols(arn) + "'";
      send_policies = granting(policies, actions);
      report(m, fl, arn, v, who, denied, send_policies, role_span, ctx);
    }
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES025",
                 "configuration-set-via-environment",
                 Severity::Error,
                 "A configuration set reaches a Lambda function or ECS task through its environment, but the "
                 "role it runs as does not allow the set's ARN, so SES denies every send that uses it",
                 kDocs,
                 {{"main.tf", true, kBadTf}, {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
