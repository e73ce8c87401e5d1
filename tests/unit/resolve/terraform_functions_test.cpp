// Terraform's built-in functions (resolve/terraform/functions_builtin.h) against Terraform itself: every
// case of terraform_functions_cases.inc was evaluated by `terraform console` (regenerate with
// tests/tools/terraform_functions_table.py). Each expression is resolved as an output value of a
// module, so the resolver's delegation is exercised too, then compared as jsonencode text; a
// call Terraform rejects must stay Unknown here (never a value, never a crash).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "parse/parse.h"
#include "resolve/resolve.h"
#include "resolve/terraform/functions_builtin.h"

using namespace seslint;

namespace {

struct Case {
  const char* expr;
  const char* json;   ///< jsonencode of Terraform's result; "" when Terraform reports an error
  const char* error;  ///< Terraform's error summary
};

const Case kCases[] = {
#include "terraform_functions_cases.inc"
};

/// The resolved value of `output "x" { value = EXPR }` in a one-file module.
struct Resolved {
  source::SourceSet set;
  resolve::ModuleResult result;
  syntax::ValuePtr value;
  explicit Resolved(const std::string& expr, const std::string& extra = "") {
    const auto& f = set.file(set.add("mod/main.tf", extra + "output \"x\" {\n  value = " + expr + "\n}\n"));
    std::vector<resolve::TerraformFile> files{resolve::TerraformFile{&f, parse::parse_hcl(f).root, false}};
    result = resolve::resolve_terraform_module(files, {}, resolve::Inputs{});
    for (const auto& e : result.files.at(0).root->entries)
      if (e.value->block_type == "output")
        for (const auto& a : e.value->entries)
          if (a.key == "value") value = a.value;
    REQUIRE(value);
  }
  /// jsonencode of the value; a Call kept by the resolver (jsonencode(...)) is folded first.
  std::optional<std::string> json() const {
    if (value->kind == syntax::Kind::Call && value->text == "jsonencode" && value->items.size() == 1) {
      auto inner = resolve::terraform_jsonencode(*value->items[0]);
      if (!inner) return std::nullopt;
      return resolve::terraform_jsonencode(*syntax::make_string(*inner, {}, {}));
    }
    return resolve::terraform_jsonencode(*value);
  }
};

bool contains_unknown(const syntax::Value& v) {
  if (v.kind == syntax::Kind::Unknown || v.kind == syntax::Kind::Template || v.kind == syntax::Kind::Reference ||
      v.kind == syntax::Kind::Call)
    return true;
  for (const auto& i : v.items)
    if (contains_unknown(*i)) return true;
  for (const auto& e : v.entries)
    if (contains_unknown(*e.value)) return true;
  return false;
}

}  // namespace

TEST_CASE("built-in functions give Terraform's results", "[functions]") {
  std::size_t values = 0, errors = 0;
  for (const Case& c : kCases) {
    INFO("expression: " << c.expr);
    Resolved r(c.expr);
    if (*c.json) {
      auto got = r.json();
      INFO("resolved: " << syntax::dump(*r.value));
      CHECK(got.has_value());
      if (got) CHECK(*got == c.json);
      ++values;
    } else {
      INFO("Terraform: " << c.error << "; resolved: " << syntax::dump(*r.value));
      CHECK(contains_unknown(*r.value));
      ++errors;
    }
  }
  CHECK(values > 250);
  CHECK(errors > 30);
  CHECK(values + errors == std::size(kCases));
}

