#include <chrono>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "parse/parse.h"
#include "resolve/resolve.h"
#include "support/terraform_module.h"

using namespace seslint;
using syntax::Kind;
using syntax::Value;

namespace {

/// A module parsed and resolved in memory (tests/support/terraform_module.h).
using Module = test::TfModule;
using test::show;

}  // namespace

TEST_CASE("variables: defaults, tfvars, --var-file and --var precedence", "[resolve][terraform]") {
  Module m;
  m.add("mod/main.tf", R"(
variable "region" { default = "us-east-1" }
variable "domain" { default = "a.example" }
variable "list" { default = ["x", "y"] }
variable "obj" { default = { name = "n", tags = { team = "mail" } } }
variable "nodefault" {}
variable "cli" { default = "d" }
variable "num" {}
output "region" { value = var.region }
output "domain" { value = var.domain }
output "item" { value = var.list[1] }
output "nested" { value = var.obj.tags.team }
output "nested_idx" { value = var.obj["name"] }
output "nodefault" { value = var.nodefault }
output "cli" { value = var.cli }
output "num" { value = var.num }
)");
  m.add_tfvars("mod/terraform.tfvars", "region = \"eu-west-1\"\ndomain = \"b.example\"\n");
  m.add_tfvars("mod/x.auto.tfvars.json", R"({"domain": "c.example"})", true);
  m.inputs.terraform_vars = {{"cli", "plain-text"}, {"num", "42"}};
  m.run();
  CHECK(m.out("region").kind == Kind::String);
  CHECK(m.out("region").text == "eu-west-1");
  CHECK(m.text(m.out("region")) == "var.region");  // the use site
  CHECK(m.out("domain").text == "c.example");
  CHECK(m.out("item").text == "y");
  CHECK(m.out("nested").text == "mail");
  CHECK(m.out("nested_idx").text == "n");
  CHECK(m.out("nodefault").kind == Kind::Unknown);
  CHECK(m.out("nodefault").text == "var.nodefault");
  CHECK(m.out("cli").kind == Kind::String);
  CHECK(m.out("cli").text == "plain-text");
  CHECK(m.out("cli").span.file == m.files[0].file->id());
  CHECK(m.out("num").kind == Kind::Number);
  CHECK(m.out("num").text == "42");
}

TEST_CASE("variables: --var-file files are read and override tfvars", "[resolve][terraform]") {
  auto dir = std::filesystem::temp_directory_path() / "seslint_resolve_tf_varfile";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "prod.tfvars") << "region = \"ap-south-1\"\n";
  Module m;
  m.add("main.tf", "variable \"region\" {}\noutput \"r\" { value = \"${var.region}\" }\n");
  m.add_tfvars("terraform.tfvars", "region = \"eu-west-1\"\n");
  m.inputs.terraform_var_files = {(dir / "prod.tfvars").string()};
  m.run();
  CHECK(m.out("r").kind == Kind::String);
  CHECK(m.out("r").text == "ap-south-1");
  CHECK(m.text(m.out("r")) == "\"${var.region}\"");
}

TEST_CASE("locals: chains and cycles", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
locals {
  a = "${local.b}-a"
  b = local.c
  c = "c"
  x = local.y
  y = local.x
  obj = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = local.c }] }
}
output "a" { value = local.a }
output "cycle" { value = local.x }
output "policy" { value = jsonencode(local.obj) }
output "missing" { value = local.nope }
)");
  m.run();
  CHECK(m.out("a").text == "c-a");
  CHECK(m.out("a").kind == Kind::String);
  CHECK(m.out("cycle").kind == Kind::Unknown);
  CHECK(m.has_diag("cycle in locals"));
  REQUIRE(!m.result.diagnostics.empty());
  CHECK(m.result.diagnostics[0].id == "SES901");
  const Value& p = m.out("policy");
  REQUIRE(p.kind == Kind::Call);
  CHECK(p.text == "jsonencode");
  REQUIRE(p.items.size() == 1);
  CHECK(p.items[0]->kind == Kind::Map);
  CHECK(m.text(*p.items[0]) == "local.obj");
  CHECK(show(*p.items[0]) == "{Version=2012-10-17,Statement=[{Effect=Allow,Action=ses:SendEmail,Resource=c}]}");
  CHECK(m.out("missing").kind == Kind::Unknown);
}

TEST_CASE("templates and heredocs with interpolation", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
variable "name" { default = "mail" }
variable "ids" { default = ["a", "b"] }
output "t" { value = "pre-${var.name}-post" }
output "partial" { value = "pre-${var.unset}-post" }
output "legacy" { value = "${var.ids}" }
output "h" {
  value = <<EOF
{"Resource": "arn:aws:ses:*:*:identity/${var.name}"}
EOF
}
variable "unset" {}
)");
  m.run();
  CHECK(m.out("t").kind == Kind::String);
  CHECK(m.out("t").text == "pre-mail-post");
  CHECK(m.text(m.out("t")) == "\"pre-${var.name}-post\"");
  const Value& p = m.out("partial");
  REQUIRE(p.kind == Kind::Template);
  CHECK(show(p) == "pre-${?var.unset}-post");
  CHECK(m.out("legacy").kind == Kind::List);
  CHECK(show(m.out("legacy")) == "[a,b]");
  CHECK(m.out("h").kind == Kind::String);
  CHECK(m.out("h").text == "{\"Resource\": \"arn:aws:ses:*:*:identity/mail\"}\n");
}

