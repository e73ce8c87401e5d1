#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "parse/parse.h"
#include "support/parse_util.h"

using namespace seslint;
using syntax::Kind;

namespace {

using test::Parsed;

Parsed parse_json_text(std::string text) { return test::parse_as("t.json", std::move(text), parse::parse_json); }

}  // namespace

TEST_CASE("json: nested maps and lists with exact spans", "[parse][json]") {
  auto p = parse_json_text(R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": "*"},
    {"Effect": "Deny", "Count": -1.5e3, "On": true, "Off": false, "Nil": null}
  ]
})");
  REQUIRE(p.r.root);
  REQUIRE(p.r.diagnostics.empty());
  const auto& root = *p.r.root;
  CHECK(root.kind == Kind::Map);
  CHECK(p.at(root.span).front() == '{');
  CHECK(p.at(root.span).back() == '}');
  CHECK(root.span.begin == 0);
  CHECK(root.span.end == p.file().text().size());
  REQUIRE(root.entries.size() == 2);
  CHECK(p.at(root.entries[0].key_span) == "\"Version\"");
  const auto* version = root.get("Version");
  REQUIRE(version);
  CHECK(version->is_string());
  CHECK(version->text == "2012-10-17");
  CHECK(p.at(version->span) == "\"2012-10-17\"");
  CHECK(p.at(version->content) == "2012-10-17");

  const auto* stmts = root.get("Statement");
  REQUIRE(stmts);
  REQUIRE(stmts->is_list());
  REQUIRE(stmts->items.size() == 2);
  CHECK(p.at(stmts->span).front() == '[');
  CHECK(p.at(stmts->span).back() == ']');
  const auto& s0 = *stmts->items[0];
  CHECK(p.at(s0.span) ==
        R"({"Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": "*"})");
  const auto* action = s0.get("Action");
  REQUIRE(action);
  CHECK(p.at(action->span) == R"(["ses:SendEmail", "ses:SendRawEmail"])");
  CHECK(action->items[1]->text == "ses:SendRawEmail");
  CHECK(p.at(action->items[1]->span) == "\"ses:SendRawEmail\"");
  const auto& s1 = *stmts->items[1];
  CHECK(s1.get("Count")->kind == Kind::Number);
  CHECK(s1.get("Count")->text == "-1.5e3");
  CHECK(p.at(s1.get("Count")->span) == "-1.5e3");
  CHECK(s1.get("On")->kind == Kind::Bool);
  CHECK(s1.get("On")->text == "true");
  CHECK(s1.get("Off")->text == "false");
  CHECK(p.at(s1.get("Off")->span) == "false");
  CHECK(s1.get("Nil")->kind == Kind::Null);
  CHECK(p.at(s1.get("Nil")->span) == "null");
}

TEST_CASE("json: escapes in keys and values, unicode", "[parse][json]") {
  auto p = parse_json_text("{\"a\\\"b\\u00e9\": \"x\\\\y\\n\\u2603\", \"\xC3\xA9t\xC3\xA9\": \"\xE2\x98\x83 ok\"}");
  REQUIRE(p.r.root);
  const auto& root = *p.r.root;
  REQUIRE(root.entries.size() == 2);
  CHECK(root.entries[0].key == "a\"b\xC3\xA9");
  CHECK(p.at(root.entries[0].key_span) == "\"a\\\"b\\u00e9\"");
  CHECK(root.entries[0].value->text == "x\\y\n\xE2\x98\x83");
  CHECK(p.at(root.entries[0].value->span) == "\"x\\\\y\\n\\u2603\"");
  CHECK(p.at(root.entries[0].value->content) == "x\\\\y\\n\\u2603");
  CHECK(root.entries[1].key == "\xC3\xA9t\xC3\xA9");
  CHECK(p.at(root.entries[1].value->span) == "\"\xE2\x98\x83 ok\"");
  // Columns count code points.
  auto pos = p.file().position(root.entries[1].value->span.begin);
  CHECK(pos.line == 1);
  CHECK(pos.column == 39);
}

TEST_CASE("json: numbers keep their source token, including huge ones", "[parse][json]") {
  auto p = parse_json_text("[0, -0, 12345678901234567890123, 1e400, 3.25E-2]");
  REQUIRE(p.r.root);
  REQUIRE(p.r.diagnostics.empty());
  const auto& items = p.r.root->items;
  REQUIRE(items.size() == 5);
  CHECK(items[2]->kind == Kind::Number);
  CHECK(items[2]->text == "12345678901234567890123");
  CHECK(p.at(items[3]->span) == "1e400");
  CHECK(items[4]->text == "3.25E-2");
}

TEST_CASE("json: BOM, empty documents, empty containers", "[parse][json]") {
  auto bom = parse_json_text("\xEF\xBB\xBF{\"a\": {}}");
  REQUIRE(bom.r.root);
  CHECK(bom.r.root->span.begin == 3);
  CHECK(bom.at(bom.r.root->get("a")->span) == "{}");

  auto empty = parse_json_text("  \n");
  CHECK_FALSE(empty.r.root);
  REQUIRE(empty.r.diagnostics.size() == 1);
  CHECK(empty.r.diagnostics[0].severity == Severity::Warning);
  CHECK(empty.r.diagnostics[0].message == "empty JSON document");

  auto arr = parse_json_text("[ ]");
  REQUIRE(arr.r.root);
  CHECK(arr.r.root->is_list());
  CHECK(arr.r.root->items.empty());
  CHECK(arr.at(arr.r.root->span) == "[ ]");
}