// Every function of Terraform v1.11.4, as `terraform metadata functions -json` lists them (without
// their core:: aliases).
const char* const kTerraformFunctions[] = {
    "abs", "abspath", "alltrue", "anytrue", "base64decode", "base64encode", "base64gzip", "base64sha256",
    "base64sha512", "basename", "bcrypt", "can", "ceil", "chomp", "chunklist", "cidrhost", "cidrnetmask",
    "cidrsubnet", "cidrsubnets", "coalesce", "coalescelist", "compact", "concat", "contains", "csvdecode",
    "dirname", "distinct", "element", "endswith", "ephemeralasnull", "file", "filebase64", "filebase64sha256",
    "filebase64sha512", "fileexists", "filemd5", "fileset", "filesha1", "filesha256", "filesha512", "flatten",
    "floor", "format", "formatdate", "formatlist", "indent", "index", "issensitive", "join", "jsondecode",
    "jsonencode", "keys", "length", "log", "lookup", "lower", "matchkeys", "max", "md5", "merge", "min",
    "nonsensitive", "one", "parseint", "pathexpand", "plantimestamp", "pow", "range", "regex", "regexall",
    "replace", "reverse", "rsadecrypt", "sensitive", "setintersection", "setproduct", "setsubtract", "setunion",
    "sha1", "sha256", "sha512", "signum", "slice", "sort", "split", "startswith", "strcontains", "strrev",
    "substr", "sum", "templatefile", "templatestring", "textdecodebase64", "textencodebase64", "timeadd",
    "timecmp", "timestamp", "title", "tobool", "tolist", "tomap", "tonumber", "toset", "tostring", "transpose",
    "trim", "trimprefix", "trimspace", "trimsuffix", "try", "upper", "urlencode", "uuid", "uuidv5", "values",
    "yamldecode", "yamlencode", "zipmap"};

TEST_CASE("every Terraform function is evaluated, Unknown by design, or the resolver's own", "[functions]") {
  const std::set<std::string> pure(resolve::pure_function_names().begin(), resolve::pure_function_names().end());
  const std::set<std::string> impure(resolve::impure_function_names().begin(), resolve::impure_function_names().end());
  // The resolver evaluates these itself (resolve/terraform/functions.cpp): file system access
  // confined to the scanned root, try / can, jsondecode (parse/), templates.
  const std::set<std::string> resolver = {"can",      "file",       "filebase64", "filebase64sha256", "filebase64sha512",
                                          "filemd5",  "filesha1",   "filesha256", "filesha512",       "jsondecode",
                                          "templatefile", "templatestring", "try"};
  // Unknown by design (docs/terraform-functions.md says why).
  const std::set<std::string> unknown = {"fileexists", "fileset", "issensitive"};
  std::size_t n = 0;
  for (const char* name : kTerraformFunctions) {
    INFO(name);
    ++n;
    CHECK(pure.count(name) + impure.count(name) + resolver.count(name) + unknown.count(name) == 1);
  }
  CHECK(n == 118);
  for (const auto& name : resolver) {
    INFO(name);
    const bool is_hash = resolve::file_hash_function(name) != nullptr;
    CHECK((is_hash || name == "file" || name == "can" || name == "try" || name == "jsondecode" || name.starts_with("template")));
  }
  // Nothing listed that Terraform does not have.
  const std::set<std::string> all(std::begin(kTerraformFunctions), std::end(kTerraformFunctions));
  for (const auto& name : pure) CHECK(all.count(name));
  for (const auto& name : impure) CHECK(all.count(name));
}

TEST_CASE("docs/terraform-functions.md lists every Terraform function", "[functions][docs]") {
  std::ifstream in(std::filesystem::path(SESLINT_SOURCE_DIR) / "docs" / "terraform-functions.md");
  REQUIRE(in);
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const char* name : kTerraformFunctions) {
    INFO(name);
    CHECK(doc.find("`" + std::string(name) + "`") != std::string::npos);
  }
}

TEST_CASE("every pure built-in function has cases checked against Terraform", "[functions]") {
  std::set<std::string> covered;
  for (const Case& c : kCases) {
    std::string e = c.expr;
    for (const auto& name : resolve::pure_function_names())
      for (std::size_t p = e.find(name + "("); p != std::string::npos; p = e.find(name + "(", p + 1))
        if (p == 0 || !(std::isalnum(static_cast<unsigned char>(e[p - 1])) || e[p - 1] == '_')) covered.insert(name);
  }
  // Unknown by design (see the families' file comments): their results are not reproduced.
  const std::set<std::string> not_reproduced = {"base64gzip", "ephemeralasnull", "rsadecrypt", "yamldecode", "yamlencode"};
  for (const auto& name : resolve::pure_function_names()) {
    INFO(name);
    CHECK((covered.count(name) || not_reproduced.count(name)));
  }
  CHECK(resolve::pure_function_names().size() == 96);
}