TEST_CASE("resource attributes: SES identities, IAM users, account / region / partition", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
provider "aws" { region = "eu-central-1" }
variable "domain" { default = "example.com" }
resource "aws_ses_domain_identity" "d" { domain = var.domain }
resource "aws_ses_email_identity" "e" { email = "a@example.com" }
resource "aws_sesv2_email_identity" "v2" { email_identity = "example.org" }
resource "aws_sesv2_configuration_set" "cs" { configuration_set_name = "cs1" }
resource "aws_iam_user" "u" {
  name = "smtp"
  path = "/mail/"
}
resource "aws_iam_policy" "p" { policy = data.aws_iam_policy_document.x.json }
output "domain" { value = aws_ses_domain_identity.d.domain }
output "id" { value = aws_ses_domain_identity.d.id }
output "arn" { value = aws_ses_domain_identity.d.arn }
output "earn" { value = aws_ses_email_identity.e.arn }
output "v2arn" { value = aws_sesv2_email_identity.v2.arn }
output "csarn" { value = aws_sesv2_configuration_set.cs.arn }
output "uname" { value = aws_iam_user.u.name }
output "uarn" { value = aws_iam_user.u.arn }
output "acct" { value = data.aws_caller_identity.current.account_id }
output "region" { value = data.aws_region.current.name }
output "part" { value = data.aws_partition.current.partition }
output "doc" { value = data.aws_iam_policy_document.x.json }
output "parn" { value = aws_iam_policy.p.arn }
output "mod" { value = module.m.out }
output "each" { value = each.key }
output "count" { value = count.index }
output "tmpl" { value = "${aws_iam_policy.p.arn}/x" }
)");
  m.run();
  CHECK(m.out("domain").text == "example.com");
  CHECK(m.text(m.out("domain")) == "aws_ses_domain_identity.d.domain");
  CHECK(m.out("id").text == "example.com");
  const Value& arn = m.out("arn");
  REQUIRE(arn.kind == Kind::Template);
  CHECK(show(arn) == "arn:${?data.aws_partition}:ses:eu-central-1:${?account}:identity/example.com");
  CHECK(m.text(arn) == "aws_ses_domain_identity.d.arn");
  for (const auto& part : arn.items) CHECK(m.text(*part) == "aws_ses_domain_identity.d.arn");
  CHECK(show(m.out("earn")) == "arn:${?data.aws_partition}:ses:eu-central-1:${?account}:identity/a@example.com");
  CHECK(show(m.out("v2arn")) == "arn:${?data.aws_partition}:ses:eu-central-1:${?account}:identity/example.org");
  CHECK(show(m.out("csarn")) == "arn:${?data.aws_partition}:ses:eu-central-1:${?account}:configuration-set/cs1");
  CHECK(m.out("uname").text == "smtp");
  CHECK(show(m.out("uarn")) == "arn:${?data.aws_partition}:iam::${?account}:user/mail/smtp");
  CHECK(show(m.out("acct")) == "?account");
  CHECK(show(m.out("region")) == "eu-central-1");
  CHECK(show(m.out("part")) == "?data.aws_partition");
  CHECK(show(m.out("doc")) == "&data.aws_iam_policy_document.x.json");
  CHECK(show(m.out("parn")) == "&aws_iam_policy.p.arn");
  CHECK(show(m.attr("resource", "p", "policy")) == "&data.aws_iam_policy_document.x.json");
  CHECK(show(m.out("mod")) == "&module.m.out");
  CHECK(m.out("each").kind == Kind::Unknown);
  CHECK(m.out("count").kind == Kind::Unknown);
  CHECK(show(m.out("tmpl")) == "${&aws_iam_policy.p.arn}/x");
}

TEST_CASE("region stays unknown without a single literal provider region", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
resource "aws_ses_domain_identity" "d" { domain = "x.com" }
output "arn" { value = aws_ses_domain_identity.d.arn }
output "region" { value = data.aws_region.current.region }
)");
  m.run();
  CHECK(show(m.out("arn")) == "arn:${?data.aws_partition}:ses:${?provider region}:${?account}:identity/x.com");
  CHECK(show(m.out("region")) == "?provider region");
}

TEST_CASE("unchanged subtrees are shared and inputs are not mutated", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
variable "v" { default = "x" }
resource "aws_iam_policy" "p" { policy = data.aws_iam_policy_document.x.json }
output "o" { value = var.v }
)");
  m.run();
  REQUIRE(m.result.files.size() == 1);
  const auto& in = *m.files[0].root;
  const auto& res = *m.result.files[0].root;
  CHECK(res.entries[1].value == in.entries[1].value);  // the policy resource is untouched
  CHECK(res.entries[2].value != in.entries[2].value);
  CHECK(in.entries[2].value->get("value")->kind == Kind::Reference);
}

TEST_CASE("built-in functions", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
variable "m" { default = { a = "1", b = "2" } }
variable "unset" {}
locals { s = "[\"x\", {\"k\": \"v\"}]" }
output "format" { value = format("%s-%d-%%", "a", 3) }
output "format_partial" { value = format("id/%s", var.unset) }
output "join" { value = join(",", ["a", "b"], ["c"]) }
output "concat" { value = concat(["a"], ["b", "c"]) }
output "merge" { value = merge(var.m, { b = "3", c = "4" }) }
output "lookup" { value = lookup(var.m, "b", "z") }
output "lookup_default" { value = lookup(var.m, "q", "z") }
output "try" { value = try(var.m.nope, "fallback") }
output "coalesce" { value = coalesce("", null, "c") }
output "compact" { value = compact(["a", "", "b"]) }
output "distinct" { value = distinct(["a", "b", "a"]) }
output "flatten" { value = flatten([["a"], ["b", ["c"]]]) }
output "element" { value = element(["a", "b"], 3) }
output "tolist" { value = tolist(["a"]) }
output "toset" { value = toset(["b", "a", "b"]) }
output "tomap" { value = tomap({ k = "v" }) }
output "replace" { value = replace("a.b.c", ".", "-") }
output "regex" { value = replace("abc", "/b/", "x") }
output "lower" { value = lower("AbC") }
output "upper" { value = upper("AbC") }
output "trimspace" { value = trimspace("  x \n") }
output "split" { value = split(",", "a,b") }
output "length" { value = length(["a", "b", "c"]) }
output "jsondecode" { value = jsondecode(local.s) }
output "unknown_fn" { value = sha256("x") }
output "jsonencode" { value = jsonencode({ a = var.m.a }) }
)");
  m.run();
  CHECK(show(m.out("format")) == "a-3-%");
  CHECK(m.out("format").kind == Kind::String);
  CHECK(m.text(m.out("format")) == "format(\"%s-%d-%%\", \"a\", 3)");
  CHECK(m.out("format_partial").kind == Kind::Template);
  CHECK(show(m.out("format_partial")) == "id/${?var.unset}");
  CHECK(show(m.out("join")) == "a,b,c");
  CHECK(show(m.out("concat")) == "[a,b,c]");
  CHECK(show(m.out("merge")) == "{a=1,b=3,c=4}");
  CHECK(show(m.out("lookup")) == "2");
  CHECK(show(m.out("lookup_default")) == "z");
  CHECK(show(m.out("try")) == "fallback");
  CHECK(show(m.out("coalesce")) == "c");
  CHECK(show(m.out("compact")) == "[a,b]");
  CHECK(show(m.out("distinct")) == "[a,b]");
  CHECK(show(m.out("flatten")) == "[a,b,c]");
  CHECK(show(m.out("element")) == "b");
  CHECK(show(m.out("tolist")) == "[a]");
  CHECK(show(m.out("toset")) == "[a,b]");
  CHECK(show(m.out("tomap")) == "{k=v}");
  CHECK(show(m.out("replace")) == "a-b-c");
  CHECK(show(m.out("regex")) == "axc");  // terraform console: replace("abc", "/b/", "x") is "axc"
  CHECK(show(m.out("lower")) == "abc");
  CHECK(show(m.out("upper")) == "ABC");
  CHECK(show(m.out("trimspace")) == "x");
  CHECK(show(m.out("split")) == "[a,b]");
  CHECK(show(m.out("length")) == "3");
  CHECK(show(m.out("jsondecode")) == "[x,{k=v}]");
  CHECK(m.text(m.out("jsondecode")) == "jsondecode(local.s)");
  CHECK(show(m.out("unknown_fn")) == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");  // sha256("x")
  CHECK(show(m.out("jsonencode")) == "jsonencode({a=1})");
  // Every produced node points at the expression it came from.
  for (const auto& i : m.out("concat").items) CHECK(m.files[0].file->id() == i->span.file);
}

