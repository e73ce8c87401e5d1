#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "parse/parse.h"
#include "support/parse_util.h"

using namespace seslint;
using syntax::Kind;
using syntax::Value;

namespace {

using test::Parsed;

Parsed parse_yaml_text(std::string text) { return test::parse_as("t.yaml", std::move(text), parse::parse_yaml); }

/// Asserts `v` is the long form {name: arg} of a short-form tag and returns the argument.
const Value& intrinsic(const Parsed& p, const Value* v, const std::string& name,
                       const std::string& tag) {
  REQUIRE(v);
  REQUIRE(v->is_map());
  REQUIRE(v->entries.size() == 1);
  CHECK(v->entries[0].key == name);
  CHECK(p.at(v->entries[0].key_span) == tag);
  REQUIRE(v->entries[0].value);
  return *v->entries[0].value;
}

}  // namespace

TEST_CASE("yaml: nested maps, lists and scalar typing", "[parse][yaml]") {
  auto p = parse_yaml_text(
      "Version: 2012-10-17\n"
      "Statement:\n"
      "  - Effect: Allow\n"
      "    Action:\n"
      "      - ses:SendEmail\n"
      "      - \"ses:SendRawEmail\"\n"
      "    Count: 12\n"
      "    Hex: 0x1F\n"
      "    Float: -1.5e3\n"
      "    On: true\n"
      "    Off: False\n"
      "    Yes: yes\n"
      "    Nil: ~\n"
      "    NilWord: null\n"
      "    Empty:\n"
      "    Quoted: '123'\n"
      "  - Effect: Deny # comment\n");
  REQUIRE(p.r.root);
  REQUIRE(p.r.diagnostics.empty());
  const auto& root = *p.r.root;
  CHECK(root.is_map());
  CHECK(root.span.begin == 0);
  CHECK(p.at(root.entries[0].key_span) == "Version");
  CHECK(root.get("Version")->kind == Kind::String);
  CHECK(root.get("Version")->text == "2012-10-17");
  const auto* stmts = root.get("Statement");
  REQUIRE(stmts);
  REQUIRE(stmts->is_list());
  REQUIRE(stmts->items.size() == 2);
  CHECK(p.at(stmts->span).starts_with("- Effect: Allow"));
  CHECK(p.at(stmts->span).ends_with("- Effect: Deny"));
  const auto& s0 = *stmts->items[0];
  CHECK(p.at(s0.span).starts_with("Effect: Allow\n"));
  CHECK(p.at(s0.span).ends_with("Quoted: '123'"));
  const auto* action = s0.get("Action");
  REQUIRE(action->items.size() == 2);
  CHECK(p.at(action->items[0]->span) == "ses:SendEmail");
  CHECK(p.at(action->items[1]->span) == "\"ses:SendRawEmail\"");
  CHECK(p.at(action->items[1]->content) == "ses:SendRawEmail");
  CHECK(s0.get("Count")->kind == Kind::Number);
  CHECK(s0.get("Hex")->kind == Kind::Number);
  CHECK(s0.get("Hex")->text == "0x1F");
  CHECK(s0.get("Float")->kind == Kind::Number);
  CHECK(s0.get("On")->kind == Kind::Bool);
  CHECK(s0.get("Off")->kind == Kind::Bool);
  CHECK(s0.get("Off")->text == "false");
  CHECK(p.at(s0.get("Off")->span) == "False");
  CHECK(s0.get("Yes")->kind == Kind::String);  // YAML 1.1 yes/no stay strings
  CHECK(s0.get("Nil")->kind == Kind::Null);
  CHECK(p.at(s0.get("Nil")->span) == "~");
  CHECK(s0.get("NilWord")->kind == Kind::Null);
  CHECK(p.at(s0.get("NilWord")->span) == "null");
  const auto* empty = s0.get("Empty");
  REQUIRE(empty);
  CHECK(empty->kind == Kind::Null);
  CHECK(empty->span.begin == empty->span.end);
  CHECK(p.file().text()[empty->span.begin - 1] == ':');
  CHECK(s0.get("Quoted")->kind == Kind::String);
  CHECK(p.at(stmts->items[1]->get("Effect")->span) == "Deny");
}

