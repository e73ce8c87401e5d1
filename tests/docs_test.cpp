// User-facing docs: rule references are public URLs, and every helpUri lands on a README heading.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>

#include "engine/rule.h"
#include "support/test_util.h"

using namespace seslint;
namespace fs = std::filesystem;

namespace {

/// GitHub's heading anchor: lower-case, punctuation other than '-' and '_' dropped, spaces to '-'.
std::string github_anchor(std::string heading) {
  std::string out;
  for (unsigned char c : heading) {
    if (std::isalnum(c) || c == '-' || c == '_') out += static_cast<char>(std::tolower(c));
    else if (c == ' ') out += '-';
  }
  return out;
}

std::set<std::string> readme_anchors() {
  std::set<std::string> anchors;
  std::istringstream in(test::read_text(fs::path(SESLINT_SOURCE_DIR) / "README.md"));
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, std::regex("#{1,6} (.*)"))) anchors.insert(github_anchor(m[1]));
  }
  return anchors;
}

}  // namespace

TEST_CASE("rule docs cite public documentation, never files the product does not ship", "[docs]") {
  std::vector<const engine::RuleMeta*> metas;
  for (const auto& r : engine::Registry::global().rules()) metas.push_back(&r.meta);
  for (const auto& m : engine::tool_diagnostics()) metas.push_back(&m);
  for (const auto* m : metas) {
    DYNAMIC_SECTION(m->id) {
      const std::string docs(m->docs);
      CHECK(docs.find("shared/") == std::string::npos);
      CHECK(docs.find("facts/") == std::string::npos);
      auto refs = docs.find("## References\n");
      REQUIRE(refs != std::string::npos);
      // Each reference bullet (up to the next bullet) carries an https URL.
      std::istringstream in(docs.substr(refs + 14));
      std::string bullet, line;
      auto check_bullet = [](const std::string& b) {
        INFO(b);
        CHECK(b.find("https://") != std::string::npos);
      };
      while (std::getline(in, line)) {
        if (line.starts_with("## ")) break;
        if (line.starts_with("- ")) {
          if (!bullet.empty()) check_bullet(bullet);
          bullet = line;
        } else {
          bullet += " " + line;
        }
      }
      if (!bullet.empty()) check_bullet(bullet);
    }
  }
}

TEST_CASE("helpUri of every rule and tool diagnostic is a README anchor at the release tag", "[docs]") {
  const std::set<std::string> anchors = readme_anchors();
  const std::string prefix = "https://github.com/seslint/seslint/blob/v" SESLINT_VERSION_STRING "/README.md#";
  std::vector<std::string> ids;
  for (const auto& r : engine::Registry::global().rules()) ids.emplace_back(r.meta.id);
  for (const auto& m : engine::tool_diagnostics()) ids.emplace_back(m.id);
  for (const auto& id : ids) {
    const std::string uri = engine::help_uri(id);
    INFO(id << ": " << uri);
    REQUIRE(uri.starts_with(prefix));
    CHECK(anchors.count(uri.substr(prefix.size())) == 1);
  }
}