TEST_CASE("file() and templatefile() stay inside the scanned root", "[resolve][terraform]") {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / "seslint_resolve_tf_files";
  fs::create_directories(root / "mod");
  std::ofstream(root / "mod" / "policy.json") << R"({"Version": "2012-10-17"})";
  std::ofstream(root / "mod" / "p.tpl") << "identity/${domain} $${literal} ${other} %{ if x }y%{ endif }";
  std::ofstream(root / "secret.txt") << "outside";
  Module m;
  m.add((root / "mod" / "main.tf").string(), R"(
output "file" { value = file("policy.json") }
output "module_path" { value = file("${path.module}/policy.json") }
output "tpl" { value = templatefile("p.tpl", { domain = "example.com" }) }
output "escape" { value = file("../../etc/passwd") }
output "missing" { value = file("nope.json") }
)");
  m.inputs.scan_root = (root / "mod").string();
  m.run();
  CHECK(m.out("file").kind == Kind::String);
  CHECK(m.out("file").text == R"({"Version": "2012-10-17"})");
  CHECK(m.text(m.out("file")) == "file(\"policy.json\")");
  CHECK(m.out("module_path").text == R"({"Version": "2012-10-17"})");
  CHECK(show(m.out("tpl")) == "identity/example.com ${literal} ${?other} ${?if x}y${?endif}");
  CHECK(m.out("escape").kind == Kind::Unknown);
  CHECK(m.has_diag("file() path escapes the scanned root"));
  CHECK(m.out("missing").kind == Kind::Unknown);
}

TEST_CASE("file() outside the module folder but inside the root is read, above the root is refused", "[resolve][terraform]") {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / "seslint_resolve_tf_files2";
  fs::create_directories(root / "mod");
  std::ofstream(root / "shared.txt") << "shared";
  Module m;
  m.add((root / "mod" / "main.tf").string(), "output \"s\" { value = file(\"../shared.txt\") }\n");
  m.inputs.scan_root = root.string();
  m.run();
  CHECK(m.out("s").text == "shared");
  Module n;
  n.add((root / "mod" / "main.tf").string(), "output \"s\" { value = file(\"../shared.txt\") }\n");
  n.inputs.scan_root = (root / "mod").string();
  n.run();
  CHECK(n.out("s").kind == Kind::Unknown);
  REQUIRE(n.result.diagnostics.size() == 1);
  CHECK(n.result.diagnostics[0].id == "SES901");
  CHECK(n.out("s").span.file == n.files[0].file->id());
  CHECK(n.text(n.out("s")) == "file(\"../shared.txt\")");
}

TEST_CASE("deep local chains and self references terminate", "[resolve][terraform]") {
  std::string src = "locals {\n";
  for (int i = 0; i < 200; ++i) src += "  l" + std::to_string(i) + " = local.l" + std::to_string(i + 1) + "\n";
  src += "  l200 = \"end\"\n  self = \"${local.self}x\"\n}\noutput \"o\" { value = local.l0 }\noutput \"s\" { value = local.self }\n";
  src += "variable \"v\" { default = var.v }\noutput \"v\" { value = var.v }\n";
  Module m;
  m.add("main.tf", src);
  m.run();
  CHECK(m.out("o").kind == Kind::Unknown);
  CHECK(m.has_diag("too deep"));
  CHECK(m.out("s").kind == Kind::Template);
  CHECK(m.has_diag("cycle in locals"));
  CHECK(m.out("v").kind == Kind::Unknown);
}

TEST_CASE("a local is evaluated once: its diagnostics are not repeated per use", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
locals {
  a = file("/etc/hostname")
  x = local.y
  y = local.x
}
output "o1" { value = local.a }
output "o2" { value = "${local.a}" }
output "o3" { value = local.x }
)");
  m.inputs.scan_root = ".";
  m.run();
  CHECK(m.out("o1").kind == Kind::Unknown);
  CHECK(m.out("o3").kind == Kind::Unknown);
  REQUIRE(m.result.diagnostics.size() == 2);
  CHECK(m.result.diagnostics[0].message.find("escapes the scanned root") != std::string::npos);
  CHECK(m.result.diagnostics[1].message.find("cycle in locals") != std::string::npos);
}

TEST_CASE("locals holding references stay references, at the use site", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
resource "aws_iam_user" "u" { name = "smtp" }
locals {
  doc  = data.aws_iam_policy_document.x.json
  user = aws_iam_user.u
}
resource "aws_iam_policy" "p" { policy = local.doc }
output "name" { value = local.user.name }
output "cond" { value = var.x == "a" ? "b" : "c" }
)");
  m.run();
  const Value& p = m.attr("resource", "p", "policy");
  CHECK(p.kind == Kind::Reference);
  CHECK(p.text == "data.aws_iam_policy_document.x.json");
  CHECK(m.text(p) == "local.doc");
  CHECK(m.out("name").text == "smtp");
  CHECK(m.text(m.out("name")) == "local.user.name");
  CHECK(m.out("cond").kind == Kind::Unknown);  // conditionals are left to the parser's Unknown
}

