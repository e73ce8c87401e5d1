// model/template_json: JSON policy text whose interpolations resolution left (partly) unknown.
#include <catch2/catch.hpp>

#include "model/template_json.h"
#include "source/source_file.h"

using namespace seslint;
using syntax::Kind;
using syntax::Value;
using syntax::ValuePtr;

namespace {

ValuePtr part(Kind k, const std::string& text, source::Span at) {
  auto v = std::make_shared<Value>();
  v->kind = k;
  v->text = text;
  v->span = v->content = at;
  return v;
}

}  // namespace

TEST_CASE("template JSON: interpolations inside and outside JSON strings are put back in place", "[model][template]") {
  source::SourceSet set;
  // As written: {"Resource": "arn:aws:ses:${R}:1:identity/x", "Action": ${A}}
  const std::string src = R"({"Resource": "arn:aws:ses:${R}:1:identity/x", "Action": ${A}})";
  const source::FileId id = set.add("main.tf", src);
  const auto& file = set.file(id);
  auto at = [&](const std::string& piece) {
    auto b = static_cast<std::uint32_t>(src.find(piece));
    return source::Span{id, b, b + static_cast<std::uint32_t>(piece.size()), false};
  };
  Value tmpl;
  tmpl.kind = Kind::Template;
  tmpl.span = at(src);
  tmpl.items = {part(Kind::String, R"({"Resource": "arn:aws:ses:)", at(R"({"Resource": "arn:aws:ses:)")),
                part(Kind::Unknown, "var.region", at("${R}")),
                part(Kind::String, R"(:1:identity/x", "Action": )", at(R"(:1:identity/x", "Action": )")),
                part(Kind::Unknown, "var.actions", at("${A}")),
                part(Kind::String, "}", at("}"))};
  ValuePtr doc = model::parse_template_json(tmpl, file);
  REQUIRE(doc);
  REQUIRE(doc->kind == Kind::Map);
  const Value* res = doc->get("Resource");
  REQUIRE(res);
  REQUIRE(res->kind == Kind::Template);
  REQUIRE(res->items.size() == 3);
  CHECK(res->items[0]->text == "arn:aws:ses:");
  CHECK(res->items[1]->kind == Kind::Unknown);
  CHECK(res->items[1]->text == "var.region");
  CHECK(res->items[2]->text == ":1:identity/x");
  // The string's span is its source bytes, quotes included.
  CHECK(file.slice(res->span) == "\"arn:aws:ses:${R}:1:identity/x\"");
  CHECK_FALSE(res->span.approximate);
  // A part standing for a whole JSON value is that value.
  const Value* action = doc->get("Action");
  REQUIRE(action);
  CHECK(action->kind == Kind::Unknown);
  CHECK(action->text == "var.actions");

  // Not JSON even with the parts held: nothing.
  Value broken = tmpl;
  broken.items.pop_back();
  CHECK_FALSE(model::parse_template_json(broken, file));
  // A template with no interpolated part is a plain string, read elsewhere.
  Value plain;
  plain.kind = Kind::Template;
  plain.items = {part(Kind::String, "{}", at("}"))};
  CHECK_FALSE(model::parse_template_json(plain, file));
}