TEST_CASE("yaml: escapes, unicode and quoting", "[parse][yaml]") {
  auto p = parse_yaml_text(
      "\"k\\\"ey\\u00e9\": \"a\\tb\\n\\u2603\"\n"
      "'it''s': 'don''t'\n"
      "\xC3\xA9t\xC3\xA9: \xE2\x98\x83 plain\n"
      "multi: first\n"
      "  second\n"
      "\n"
      "  third\n"
      "dq: \"line1\n"
      "  line2\"\n");
  REQUIRE(p.r.root);
  REQUIRE(p.r.diagnostics.empty());
  const auto& e = p.r.root->entries;
  REQUIRE(e.size() == 5);
  CHECK(e[0].key == "k\"ey\xC3\xA9");
  CHECK(p.at(e[0].key_span) == "\"k\\\"ey\\u00e9\"");
  CHECK(e[0].value->text == "a\tb\n\xE2\x98\x83");
  CHECK(p.at(e[0].value->span) == "\"a\\tb\\n\\u2603\"");
  CHECK(e[1].key == "it's");
  CHECK(e[1].value->text == "don't");
  CHECK(p.at(e[1].value->span) == "'don''t'");
  CHECK(e[2].key == "\xC3\xA9t\xC3\xA9");
  CHECK(e[2].value->text == "\xE2\x98\x83 plain");
  CHECK(p.file().position(e[2].value->span.begin).column == 6);
  CHECK(e[3].value->text == "first second\nthird");
  CHECK(p.at(e[3].value->span) == "first\n  second\n\n  third");
  CHECK(e[4].value->text == "line1 line2");
  CHECK(p.at(e[4].value->content) == "line1\n  line2");
}

TEST_CASE("yaml: block scalars", "[parse][yaml]") {
  auto p = parse_yaml_text(
      "lit: |\n"
      "  line one\n"
      "    indented\n"
      "\n"
      "  last\n"
      "\n"
      "folded: >-\n"
      "    folded\n"
      "    text\n"
      "keep: |+\n"
      "  k\n"
      "\n"
      "empty: |\n"
      "after: 1\n");
  REQUIRE(p.r.root);
  REQUIRE(p.r.diagnostics.empty());
  const auto* lit = p.r.root->get("lit");
  CHECK(lit->text == "line one\n  indented\n\nlast\n");
  CHECK(p.at(lit->span) == "|\n  line one\n    indented\n\n  last");
  CHECK(p.at(lit->content) == "  line one\n    indented\n\n  last");
  const auto* folded = p.r.root->get("folded");
  CHECK(folded->text == "folded text");
  CHECK(p.at(folded->span) == ">-\n    folded\n    text");
  CHECK(p.at(folded->content) == "    folded\n    text");
  CHECK(p.r.root->get("keep")->text == "k\n\n");
  CHECK(p.r.root->get("empty")->text.empty());
  CHECK(p.at(p.r.root->get("empty")->span) == "|");
  CHECK(p.r.root->get("after")->text == "1");
}

TEST_CASE("yaml: flow style", "[parse][yaml]") {
  auto p = parse_yaml_text("top: {a: 1, b: [x, 'y' ], c: {}, d: [] }  # trailing\nnext: [ {k: v} ]\n");
  REQUIRE(p.r.root);
  const auto* top = p.r.root->get("top");
  REQUIRE(top->is_map());
  CHECK(p.at(top->span) == "{a: 1, b: [x, 'y' ], c: {}, d: [] }");
  CHECK(top->get("a")->kind == Kind::Number);
  CHECK(p.at(top->get("b")->span) == "[x, 'y' ]");
  CHECK(top->get("b")->items[1]->text == "y");
  CHECK(p.at(top->get("c")->span) == "{}");
  CHECK(p.at(top->get("d")->span) == "[]");
  CHECK(p.at(p.r.root->get("next")->span) == "[ {k: v} ]");
  CHECK(p.at(p.r.root->span) == "top: {a: 1, b: [x, 'y' ], c: {}, d: [] }  # trailing\nnext: [ {k: v} ]");
}