// ---------------------------------------------------------------------------------------
// HCL expressions: conditionals, operators, for, splat, count / for_each instances

TEST_CASE("conditionals: a known condition picks its branch, an unknown one stays unresolved", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
variable "prod" { default = true }
variable "env" { default = "staging" }
variable "flag" {}
variable "list" { default = ["a"] }
output "pick" { value = var.prod ? "arn:aws:ses:us-east-1:111122223333:identity/prod.example" : "arn:aws:ses:us-east-1:111122223333:identity/dev.example" }
output "cmp" { value = var.env == "prod" ? "p" : "s" }
output "ops" { value = var.env != "prod" && length(var.list) > 0 ? 1 + 2 * 3 : -1 }
output "unknown" { value = var.flag ? "arn:aws:ses:us-east-1:111122223333:identity/a.example" : "arn:aws:ses:us-east-1:111122223333:identity/b.example" }
output "same" { value = var.flag ? "x" : "x" }
output "short" { value = var.flag && false }
output "nested" { value = "id-${var.prod ? var.env : "none"}" }
output "not" { value = !var.prod }
)");
  m.run();
  CHECK(m.out("pick").kind == Kind::String);
  CHECK(m.out("pick").text == "arn:aws:ses:us-east-1:111122223333:identity/prod.example");
  CHECK(m.out("cmp").text == "s");
  CHECK(m.out("ops").kind == Kind::Number);
  CHECK(m.out("ops").text == "7");
  // Unknown condition, different branches: Unknown named by the whole expression (condition
  // included), never one of the literals.
  const Value& u = m.out("unknown");
  REQUIRE(u.kind == Kind::Unknown);
  CHECK(u.text.rfind("var.flag ? ", 0) == 0);
  CHECK(m.text(u).rfind("var.flag ?", 0) == 0);
  CHECK(m.out("same").text == "x");
  CHECK(m.out("short").kind == Kind::Bool);
  CHECK(m.out("short").text == "false");
  CHECK(m.out("nested").text == "id-staging");
  CHECK(m.out("not").text == "false");
}

TEST_CASE("for expressions over known lists and maps, with filters and grouping", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
variable "emails" { default = ["b@x.com", "a@x.com", ""] }
variable "users" {
  default = {
    alice = { team = "mail", arn = "arn:aws:iam::111122223333:user/alice" }
    bob   = { team = "ops", arn = "arn:aws:iam::111122223333:user/bob" }
    carol = { team = "mail", arn = "arn:aws:iam::111122223333:user/carol" }
  }
}
variable "unknown_list" {}
locals {
  arns = [for e in var.emails : "arn:aws:ses:us-east-1:111122223333:identity/${e}" if e != ""]
  by_name = { for name, u in var.users : name => u.arn if u.team == "mail" }
  by_team = { for name, u in var.users : u.team => name... }
  indexed = [for i, e in var.emails : "${i}:${e}"]
}
output "arns" { value = local.arns }
output "by_name" { value = local.by_name }
output "by_team" { value = local.by_team }
output "indexed" { value = local.indexed }
output "upper" { value = [for s in ["a", "b"] : upper(s)] }
output "unknown" { value = [for s in var.unknown_list : upper(s)] }
output "index_of_for" { value = [for s in var.emails : s][1] }
output "keys" { value = [for k in keys(var.users) : upper(k)] }
output "values" { value = values(var.users)[*].team }
)");
  m.run();
  CHECK(show(m.out("arns")) ==
        "[arn:aws:ses:us-east-1:111122223333:identity/b@x.com,arn:aws:ses:us-east-1:111122223333:identity/a@x.com]");
  CHECK(show(m.out("by_name")) ==
        "{alice=arn:aws:iam::111122223333:user/alice,carol=arn:aws:iam::111122223333:user/carol}");
  CHECK(show(m.out("by_team")) == "{mail=[alice,carol],ops=[bob]}");
  CHECK(show(m.out("indexed")) == "[0:b@x.com,1:a@x.com,2:]");
  CHECK(show(m.out("upper")) == "[A,B]");
  REQUIRE(m.out("unknown").kind == Kind::Unknown);
  CHECK(m.out("unknown").text == "[for s in var.unknown_list : upper(s)]");
  CHECK(m.out("index_of_for").text == "a@x.com");
  CHECK(show(m.out("keys")) == "[ALICE,BOB,CAROL]");
  CHECK(show(m.out("values")) == "[mail,ops,mail]");
}

TEST_CASE("splat expressions over known lists", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
variable "users" {
  default = [{ name = "a", arn = "arn:1" }, { name = "b", arn = "arn:2" }]
}
variable "one" { default = { name = "solo" } }
output "names" { value = var.users[*].name }
output "legacy" { value = var.users.*.arn }
output "single" { value = var.one[*].name }
output "computed" { value = [for u in var.users : u][*].name }
)");
  m.run();
  CHECK(show(m.out("names")) == "[a,b]");
  CHECK(show(m.out("legacy")) == "[arn:1,arn:2]");
  CHECK(show(m.out("single")) == "[solo]");
  CHECK(show(m.out("computed")) == "[a,b]");
}

