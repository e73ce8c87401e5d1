#include <catch2/catch.hpp>

#include "parse/parse.h"

using namespace seslint;

TEST_CASE("hcl: smoke", "[parse][hcl]") {
  source::SourceSet set;
  auto id = set.add("main.tf", "a = 1\n");
  auto r = parse::parse_hcl(set.file(id));
  REQUIRE(r.root);
  CHECK(syntax::dump(*r.root) == "map@0-6 { a@0-1: number@4-5 \"1\" }");
}