TEST_CASE("impure functions and functions not reproduced are Unknown with the reason", "[functions]") {
  for (const auto& name : resolve::impure_function_names()) {
    INFO(name);
    syntax::Budget b;
    auto v = resolve::call_function(name, {}, {}, b);
    REQUIRE(v);
    CHECK(v->kind == syntax::Kind::Unknown);
    CHECK(v->text == "impure function " + name + "()");
  }
  for (const char* e : {"timestamp()", "uuid()", "bcrypt(\"x\")", "plantimestamp()", "abspath(\"x\")",
                        "base64gzip(\"x\")", "yamlencode({a=1})", "md5(timestamp())"}) {
    INFO(e);
    Resolved r(e);
    CHECK(r.value->kind == syntax::Kind::Unknown);
  }
  Resolved ts("timestamp()");
  CHECK(ts.value->text == "impure function timestamp()");
  // Functions the resolver keeps (file system, try, can) are not this library's.
  syntax::Budget b;
  for (const char* name : {"file", "templatefile", "try", "can", "fileexists", "jsondecode", "nosuchfunction"})
    CHECK_FALSE(resolve::call_function(name, {}, {}, b));
}

TEST_CASE("functions keep the unknown parts of their arguments", "[functions]") {
  const std::string vars = "variable \"domain\" {}\nvariable \"names\" {}\n";
  SECTION("format and join build templates around unknown values") {
    Resolved f("format(\"arn:aws:ses:%s:%s:identity/%s\", \"eu-west-1\", \"111122223333\", var.domain)", vars);
    REQUIRE(f.value->kind == syntax::Kind::Template);
    CHECK(f.value->items.front()->text == "arn:aws:ses:eu-west-1:111122223333:identity/");
    CHECK(f.value->items.back()->kind != syntax::Kind::String);
    Resolved j("join(\"/\", [\"identity\", var.domain])", vars);
    CHECK(j.value->kind == syntax::Kind::Template);
  }
  SECTION("collection functions move unknown elements without reading them") {
    Resolved c("concat([\"a\"], [var.domain])", vars);
    REQUIRE(c.value->kind == syntax::Kind::List);
    CHECK(c.value->items.size() == 2);
    Resolved l("length([var.domain, \"x\"])", vars);
    CHECK(l.value->text == "2");
    Resolved k("lookup({a = var.domain, b = \"x\"}, \"b\")", vars);
    CHECK(k.value->text == "x");
    Resolved e("element([var.domain, \"x\"], 3)", vars);
    CHECK(e.value->text == "x");
  }
  SECTION("regular expressions on text std::regex does not match as RE2 are Unknown") {
    // Terraform: regex("^(.)", "\u00e9x") is ["\u00e9"]; std::regex's `.` is one byte.
    for (const char* e : {"regex(\"^(.)\", \"\u00e9x\")", "regex(\"a.b\", \"a\\rb\")",
                          "replace(\"\u00e9\", \"/./\", \"x\")", "regex(\"\u00e9\", \"\u00e9\")"}) {
      INFO(e);
      Resolved r(e);
      CHECK(contains_unknown(*r.value));
    }
    Resolved longer("length(regexall(\"a\", \"" + std::string(2000, 'a') + "\"))");
    CHECK(contains_unknown(*longer.value));
  }
  SECTION("a function that must read an unknown value is Unknown") {
    for (const char* e : {"upper(var.domain)", "sha256(var.domain)", "cidrsubnet(var.domain, 8, 1)", "sort(var.names)",
                          "tolist(var.names)", "contains(var.names, \"x\")"}) {
      INFO(e);
      Resolved r(e, vars);
      CHECK(contains_unknown(*r.value));
    }
  }
}