TEST_CASE("count and for_each instances of SES / IAM resources", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
provider "aws" { region = "us-east-1" }
variable "senders" { default = ["news", "alerts"] }
resource "aws_iam_user" "sender" {
  count = length(var.senders)
  name  = "ses-${var.senders[count.index]}"
}
resource "aws_ses_email_identity" "from" {
  for_each = toset(["b@x.com", "a@x.com"])
  email    = each.value
}
resource "aws_ses_domain_identity" "d" {
  for_each = { main = "example.com", alt = "example.org" }
  domain   = each.value
}
resource "aws_sesv2_email_identity" "counted" {
  count          = length(var.senders)
  email_identity = "${var.senders[count.index]}.example.com"
}
output "second" { value = aws_iam_user.sender[1].name }
output "all" { value = aws_iam_user.sender[*].name }
output "all_legacy" { value = aws_iam_user.sender.*.arn }
output "email_arn" { value = aws_ses_email_identity.from["a@x.com"].arn }
output "domain" { value = aws_ses_domain_identity.d["alt"].domain }
output "each_in_body" { value = aws_ses_domain_identity.d["missing"].domain }
)");
  m.run();
  CHECK(m.out("second").text == "ses-alerts");
  CHECK(m.out("second").resolved_from == "aws_iam_user.sender[1].name");
  CHECK(show(m.out("all")) == "[ses-news,ses-alerts]");
  CHECK(show(m.out("all_legacy")) ==
        "[arn:${?data.aws_partition}:iam::${?account}:user/ses-news,arn:${?data.aws_partition}:iam::${?account}:user/ses-alerts]");
  CHECK(show(m.out("email_arn")) == "arn:${?data.aws_partition}:ses:us-east-1:${?account}:identity/a@x.com");
  CHECK(m.out("domain").text == "example.org");
  CHECK(m.out("each_in_body").kind == Kind::Unknown);
  // The resource bodies themselves: a representative with each.value unknown, plus one
  // "[instance]" block per key for SES identities.
  bool found = false;
  for (const auto& e : m.result.files[0].root->entries) {
    const Value& b = *e.value;
    if (b.block_type != "resource" || b.labels.back().text != "from") continue;
    found = true;
    CHECK(b.get("email")->kind == Kind::Unknown);
    auto inst = b.all("[instance]");
    REQUIRE(inst.size() == 2);
    CHECK(inst[0]->value->labels[0].text == "a@x.com");  // toset orders lexically
    CHECK(inst[0]->value->get("email")->text == "a@x.com");
    CHECK(inst[1]->value->get("email")->text == "b@x.com");
  }
  CHECK(found);
  for (const auto& e : m.result.files[0].root->entries) {
    const Value& b = *e.value;
    if (b.block_type != "resource" || b.labels.back().text != "counted") continue;
    auto inst = b.all("[instance]");
    REQUIRE(inst.size() == 2);
    CHECK(inst[1]->value->labels[0].text == "1");
    CHECK(inst[1]->value->get("email_identity")->text == "alerts.example.com");
  }
  // IAM users are not expanded: one representative block.
  CHECK(m.attr("resource", "sender", "name").kind == Kind::Template);
}

TEST_CASE("Terraform 0.11 syntax resolves like 0.12", "[resolve][terraform]") {
  Module m;
  m.add("main.tf", R"(
variable "domain" { default = "example.com" }
variable "list" {
  type    = "list"
  default = ["first@example.com", "second@example.com"]
}
variable "map" {
  type = "map"
  default = {
    k = "mapped.example"
  }
}
resource "aws_iam_user" "u" { name = "${var.domain}-sender" }
output "v11" { value = "${var.domain}" }
output "v12" { value = var.domain }
output "user11" { value = "${aws_iam_user.u.name}" }
output "user12" { value = aws_iam_user.u.name }
output "element11" { value = "${element(var.list, 1)}" }
output "element12" { value = element(var.list, 1) }
output "map11" { value = "${var.map["k"]}" }
output "map12" { value = var.map["k"] }
output "lookup11" { value = "${lookup(var.map, "k")}" }
output "legacy_index" { value = "${var.list.0}" }
output "cond11" { value = "${var.domain == "example.com" ? "yes" : "no"}" }
output "list11" { value = ["${var.list}"] }
)");
  m.run();
  for (auto [a, b] : {std::pair{"v11", "v12"}, std::pair{"user11", "user12"}, std::pair{"element11", "element12"},
                      std::pair{"map11", "map12"}}) {
    INFO(a);
    CHECK(m.out(a).kind == Kind::String);
    CHECK(show(m.out(a)) == show(m.out(b)));
  }
  CHECK(m.out("v11").text == "example.com");
  CHECK(m.out("user11").text == "example.com-sender");
  CHECK(m.out("user11").resolved_from == "aws_iam_user.u.name");
  CHECK(m.out("element11").text == "second@example.com");
  CHECK(m.out("map11").text == "mapped.example");
  CHECK(m.out("lookup11").text == "mapped.example");
  CHECK(m.out("legacy_index").text == "first@example.com");
  CHECK(m.out("cond11").text == "yes");
  // 0.11 wrote list arguments as ["${var.list}"]: a one-element list holding the list.
  CHECK(show(m.out("list11")) == "[[first@example.com,second@example.com]]");
}

TEST_CASE("expressions stay bounded: huge for expressions and self references", "[resolve][terraform]") {
  std::string big = "[";
  for (int i = 0; i < 3000; ++i) big += std::to_string(i) + ",";
  big += "]";
  Module m;
  m.add("main.tf", "variable \"big\" { default = " + big + " }\n" + R"(
locals {
  words  = [for i in split(",", "a,b,c") : i]
  nested = [for a in local.words : [for b in local.loop : b]]
  loop   = [for x in local.nested : x]
  square = [for a in var.big : [for b in var.big : a * b]]
}
resource "aws_iam_user" "u" {
  count = 2
  name  = aws_iam_user.u[count.index].name
}
output "words" { value = local.words }
output "loop" { value = local.loop }
output "square" { value = local.square }
output "self" { value = aws_iam_user.u[0].name }
)");
  auto t0 = std::chrono::steady_clock::now();
  m.run();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(secs < 20);
  CHECK(show(m.out("words")) == "[a,b,c]");
  CHECK(m.out("loop").kind == Kind::Unknown);
  CHECK(m.has_diag("cycle in locals"));
  // 3000 x 3000 elements exceed the expansion budget: Unknown and one diagnostic.
  CHECK(m.out("square").kind == Kind::Unknown);
  CHECK(m.has_diag("too many elements"));
  CHECK(m.out("self").kind == Kind::Unknown);
}

namespace {

/// Attribute `name` of block `type` ... `label` in a list of resolved files.
const Value* block_attr(const std::vector<resolve::TerraformFile>& files, const std::string& type, const std::string& label,
                        const std::string& name) {
  for (const auto& f : files)
    for (const auto& e : f.root->entries) {
      const Value& b = *e.value;
      if (b.block_type == type && !b.labels.empty() && b.labels.back().text == label) return b.get(name);
    }
  return nullptr;
}

std::string slice(const Module& m, source::Span s) { return std::string(m.set.file(s.file).slice(s)); }

}  // namespace

