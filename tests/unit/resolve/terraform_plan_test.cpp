// resolve/terraform_plan: reading `terraform show -json` documents, and the Terraform resolver
// taking root variables, data sources and resource attributes from them.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "parse/parse.h"
#include "resolve/resolve.h"
#include "resolve/terraform_plan.h"

using namespace seslint;
using syntax::Kind;
using syntax::Value;

namespace {

struct Plan {
  source::SourceSet set;
  resolve::TerraformPlan::Loaded loaded;

  explicit Plan(const std::string& json) {
    const auto& f = set.file(set.add("plan.json", json));
    auto pr = parse::parse_json(f);
    REQUIRE(pr.diagnostics.empty());
    loaded = resolve::TerraformPlan::load(f, *pr.root);
  }
  const resolve::TerraformPlan& plan() const {
    REQUIRE(loaded.plan);
    return *loaded.plan;
  }
  std::string error() const { return loaded.diagnostics.empty() ? std::string() : loaded.diagnostics.front().message; }
};

const char* kPlan = R"({
  "format_version": "1.2",
  "variables": {"domain": {"value": "example.com"}, "names": {"value": ["a", "b"]}},
  "planned_values": {"root_module": {
    "resources": [
      {"address": "aws_ses_domain_identity.d", "mode": "managed", "type": "aws_ses_domain_identity", "name": "d",
       "values": {"domain": "example.com"}},
      {"address": "aws_iam_role.r[\"ops\"]", "mode": "managed", "type": "aws_iam_role", "name": "r", "index": "ops",
       "values": {"arn": "arn:aws:iam::123456789012:role/ops", "name": "ops"}},
      {"address": "aws_iam_role.r[\"dev\"]", "mode": "managed", "type": "aws_iam_role", "name": "r", "index": "dev",
       "values": {"arn": "arn:aws:iam::123456789012:role/dev", "name": "dev"}}
    ],
    "child_modules": [{"address": "module.m[\"k\"]", "resources": [
      {"address": "module.m[\"k\"].aws_iam_user.u[0]", "mode": "managed", "type": "aws_iam_user", "name": "u", "index": 0,
       "values": {"name": "k-user", "tags": {"team": "mail"}}}
    ]}]
  }},
  "resource_changes": [
    {"address": "aws_ses_domain_identity.d", "mode": "managed", "type": "aws_ses_domain_identity", "name": "d",
     "change": {"actions": ["create"], "after": {"domain": "example.com"}, "after_unknown": {"arn": true, "id": true}}},
    {"address": "data.aws_iam_policy.late", "mode": "data", "type": "aws_iam_policy", "name": "late",
     "change": {"actions": ["read"], "after": {"name": "late"}, "after_unknown": {"policy": true}}}
  ],
  "prior_state": {"format_version": "1.0", "values": {"root_module": {"resources": [
    {"address": "data.aws_caller_identity.me", "mode": "data", "type": "aws_caller_identity", "name": "me",
     "values": {"account_id": "123456789012", "arn": "arn:aws:iam::123456789012:user/ci"}}
  ]}}}
})";

std::optional<std::string> literal_index(const std::string& t) {
  if (t.size() >= 2 && t.front() == '"') return t.substr(1, t.size() - 2);
  return t;
}

}  // namespace

