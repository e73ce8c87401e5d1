// Did-you-mean helpers used by rule help texts (rules/suggest.h).
#include <catch2/catch.hpp>

#include "suggest.h"

using namespace seslint;

TEST_CASE("edit distance counts transpositions once and can ignore case", "[rules][suggest]") {
  CHECK(rules::edit_distance("SendEmail", "SendEmail") == 0);
  CHECK(rules::edit_distance("SendEmial", "SendEmail") == 1);  // adjacent transposition
  CHECK(rules::edit_distance("SendRawEmails", "SendRawEmail") == 1);
  CHECK(rules::edit_distance("", "abc") == 3);
  CHECK(rules::edit_distance("SENDEMAIL", "SendEmail") == 7);  // only the S and E agree
  CHECK(rules::edit_distance("SENDEMAIL", "SendEmail", true) == 0);
}

TEST_CASE("closest refuses far and ambiguous candidates", "[rules][suggest]") {
  const std::vector<std::string_view> names = {"SendEmail", "SendRawEmail", "GetSendQuota"};
  CHECK(rules::closest("SendEmial", names, 2) == "SendEmail");
  CHECK(rules::closest("sendrawemial", names, 2, true) == "SendRawEmail");
  CHECK(rules::closest("Frobnicate", names, 3).empty());
  CHECK(rules::closest("ab", {"ax", "ay"}, 1).empty());  // a tie helps nobody
  CHECK(rules::suggestion_distance(4) == 1);
  CHECK(rules::suggestion_distance(12) == 4);
}

TEST_CASE("misnamed SES services", "[rules][suggest]") {
  CHECK(rules::misnamed_ses_service("sesv2"));
  CHECK(rules::misnamed_ses_service("SESv2"));
  CHECK(rules::misnamed_ses_service("email"));
  CHECK_FALSE(rules::misnamed_ses_service("ses"));
  CHECK_FALSE(rules::misnamed_ses_service("s3"));
}