TEST_CASE("modules: a local child module takes the caller's arguments and gives its outputs", "[resolve][terraform][modules]") {
  Module m;
  m.add("main.tf", R"(
variable "domain" {}
module "mail" {
  source = "./modules/mail"
  domain = var.domain
  user   = "smtp-${var.domain}"
}
output "arn" { value = module.mail.identity_arn }
output "user" { value = module.mail.user_name }
output "missing" { value = module.mail.nope }
output "whole" { value = module.mail }
)");
  m.add_tfvars("terraform.tfvars", "domain = \"example.org\"\n");
  m.add_child("modules/mail/variables.tf", R"(
variable "domain" { default = "default.example" }
variable "user" {}
)");
  m.add_child("modules/mail/main.tf", R"(
resource "aws_iam_user" "smtp" { name = var.user }
resource "aws_iam_user_policy" "send" {
  user   = aws_iam_user.smtp.name
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "ses:SendRawEmail",
                   Resource = "arn:aws:ses:eu-west-1:123456789012:identity/${var.domain}" }]
  })
}
output "identity_arn" { value = "arn:aws:ses:eu-west-1:123456789012:identity/${var.domain}" }
output "user_name" { value = aws_iam_user.smtp.name }
)");
  m.run();
  CHECK(show(m.out("arn")) == "arn:aws:ses:eu-west-1:123456789012:identity/example.org");
  CHECK(m.text(m.out("arn")) == "module.mail.identity_arn");
  // A resource attribute crossing the boundary keeps its value but no longer links by reference.
  CHECK(show(m.out("user")) == "smtp-example.org");
  CHECK(m.out("user").resolved_from.empty());
  CHECK(m.out("missing").kind == Kind::Unknown);
  // `module.mail` is the object of its outputs.
  REQUIRE(m.out("whole").kind == Kind::Map);
  CHECK(show(*m.out("whole").get("identity_arn")) == "arn:aws:ses:eu-west-1:123456789012:identity/example.org");
  REQUIRE(m.result.instances.size() == 1);
  const auto& inst = m.result.instances[0];
  CHECK(inst.address == "module.mail");
  CHECK(inst.dir == "modules/mail");
  CHECK(inst.key == "modules/mail (module.mail in .)");
  REQUIRE(inst.files.size() == 2);
  // The instance's resources carry the caller's values at the child's spans.
  const Value* policy = block_attr(inst.files, "resource", "send", "policy");
  REQUIRE(policy);
  REQUIRE(policy->kind == Kind::Call);
  CHECK(show(*policy->items[0]) ==
        "{Statement=[{Effect=Allow,Action=ses:SendRawEmail,Resource=arn:aws:ses:eu-west-1:123456789012:identity/example.org}]}");
  const Value* name = block_attr(inst.files, "resource", "smtp", "name");
  REQUIRE(name);
  CHECK(name->text == "smtp-example.org");
  CHECK(slice(m, name->span) == "var.user");
  CHECK(m.result.diagnostics.empty());
}

TEST_CASE("modules: remote sources stay unknown with one note per call, and so do missing folders", "[resolve][terraform][modules]") {
  Module m;
  m.add("main.tf", R"(
module "iam" {
  source  = "terraform-aws-modules/iam/aws"
  version = "5.0.0"
}
module "gone" { source = "./not-scanned" }
output "a" { value = module.iam.arn }
output "b" { value = "${module.iam.arn}/x" }
output "c" { value = module.gone.arn }
)");
  m.run();
  CHECK(m.out("a").kind == Kind::Unknown);
  CHECK(m.out("a").text == "module.iam.arn (module 'terraform-aws-modules/iam/aws' not installed)");
  CHECK(show(m.out("b")) == "${?module.iam.arn (module 'terraform-aws-modules/iam/aws' not installed)}/x");
  CHECK(m.out("c").kind == Kind::Unknown);
  // The remote call is handed to the caller, which reports one note per source (cli/pipeline).
  REQUIRE(m.result.unfetched.size() == 1);
  CHECK(m.result.unfetched[0].source == "terraform-aws-modules/iam/aws");
  CHECK(m.result.unfetched[0].version == "5.0.0");
  CHECK(m.result.unfetched[0].address == "module.iam");
  CHECK(slice(m, m.result.unfetched[0].at) == "\"terraform-aws-modules/iam/aws\"");
  std::size_t missing = 0;
  for (const auto& d : m.result.diagnostics) {
    CHECK(d.id == "SES901");
    if (d.message.find("module.gone: folder './not-scanned' is not among the scanned files") != std::string::npos) ++missing;
  }
  CHECK(m.result.diagnostics.size() == 1);
  CHECK(missing == 1);
  CHECK(m.result.instances.empty());
}

TEST_CASE("modules: count and for_each give one instance per index or key", "[resolve][terraform][modules]") {
  Module m;
  m.add("main.tf", R"(
variable "domains" { default = ["a.example", "b.example"] }
module "per_domain" {
  source   = "./mod"
  for_each = toset(var.domains)
  domain   = each.key
}
module "counted" {
  source = "./mod"
  count  = 2
  domain = "c${count.index}.example"
}
module "off" {
  source = "./mod"
  count  = 0
  domain = "never.example"
}
output "one"    { value = module.per_domain["b.example"].arn }
output "idx"    { value = module.counted[1].arn }
output "splat"  { value = module.counted[*].arn }
output "for"    { value = [for k, inst in module.per_domain : inst.arn] }
output "vals"   { value = values(module.per_domain)[*].arn }
output "nokey"  { value = module.per_domain["z.example"].arn }
output "none"   { value = module.off }
)");
  m.add_child("mod/main.tf", R"(
variable "domain" {}
resource "aws_ses_domain_identity" "d" { domain = var.domain }
output "arn" { value = "arn:aws:ses:eu-west-1:123456789012:identity/${var.domain}" }
)");
  m.run();
  const std::string arn = "arn:aws:ses:eu-west-1:123456789012:identity/";
  CHECK(show(m.out("one")) == arn + "b.example");
  CHECK(show(m.out("idx")) == arn + "c1.example");
  CHECK(show(m.out("splat")) == "[" + arn + "c0.example," + arn + "c1.example]");
  CHECK(show(m.out("for")) == "[" + arn + "a.example," + arn + "b.example]");
  CHECK(show(m.out("vals")) == "[" + arn + "a.example," + arn + "b.example]");
  CHECK(m.out("nokey").kind == Kind::Unknown);
  CHECK(m.out("none").kind == Kind::List);
  CHECK(m.out("none").items.empty());
  // count = 0: no instance, so the module's resources do not exist.
  std::vector<std::string> addresses;
  for (const auto& i : m.result.instances) addresses.push_back(i.address);
  // In the order of first use.
  CHECK(addresses == std::vector<std::string>{"module.per_domain[\"a.example\"]", "module.per_domain[\"b.example\"]",
                                              "module.counted[0]", "module.counted[1]"});
  CHECK(m.result.instances[0].key == "mod (module.per_domain[\"a.example\"] in .)");
  const Value* domain = block_attr(m.result.instances[1].files, "resource", "d", "domain");
  REQUIRE(domain);
  CHECK(domain->text == "b.example");
}