TEST_CASE("plan: variables, planned, prior and after-apply values", "[resolve][plan]") {
  Plan p(kPlan);
  REQUIRE(p.error().empty());
  const auto& plan = p.plan();
  REQUIRE(plan.variable("domain"));
  CHECK(plan.variable("domain")->text == "example.com");
  CHECK(plan.variable("names")->kind == Kind::List);
  CHECK(plan.variable("nope") == nullptr);

  const source::Span at{0, 5, 9, false};
  auto v = plan.lookup("", "aws_ses_domain_identity.d.domain", at, literal_index);
  REQUIRE(v);
  CHECK(v->text == "example.com");
  CHECK(v->span == at);  // the value moves to the reference
  auto arn = plan.lookup("", "aws_ses_domain_identity.d.arn", at, literal_index);
  REQUIRE(arn);
  CHECK(arn->kind == Kind::Unknown);
  CHECK(arn->text == "aws_ses_domain_identity.d.arn (known after apply)");
  // for_each instances, by key.
  auto role = plan.lookup("", "aws_iam_role.r[\"dev\"].arn", at, literal_index);
  REQUIRE(role);
  CHECK(role->text == "arn:aws:iam::123456789012:role/dev");
  CHECK(plan.lookup("", "aws_iam_role.r.arn", at, literal_index) == nullptr);        // no instance key
  CHECK(plan.lookup("", "aws_iam_role.r[*].arn", at, literal_index) == nullptr);     // splat: not here
  CHECK(plan.lookup("", "aws_iam_role.r[\"qa\"].arn", at, literal_index) == nullptr);
  // Data sources read during planning live in the prior state.
  auto account = plan.lookup("", "data.aws_caller_identity.me.account_id", at, literal_index);
  REQUIRE(account);
  CHECK(account->text == "123456789012");
  // A data source read only during apply: known after apply.
  auto late = plan.lookup("", "data.aws_iam_policy.late.policy", at, literal_index);
  REQUIRE(late);
  CHECK(late->kind == Kind::Unknown);
  // Module instances, nested attribute paths.
  auto tag = plan.lookup("module.m[\"k\"]", "aws_iam_user.u[0].tags.team", at, literal_index);
  REQUIRE(tag);
  CHECK(tag->text == "mail");
  CHECK(plan.lookup("", "aws_iam_user.u[0].name", at, literal_index) == nullptr);  // not the root's
  CHECK(plan.lookup("", "aws_ses_domain_identity.d.verification_token", at, literal_index) == nullptr);
}

TEST_CASE("plan: documents that are not plans are refused with a located reason", "[resolve][plan]") {
  CHECK(Plan("[1, 2]").error().find("expected a JSON object") != std::string::npos);
  CHECK(Plan(R"({"planned_values": {}})").error().find("no \"format_version\"") != std::string::npos);
  CHECK(Plan(R"({"format_version": "2.0", "planned_values": {}})").error().find("format_version \"2.0\" is not supported") !=
        std::string::npos);
  CHECK(Plan(R"({"format_version": "1.0"})").error().find("neither \"planned_values\"") != std::string::npos);
  CHECK(Plan(R"({"format_version": "1.0", "planned_values": {"root_module": {"resources": {}}}})").error().find(
            "\"resources\" is not a list") != std::string::npos);
  CHECK(Plan(R"({"format_version": "1.0", "planned_values": {"root_module": {"resources": [{"mode": "managed"}]}}})")
            .error()
            .find("no \"type\" or \"name\"") != std::string::npos);
  Plan bad(R"({"format_version": "1.0", "planned_values": {}, "variables": {"x": 3}})");
  CHECK_FALSE(bad.loaded.plan);
  REQUIRE(bad.loaded.diagnostics.size() == 1);
  CHECK(bad.loaded.diagnostics[0].severity == Severity::Error);
  CHECK(bad.loaded.diagnostics[0].span.begin == std::string(R"({"format_version": "1.0", "planned_values": {}, "variables": {"x": )").size());
  // A state document (`terraform show -json STATEFILE`) is read like a plan's prior state.
  Plan state(R"({"format_version": "1.0", "values": {"root_module": {"resources": [
    {"mode": "managed", "type": "aws_iam_user", "name": "u", "values": {"name": "x"}}]}}})");
  REQUIRE(state.error().empty());
  auto v = state.plan().lookup("", "aws_iam_user.u.name", {}, literal_index);
  REQUIRE(v);
  CHECK(v->text == "x");
}

