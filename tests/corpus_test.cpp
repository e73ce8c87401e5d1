// Robustness over the shared real-world corpus (../shared/corpus): every file is linted on its
// own, nothing crashes, no rule fails internally, and no file takes longer than a fixed bound.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include "cli/pipeline.h"
#include "support/test_util.h"

using namespace seslint;
namespace fs = std::filesystem;

TEST_CASE("corpus: every file lints without crash, internal error or timeout", "[corpus][shared]") {
  const fs::path corpus = fs::path(SESLINT_SHARED_DIR) / "corpus";
  if (!fs::is_directory(corpus)) {
    WARN("shared/corpus not found beside the repository; corpus run skipped");
    return;
  }
#if defined(__SANITIZE_ADDRESS__)
  constexpr double kMaxSecondsPerFile = 20.0;
#else
  constexpr double kMaxSecondsPerFile = 2.0;
#endif
  std::size_t files = 0, linted = 0, parse_errors = 0;
  double slowest = 0;
  std::string slowest_file;
  for (const auto& e : fs::recursive_directory_iterator(corpus)) {
    if (!e.is_regular_file()) continue;
    const std::string name = e.path().lexically_relative(corpus).generic_string();
    if (cli::format_for_name(name).empty()) continue;
    ++files;
    const std::string text = test::read_text(e.path());
    auto start = std::chrono::steady_clock::now();
    auto run = cli::lint_texts({{name, text}});
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (secs > slowest) {
      slowest = secs;
      slowest_file = name;
    }
    linted += run.files_linted;
    for (const auto& f : run.report.findings) {
      if (f.rule_id == "SES900") ++parse_errors;
      if (f.rule_id == "SES902" || f.message.find("internal error") != std::string::npos) {
        FAIL_CHECK(name << ": " << f.rule_id << " " << f.message);
      }
    }
    if (secs > kMaxSecondsPerFile) FAIL_CHECK(name << " took " << secs << " s");
  }
  WARN("corpus: " << files << " files, " << linted << " linted, " << parse_errors << " parse diagnostics, slowest "
                  << slowest_file << " " << slowest << " s");
  CHECK(files > 1000);
  CHECK(linted > 100);
}