TEST_CASE("modules: an unknown count or for_each gives one instance whose key is unknown", "[resolve][terraform][modules]") {
  Module m;
  m.add("main.tf", R"(
variable "users" {}
module "u" {
  source   = "./mod"
  for_each = var.users
  name     = each.key
  domain   = "example.com"
}
output "arn"   { value = module.u["x"].arn }
output "name"  { value = module.u["x"].name }
output "whole" { value = module.u }
)");
  m.add_child("mod/main.tf", R"(
variable "name" {}
variable "domain" {}
output "arn" { value = "arn:aws:ses:eu-west-1:123456789012:identity/${var.domain}" }
output "name" { value = var.name }
)");
  m.run();
  // The same for every instance: known. Depends on the key: unknown.
  CHECK(show(m.out("arn")) == "arn:aws:ses:eu-west-1:123456789012:identity/example.com");
  CHECK(m.out("name").kind == Kind::Unknown);
  CHECK(m.out("whole").kind == Kind::Unknown);
  REQUIRE(m.result.instances.size() == 1);
  CHECK(m.result.instances[0].address == "module.u");
}

TEST_CASE("modules: installed registry modules and --module-dir checkouts are instantiated", "[resolve][terraform][modules]") {
  Module m;
  m.add("main.tf", R"(
module "policy" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-policy"
  version = "5.30.0"
  name    = "send"
}
module "mapped" {
  source = "git::https://example.com/mail.git//modules/user?ref=v1.2.0"
  name   = "mailer"
}
output "p" { value = module.policy.name }
output "q" { value = module.mapped.name }
)");
  m.inputs.installed_modules[""]["policy"] =
      resolve::InstalledModule{"terraform-aws-modules/iam/aws//modules/iam-policy", "5.30.0", ".terraform/modules/policy/modules/iam-policy"};
  m.inputs.module_dirs = {{"git::https://example.com/mail.git", "../checkouts/mail"}};
  m.add_child(".terraform/modules/policy/modules/iam-policy/main.tf",
              "variable \"name\" {}\nmodule \"inner\" {\n  source = \"../inner\"\n  name = var.name\n}\noutput \"name\" { value = module.inner.name }\n");
  m.add_child(".terraform/modules/policy/modules/inner/main.tf", "variable \"name\" {}\noutput \"name\" { value = \"p-${var.name}\" }\n");
  m.add_child("../checkouts/mail/modules/user/main.tf", "variable \"name\" {}\noutput \"name\" { value = \"u-${var.name}\" }\n");
  m.run();
  CHECK(show(m.out("p")) == "p-send");
  CHECK(show(m.out("q")) == "u-mailer");
  CHECK(m.result.unfetched.empty());
  REQUIRE(m.result.instances.size() == 3);
  CHECK(m.result.instances[0].dir == ".terraform/modules/policy/modules/iam-policy");
  CHECK(m.result.instances[1].address == "module.policy.module.inner");
  CHECK(m.result.instances[2].dir == "../checkouts/mail/modules/user");
}

TEST_CASE("modules: --module-dir matches sources with or without host, query and subfolder", "[resolve][terraform][modules]") {
  const std::vector<std::pair<std::string, std::string>> dirs = {
      {"terraform-aws-modules/iam/aws", "co/iam"},
      {"registry.terraform.io/cloudposse/iam-policy/aws", "co/cp"},
      {"git::https://example.com/m.git?ref=v1", "co/git"},
      {"exact/one/aws//modules/x", "co/exact-x"},
  };
  CHECK(resolve::module_dir_for(dirs, "terraform-aws-modules/iam/aws") == "co/iam");
  CHECK(resolve::module_dir_for(dirs, "registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-policy") ==
        "co/iam/modules/iam-policy");
  CHECK(resolve::module_dir_for(dirs, "cloudposse/iam-policy/aws") == "co/cp");
  CHECK(resolve::module_dir_for(dirs, "git::https://example.com/m.git//sub/dir?ref=v2") == "co/git/sub/dir");
  CHECK(resolve::module_dir_for(dirs, "exact/one/aws//modules/x") == "co/exact-x");
  CHECK(resolve::module_dir_for(dirs, "exact/one/aws//modules/y").empty());
  CHECK(resolve::module_dir_for(dirs, "terraform-aws-modules/iam/aws//../../../etc").empty());
  CHECK(resolve::module_dir_for(dirs, "other/mod/aws").empty());
}

TEST_CASE("modules: cycles and nesting are bounded", "[resolve][terraform][modules]") {
  Module m;
  m.add("root/main.tf", R"(
module "a" { source = "../a" }
module "self" { source = "./" }
output "o" { value = module.a.o }
)");
  m.folders["root"] = m.files;
  m.add_child("a/main.tf", "module \"b\" { source = \"../b\" }\noutput \"o\" { value = module.b.o }\n");
  m.add_child("b/main.tf", "module \"a\" { source = \"../a\" }\noutput \"o\" { value = module.a.o }\n");
  m.run();
  CHECK(m.out("o").kind == Kind::Unknown);
  CHECK(m.has_diag("module.self sources './', which is already being instantiated above it"));
  CHECK(m.has_diag("module.a sources '../a', which is already being instantiated above it"));
  REQUIRE(m.result.instances.size() == 2);
  CHECK(m.result.instances[0].address == "module.a");
  CHECK(m.result.instances[1].address == "module.a.module.b");
  CHECK(m.result.instances[1].key == "b (module.a.module.b in root)");

  // A long chain of distinct folders stops at the depth bound.
  Module deep;
  deep.add("m0/main.tf", "module \"n\" { source = \"../m1\" }\noutput \"o\" { value = module.n.o }\n");
  for (int i = 1; i < 15; ++i)
    deep.add_child("m" + std::to_string(i) + "/main.tf",
                   "module \"n\" { source = \"../m" + std::to_string(i + 1) + "\" }\noutput \"o\" { value = module.n.o }\n");
  deep.run();
  CHECK(deep.has_diag("modules nested more than 8 levels deep"));
  CHECK(deep.out("o").kind == Kind::Unknown);
}