TEST_CASE("partially known lists keep their known elements", "[functions]") {
  const std::string mod = R"(
variable "extra" {}
resource "aws_ses_domain_identity" "this" {
  count  = 1
  domain = "example.org"
}
locals {
  l = concat(aws_ses_domain_identity.this.*.arn, var.extra)
}
)";
  auto show = [](const syntax::Value& v) {
    std::string s;
    for (const auto& i : v.items) s += (s.empty() ? "" : " | ") + std::string(i->kind == syntax::Kind::Unknown ? "?" : "") + (i->kind == syntax::Kind::Template ? i->items.back()->text : i->text);
    return s;
  };
  SECTION("concat keeps the known ARNs, the unknown list becomes its unknown elements") {
    Resolved r("local.l", mod);
    INFO(syntax::dump(*r.value));
    REQUIRE(r.value->kind == syntax::Kind::List);
    REQUIRE(r.value->items.size() == 2);
    const syntax::Value& arn = *r.value->items[0];
    REQUIRE(arn.kind == syntax::Kind::Template);  // arn:${partition}:ses:${region}:${account}:identity/example.org
    CHECK(arn.items.back()->text == ":identity/example.org");
    CHECK(resolve::is_unknown_elements(*r.value->items[1]));
    CHECK(r.value->items[1]->text == "var.extra[*]");
    CHECK(resolve::known_prefix(*r.value) == 1);
    Resolved both("concat([\"a\"], var.extra, [\"b\"])", mod);
    CHECK(show(*both.value) == "a | ?var.extra[*] | b");
    Resolved twice("concat(local.l, [\"c\"])", mod);
    CHECK(show(*twice.value).ends_with("?var.extra[*] | c"));
    Resolved rev("reverse(concat([\"a\"], var.extra))", mod);
    CHECK(show(*rev.value) == "?var.extra[*] | a");
    Resolved only("concat([], var.extra)", mod);
    CHECK(only.value->kind == syntax::Kind::Unknown);
    CHECK_FALSE(resolve::is_unknown_elements(*only.value));
    Resolved first("coalescelist(concat([\"a\"], var.extra), [\"b\"])", mod);
    CHECK(show(*first.value) == "a | ?var.extra[*]");
  }
  SECTION("what needs the length or a position after the unknown elements is Unknown") {
    for (const char* e : {"length(local.l)", "element(local.l, 0)", "slice(local.l, 0, 1)", "one(local.l)",
                          "join(\",\", concat([\"a\"], var.extra))", "concat(var.extra, [\"a\"])[0]",
                          "[for i, x in local.l : i]", "[for x in local.l : x if x != \"\"]", "toset(local.l)",
                          "index(local.l, \"x\")", "contains(local.l, \"x\")", "distinct(local.l)",
                          "coalescelist(concat([], var.extra, []), [\"b\"])"}) {
      INFO(e);
      Resolved r(e, mod);
      CHECK(contains_unknown(*r.value));
      CHECK_FALSE((r.value->kind == syntax::Kind::List && !r.value->items.empty() && r.value->items.size() == 1 &&
                   !contains_unknown(*r.value->items[0])));
    }
    Resolved before("concat([\"a\"], var.extra)[0]", mod);
    CHECK(before.value->text == "a");
  }
  SECTION("for and splat carry the unknown elements through") {
    Resolved f("[for x in concat([\"a\"], var.extra) : upper(x)]", mod);
    REQUIRE(f.value->kind == syntax::Kind::List);
    REQUIRE(f.value->items.size() == 2);
    CHECK(f.value->items[0]->text == "A");
    CHECK(resolve::is_unknown_elements(*f.value->items[1]));
    Resolved s("concat([{ n = \"a\" }], var.extra)[*].n", mod);
    REQUIRE(s.value->kind == syntax::Kind::List);
    REQUIRE(s.value->items.size() == 2);
    CHECK(s.value->items[0]->text == "a");
    CHECK(resolve::is_unknown_elements(*s.value->items[1]));
  }
}

