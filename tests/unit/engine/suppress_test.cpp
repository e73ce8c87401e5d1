// engine/suppress: which comments are seslint:ignore directives and what they cover.
#include <catch2/catch.hpp>

#include "engine/suppress.h"

using namespace seslint;

namespace {

struct Covered {
  std::uint32_t first_line, last_line;
  std::string ids, justification;
};

std::vector<Covered> scan(const std::string& text, engine::CommentSyntax syntax) {
  source::SourceSet set;
  const source::SourceFile& f = set.file(set.add(syntax == engine::CommentSyntax::Hcl ? "x.tf" : "x.yaml", text));
  std::vector<Covered> out;
  for (const auto& ig : engine::comment_ignores(f, syntax)) {
    std::string ids;
    for (const auto& id : ig.ids) ids += (ids.empty() ? "" : ",") + id;
    out.push_back(Covered{f.position(ig.begin).line, f.position(ig.end).line, ids, ig.justification});
  }
  return out;
}

}  // namespace

TEST_CASE("HCL ignores: own line covers the next code line, trailing covers its line, a block opener the block",
          "[suppress]") {
  auto c = scan("a = 1 # seslint:ignore SES001\n"
                "# seslint:ignore SES002, ses004 -- why not\n"
                "\n"
                "// unrelated comment\n"
                "b = 2\n"
                "resource \"x\" \"y\" { // seslint:ignore SES003\n"
                "  c = { d = 1 }\n"
                "}\n"
                "e = 3 /* seslint:ignore SES005 */\n",
                engine::CommentSyntax::Hcl);
  REQUIRE(c.size() == 4);
  CHECK((c[0].first_line == 1 && c[0].last_line == 1 && c[0].ids == "SES001"));
  CHECK((c[1].first_line == 5 && c[1].last_line == 5 && c[1].ids == "SES002,SES004" && c[1].justification == "why not"));
  CHECK((c[2].first_line == 6 && c[2].last_line == 8 && c[2].ids == "SES003"));
  CHECK((c[3].first_line == 9 && c[3].ids == "SES005"));
}

TEST_CASE("HCL ignores: '#' and '//' inside strings, interpolations and heredocs are text", "[suppress]") {
  auto c = scan("a = \"# seslint:ignore SES001\"\n"
                "b = \"${format(\"// seslint:ignore SES001\")}\"\n"
                "c = <<-EOT\n"
                "  # seslint:ignore SES001\n"
                "  EOT\n"
                "d = 1 # seslint:ignore SES009\n",
                engine::CommentSyntax::Hcl);
  REQUIRE(c.size() == 1);
  CHECK(c[0].ids == "SES009");
  CHECK(c[0].first_line == 6);
}

TEST_CASE("YAML ignores: a comment covers the next line and what is indented below it, quotes and block scalars are text",
          "[suppress]") {
  auto c = scan("Resources:\n"
                "  # seslint:ignore SES001 -- reviewed\n"
                "  Policy:\n"
                "    Type: AWS::IAM::ManagedPolicy\n"
                "    Properties: {}\n"
                "  Other:\n"
                "    Description: 'it''s # seslint:ignore SES002'\n"
                "    Text: |\n"
                "      # seslint:ignore SES003\n"
                "    Name: \"# seslint:ignore SES004\"  # seslint:ignore SES005\n",
                engine::CommentSyntax::Yaml);
  REQUIRE(c.size() == 2);
  CHECK((c[0].first_line == 3 && c[0].last_line == 5 && c[0].ids == "SES001" && c[0].justification == "reviewed"));
  CHECK((c[1].first_line == 10 && c[1].last_line == 10 && c[1].ids == "SES005"));
}
