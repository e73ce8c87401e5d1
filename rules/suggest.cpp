#include "suggest.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace seslint::rules {

std::size_t edit_distance(std::string_view a, std::string_view b, bool fold_case) {
  auto same = [&](char x, char y) {
    if (!fold_case) return x == y;
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  };
  // Three rolling rows: the transposition step looks two rows back.
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = same(a[i - 1], b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string_view>& candidates, std::size_t max_distance,
                    bool fold_case) {
  std::string best;
  std::size_t best_distance = max_distance + 1;
  bool tie = false;
  for (std::string_view c : candidates) {
    const std::size_t d = edit_distance(word, c, fold_case);
    if (d < best_distance) {
      best = std::string(c);
      best_distance = d;
      tie = false;
    } else if (d == best_distance && c != best) {
      tie = true;
    }
  }
  return tie ? std::string() : best;
}

std::size_t suggestion_distance(std::size_t length) { return length <= 4 ? 1 : std::max<std::size_t>(2, length / 3); }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool misnamed_ses_service(std::string_view name) {
  const std::string n = ascii_lower(name);
  for (std::string_view w : {"sesv2", "ses-v2", "ses_v2", "sesv1", "email", "mailmanager"})
    if (n == w) return true;
  return false;
}

}  // namespace seslint::rules
