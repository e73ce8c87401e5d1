// libFuzzer target: parse::parse_hcl on arbitrary bytes. Invariants: no crash, no sanitizer
// report, every diagnostic located inside the file.
#include "fuzz_common.h"
#include "parse/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return seslint::fuzz::fuzz_parser(seslint::parse::parse_hcl, data, size);
}