TEST_CASE("plan: linted alone, planned resources become Terraform blocks located in the plan", "[resolve][plan]") {
  Plan p(kPlan);
  auto mods = resolve::plan_as_configuration(p.plan());
  REQUIRE(mods.size() == 2);
  CHECK(mods[0].module.empty());
  CHECK(mods[1].module == "module.m[\"k\"]");
  std::vector<std::string> labels;
  for (const auto& e : mods[0].root->entries) labels.push_back(e.value->block_type + " " + e.value->labels[0].text + " " + e.value->labels[1].text);
  CHECK(labels == std::vector<std::string>{"resource aws_ses_domain_identity d", "resource aws_iam_role r[\"ops\"]",
                                           "resource aws_iam_role r[\"dev\"]", "data aws_iam_policy late"});
  const Value& d = *mods[0].root->entries[0].value;
  REQUIRE(d.get("domain"));
  CHECK(d.get("domain")->text == "example.com");
  // Spans are the plan's: "example.com" at its place in the document.
  CHECK(p.set.file(0).slice(d.get("domain")->span) == "\"example.com\"");
  REQUIRE(d.get("arn"));
  CHECK(d.get("arn")->kind == Kind::Unknown);
  CHECK(d.get("arn")->text == "arn of aws_ses_domain_identity.d, known after apply");
  const Value& late = *mods[0].root->entries[3].value;
  REQUIRE(late.get("policy"));
  CHECK(late.get("policy")->kind == Kind::Unknown);
  const Value& u = *mods[1].root->entries[0].value;
  CHECK(u.labels[1].text == "u[0]");
  CHECK(u.get("tags")->kind == Kind::Map);

  // Lists of objects are the provider's nested blocks: repeated blocks, nulls dropped.
  Plan doc(R"({"format_version": "1.0", "planned_values": {"root_module": {"resources": [
    {"mode": "data", "type": "aws_iam_policy_document", "name": "p", "values": {"version": null, "statement": [
      {"actions": ["ses:SendEmail"], "resources": ["*"], "condition": []},
      {"actions": ["ses:SendRawEmail"], "resources": ["*"]}]}}]}}})");
  auto docs = resolve::plan_as_configuration(doc.plan());
  REQUIRE(docs.size() == 1);
  const Value& pd = *docs[0].root->entries[0].value;
  CHECK(pd.get("version") == nullptr);
  auto statements = pd.all("statement");
  REQUIRE(statements.size() == 2);
  CHECK(statements[0]->value->is_block);
  CHECK(statements[1]->value->get("actions")->items[0]->text == "ses:SendRawEmail");
}

namespace {

/// A root module resolved with a plan.
struct Root {
  source::SourceSet set;
  std::vector<resolve::TerraformFile> files;
  resolve::Inputs inputs;
  resolve::ModuleResult result;
  std::shared_ptr<const resolve::TerraformPlan> plan;

  Root(const std::string& tf, const std::string& plan_json, const std::string& path = "main.tf") {
    const auto& f = set.file(set.add(path, tf));
    files.push_back(resolve::TerraformFile{&f, parse::parse_hcl(f).root, false});
    const auto& pf = set.file(set.add("plan.json", plan_json));
    auto pr = parse::parse_json(pf);
    REQUIRE(pr.diagnostics.empty());
    auto loaded = resolve::TerraformPlan::load(pf, *pr.root);
    REQUIRE(loaded.plan);
    plan = loaded.plan;
    inputs.terraform_plan = plan;
  }
  void run() { result = resolve::resolve_terraform_module(files, {}, inputs); }
  const Value& attr(const std::string& label, const std::string& name) const {
    for (const auto& e : result.files.at(0).root->entries)
      if (e.value->is_block && e.value->labels.size() == 2 && e.value->labels[1].text == label) {
        const Value* v = e.value->get(name);
        REQUIRE(v);
        return *v;
      }
    FAIL("no block " + label);
    throw 0;
  }
};

const char* kRoot = R"(
variable "domain" {
  default = "default.example"
}
data "aws_caller_identity" "me" {}
data "aws_ses_domain_identity" "ext" {
  domain = "ext.example"
}
resource "aws_ses_domain_identity" "d" {
  domain = var.domain
}
resource "aws_ses_email_identity" "old" {
  email = "old@example.com"
}
locals {
  a = data.aws_caller_identity.me.account_id
  b = data.aws_ses_domain_identity.ext.arn
  c = aws_ses_domain_identity.d.arn
  e = aws_ses_email_identity.old.arn
}
resource "aws_iam_policy" "p" {
  name   = local.a
  policy = local.b
  path   = local.c
  description = local.e
}
)";