TEST_CASE("yaml: CloudFormation short-form tags become the long form", "[parse][yaml]") {
  auto p = parse_yaml_text(
      "Resources:\n"
      "  Policy:\n"
      "    Properties:\n"
      "      Ref1: !Ref MyBucket\n"
      "      Sub1: !Sub 'arn:aws:ses:${AWS::Region}:${AWS::AccountId}:identity/*'\n"
      "      Sub2: !Sub [ \"arn:aws:ses:${R}:*\", { R: !Ref AWS::Region } ]\n"
      "      Att: !GetAtt Role.Arn\n"
      "      Join: !Join [ ':', [ 'arn', !Sub '${AWS::Partition}', ses ] ]\n"
      "      Sel: !Select [ 0, !Split [ ',', !ImportValue Exported ] ]\n"
      "      If: !If [ IsProd, !Equals [ a, b ], !And [ !Or [ !Not [ !Condition C ], true ] ] ]\n"
      "      Find: !FindInMap [ Map, !Ref AWS::Region, Key ]\n"
      "      B64: !Base64 text\n"
      "      Cidr: !Cidr [ 10.0.0.0/16, 6, 5 ]\n"
      "      AZs: !GetAZs ''\n"
      "      AZs2: !GetAZs\n"
      "      Tr: !Transform { Name: 'AWS::Include', Parameters: { Location: s3://b/k } }\n"
      "      Json: !ToJsonString { a: 1 }\n"
      "      Len: !Length [ 1, 2 ]\n"
      "      Block: !Sub |\n"
      "        arn:${AWS::Partition}\n"
      "      Seq: !Join\n"
      "        - ''\n"
      "        - - a\n"
      "          - b\n"
      "      Custom: !Other x\n");
  REQUIRE(p.r.root);
  REQUIRE(p.r.diagnostics.empty());
  const auto* props = p.r.root->get("Resources")->get("Policy")->get("Properties");
  REQUIRE(props);

  const auto& ref = intrinsic(p, props->get("Ref1"), "Ref", "!Ref");
  CHECK(ref.text == "MyBucket");
  CHECK(p.at(ref.span) == "MyBucket");
  CHECK(p.at(props->get("Ref1")->span) == "!Ref MyBucket");

  const auto& sub1 = intrinsic(p, props->get("Sub1"), "Fn::Sub", "!Sub");
  CHECK(sub1.is_string());
  CHECK(sub1.text == "arn:aws:ses:${AWS::Region}:${AWS::AccountId}:identity/*");
  CHECK(p.at(sub1.span) == "'arn:aws:ses:${AWS::Region}:${AWS::AccountId}:identity/*'");

  const auto& sub2 = intrinsic(p, props->get("Sub2"), "Fn::Sub", "!Sub");
  REQUIRE(sub2.is_list());
  REQUIRE(sub2.items.size() == 2);
  CHECK(sub2.items[0]->text == "arn:aws:ses:${R}:*");
  const auto& region = intrinsic(p, sub2.items[1]->get("R"), "Ref", "!Ref");
  CHECK(region.text == "AWS::Region");
  CHECK(p.at(sub2.span) == "[ \"arn:aws:ses:${R}:*\", { R: !Ref AWS::Region } ]");

  const auto& att = intrinsic(p, props->get("Att"), "Fn::GetAtt", "!GetAtt");
  CHECK(att.is_string());
  CHECK(att.text == "Role.Arn");

  const auto& join = intrinsic(p, props->get("Join"), "Fn::Join", "!Join");
  REQUIRE(join.items.size() == 2);
  CHECK(join.items[0]->text == ":");
  const auto& nested_sub = intrinsic(p, join.items[1]->items[1].get(), "Fn::Sub", "!Sub");
  CHECK(nested_sub.text == "${AWS::Partition}");
  CHECK(p.at(join.items[1]->items[1]->span) == "!Sub '${AWS::Partition}'");

  const auto& sel = intrinsic(p, props->get("Sel"), "Fn::Select", "!Select");
  CHECK(sel.items[0]->kind == Kind::Number);
  const auto& split = intrinsic(p, sel.items[1].get(), "Fn::Split", "!Split");
  const auto& imp = intrinsic(p, split.items[1].get(), "Fn::ImportValue", "!ImportValue");
  CHECK(imp.text == "Exported");

  const auto& iff = intrinsic(p, props->get("If"), "Fn::If", "!If");
  REQUIRE(iff.items.size() == 3);
  CHECK(iff.items[0]->text == "IsProd");
  intrinsic(p, iff.items[1].get(), "Fn::Equals", "!Equals");
  const auto& and_ = intrinsic(p, iff.items[2].get(), "Fn::And", "!And");
  const auto& or_ = intrinsic(p, and_.items[0].get(), "Fn::Or", "!Or");
  const auto& not_ = intrinsic(p, or_.items[0].get(), "Fn::Not", "!Not");
  const auto& cond = intrinsic(p, not_.items[0].get(), "Condition", "!Condition");
  CHECK(cond.text == "C");
  CHECK(or_.items[1]->kind == Kind::Bool);

  const auto& find = intrinsic(p, props->get("Find"), "Fn::FindInMap", "!FindInMap");
  intrinsic(p, find.items[1].get(), "Ref", "!Ref");
  CHECK(intrinsic(p, props->get("B64"), "Fn::Base64", "!Base64").text == "text");
  const auto& cidr = intrinsic(p, props->get("Cidr"), "Fn::Cidr", "!Cidr");
  CHECK(cidr.items[0]->text == "10.0.0.0/16");
  const auto& azs = intrinsic(p, props->get("AZs"), "Fn::GetAZs", "!GetAZs");
  CHECK(azs.is_string());
  CHECK(azs.text.empty());
  CHECK(p.at(azs.span) == "''");
  const auto& azs2 = intrinsic(p, props->get("AZs2"), "Fn::GetAZs", "!GetAZs");
  CHECK(azs2.text.empty());
  CHECK(p.at(props->get("AZs2")->span) == "!GetAZs");
  const auto& tr = intrinsic(p, props->get("Tr"), "Fn::Transform", "!Transform");
  CHECK(tr.get("Name")->text == "AWS::Include");
  const auto& js = intrinsic(p, props->get("Json"), "Fn::ToJsonString", "!ToJsonString");
  CHECK(p.at(js.span) == "{ a: 1 }");
  const auto& len = intrinsic(p, props->get("Len"), "Fn::Length", "!Length");
  CHECK(len.items.size() == 2);
  const auto& block = intrinsic(p, props->get("Block"), "Fn::Sub", "!Sub");
  CHECK(block.text == "arn:${AWS::Partition}\n");
  CHECK(p.at(block.span) == "|\n        arn:${AWS::Partition}");
  const auto& seq = intrinsic(p, props->get("Seq"), "Fn::Join", "!Join");
  REQUIRE(seq.items.size() == 2);
  CHECK(seq.items[1]->items.size() == 2);
  CHECK(p.at(props->get("Seq")->span) == "!Join\n        - ''\n        - - a\n          - b");
  // Unknown tags are kept as the plain value (span includes the tag).
  const auto* custom = props->get("Custom");
  CHECK(custom->is_string());
  CHECK(p.at(custom->span) == "!Other x");
}

