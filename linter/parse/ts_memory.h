// parse/ts_memory (private to parse): tree-sitter's allocator. tree-sitter aborts the process
// when malloc fails; seslint installs its own functions (ts_set_allocator) that throw
// std::bad_alloc instead, and cap what one parse may hold, so an out-of-memory in one file
// becomes that file's diagnostic and the rest of the report stays intact.
//   TsMemoryScope scope;            // in parse_hcl, around ts_parser_parse_string
//   ... catch (const std::bad_alloc&) { free_all_ts_blocks(); drop the parser; report the file }
// Each block carries a small header that links it into its thread's list of live blocks, so an
// abandoned parse frees everything its parser held instead of leaking it.
#pragma once

#include <cstddef>

namespace seslint::parse::detail {

/// Installs the allocator once per process (idempotent, thread-safe).
void install_ts_allocator();

/// While alive, this thread's tree-sitter allocations count against the per-parse limit.
class TsMemoryScope {
 public:
  TsMemoryScope();
  ~TsMemoryScope();
  TsMemoryScope(const TsMemoryScope&) = delete;
  TsMemoryScope& operator=(const TsMemoryScope&) = delete;
};

/// Frees every tree-sitter block this thread holds: its parser, pools and partial trees. Call
/// only after a std::bad_alloc from tree-sitter, then never touch those objects again.
void free_all_ts_blocks();

}  // namespace seslint::parse::detail