TEST_CASE("Terraform JSON: variables, locals, templates and references resolve like HCL", "[resolve][terraform][json]") {
  Module m;
  m.add_json("main.tf.json", R"({
  "variable": {"domain": {"default": "example.com"}, "literal": {"default": "${not.a.template}"}},
  "locals": {"arn": "arn:aws:ses:us-east-1:123456789012:identity/${var.domain}"},
  "resource": {
    "aws_ses_domain_identity": {"d": {"domain": "${var.domain}"}},
    "aws_iam_policy": {"p": {"policy": "${data.aws_iam_policy_document.x.json}"}}
  },
  "output": {
    "arn": {"value": "${local.arn}"},
    "domain": {"value": "${aws_ses_domain_identity.d.domain}"},
    "hcl": {"value": "${local.from_hcl}"},
    "escaped": {"value": "$${aws:username}"},
    "literal": {"value": "${var.literal}"}
  }
})");
  m.add("locals.tf", "locals { from_hcl = \"mail.${var.domain}\" }\n");
  m.run();
  REQUIRE(m.result.files.size() == 2);
  CHECK_FALSE(m.result.files[0].json);  // handed back in native shape
  CHECK(show(m.out("arn")) == "arn:aws:ses:us-east-1:123456789012:identity/example.com");
  CHECK(m.text(m.out("arn")) == "local.arn");  // inside the JSON string
  CHECK(show(m.out("domain")) == "example.com");
  CHECK(show(m.out("hcl")) == "mail.example.com");
  CHECK(m.out("escaped").kind == Kind::String);
  CHECK(m.out("escaped").text == "${aws:username}");
  CHECK(show(m.out("literal")) == "${not.a.template}");  // a variable default is a literal value
  const Value& p = m.attr("resource", "p", "policy");
  CHECK(show(p) == "&data.aws_iam_policy_document.x.json");
  CHECK(m.text(p) == "data.aws_iam_policy_document.x.json");  // the span inside the JSON string
}

TEST_CASE("value origins: each use of a variable records where its value was set", "[resolve][terraform][origins]") {
  Module m;
  m.add("main.tf", R"(
variable "domain" { default = "default.example" }
variable "region" { default = "us-east-1" }
locals { arn = "arn:aws:ses:${var.region}:1:identity/${var.domain}" }
output "arn" { value = local.arn }
)");
  m.add_tfvars("terraform.tfvars", "domain = \"example.org\"\n");
  m.run();
  auto find = [&](const std::string& use, const std::string& var) -> const syntax::ValueOrigin* {
    for (const auto& o : m.result.origins)
      if (slice(m, o.use) == use && o.variable == var) return &o;
    return nullptr;
  };
  const syntax::ValueOrigin* direct = find("var.domain", "var.domain");
  REQUIRE(direct);
  CHECK(direct->values == std::vector<std::string>{"example.org"});
  CHECK(direct->how == "terraform.tfvars");
  CHECK(slice(m, direct->defined) == "\"example.org\"");
  // The local's use site gets both variables behind its value.
  const syntax::ValueOrigin* via_local = find("local.arn", "var.domain");
  REQUIRE(via_local);
  CHECK(slice(m, via_local->defined) == "\"example.org\"");
  const syntax::ValueOrigin* region = find("local.arn", "var.region");
  REQUIRE(region);
  CHECK(region->how == "default");
  CHECK(slice(m, region->defined) == "\"us-east-1\"");
}

TEST_CASE("modules: calls feeding each other leave only the circular uses unknown", "[resolve][terraform][modules]") {
  Module m;
  m.add("main.tf", R"(
module "queue" {
  source    = "./q"
  topic_arn = module.topic.arn
}
module "topic" {
  source    = "./t"
  queue_arn = module.queue.arn
}
output "q" { value = module.queue.arn }
output "t" { value = module.topic.seen_queue }
)");
  m.add_child("q/main.tf", "variable \"topic_arn\" {}\noutput \"arn\" { value = \"queue-arn\" }\n");
  m.add_child("t/main.tf", "variable \"queue_arn\" {}\noutput \"arn\" { value = \"topic-arn\" }\noutput \"seen_queue\" { value = var.queue_arn }\n");
  m.run();
  CHECK(show(m.out("q")) == "queue-arn");
  // module.topic was instantiated while module.queue was in progress: its view of the queue is unknown.
  CHECK(m.out("t").kind == Kind::Unknown);
  CHECK(m.has_diag("module.queue outputs are needed while its own arguments are being resolved"));
  for (const auto& d : m.result.diagnostics) CHECK(d.severity == Severity::Note);
}

TEST_CASE("value origins: --var and --var-file values are located by text", "[resolve][terraform][origins]") {
  auto dir = std::filesystem::temp_directory_path() / "seslint_resolve_tf_origin";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "prod.tfvars") << "# prod\nregion = \"ap-south-1\"\n";
  Module m;
  m.add("main.tf", R"(
variable "region" {}
variable "domain" {}
output "r" { value = var.region }
output "d" { value = var.domain }
)");
  m.inputs.terraform_var_files = {(dir / "prod.tfvars").string()};
  m.inputs.terraform_vars = {{"domain", "cli.example"}};
  m.run();
  std::map<std::string, const syntax::ValueOrigin*> by_var;
  for (const auto& o : m.result.origins) by_var[o.variable] = &o;
  REQUIRE(by_var.count("var.region"));
  CHECK_FALSE(by_var["var.region"]->defined.valid());
  CHECK(by_var["var.region"]->defined_text == (dir / "prod.tfvars").string() + ":2:10");
  CHECK(by_var["var.region"]->how == "--var-file");
  REQUIRE(by_var.count("var.domain"));
  CHECK(by_var["var.domain"]->defined_text == "--var domain=cli.example");
  CHECK(by_var["var.domain"]->values == std::vector<std::string>{"cli.example"});
}
