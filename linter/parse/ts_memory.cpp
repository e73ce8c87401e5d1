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

// Every block tree-sitter allocates carries a header that links it into its thread's list, so
// that a parse abandoned by std::bad_alloc can free all that its parser held (the exception
// leaves tree-sitter's own structures unusable). tree-sitter objects never cross threads here:
// the parser is thread_local and each tree is deleted by the parse that made it.
struct alignas(std::max_align_t) Header {
  Header* prev;
  Header* next;
};

thread_local Header tl_head{nullptr, nullptr};  // constant-initialized; circular once used

Header& live_head() {
  if (!tl_head.next) tl_head.prev = tl_head.next = &tl_head;
  return tl_head;
}

void link(Header* h) {
  Header& head = live_head();
  h->prev = &head;
  h->next = head.next;
  head.next->prev = h;
  head.next = h;
}

void unlink(Header* h) {
  h->prev->next = h->next;
  h->next->prev = h->prev;
}

void* user(Header* h) { return h + 1; }
Header* header(void* p) { return static_cast<Header*>(p) - 1; }

/// Counts a new block; false when the parse is over its limit.
bool account(Header* h, std::int64_t before) {
  if (!tl_counting) return true;
  tl_used += static_cast<std::int64_t>(malloc_usable_size(h)) - before;
  return tl_used <= static_cast<std::int64_t>(g_limit.load(std::memory_order_relaxed));
}

void release(Header* h) {
  if (tl_counting) tl_used -= static_cast<std::int64_t>(malloc_usable_size(h));
  unlink(h);
  std::free(h);
}

void* ts_malloc_fn(std::size_t n) {
  auto* h = static_cast<Header*>(std::malloc(sizeof(Header) + n));
  if (!h) throw std::bad_alloc();
  link(h);
  if (!account(h, 0)) {
    release(h);
    throw std::bad_alloc();
  }
  return user(h);
}

void* ts_calloc_fn(std::size_t count, std::size_t size) {
  if (size && count > (SIZE_MAX - sizeof(Header)) / size) throw std::bad_alloc();
  auto* h = static_cast<Header*>(std::calloc(1, sizeof(Header) + count * size));
  if (!h) throw std::bad_alloc();
  link(h);
  if (!account(h, 0)) {
    release(h);
    throw std::bad_alloc();
  }
  return user(h);
}

void* ts_realloc_fn(void* old, std::size_t n) {
  if (!old) return ts_malloc_fn(n);
  Header* oh = header(old);
  const auto before = static_cast<std::int64_t>(malloc_usable_size(oh));
  unlink(oh);
  auto* h = static_cast<Header*>(std::realloc(oh, sizeof(Header) + n));
  if (!h) {
    link(oh);  // `old` is still valid and still tree-sitter's
    throw std::bad_alloc();
  }
  link(h);
  if (!account(h, before)) throw std::bad_alloc();  // still linked: freed when the parse is abandoned
  return user(h);
}

void ts_free_fn(void* p) {
  if (p) release(header(p));
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

void free_all_ts_blocks() {
  tl_counting = false;
  Header& head = live_head();
  while (head.next != &head) release(head.next);
}

}  // namespace detail
}  // namespace seslint::parse
