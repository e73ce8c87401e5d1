// Did-you-mean suggestions for rule help texts (edit distance, the closest candidate) and the
// misspellings of SES's own name that rules recognise.
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

/// ASCII lower case.
std::string ascii_lower(std::string_view s);

/// Names people write for SES as an IAM action prefix or ARN service segment that do not exist:
/// sesv2, ses-v2, ses_v2, sesv1, email, mailmanager (any case); SES v1, v2, Pinpoint Email and Mail
/// Manager all use `ses` (shared/facts/ses-iam.md section 1).
bool misnamed_ses_service(std::string_view name);

}  // namespace seslint::rules