TEST_CASE("core:: names and the hashes of files", "[functions]") {
  Resolved a("core::upper(\"x\")");
  CHECK(a.value->text == "X");
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("seslint_functions_" + std::to_string(::getpid()) + "_" +
                                                    std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  fs::create_directories(dir);
  std::ofstream(dir / "f.txt") << "hello";
  source::SourceSet set;
  const auto& f = set.file(set.add((dir / "main.tf").string(), R"(
output "md5" { value = filemd5("f.txt") }
output "sha1" { value = filesha1("f.txt") }
output "sha256" { value = filesha256("${path.module}/f.txt") }
output "b64" { value = filebase64("f.txt") }
output "b64sha256" { value = filebase64sha256("f.txt") }
output "missing" { value = filemd5("nope.txt") }
locals { t = "identity/$${d}" }
output "tpl" { value = templatestring(local.t, { d = "example.org" }) }
)"));
  std::vector<resolve::TerraformFile> files{resolve::TerraformFile{&f, parse::parse_hcl(f).root, false}};
  resolve::Inputs in;
  in.scan_root = dir.string();
  auto result = resolve::resolve_terraform_module(files, {}, in);
  std::map<std::string, syntax::ValuePtr> out;
  for (const auto& e : result.files.at(0).root->entries)
    if (e.value->block_type == "output") out[e.value->labels.back().text] = e.value->get("value") ? std::make_shared<syntax::Value>(*e.value->get("value")) : nullptr;
  // Expected values: md5 / sha1 / sha256 / base64 of "hello" (terraform console: md5("hello") ...).
  CHECK(out.at("md5")->text == "5d41402abc4b2a76b9719d911017c592");
  CHECK(out.at("sha1")->text == "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
  CHECK(out.at("sha256")->text == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  CHECK(out.at("b64")->text == "aGVsbG8=");
  CHECK(out.at("b64sha256")->text == "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=");
  CHECK(out.at("missing")->kind == syntax::Kind::Unknown);
  CHECK(out.at("tpl")->text == "identity/example.org");
  fs::remove_all(dir);
}

TEST_CASE("functions that grow their output charge the budget", "[functions]") {
  auto at = source::Span{};
  auto str = [&](std::string s) { return syntax::make_string(std::move(s), at, at); };
  auto num = [&](long long n) { return syntax::make_scalar(syntax::Kind::Number, std::to_string(n), at); };
  auto list = [&](std::size_t n) {
    auto l = std::make_shared<syntax::Value>();
    l->kind = syntax::Kind::List;
    for (std::size_t i = 0; i < n; ++i) l->items.push_back(str("item" + std::to_string(i)));
    return syntax::ValuePtr(l);
  };
  auto spent = [](const syntax::ValuePtr& v) { return v && v->kind == syntax::Kind::Unknown && v->text == "<evaluation budget spent>"; };
  {
    syntax::Budget small(100, 1 << 20, std::chrono::seconds(5));
    CHECK(spent(resolve::call_function("range", {num(500)}, at, small)));
    CHECK(small.spent());
  }
  {
    syntax::Budget small(100, 1 << 20, std::chrono::seconds(5));
    CHECK(spent(resolve::call_function("setproduct", {list(20), list(20)}, at, small)));
  }
  {
    syntax::Budget small(1000, 100, std::chrono::seconds(5));
    CHECK(spent(resolve::call_function("join", {str(std::string(50, '-')), list(10)}, at, small)));
  }
  {
    syntax::Budget small(1000, 100, std::chrono::seconds(5));
    CHECK(spent(resolve::call_function("formatlist", {str(std::string(40, '%') + "s"), list(10)}, at, small)));
  }
  {
    syntax::Budget big;
    auto r = resolve::call_function("setproduct", {list(20), list(20)}, at, big);
    REQUIRE(r);
    CHECK(r->items.size() == 400);
  }
}
