// cli/template_sources: which files the Terraform text reads with templatefile() / file().
#include <catch2/catch.hpp>

#include "cli/template_sources.h"

using namespace seslint;

TEST_CASE("template sources: literal templatefile and file paths, relative to the module folder") {
  const std::string tf = R"(
resource "aws_iam_role_policy" "a" { policy = templatefile("${path.module}/policies/send.json", { d = "x" }) }
resource "aws_iam_role_policy" "b" { policy = templatefile ( "./b.json.tpl", {}) }
resource "aws_iam_role_policy" "c" { policy = file("../shared/c.json") }
resource "aws_iam_role_policy" "d" { policy = templatefile(var.path, {}) }
resource "aws_iam_role_policy" "e" { policy = templatefile("${var.dir}/e.json", {}) }
resource "aws_iam_role_policy" "f" { policy = filebase64("f.json") }
locals { g = fileexists("g.json") ? 1 : 0 }
)";
  const auto got = cli::referenced_files({{"infra/app/main.tf", tf}});
  CHECK(got == std::set<std::string>{"infra/app/policies/send.json", "infra/app/b.json.tpl", "infra/shared/c.json"});
  CHECK(cli::referenced_files({{"main.tf", R"(x = templatefile("p.json", {}))"}}) == std::set<std::string>{"p.json"});
  // Terraform JSON syntax: the call is inside a JSON string.
  CHECK(cli::referenced_files({{"m/main.tf.json", R"({"locals": {"p": "${templatefile(\"${path.module}/q.json\", {})}"}})"}}) ==
        std::set<std::string>{"m/q.json"});
}

TEST_CASE("template sources: placeholders and their escapes") {
  CHECK(cli::has_template_placeholder(R"({"Resource": "arn:aws:ses:${region}:*:identity/x"})"));
  CHECK(cli::has_template_placeholder("%{ for a in list }x%{ endfor }"));
  CHECK_FALSE(cli::has_template_placeholder(R"({"Resource": "arn:aws:s3:::b/$${aws:username}"})"));
  CHECK_FALSE(cli::has_template_placeholder(R"({"Statement": []})"));
}
