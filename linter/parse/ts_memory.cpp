#include "parse/ts_memory.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <malloc.h>
#include <mutex>
#include <new>
#include <tree_sitter/api.h>

#include "parse/parse.h"

namespace seslint::parse {

namespace {

std::atomic<std::size_t> g_limit{kDefaultHclMemoryLimit};
thread_local bool tl_counting = false;
thread_local std::int64_t tl_used = 0;

/// Counts a new block; false when the parse is over its limit.
bool account(void* p, std::int64_t before) {
  if (!tl_counting || !p) return true;
  tl_used += static_cast<std::int64_t>(malloc_usable_size(p)) - before;
  return tl_used <= static_cast<std::int64_t>(g_limit.load(std::memory_order_relaxed));
}

void* ts_malloc_fn(std::size_t n) {
  void* p = std::malloc(n);
  if (!p && n) throw std::bad_alloc();
  if (!account(p, 0)) {
    std::free(p);
    throw std::bad_alloc();
  }
  return p;
}

void* ts_calloc_fn(std::size_t count, std::size_t size) {
  void* p = std::calloc(count, size);
  if (!p && count && size) throw std::bad_alloc();
  if (!account(p, 0)) {
    std::free(p);
    throw std::bad_alloc();
  }
  return p;
}

void* ts_realloc_fn(void* old, std::size_t n) {
  const auto before = static_cast<std::int64_t>(old ? malloc_usable_size(old) : 0);
  void* p = std::realloc(old, n);
  if (!p && n) throw std::bad_alloc();  // `old` is still valid; the parser is abandoned
  // Over the limit: `p` is kept by nobody once the parse unwinds; the abandoned parser leaks
  // it, which is bounded by the limit.
  if (!account(p, before)) throw std::bad_alloc();
  return p;
}

void ts_free_fn(void* p) {
  if (tl_counting && p) tl_used -= static_cast<std::int64_t>(malloc_usable_size(p));
  std::free(p);
}

}  // namespace

void set_hcl_memory_limit(std::size_t bytes) { g_limit.store(bytes ? bytes : kDefaultHclMemoryLimit); }

namespace detail {

void install_ts_allocator() {
  static std::once_flag once;
  std::call_once(once, [] { ts_set_allocator(ts_malloc_fn, ts_calloc_fn, ts_realloc_fn, ts_free_fn); });
}

TsMemoryScope::TsMemoryScope() {
  tl_counting = true;
  tl_used = 0;
}

TsMemoryScope::~TsMemoryScope() { tl_counting = false; }

}  // namespace detail
}  // namespace seslint::parse