const char* kRootPlan = R"({
  "format_version": "1.2",
  "variables": {"domain": {"value": "plan.example"}},
  "planned_values": {"root_module": {"resources": [
    {"mode": "managed", "type": "aws_ses_domain_identity", "name": "d", "values": {"domain": "plan.example"}},
    {"mode": "managed", "type": "aws_ses_email_identity", "name": "old",
     "values": {"email": "old@example.com", "arn": "arn:aws:ses:eu-west-1:123456789012:identity/old@example.com"}}]}},
  "resource_changes": [{"mode": "managed", "type": "aws_ses_domain_identity", "name": "d",
     "change": {"actions": ["create"], "after_unknown": {"arn": true}}}],
  "prior_state": {"values": {"root_module": {"resources": [
    {"mode": "data", "type": "aws_caller_identity", "name": "me", "values": {"account_id": "123456789012"}},
    {"mode": "data", "type": "aws_ses_domain_identity", "name": "ext",
     "values": {"arn": "arn:aws:ses:eu-west-1:123456789012:identity/ext.example"}}]}}}
})";

}  // namespace

TEST_CASE("plan: the resolver takes root variables, data sources and resource attributes from it", "[resolve][plan]") {
  Root r(kRoot, kRootPlan);
  r.run();
  // The plan's variable wins over the default, and its value is located at the use site.
  const Value& domain = r.attr("d", "domain");
  REQUIRE(domain.kind == Kind::String);
  CHECK(domain.text == "plan.example");
  CHECK(r.set.file(0).slice(domain.span) == "var.domain");
  CHECK(r.attr("p", "name").text == "123456789012");
  CHECK(r.attr("p", "policy").text == "arn:aws:ses:eu-west-1:123456789012:identity/ext.example");
  CHECK(r.attr("p", "description").text == "arn:aws:ses:eu-west-1:123456789012:identity/old@example.com");
  // Known after apply: the ARN stays what the configuration says, with its unknown parts.
  const Value& later = r.attr("p", "path");
  REQUIRE(later.kind == Kind::Template);
  CHECK(later.items.back()->text == ":identity/plan.example");
  CHECK(later.items.front()->text == "arn:");
  // Where the value came from: the plan file.
  bool from_plan = false;
  for (const auto& o : r.result.origins)
    if (o.variable == "var.domain" && o.how == "plan" && o.defined.file == 1) from_plan = true;
  CHECK(from_plan);
}

TEST_CASE("plan: --var overrides the plan, other roots ignore it", "[resolve][plan]") {
  Root r(kRoot, kRootPlan);
  r.inputs.terraform_vars["domain"] = "cli.example";
  r.run();
  CHECK(r.attr("d", "domain").text == "cli.example");

  Root other(kRoot, kRootPlan, "envs/prod/main.tf");
  other.inputs.plan_root = "envs/dev";
  other.run();
  CHECK(other.attr("d", "domain").text == "default.example");
  CHECK(other.attr("p", "name").kind == Kind::Unknown);
}

