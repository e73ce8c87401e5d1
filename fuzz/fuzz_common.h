// Shared by the fuzz targets: the input as a SourceFile, and a check that aborts (a finding for
// libFuzzer) when an invariant does not hold.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "source/source_file.h"

namespace seslint::fuzz {

inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant failed: %s\n", what);
    std::abort();
  }
}

/// Every span a parser returns lies inside its file.
template <typename Diags>
void check_spans(const Diags& diags, const source::SourceFile& f) {
  for (const auto& d : diags) {
    if (!d.span.valid()) continue;
    require(d.span.file == f.id(), "diagnostic span in another file");
    require(d.span.begin <= d.span.end || d.span.end == 0, "diagnostic span ends before it begins");
    require(d.span.begin <= f.text().size(), "diagnostic span past the end of the file");
  }
}

/// The body of a parser target: parse the bytes as one file, check the diagnostics' spans.
template <typename Parse>
int fuzz_parser(Parse parse, const std::uint8_t* data, std::size_t size) {
  source::SourceFile f(0, "input", std::string(reinterpret_cast<const char*>(data), size));
  auto r = parse(f);
  check_spans(r.diagnostics, f);
  return 0;
}

}  // namespace seslint::fuzz
