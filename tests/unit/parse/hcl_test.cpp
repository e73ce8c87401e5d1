// Tests for parse::parse_hcl: the located value tree built from Terraform / HCL sources.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "parse/parse.h"

using namespace seslint;
using syntax::Kind;
using syntax::Value;

namespace {

/// Parses `text` as main.tf; keeps the SourceSet alive for span checks.
struct Parsed {
  source::SourceSet set;
  source::FileId id;
  parse::ParseResult result;

  explicit Parsed(std::string text) {
    id = set.add("main.tf", std::move(text));
    result = parse::parse_hcl(set.file(id));
  }
  const source::SourceFile& file() const { return set.file(id); }
  const Value& root() const {
    REQUIRE(result.root);
    return *result.root;
  }
  std::string slice(const source::Span& s) const { return std::string(file().slice(s)); }
  /// Value of attribute `key` inside the first block of type `block` (or at the root).
  const Value& attr(std::string_view key) const {
    const Value* v = root().get(key);
    REQUIRE(v);
    return *v;
  }
  source::Position pos(std::uint32_t offset) const { return file().position(offset); }
};

bool has_ses900(const parse::ParseResult& r) {
  return std::any_of(r.diagnostics.begin(), r.diagnostics.end(),
                     [](const Diagnostic& d) { return d.id == "SES900" && d.severity == Severity::Error; });
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Structure

TEST_CASE("hcl: attributes become root map entries with exact spans", "[parse][hcl]") {
  Parsed p("region = \"us-east-1\"\ncount  = 3\n");
  const Value& root = p.root();
  CHECK(root.kind == Kind::Map);
  CHECK_FALSE(root.is_block);
  CHECK(root.span.begin == 0);
  CHECK(root.span.end == p.file().text().size());
  CHECK(root.span.file == p.id);
  REQUIRE(root.entries.size() == 2);
  CHECK(root.entries[0].key == "region");
  CHECK(p.slice(root.entries[0].key_span) == "region");
  CHECK(root.entries[1].key == "count");
  CHECK(p.slice(root.entries[1].key_span) == "count");
  const Value& region = *root.entries[0].value;
  CHECK(region.kind == Kind::String);
  CHECK(region.text == "us-east-1");
  CHECK(p.slice(region.span) == "\"us-east-1\"");
  CHECK(p.slice(region.content) == "us-east-1");
  CHECK(p.result.diagnostics.empty());
  CHECK_FALSE(p.result.partial);
}

TEST_CASE("hcl: empty and comment-only files give an empty root map", "[parse][hcl]") {
  for (const char* text : {"", "# nothing\n// here\n/* at\nall */\n", "\n\n  \n"}) {
    Parsed p(text);
    CHECK(p.root().kind == Kind::Map);
    CHECK(p.root().entries.empty());
    CHECK(p.result.diagnostics.empty());
  }
}

TEST_CASE("hcl: blocks carry type, labels and body, repeated blocks are kept in order", "[parse][hcl]") {
  Parsed p(
      "resource \"aws_iam_policy\" \"ses\" {\n"
      "  name = \"x\"\n"
      "  statement {\n"
      "    sid = \"one\"\n"
      "  }\n"
      "  statement {\n"
      "    sid = \"two\"\n"
      "  }\n"
      "  dynamic \"ingress\" {\n"
      "    content {}\n"
      "  }\n"
      "}\n"
      "locals {}\n"
      "provider aws {}\n");
  const Value& root = p.root();
  REQUIRE(root.entries.size() == 3);
  const auto& res = root.entries[0];
  CHECK(res.key == "resource");
  CHECK(p.slice(res.key_span) == "resource");
  const Value& block = *res.value;
  CHECK(block.kind == Kind::Map);
  CHECK(block.is_block);
  CHECK(block.block_type == "resource");
  REQUIRE(block.labels.size() == 2);
  CHECK(block.labels[0].text == "aws_iam_policy");
  CHECK(p.slice(block.labels[0].span) == "\"aws_iam_policy\"");
  CHECK(block.labels[1].text == "ses");
  CHECK(p.slice(block.labels[1].span) == "\"ses\"");
  CHECK(p.slice(block.span).rfind("resource \"aws_iam_policy\" \"ses\" {", 0) == 0);
  CHECK(p.slice(block.span).back() == '}');

  auto statements = block.all("statement");
  REQUIRE(statements.size() == 2);
  CHECK(statements[0]->value->is_block);
  CHECK(statements[0]->value->get("sid")->text == "one");
  CHECK(statements[1]->value->get("sid")->text == "two");
  CHECK(statements[0]->value->labels.empty());
  CHECK(p.slice(statements[1]->key_span) == "statement");

  const Value* dyn = block.get("dynamic");
  REQUIRE(dyn);
  REQUIRE(dyn->labels.size() == 1);
  CHECK(dyn->labels[0].text == "ingress");
  const Value* content = dyn->get("content");
  REQUIRE(content);
  CHECK(content->is_block);
  CHECK(content->entries.empty());
  CHECK(p.slice(content->span) == "content {}");
  CHECK(p.slice(content->content).empty());
  CHECK(p.slice(statements[0]->value->content) == "\n    sid = \"one\"\n  ");

  CHECK(root.entries[1].value->block_type == "locals");
  const Value& provider = *root.entries[2].value;
  REQUIRE(provider.labels.size() == 1);
  CHECK(provider.labels[0].text == "aws");  // identifier label, as is
  CHECK(p.slice(provider.labels[0].span) == "aws");
  CHECK(p.result.diagnostics.empty());
}

// ---------------------------------------------------------------------------------------
// Literals

TEST_CASE("hcl: numbers, bools and null", "[parse][hcl]") {
  Parsed p("a = 42\nb = 1.5e3\nc = true\nd = false\ne = null\n");
  CHECK(p.attr("a").kind == Kind::Number);
  CHECK(p.attr("a").text == "42");
  CHECK(p.slice(p.attr("a").span) == "42");
  CHECK(p.attr("b").kind == Kind::Number);
  CHECK(p.attr("b").text == "1.5e3");
  CHECK(p.attr("c").kind == Kind::Bool);
  CHECK(p.attr("c").text == "true");
  CHECK(p.attr("d").kind == Kind::Bool);
  CHECK(p.attr("d").text == "false");
  CHECK(p.attr("e").kind == Kind::Null);
  CHECK(p.slice(p.attr("e").span) == "null");
}

TEST_CASE("hcl: string escapes are decoded, span and content are exact", "[parse][hcl]") {
  Parsed p(R"(a = "line\nnext\ttab \"q\" back\\slash"
b = "\u00e9\U0001F600"
c = "$${not_interp} %%{not_directive}"
d = ""
)");
  const Value& a = p.attr("a");
  CHECK(a.kind == Kind::String);
  CHECK(a.text == "line\nnext\ttab \"q\" back\\slash");
  CHECK(p.slice(a.span) == R"("line\nnext\ttab \"q\" back\\slash")");
  CHECK(p.slice(a.content) == R"(line\nnext\ttab \"q\" back\\slash)");
  CHECK(p.attr("b").text == "\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(p.attr("c").kind == Kind::String);
  CHECK(p.attr("c").text == "${not_interp} %{not_directive}");
  CHECK(p.attr("d").kind == Kind::String);
  CHECK(p.attr("d").text.empty());
  CHECK(p.slice(p.attr("d").span) == "\"\"");
  CHECK(p.attr("d").content.begin == p.attr("d").content.end);
  CHECK(p.result.diagnostics.empty());
  // HCL rejects unknown escapes; the grammar reports them as syntax errors.
  Parsed bad("e = \"bad \\q\"\n");
  CHECK(has_ses900(bad.result));
  CHECK(bad.pos(bad.result.diagnostics[0].span.begin).column == 10);
}

// ---------------------------------------------------------------------------------------
// Templates

TEST_CASE("hcl: templates split into literal chunks and expression parts", "[parse][hcl]") {
  Parsed p(R"(a = "arn:aws:ses:${var.region}:${data.aws_caller_identity.me.account_id}:identity/*"
b = "${var.x}"
c = " x ${y} z "
)");
  const Value& a = p.attr("a");
  REQUIRE(a.kind == Kind::Template);
  CHECK(p.slice(a.span) == R"("arn:aws:ses:${var.region}:${data.aws_caller_identity.me.account_id}:identity/*")");
  CHECK(p.slice(a.content) == R"(arn:aws:ses:${var.region}:${data.aws_caller_identity.me.account_id}:identity/*)");
  REQUIRE(a.items.size() == 5);
  CHECK(a.items[0]->kind == Kind::String);
  CHECK(a.items[0]->text == "arn:aws:ses:");
  CHECK(p.slice(a.items[0]->span) == "arn:aws:ses:");
  CHECK(a.items[1]->kind == Kind::Reference);
  CHECK(a.items[1]->text == "var.region");
  CHECK(p.slice(a.items[1]->span) == "var.region");
  CHECK(a.items[2]->text == ":");
  CHECK(a.items[3]->kind == Kind::Reference);
  CHECK(a.items[3]->text == "data.aws_caller_identity.me.account_id");
  CHECK(a.items[4]->kind == Kind::String);
  CHECK(a.items[4]->text == ":identity/*");

  // Terraform 0.11 style interpolation-only string.
  const Value& b = p.attr("b");
  REQUIRE(b.kind == Kind::Template);
  REQUIRE(b.items.size() == 1);
  CHECK(b.items[0]->kind == Kind::Reference);
  CHECK(b.items[0]->text == "var.x");

  // Whitespace around parts is kept in the literal chunks.
  const Value& c = p.attr("c");
  REQUIRE(c.items.size() == 3);
  CHECK(c.items[0]->text == " x ");
  CHECK(p.slice(c.items[0]->span) == " x ");
  CHECK(c.items[2]->text == " z ");
}

TEST_CASE("hcl: template parts can be calls, escapes decode inside chunks", "[parse][hcl]") {
  Parsed p(R"(a = "pre\t${upper(var.x)}\"${var.y ? 1 : 2}$${lit}")");
  const Value& a = p.attr("a");
  REQUIRE(a.kind == Kind::Template);
  REQUIRE(a.items.size() == 5);
  CHECK(a.items[0]->text == "pre\t");
  CHECK(p.slice(a.items[0]->span) == "pre\\t");
  CHECK(a.items[1]->kind == Kind::Call);
  CHECK(a.items[1]->text == "upper");
  CHECK(a.items[2]->text == "\"");
  CHECK(a.items[3]->kind == Kind::Call);
  CHECK(a.items[3]->text == "?:");
  CHECK(p.slice(a.items[3]->span) == "var.y ? 1 : 2");
  CHECK(a.items[4]->text == "${lit}");
}

TEST_CASE("hcl: template directives become Unknown parts, strip markers trim", "[parse][hcl]") {
  Parsed p(R"(a = "x %{ if var.on }on%{ else }off%{ endif } y"
b = "a ${~ var.v ~} b"
)");
  const Value& a = p.attr("a");
  REQUIRE(a.kind == Kind::Template);
  REQUIRE(a.items.size() == 3);
  CHECK(a.items[0]->text == "x ");
  CHECK(a.items[1]->kind == Kind::Unknown);
  CHECK(a.items[1]->text == "%{ if var.on }on%{ else }off%{ endif }");
  CHECK(p.slice(a.items[1]->span) == "%{ if var.on }on%{ else }off%{ endif }");
  CHECK(a.items[2]->text == " y");

  const Value& b = p.attr("b");
  REQUIRE(b.items.size() == 3);
  CHECK(b.items[0]->text == "a");
  CHECK(b.items[1]->text == "var.v");
  CHECK(b.items[2]->text == "b");
}

// ---------------------------------------------------------------------------------------
// Heredocs

TEST_CASE("hcl: heredoc body is the content, text keeps the final newline", "[parse][hcl]") {
  std::string text =
      "policy = <<EOF\n"
      "{\n"
      "  \"Version\": \"2012-10-17\"\n"
      "}\n"
      "EOF\n"
      "after = 1\n";
  Parsed p(text);
  const Value& v = p.attr("policy");
  CHECK(v.kind == Kind::String);
  CHECK(v.text == "{\n  \"Version\": \"2012-10-17\"\n}\n");
  CHECK(p.slice(v.content) == "{\n  \"Version\": \"2012-10-17\"\n}\n");
  CHECK(p.slice(v.span) == "<<EOF\n{\n  \"Version\": \"2012-10-17\"\n}\nEOF");
  CHECK(p.attr("after").text == "1");
  CHECK(p.result.diagnostics.empty());
}

TEST_CASE("hcl: indented heredoc <<- strips the common leading whitespace", "[parse][hcl]") {
  std::string text =
      "resource \"r\" \"n\" {\n"
      "  policy = <<-POLICY\n"
      "    {\n"
      "      \"Effect\": \"Allow\"\n"
      "\n"
      "    }\n"
      "  POLICY\n"
      "}\n";
  Parsed p(text);
  const Value* v = p.root().get("resource")->get("policy");
  REQUIRE(v);
  CHECK(v->kind == Kind::String);
  CHECK(v->text == "{\n  \"Effect\": \"Allow\"\n\n}\n");
  CHECK(p.slice(v->content) == "    {\n      \"Effect\": \"Allow\"\n\n    }\n");
  CHECK(p.slice(v->span) == "<<-POLICY\n    {\n      \"Effect\": \"Allow\"\n\n    }\n  POLICY");
  CHECK(p.result.diagnostics.empty());
}

TEST_CASE("hcl: heredoc with interpolation is a Template, $${ is literal", "[parse][hcl]") {
  std::string text =
      "a = <<-EOT\n"
      "    arn:${var.partition}:ses\n"
      "      $${keep}\n"
      "  EOT\n";
  Parsed p(text);
  const Value& a = p.attr("a");
  REQUIRE(a.kind == Kind::Template);
  CHECK(p.slice(a.content) == "    arn:${var.partition}:ses\n      $${keep}\n");
  REQUIRE(a.items.size() == 3);
  CHECK(a.items[0]->text == "arn:");  // common indent is 4: the closing marker line does not count
  CHECK(a.items[1]->kind == Kind::Reference);
  CHECK(a.items[1]->text == "var.partition");
  CHECK(a.items[2]->text == ":ses\n  ${keep}\n");
  // Backslashes are not escapes in heredocs.
  Parsed q("b = <<EOT\nC:\\dir\\n\nEOT\n");
  CHECK(q.attr("b").text == "C:\\dir\\n\n");
}

// ---------------------------------------------------------------------------------------
// Collections

TEST_CASE("hcl: tuples become lists, objects become maps", "[parse][hcl]") {
  Parsed p(
      "l = [\"a\", 1, var.b,]\n"
      "o = { k = 1, \"k2\" : \"v\", (var.k) = 3, \"${var.p}\" = 4, k5 = [] }\n"
      "e = {}\n");
  const Value& l = p.attr("l");
  REQUIRE(l.kind == Kind::List);
  CHECK(p.slice(l.span) == "[\"a\", 1, var.b,]");
  REQUIRE(l.items.size() == 3);
  CHECK(l.items[0]->text == "a");
  CHECK(l.items[1]->kind == Kind::Number);
  CHECK(l.items[2]->kind == Kind::Reference);

  const Value& o = p.attr("o");
  REQUIRE(o.kind == Kind::Map);
  CHECK_FALSE(o.is_block);
  REQUIRE(o.entries.size() == 5);
  CHECK(o.entries[0].key == "k");
  CHECK(p.slice(o.entries[0].key_span) == "k");
  CHECK(o.entries[1].key == "k2");
  CHECK(p.slice(o.entries[1].key_span) == "\"k2\"");
  CHECK(o.entries[1].value->text == "v");
  CHECK(o.entries[2].key == "(var.k)");
  CHECK(p.slice(o.entries[2].key_span) == "(var.k)");
  CHECK(o.entries[2].value->text == "3");
  CHECK(o.entries[3].key == "\"${var.p}\"");
  CHECK(o.entries[4].value->kind == Kind::List);
  CHECK(o.entries[4].value->items.empty());
  CHECK(p.attr("e").kind == Kind::Map);
  CHECK(p.attr("e").entries.empty());
}

// ---------------------------------------------------------------------------------------
// References, calls, unknowns

TEST_CASE("hcl: traversals become normalized References", "[parse][hcl]") {
  Parsed p(
      "a = var.region\n"
      "b = aws_iam_user.u.arn\n"
      "c = data.aws_iam_policy_document.p.json\n"
      "d = aws_x.y[0].arn\n"
      "e = aws_x.y[*].arn\n"
      "f = each.value\n"
      "g = count.index\n"
      "h = local.m[\"key\"].id\n"
      "i = aws_x.y[count.index].arn\n"
      "j = aws_x.y.0.arn\n"
      "k = aws_x.y.*.arn\n"
      "l = module.m.out\n"
      "m = aws_x . y\n");
  CHECK(p.attr("a").kind == Kind::Reference);
  CHECK(p.attr("a").text == "var.region");
  CHECK(p.slice(p.attr("a").span) == "var.region");
  CHECK(p.attr("b").text == "aws_iam_user.u.arn");
  CHECK(p.attr("c").text == "data.aws_iam_policy_document.p.json");
  CHECK(p.attr("d").text == "aws_x.y[0].arn");
  CHECK(p.slice(p.attr("d").span) == "aws_x.y[0].arn");
  CHECK(p.attr("e").text == "aws_x.y[*].arn");
  CHECK(p.attr("f").text == "each.value");
  CHECK(p.attr("g").text == "count.index");
  CHECK(p.attr("h").text == "local.m[\"key\"].id");
  CHECK(p.attr("i").text == "aws_x.y[count.index].arn");
  CHECK(p.attr("j").text == "aws_x.y[0].arn");  // legacy index normalized
  CHECK(p.attr("k").text == "aws_x.y.*.arn");   // attribute splat kept as written
  CHECK(p.attr("l").text == "module.m.out");
  CHECK(p.attr("m").text == "aws_x.y");
  CHECK(p.slice(p.attr("m").span) == "aws_x . y");
  for (const auto& e : p.root().entries) CHECK(e.value->kind == Kind::Reference);
}

TEST_CASE("hcl: function calls keep name and arguments", "[parse][hcl]") {
  Parsed p(
      "a = jsonencode({ Version = \"2012-10-17\" })\n"
      "b = provider::aws::arn_parse(var.arn)\n"
      "c = concat(var.a, var.b...)\n"
      "d = timestamp()\n");
  const Value& a = p.attr("a");
  REQUIRE(a.kind == Kind::Call);
  CHECK(a.text == "jsonencode");
  CHECK(p.slice(a.span) == "jsonencode({ Version = \"2012-10-17\" })");
  REQUIRE(a.items.size() == 1);
  CHECK(a.items[0]->kind == Kind::Map);
  CHECK(a.items[0]->get("Version")->text == "2012-10-17");

  CHECK(p.attr("b").text == "provider::aws::arn_parse");
  REQUIRE(p.attr("b").items.size() == 1);
  CHECK(p.attr("b").items[0]->text == "var.arn");

  const Value& c = p.attr("c");
  REQUIRE(c.items.size() == 3);  // expanded final argument: marked by a trailing Unknown "..."
  CHECK(c.items[1]->text == "var.b");
  CHECK(c.items[2]->kind == Kind::Unknown);
  CHECK(c.items[2]->text == "...");
  CHECK(p.slice(c.items[2]->span) == "...");

  CHECK(p.attr("d").kind == Kind::Call);
  CHECK(p.attr("d").items.empty());
}

TEST_CASE("hcl: conditionals, operators and computed traversals keep their structure", "[parse][hcl]") {
  Parsed p(
      "a = var.x ? \"y\" : \"z\"\n"
      "b = 1 + 2\n"
      "c = !var.enabled\n"
      "f = foo(1)[0]\n"
      "g = (var.inner)\n"
      "h = ((\"s\"))\n"
      "i = var.env == \"prod\" && length(var.l) > 0\n"
      "j = [\n  1,\n  2\n][0]\n"
      "k = (var.m).key[*].name\n"
      "l = -var.n\n");
  const Value& a = p.attr("a");
  REQUIRE(a.kind == Kind::Call);
  CHECK(a.text == "?:");
  CHECK(p.slice(a.span) == "var.x ? \"y\" : \"z\"");
  REQUIRE(a.items.size() == 3);
  CHECK(a.items[0]->kind == Kind::Reference);
  CHECK(p.slice(a.items[0]->span) == "var.x");
  CHECK(a.items[1]->text == "y");
  CHECK(p.slice(a.items[2]->span) == "\"z\"");

  const Value& b = p.attr("b");
  REQUIRE(b.kind == Kind::Call);
  CHECK(b.text == "+");
  REQUIRE(b.items.size() == 2);
  CHECK(b.items[0]->text == "1");
  CHECK(b.items[1]->text == "2");
  CHECK(p.slice(b.span) == "1 + 2");

  const Value& c = p.attr("c");
  CHECK(c.text == "!");
  REQUIRE(c.items.size() == 1);
  CHECK(c.items[0]->text == "var.enabled");

  // foo(1)[0]: a traversal of a computed base.
  const Value& f = p.attr("f");
  REQUIRE(f.kind == Kind::Call);
  CHECK(f.text == ".");
  REQUIRE(f.items.size() == 2);
  CHECK(f.items[0]->kind == Kind::Call);
  CHECK(f.items[0]->text == "foo");
  CHECK(f.items[1]->text == "[0]");
  CHECK(p.slice(f.items[1]->span) == "[0]");
  CHECK(p.slice(f.span) == "foo(1)[0]");
  // Parentheses give the inner node, with the inner span.
  CHECK(p.attr("g").kind == Kind::Reference);
  CHECK(p.attr("g").text == "var.inner");
  CHECK(p.slice(p.attr("g").span) == "var.inner");
  CHECK(p.attr("h").kind == Kind::String);
  CHECK(p.slice(p.attr("h").span) == "\"s\"");
  // Precedence: && binds looser than == and >; operand terms keep their postfix traversals.
  const Value& i = p.attr("i");
  REQUIRE(i.text == "&&");
  REQUIRE(i.items.size() == 2);
  CHECK(i.items[0]->text == "==");
  CHECK(i.items[0]->items[0]->text == "var.env");
  CHECK(p.slice(i.items[0]->span) == "var.env == \"prod\"");
  CHECK(i.items[1]->text == ">");
  CHECK(i.items[1]->items[0]->text == "length");
  const Value& j = p.attr("j");
  CHECK(j.text == ".");
  CHECK(j.items[0]->kind == Kind::List);
  CHECK(p.slice(j.span) == "[\n  1,\n  2\n][0]");
  const Value& k = p.attr("k");
  REQUIRE(k.text == ".");
  CHECK(k.items[0]->text == "var.m");
  CHECK(k.items[1]->text == ".key[*].name");
  const Value& l = p.attr("l");
  CHECK(l.text == "-");
  CHECK(l.items.size() == 1);
}

TEST_CASE("hcl: for expressions keep collection, iterators, body and filter", "[parse][hcl]") {
  Parsed p(
      "d = [for s in var.l : upper(s)]\n"
      "e = { for k, v in var.m : k => v if v != \"\" }\n"
      "g = { for u in var.users : u.team => u.name... }\n");
  const Value& d = p.attr("d");
  REQUIRE(d.kind == Kind::Call);
  CHECK(d.text == "[for]");
  CHECK(p.slice(d.span) == "[for s in var.l : upper(s)]");
  REQUIRE(d.labels.size() == 1);
  CHECK(d.labels[0].text == "s");
  CHECK(p.slice(d.labels[0].span) == "s");
  REQUIRE(d.items.size() == 2);
  CHECK(d.items[0]->text == "var.l");
  CHECK(d.items[1]->text == "upper");

  const Value& e = p.attr("e");
  CHECK(e.text == "{for}");
  REQUIRE(e.labels.size() == 2);
  CHECK(e.labels[0].text == "k");
  CHECK(e.labels[1].text == "v");
  REQUIRE(e.items.size() == 4);  // collection, key, value, filter
  CHECK(e.items[1]->text == "k");
  CHECK(e.items[2]->text == "v");
  CHECK(e.items[3]->text == "!=");

  const Value& g = p.attr("g");
  CHECK(g.text == "{for...}");
  REQUIRE(g.items.size() == 3);
  CHECK(g.items[1]->text == "u.team");
}

// ---------------------------------------------------------------------------------------
// Malformed input

TEST_CASE("hcl: unclosed block reports a missing brace and keeps the content", "[parse][hcl]") {
  Parsed p("locals {\n  a = 1\n}\nresource \"x\" \"y\" {\n  b = 2\n");
  CHECK(p.result.partial);
  REQUIRE(p.result.diagnostics.size() == 1);
  const Diagnostic& d = p.result.diagnostics[0];
  CHECK(d.id == "SES900");
  CHECK(d.severity == Severity::Error);
  CHECK(d.message == "syntax error: missing '}'");
  CHECK(d.span.file == p.id);
  CHECK(p.pos(d.span.begin).line == 6);
  CHECK(p.pos(d.span.begin).column == 1);
  CHECK(p.root().get("locals")->get("a")->text == "1");
  const Value* res = p.root().get("resource");
  REQUIRE(res);
  CHECK(res->labels.size() == 2);
  CHECK(res->get("b")->text == "2");
}

TEST_CASE("hcl: missing '=' is an unexpected token, the valid prefix is kept", "[parse][hcl]") {
  Parsed p("a = 1\nb 2\n");
  CHECK(p.result.partial);
  REQUIRE(p.result.diagnostics.size() == 1);
  const Diagnostic& d = p.result.diagnostics[0];
  CHECK(d.id == "SES900");
  CHECK(d.message == "syntax error: unexpected 'b'");
  CHECK(p.pos(d.span.begin).line == 2);
  CHECK(p.pos(d.span.begin).column == 1);
  CHECK(p.root().get("a")->text == "1");
}

TEST_CASE("hcl: missing '=' inside a block", "[parse][hcl]") {
  Parsed p("resource \"a\" \"b\" {\n  x = 1\n  y 2\n}\n");
  CHECK(p.result.partial);
  REQUIRE(has_ses900(p.result));
  const Diagnostic& d = p.result.diagnostics.front();
  CHECK(p.pos(d.span.begin).line == 3);
  CHECK(p.pos(d.span.begin).column == 3);
  const Value* res = p.root().get("resource");
  REQUIRE(res);
  CHECK(res->get("x")->text == "1");
}

TEST_CASE("hcl: garbage bytes produce a diagnostic, not a crash", "[parse][hcl]") {
  Parsed p("a = 1\n\x01\x02\xfe garbage !!\n");
  CHECK(p.result.partial);
  REQUIRE(p.result.diagnostics.size() >= 1);
  const Diagnostic& d = p.result.diagnostics[0];
  CHECK(d.id == "SES900");
  CHECK(d.message.rfind("syntax error: unexpected '\\x01\\x02\\xfe", 0) == 0);
  CHECK(p.pos(d.span.begin).line == 2);
  CHECK(p.pos(d.span.begin).column == 1);
  CHECK(p.root().get("a")->text == "1");
}

TEST_CASE("hcl: a lone quote and an unterminated string", "[parse][hcl]") {
  Parsed lone("\"\n");
  CHECK(lone.result.partial);
  REQUIRE(lone.result.diagnostics.size() == 1);
  CHECK(lone.result.diagnostics[0].message == "syntax error: unexpected '\"'");
  CHECK(lone.pos(lone.result.diagnostics[0].span.begin).line == 1);
  CHECK(lone.pos(lone.result.diagnostics[0].span.begin).column == 1);
  CHECK(lone.root().entries.empty());

  Parsed open("a = 1\nb = \"\n");
  REQUIRE(open.result.diagnostics.size() == 1);
  CHECK(open.result.diagnostics[0].message == "syntax error: missing '\"'");
  CHECK(open.pos(open.result.diagnostics[0].span.begin).line == 3);
  CHECK(open.root().get("a")->text == "1");
  CHECK(open.root().get("b"));
}

TEST_CASE("hcl: NUL bytes and invalid UTF-8 do not crash", "[parse][hcl]") {
  std::vector<std::string> inputs = {
      std::string("a = \"x\0y\"\nb = 2\n", 16),
      std::string("\0\0\0", 3),
      "a = \"\xff\xfe\xc3\"\n",
      "\xc3\x28 = 1\n",
      "a = <<EOF\n\xed\xa0\x80\nEOF\n",
      "a = \"\\u",
      "a = \"${",
      "a = <<-",
      "a = <<EOT\nx",
      "resource \"a\" \"b\" { x = [1, {y = (2}] }",
  };
  for (const auto& in : inputs) {
    Parsed p(in);
    REQUIRE(p.result.root);
    for (const auto& d : p.result.diagnostics) {
      CHECK(d.id == "SES900");
      CHECK(d.span.end <= in.size());
    }
  }
  Parsed q(std::string("a = \"x\0y\"\nb = 2\n", 16));
  CHECK(has_ses900(q.result));
}

TEST_CASE("hcl: deep nesting is cut off with a diagnostic", "[parse][hcl]") {
  std::string deep = "a = " + std::string(5000, '[') + std::string(5000, ']') + "\nb = 1\n";
  Parsed p(deep);
  CHECK(p.result.partial);
  REQUIRE(has_ses900(p.result));
  bool found = false;
  for (const auto& d : p.result.diagnostics)
    if (d.message.find("nesting deeper than 512") != std::string::npos) found = true;
  CHECK(found);
  CHECK(p.root().get("a")->kind == Kind::List);
  CHECK(p.root().get("b")->text == "1");

  std::string blocks;
  for (int i = 0; i < 2000; ++i) blocks += "b {\n";
  for (int i = 0; i < 2000; ++i) blocks += "}\n";
  Parsed q(blocks);
  CHECK(has_ses900(q.result));
  CHECK(q.root().get("b")->is_block);

  std::string unclosed = "a = " + std::string(20000, '{');
  Parsed r(unclosed);
  CHECK(r.result.partial);
  CHECK(has_ses900(r.result));
}

// ---------------------------------------------------------------------------------------
// Corpus-style fixtures: fixtures/parse/hcl/*.txt
//
//   === case name
//   <HCL input>
//   ---
//   <expected syntax::dump() of the root, then one line per diagnostic>
//
// SESLINT_UPDATE_SNAPSHOTS=1 rewrites the expected sections from the current output.

namespace {

struct FixtureCase {
  std::string name;
  std::string input;
  std::string expected;
};

std::vector<FixtureCase> read_fixture(const std::string& text) {
  std::vector<FixtureCase> cases;
  std::istringstream in(text);
  std::string line;
  FixtureCase* cur = nullptr;
  bool in_expected = false;
  while (std::getline(in, line)) {
    if (line.rfind("=== ", 0) == 0) {
      cases.push_back(FixtureCase{line.substr(4), "", ""});
      cur = &cases.back();
      in_expected = false;
      continue;
    }
    if (!cur) continue;
    if (!in_expected && line == "---") {
      in_expected = true;
      continue;
    }
    (in_expected ? cur->expected : cur->input) += line + "\n";
  }
  for (auto& c : cases) {
    // The blank line before "---" / the next "===" separates, it is not content.
    while (c.expected.size() >= 2 && c.expected.substr(c.expected.size() - 2) == "\n\n") c.expected.pop_back();
    if (c.input.size() >= 2 && c.input.substr(c.input.size() - 2) == "\n\n") c.input.pop_back();
  }
  return cases;
}

std::string actual_output(const FixtureCase& c) {
  source::SourceSet set;
  auto id = set.add(c.name, c.input);
  const auto& f = set.file(id);
  auto r = parse::parse_hcl(f);
  std::string out = r.root ? syntax::dump(*r.root) : "<no root>";
  out += "\n";
  for (const auto& d : r.diagnostics) {
    auto pos = f.position(d.span.begin);
    out += d.id + " " + std::to_string(pos.line) + ":" + std::to_string(pos.column) + " " + d.message + "\n";
  }
  if (r.partial) out += "partial\n";
  return out;
}

}  // namespace

TEST_CASE("hcl: fixtures/parse/hcl corpus", "[parse][hcl]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(SESLINT_FIXTURES_DIR) / "parse" / "hcl";
  REQUIRE(fs::is_directory(dir));
  const char* update_env = std::getenv("SESLINT_UPDATE_SNAPSHOTS");
  bool update = update_env && std::string(update_env) == "1";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 3);
  std::size_t total = 0;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto cases = read_fixture(ss.str());
    CHECK_FALSE(cases.empty());
    std::string rewritten;
    for (const auto& c : cases) {
      ++total;
      std::string actual = actual_output(c);
      if (update) {
        rewritten += "=== " + c.name + "\n" + c.input + "\n---\n" + actual + "\n";
        continue;
      }
      INFO("fixture " << path.filename().string() << " :: " << c.name);
      CHECK(actual == c.expected);
    }
    if (update) {
      while (rewritten.size() >= 2 && rewritten.substr(rewritten.size() - 2) == "\n\n") rewritten.pop_back();
      std::ofstream(path, std::ios::binary) << rewritten;
    }
  }
  CHECK(total >= 10);
}

namespace {

/// Every span of every node lies inside the file and is well formed.
void check_spans(const Value& v, const source::SourceFile& f, std::size_t& nodes) {
  ++nodes;
  auto size = f.text().size();
  CHECK(v.span.file == f.id());
  CHECK(v.span.begin <= v.span.end);
  CHECK(v.span.end <= size);
  CHECK(v.content.begin <= v.content.end);
  CHECK(v.content.end <= size);
  for (const auto& l : v.labels) CHECK(l.span.end <= size);
  for (const auto& item : v.items) {
    REQUIRE(item);
    check_spans(*item, f, nodes);
  }
  for (const auto& e : v.entries) {
    CHECK(e.key_span.begin <= e.key_span.end);
    CHECK(e.key_span.end <= size);
    REQUIRE(e.value);
    check_spans(*e.value, f, nodes);
  }
}

}  // namespace

TEST_CASE("hcl: every prefix and byte-flip of the fixtures parses with sane spans", "[parse][hcl]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(SESLINT_FIXTURES_DIR) / "parse" / "hcl";
  std::size_t parses = 0, nodes = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".txt") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    for (const auto& c : read_fixture(ss.str())) {
      std::vector<std::string> variants;
      for (std::size_t n = 0; n <= c.input.size(); ++n) variants.push_back(c.input.substr(0, n));
      for (std::size_t i = 0; i < c.input.size(); i += 3) {
        std::string flipped = c.input;
        flipped[i] = static_cast<char>(static_cast<unsigned char>(flipped[i]) ^ 0x80);
        variants.push_back(flipped);
        flipped[i] = '\0';
        variants.push_back(flipped);
      }
      for (const auto& text : variants) {
        source::SourceSet set;
        auto id = set.add("fuzz.tf", text);
        auto r = parse::parse_hcl(set.file(id));
        ++parses;
        REQUIRE(r.root);
        check_spans(*r.root, set.file(id), nodes);
        for (const auto& d : r.diagnostics) {
          CHECK(d.span.begin <= d.span.end);
          CHECK(d.span.end <= text.size());
        }
        if (!r.diagnostics.empty()) CHECK(r.partial);
      }
    }
  }
  CHECK(parses > 1000);
  CHECK(nodes > parses);
}

// ---------------------------------------------------------------------------------------
// Corpus smoke run (SESLINT_CORPUS_SMOKE=1): parses every .tf/.tfvars/.hcl under
// SESLINT_CORPUS_DIR (default <shared>/corpus), reports time and files with errors.

TEST_CASE("hcl: corpus smoke run", "[parse][hcl][corpus]") {
  const char* on = std::getenv("SESLINT_CORPUS_SMOKE");
  if (!on || std::string(on) != "1") return;
  namespace fs = std::filesystem;
  const char* dir_env = std::getenv("SESLINT_CORPUS_DIR");
  fs::path dir = dir_env ? fs::path(dir_env) : fs::path(SESLINT_SHARED_DIR) / "corpus";
  // Worktrees live one level deeper than the main checkout.
  if (!dir_env && !fs::is_directory(dir)) dir = fs::path(SESLINT_SOURCE_DIR) / ".." / ".." / "shared" / "corpus";
  REQUIRE(fs::is_directory(dir));
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file()) continue;
    auto ext = it->path().extension().string();
    if (ext == ".tf" || ext == ".tfvars" || ext == ".hcl") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  source::SourceSet set;
  std::vector<source::FileId> ids;
  std::size_t bytes = 0;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes += ss.str().size();
    ids.push_back(set.add(f.string(), ss.str()));
  }
  std::size_t with_errors = 0, nodes_without_root = 0;
  std::vector<std::pair<double, std::string>> slowest;
  auto t0 = std::chrono::steady_clock::now();
  for (auto id : ids) {
    auto s = std::chrono::steady_clock::now();
    auto r = parse::parse_hcl(set.file(id));
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count();
    slowest.emplace_back(ms, set.file(id).path());
    if (!r.root) ++nodes_without_root;
    if (!r.diagnostics.empty()) {
      ++with_errors;
      auto pos = set.file(id).position(r.diagnostics[0].span.begin);
      std::cout << "errors: " << set.file(id).path() << ":" << pos.line << ":" << pos.column << " "
                << r.diagnostics[0].message << " (" << r.diagnostics.size() << ")\n";
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::sort(slowest.rbegin(), slowest.rend());
  for (std::size_t i = 0; i < std::min<std::size_t>(5, slowest.size()); ++i)
    std::cout << "slow: " << slowest[i].first << " ms " << slowest[i].second << "\n";
  std::cout << "corpus: " << files.size() << " files, " << bytes << " bytes, " << secs << " s, "
            << with_errors << " files with diagnostics, " << nodes_without_root << " without root\n";
  CHECK(nodes_without_root == 0);
}