namespace {
void check_error(const std::string& text, std::uint32_t line, std::uint32_t column) {
  INFO(text);
  auto p = parse_json_text(text);
  CHECK_FALSE(p.r.root);
  REQUIRE(p.r.diagnostics.size() == 1);
  const auto& d = p.r.diagnostics[0];
  CHECK(d.id == "SES900");
  CHECK(d.severity == Severity::Error);
  CHECK(d.span.file == p.id);
  auto pos = p.file().position(d.span.begin);
  CHECK(pos.line == line);
  CHECK(pos.column == column);
}
}  // namespace

TEST_CASE("json: malformed input yields SES900 at the right place", "[parse][json]") {
  check_error("{\n  \"a\": 1,\n  \"b\": [1, 2,],\n}", 3, 14);  // trailing comma in the list
  check_error("{\"a\": 1,\n}", 2, 1);                          // trailing comma in the object
  check_error("{\"a\": [1, 2", 1, 12);                          // truncated
  check_error("{\"a\": tru }", 1, 7);                           // bad literal
  check_error("{\"a\": 1} x", 1, 10);                           // trailing garbage
  check_error("{\"a\": \"b\xFF\"}", 1, 9);                     // invalid UTF-8

  auto p = parse_json_text("[1,]");
  REQUIRE(p.r.diagnostics.size() == 1);
  CHECK(p.r.diagnostics[0].message.find("improper structure") != std::string::npos);
}

TEST_CASE("json: deep nesting is a diagnostic, not a crash", "[parse][json]") {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  auto p = parse_json_text(deep);
  CHECK_FALSE(p.r.root);
  REQUIRE(p.r.diagnostics.size() == 1);
  CHECK(p.r.diagnostics[0].id == "SES900");
  CHECK(p.r.diagnostics[0].span.begin == 1024);

  std::string ok(1000, '[');
  ok += std::string(1000, ']');
  CHECK(parse_json_text(ok).r.root);
}

TEST_CASE("json: embedded JSON string inside a JSON file maps back to file offsets",
          "[parse][json]") {
  auto p = parse_json_text(
      R"({"PolicyDocument": "{\"Statement\": [{\"Effect\": \"Allow\", \"Resource\": \"arn:aws:ses:*\"}]}"})");
  REQUIRE(p.r.root);
  const auto* doc = p.r.root->get("PolicyDocument");
  REQUIRE(doc);
  auto e = parse::parse_embedded_json(*doc, p.file());
  REQUIRE(e.root);
  REQUIRE(e.diagnostics.empty());
  const auto* res = e.root->get("Statement")->items[0]->get("Resource");
  REQUIRE(res);
  CHECK(res->text == "arn:aws:ses:*");
  CHECK(res->span.file == p.id);
  CHECK(p.at(res->content) == "arn:aws:ses:*");
  CHECK(p.at(res->span) == "\"arn:aws:ses:*\\\"");  // opening quote is the escaped one's quote
  CHECK_FALSE(res->span.approximate);  // only backslashes were skipped

  // Invalid embedded JSON points into the file.
  auto bad = parse_json_text(R"({"P": "{\"a\": [1,]}"})");
  auto be = parse::parse_embedded_json(*bad.r.root->get("P"), bad.file());
  CHECK_FALSE(be.root);
  REQUIRE(be.diagnostics.size() == 1);
  CHECK(bad.at(be.diagnostics[0].span) == "]");
}

TEST_CASE("json: embedded JSON without source bytes falls back to approximate spans",
          "[parse][json]") {
  auto p = parse_json_text(R"({"k": "v"})");
  auto synthetic = syntax::make_string(R"({"Effect": "Allow"})", p.r.root->get("k")->span,
                                       source::Span{});
  auto e = parse::parse_embedded_json(*synthetic, p.file());
  REQUIRE(e.root);
  CHECK(e.root->get("Effect")->text == "Allow");
  CHECK(e.root->get("Effect")->span.approximate);
  CHECK(e.root->span.begin == p.r.root->get("k")->span.begin);
  CHECK(e.root->span.file == p.id);
}

TEST_CASE("json: escapes in embedded JSON make spans approximate", "[parse][json]") {
  // An inner \u escape is exact (its bytes exist in the file once the outer backslash is
  // skipped); an outer \n has no literal counterpart, so the mapping is approximate.
  auto exact = parse_json_text(R"({"P": "{\"a\": \"x\\u0041\"}"})");
  auto e1 = parse::parse_embedded_json(*exact.r.root->get("P"), exact.file());
  REQUIRE(e1.root);
  CHECK(e1.root->get("a")->text == "xA");
  CHECK_FALSE(e1.root->get("a")->span.approximate);
  CHECK(exact.at(e1.root->get("a")->content) == R"(x\\u0041)");

  auto inexact = parse_json_text(R"({"P": "{\"a\":\n \"x\"}"})");
  auto e2 = parse::parse_embedded_json(*inexact.r.root->get("P"), inexact.file());
  REQUIRE(e2.root);
  CHECK(e2.root->get("a")->text == "x");
  CHECK(e2.root->get("a")->span.approximate);
  CHECK(inexact.at(e2.root->get("a")->span) == "\"x\\\"");
}
