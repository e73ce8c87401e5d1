// syntax/budget: one bound on the work spent evaluating one file's (or one module's) values.
// Resolvers charge every value they create (nodes and string bytes); once the budget is spent
// they stop evaluating, leave the rest unknown and report one diagnostic. Shared nodes (YAML
// aliases, a local referenced twice) are evaluated once and charged per use, so inputs that
// double in size per level (billion laughs, `"${local.a}${local.a}"`) stop early, not at 2^40.
//   Budget b;                               // defaults below
//   if (!b.charge(1, text.size())) return unknown(...);
#pragma once

#include <chrono>
#include <cstdint>

namespace seslint::syntax {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr int kSanitizerSlowdown = 4;  // ASan builds run the same work about 20x slower
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr int kSanitizerSlowdown = 4;
#else
inline constexpr int kSanitizerSlowdown = 1;
#endif
#else
inline constexpr int kSanitizerSlowdown = 1;
#endif

class Budget {
 public:
  static constexpr std::uint64_t kDefaultNodes = 4'000'000;
  static constexpr std::uint64_t kDefaultBytes = 64ull << 20;  ///< string bytes created
  /// The time bound is a safety net behind the node and byte bounds; in sanitizer builds it is
  /// longer, so that the node bounds, not the slower clock, decide what the tests check.
  static constexpr std::chrono::milliseconds kDefaultTime{5000 * kSanitizerSlowdown};

  Budget() : Budget(kDefaultNodes, kDefaultBytes, kDefaultTime) {}
  Budget(std::uint64_t nodes, std::uint64_t bytes, std::chrono::milliseconds time)
      : nodes_left_(nodes), bytes_left_(bytes), deadline_(std::chrono::steady_clock::now() + time) {}

  /// Charges `nodes` values and `bytes` string bytes; false (from then on) when spent.
  bool charge(std::uint64_t nodes, std::uint64_t bytes) {
    if (spent_) return false;
    if (nodes > nodes_left_ || bytes > bytes_left_) return spend();
    nodes_left_ -= nodes;
    bytes_left_ -= bytes;
    // The clock is read every 4096 charges only.
    if ((++calls_ & 0xFFF) == 0 && std::chrono::steady_clock::now() > deadline_) return spend();
    return true;
  }
  bool spent() const { return spent_; }

 private:
  bool spend() {
    spent_ = true;
    return false;
  }
  std::uint64_t nodes_left_, bytes_left_;
  std::chrono::steady_clock::time_point deadline_;
  std::uint64_t calls_ = 0;
  bool spent_ = false;
};

}  // namespace seslint::syntax
