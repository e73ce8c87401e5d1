// libFuzzer target: parse::parse_json on arbitrary bytes. Invariants: no crash, no sanitizer
// report, every diagnostic located inside the file.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.h"
#include "parse/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace seslint;
  source::SourceFile f(0, "input", std::string(reinterpret_cast<const char*>(data), size));
  parse::ParseResult r = parse::parse_json(f);
  fuzz::check_spans(r.diagnostics, f);
  return 0;
}
