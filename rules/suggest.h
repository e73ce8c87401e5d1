// Did-you-mean suggestions for rule help texts: edit distance and the closest candidate.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace seslint::rules {

/// Optimal-string-alignment distance (insertions, deletions, substitutions and adjacent
/// transpositions cost 1); `fold_case` compares ASCII letters case-insensitively.
std::size_t edit_distance(std::string_view a, std::string_view b, bool fold_case = false);

/// The candidate nearest to `word`, if its distance is at most `max_distance` and no other
/// candidate is as near; "" otherwise (an ambiguous guess helps nobody).
std::string closest(std::string_view word, const std::vector<std::string_view>& candidates, std::size_t max_distance,
                    bool fold_case = false);

/// The distance a suggestion may be away from a word of this length: 1 for short words, about a
/// third of the length for longer ones.
std::size_t suggestion_distance(std::size_t length);

}  // namespace seslint::rules