TEST_CASE("yaml: anchors and aliases", "[parse][yaml]") {
  auto p = parse_yaml_text("base: &b {x: 1}\nuse: *b\nself: &s [*s]\n");
  REQUIRE(p.r.root);
  const auto* use = p.r.root->get("use");
  REQUIRE(use->is_map());
  CHECK(use->get("x")->text == "1");
  CHECK(p.at(use->span) == "*b");
  CHECK(p.at(p.r.root->get("base")->span) == "&b {x: 1}");
  const auto* self = p.r.root->get("self");
  REQUIRE(self->items.size() == 1);
  CHECK(self->items[0]->kind == Kind::Unknown);
}

TEST_CASE("yaml: embedded IAM policy JSON in quoted and block scalars", "[parse][yaml]") {
  std::string text =
      "Resources:\n"
      "  P:\n"
      "    Properties:\n"
      "      PolicyDocument: '{\"Statement\": [{\"Effect\": \"Allow\", \"Resource\": \"arn:aws:ses:us-east-1:1:identity/x\"}]}'\n"
      "      Block: |\n"
      "        {\n"
      "          \"Statement\": [\n"
      "            {\"Effect\": \"Deny\", \"Resource\": \"*\"}\n"
      "          ]\n"
      "        }\n";
  auto p = parse_yaml_text(text);
  REQUIRE(p.r.root);
  const auto* props = p.r.root->get("Resources")->get("P")->get("Properties");
  const auto* quoted = props->get("PolicyDocument");
  REQUIRE(quoted->is_string());
  auto e1 = parse::parse_embedded_json(*quoted, p.file());
  REQUIRE(e1.root);
  REQUIRE(e1.diagnostics.empty());
  const auto* res = e1.root->get("Statement")->items[0]->get("Resource");
  REQUIRE(res);
  CHECK(res->text == "arn:aws:ses:us-east-1:1:identity/x");
  CHECK(p.at(res->span) == "\"arn:aws:ses:us-east-1:1:identity/x\"");
  CHECK_FALSE(res->span.approximate);
  auto pos = p.file().position(res->span.begin);
  CHECK(pos.line == 4);
  CHECK(pos.column == 71);
  CHECK(p.at(e1.root->get("Statement")->items[0]->entry("Effect")->key_span) == "\"Effect\"");

  const auto* block = props->get("Block");
  auto e2 = parse::parse_embedded_json(*block, p.file());
  REQUIRE(e2.root);
  const auto* res2 = e2.root->get("Statement")->items[0]->get("Resource");
  CHECK(p.at(res2->span) == "\"*\"");
  CHECK(p.file().position(res2->span.begin).line == 8);
  CHECK(p.at(e2.root->get("Statement")->span) ==
        "[\n            {\"Effect\": \"Deny\", \"Resource\": \"*\"}\n          ]");
  CHECK(p.at(e2.root->span).front() == '{');
  CHECK(p.at(e2.root->span).back() == '}');

  // A broken embedded document reports at its file position.
  auto bad = parse_yaml_text("Doc: |\n  {\"a\": [1,\n   2,]}\n");
  auto eb = parse::parse_embedded_json(*bad.r.root->get("Doc"), bad.file());
  CHECK_FALSE(eb.root);
  REQUIRE(eb.diagnostics.size() == 1);
  CHECK(eb.diagnostics[0].id == "SES900");
  auto bp = bad.file().position(eb.diagnostics[0].span.begin);
  CHECK(bp.line == 3);
  CHECK(bp.column == 6);
}