TEST_CASE("plan: module instances take their values from the plan's child module", "[resolve][plan]") {
  source::SourceSet set;
  const auto& root = set.file(set.add("main.tf", R"(
module "mail" {
  source = "./mail"
}
resource "aws_iam_policy" "p" {
  name = module.mail.account
}
)"));
  const auto& child = set.file(set.add("mail/main.tf", R"(
data "aws_caller_identity" "me" {}
output "account" {
  value = data.aws_caller_identity.me.account_id
}
resource "aws_iam_user" "u" {
  name = data.aws_caller_identity.me.account_id
}
)"));
  const auto& pf = set.file(set.add("plan.json", R"({"format_version": "1.0", "planned_values": {},
    "prior_state": {"values": {"root_module": {"child_modules": [{"address": "module.mail", "resources": [
      {"mode": "data", "type": "aws_caller_identity", "name": "me", "values": {"account_id": "210987654321"}}]}]}}}})"));
  auto pr = parse::parse_json(pf);
  auto loaded = resolve::TerraformPlan::load(pf, *pr.root);
  REQUIRE(loaded.plan);
  std::vector<resolve::TerraformFile> files{resolve::TerraformFile{&root, parse::parse_hcl(root).root, false}};
  std::vector<resolve::TerraformFile> children{resolve::TerraformFile{&child, parse::parse_hcl(child).root, false}};
  resolve::Inputs inputs;
  inputs.terraform_plan = loaded.plan;
  resolve::ModuleLoader loader = [&](const std::string& dir) { return dir == "mail" ? &children : nullptr; };
  auto r = resolve::resolve_terraform_module(files, {}, inputs, loader);
  const Value* name = nullptr;
  for (const auto& e : r.files[0].root->entries)
    if (e.value->block_type == "resource") name = e.value->get("name");
  REQUIRE(name);
  CHECK(name->text == "210987654321");
  REQUIRE(r.instances.size() == 1);
  CHECK(r.instances[0].address == "module.mail");
  const Value* user = nullptr;
  for (const auto& e : r.instances[0].files[0].root->entries)
    if (e.value->block_type == "resource") user = e.value->get("name");
  REQUIRE(user);
  CHECK(user->text == "210987654321");
  // The same folder linted as its own root has no plan values: the plan is the root's.
  auto alone = resolve::resolve_terraform_module(children, {}, inputs);
  for (const auto& e : alone.files[0].root->entries)
    if (e.value->block_type == "resource") CHECK(e.value->get("name")->kind == Kind::Unknown);
}

TEST_CASE("plan: a plan written by Terraform itself", "[resolve][plan]") {
  // fixtures/plan/terraform-data: main.tf planned by Terraform 1.11.4 (see the file's first line).
  const std::string dir = std::string(SESLINT_FIXTURES_DIR) + "/plan/terraform-data/";
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  source::SourceSet set;
  const auto& tf = set.file(set.add("main.tf", read(dir + "main.tf")));
  const auto& pf = set.file(set.add("plan.json", read(dir + "plan.json")));
  auto pr = parse::parse_json(pf);
  REQUIRE(pr.diagnostics.empty());
  auto loaded = resolve::TerraformPlan::load(pf, *pr.root);
  REQUIRE(loaded.diagnostics.empty());
  REQUIRE(loaded.plan);
  CHECK(loaded.plan->variable("domain")->text == "example.com");
  resolve::Inputs inputs;
  inputs.terraform_plan = loaded.plan;
  std::vector<resolve::TerraformFile> files{resolve::TerraformFile{&tf, parse::parse_hcl(tf).root, false}};
  auto r = resolve::resolve_terraform_module(files, {}, inputs);
  std::map<std::string, const Value*> outputs;
  for (const auto& e : r.files[0].root->entries)
    if (e.value->block_type == "output") outputs[e.value->labels[0].text] = e.value->get("value");
  REQUIRE(outputs["each_a"]);
  CHECK(outputs["each_a"]->text == "a@example.com");
  CHECK(outputs["each_a"]->resolved_from == "terraform_data.each[\"a\"].input");
  // `output` is known only after apply: it stays what the configuration says (a reference).
  REQUIRE(outputs["later"]);
  CHECK(outputs["later"]->kind == Kind::Reference);
  // Linted alone: the planned input strings, located in the plan file.
  auto mods = resolve::plan_as_configuration(*loaded.plan);
  REQUIRE(mods.size() == 1);
  REQUIRE(mods[0].root->entries.size() == 3);
  const Value* input = mods[0].root->entries[2].value->get("input");
  REQUIRE(input);
  CHECK(input->text.find("identity/example.com") != std::string::npos);
  CHECK(pf.slice(input->span).front() == '"');
  CHECK(mods[0].root->entries[2].value->get("output")->kind == Kind::Unknown);
}
