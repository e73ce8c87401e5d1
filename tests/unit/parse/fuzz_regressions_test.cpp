// Inputs found by the fuzz targets (fuzz/), kept as regression tests.
#include <catch2/catch.hpp>

#include <string>

#include "parse/parse.h"

using namespace seslint;

TEST_CASE("fuzz_yaml: diagnostics of a document with NUL and C1 bytes stay inside the file", "[parse][yaml][fuzz]") {
  // fuzz_yaml crash 82852fb9: a span past the end of the file.
  const std::string text("\n-\n\xa3\x1a\x01\x00" "0e: >-\n\xa3\x1a\x01\x00", 18);
  source::SourceFile f(0, "crash.yaml", text);
  parse::ParseResult r = parse::parse_yaml(f);
  for (const auto& d : r.diagnostics) {
    INFO(d.message << " at " << d.span.begin << ".." << d.span.end);
    CHECK(d.span.begin <= text.size());
    CHECK(d.span.end <= text.size());
  }
}