namespace {
void check_yaml_error(const std::string& text, std::uint32_t line, std::uint32_t column) {
  INFO(text);
  auto p = parse_yaml_text(text);
  CHECK_FALSE(p.r.root);
  REQUIRE(p.r.diagnostics.size() == 1);
  const auto& d = p.r.diagnostics[0];
  CHECK(d.id == "SES900");
  CHECK(d.severity == Severity::Error);
  CHECK_FALSE(d.message.empty());
  auto pos = p.file().position(d.span.begin);
  CHECK(pos.line == line);
  CHECK(pos.column == column);
}
}  // namespace

TEST_CASE("yaml: malformed input yields SES900 at the right place", "[parse][yaml]") {
  check_yaml_error("a:\n  b: 1\n c: 2\n", 3, 2);       // bad indentation
  check_yaml_error("a: \"abc\nb: 1\n", 1, 4);           // unclosed double quote
  check_yaml_error("a: 'abc\nb: 1\n", 1, 4);            // unclosed single quote
  check_yaml_error("a:\n\tb: 1\n", 2, 3);               // tab indentation
  check_yaml_error("a: [1, 2\nb: 3\n", 2, 2);           // unclosed flow sequence
  auto tab = parse_yaml_text("a:\n\tb: 1\n");
  REQUIRE(tab.r.diagnostics.size() == 1);
  CHECK(tab.r.diagnostics[0].message.find("tab") != std::string::npos);
}

TEST_CASE("yaml: documents, BOM, CRLF, empty input, deep nesting", "[parse][yaml]") {
  auto multi = parse_yaml_text("a: 1\n---\nb: 2\n");
  REQUIRE(multi.r.root);
  CHECK(multi.r.root->get("a"));
  REQUIRE(multi.r.diagnostics.size() == 1);
  CHECK(multi.r.diagnostics[0].id == "SES901");
  CHECK(multi.r.diagnostics[0].severity == Severity::Note);

  auto bom = parse_yaml_text("\xEF\xBB\xBFkey: value\n");
  REQUIRE(bom.r.root);
  CHECK(bom.at(bom.r.root->entries[0].key_span) == "key");
  CHECK(bom.at(bom.r.root->get("key")->span) == "value");

  auto crlf = parse_yaml_text("a: 1\r\nb: \"x\r\n  y\"\r\nc: |\r\n  z\r\n");
  REQUIRE(crlf.r.root);
  CHECK(crlf.at(crlf.r.root->get("b")->span) == "\"x\r\n  y\"");
  CHECK(crlf.at(crlf.r.root->get("c")->span) == "|\r\n  z");

  auto empty = parse_yaml_text("# only a comment\n");
  CHECK_FALSE(empty.r.root);
  CHECK(empty.r.diagnostics.empty());

  auto deep = parse_yaml_text(std::string(50000, '[') + std::string(50000, ']'));
  CHECK_FALSE(deep.r.root);
  REQUIRE(deep.r.diagnostics.size() == 1);
  CHECK(deep.r.diagnostics[0].id == "SES900");
  CHECK(deep.r.diagnostics[0].message.starts_with("YAML nesting too deep"));

  std::string nested;
  for (int i = 0; i < 3000; ++i) nested += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  auto deep_block = parse_yaml_text(nested);
  CHECK(deep_block.r.diagnostics.size() == 1);
}
