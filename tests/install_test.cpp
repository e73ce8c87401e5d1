// The install paths: the Debian package built by CPack (installed into a scratch root and run),
// and the Dockerfile, whose build stage must match the documented build (docker itself does not
// run on the test machines, so the image is not built here).
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "support/test_util.h"

using namespace seslint;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& stem) {
  std::string tmpl = (fs::temp_directory_path() / ("seslint-" + stem + "-XXXXXX")).string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  return fs::path(tmpl);
}

std::set<std::string> words(const std::string& s) {
  std::set<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

/// A bash array `name=(a b c)` of .ci/setup.
std::set<std::string> setup_array(const std::string& setup, const std::string& name) {
  std::smatch m;
  REQUIRE(std::regex_search(setup, m, std::regex(name + "=\\(([^)]*)\\)")));
  return words(m[1]);
}

}  // namespace

TEST_CASE("Debian package: cpack builds it, it installs into a scratch root and runs", "[install][deb]") {
  INFO("needs dpkg-dev and file (bash .ci/setup installs them)");
  const fs::path out = scratch("deb");
  auto pack = test::run_command("cd " + test::shell_quote(SESLINT_BINARY_DIR) + " && cpack -G DEB -B " +
                                test::shell_quote(out.string()) + " 2>&1");
  INFO(pack.out);
  REQUIRE(pack.exit_code == 0);
  fs::path found;
  for (const auto& e : fs::directory_iterator(out))
    if (e.path().extension() == ".deb") found = e.path();
  REQUIRE(!found.empty());
  CHECK(found.filename().string().starts_with("seslint_" SESLINT_VERSION_STRING "_"));

  const std::string q = test::shell_quote(found.string());
  CHECK(test::run_command("dpkg-deb -f " + q + " Package").out == "seslint\n");
  CHECK(test::run_command("dpkg-deb -f " + q + " Version").out == SESLINT_VERSION_STRING "\n");
  const std::string depends = test::run_command("dpkg-deb -f " + q + " Depends").out;
  INFO("Depends: " << depends);
  CHECK(depends.find("libyaml-cpp") != std::string::npos);
  CHECK(depends.find("libc6") != std::string::npos);
  const std::string contents = test::run_command("dpkg-deb -c " + q).out;
  CHECK(contents.find("./usr/bin/seslint") != std::string::npos);
  CHECK(contents.find("./usr/share/doc/seslint/README.md") != std::string::npos);

  // Install into a scratch root and run the installed binary on the example repository.
  const fs::path root = out / "root";
  REQUIRE(test::run_command("dpkg-deb -x " + q + " " + test::shell_quote(root.string())).exit_code == 0);
  const std::string bin = test::shell_quote((root / "usr/bin/seslint").string());
  CHECK(test::run_command(bin + " --version").out == "seslint " SESLINT_VERSION_STRING "\n");
  CHECK(test::run_command("ldd " + bin + " | grep -c 'not found'").out == "0\n");
  auto lint = test::run_command("cd " + test::shell_quote(std::string(SESLINT_FIXTURES_DIR) + "/example") + " && " + bin +
                                " --format github . 2>/dev/null");
  CHECK(lint.exit_code == 1);
  CHECK(lint.out.find("title=SES001 send-scoped-to-domain-identity::") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("Dockerfile: the build stage installs the documented packages and builds like the docs", "[install][docker]") {
  const std::string docker = test::read_text(fs::path(SESLINT_SOURCE_DIR) / "Dockerfile");
  const std::string setup = test::read_text(fs::path(SESLINT_SOURCE_DIR) / ".ci/setup");
  REQUIRE(!docker.empty());

  // Stages: a Debian 12 build stage, a Debian 12 final stage that only receives the package.
  std::vector<std::string> froms;
  std::istringstream in(docker);
  std::string joined;  // the Dockerfile with line continuations joined
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("#")) continue;
    if (line.starts_with("FROM ")) froms.push_back(line);
    if (!line.empty() && line.back() == '\\') joined += line.substr(0, line.size() - 1);
    else joined += line + "\n";
  }
  REQUIRE(froms.size() == 2);
  CHECK(froms[0] == "FROM debian:12 AS build");
  CHECK(froms[1] == "FROM debian:12-slim");
  const std::string final_stage = docker.substr(docker.find(froms[1]));
  std::smatch m;
  std::string rest = final_stage;
  std::vector<std::string> copies;
  for (std::regex re("\\nCOPY ([^\\n]*)"); std::regex_search(rest, m, re); rest = m.suffix()) copies.push_back(m[1]);
  CHECK(copies == std::vector<std::string>{"--from=build /seslint/build/seslint_*.deb /tmp/"});
  CHECK(final_stage.find("ENTRYPOINT [\"seslint\"]") != std::string::npos);

  // Build-stage packages = .ci/setup's build + package lists, plus node/npm (grammar fetch) and CA certificates.
  REQUIRE(std::regex_search(joined, m, std::regex("--no-install-recommends([^&]*)&&")));
  std::set<std::string> wanted = setup_array(setup, "build_packages");
  for (const auto& p : setup_array(setup, "package_packages")) wanted.insert(p);
  for (const char* p : {"nodejs", "npm", "ca-certificates"}) wanted.insert(p);
  CHECK(words(m[1]) == wanted);

  // The build is the documented one: Release, no tests, the seslint target, then cpack.
  CHECK(joined.find("cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSESLINT_BUILD_TESTS=OFF") != std::string::npos);
  CHECK(joined.find("cmake --build build --target seslint") != std::string::npos);
  CHECK(joined.find("cpack -G DEB") != std::string::npos);
  const std::string readme = test::read_text(fs::path(SESLINT_SOURCE_DIR) / "README.md");
  CHECK(readme.find("cpack -G DEB") != std::string::npos);
  CHECK(readme.find("docker build -t seslint .") != std::string::npos);
}
