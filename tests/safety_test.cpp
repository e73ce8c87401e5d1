// Hostile repositories through the real binary: nothing read from outside the scanned root,
// unreadable inputs fail closed, encodings and oversized files give diagnostics.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include "source/source_file.h"
#include "support/test_util.h"

using namespace seslint;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& tag) {
  std::string tmpl = (fs::temp_directory_path() / ("seslint-safety-" + tag + "-XXXXXX")).string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  fs::permissions(tmpl, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                            fs::perms::others_exec);
  return fs::path(tmpl);
}

test::Command seslint_in(const fs::path& cwd, const std::string& args, const std::string& prefix = "") {
  return test::run_command("cd " + test::shell_quote(cwd.string()) + " && " + prefix + test::shell_quote(SESLINT_BINARY) +
                           " " + args + " 2>&1");
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// A file that seslint would quote in a code frame if it read it: a parse error on the token's line.
std::string secret_tf(const std::string& token) { return "resource \"aws_iam_user\" \"u\" { name = " + token + " = = }\n"; }

const char* const kFormats[] = {"text", "json", "sarif"};

}  // namespace

TEST_CASE("links to files and folders outside the root are skipped, and no byte of them is printed", "[cli][safety][symlink]") {
  const std::string token = "SESLINT_SECRET_7f3a9c1e";
  const fs::path outside = scratch("outside");
  test::write_text(outside / "secret.tf", secret_tf(token));
  test::write_text(outside / "dir" / "main.tf", secret_tf(token));
  const fs::path repo = scratch("repo");
  test::write_text(repo / "main.tf", "resource \"aws_iam_user\" \"ok\" {\n  name = \"ok\"\n}\n");
  fs::create_symlink(outside / "secret.tf", repo / "env.tf");
  fs::create_symlink(outside / "dir", repo / "linked");
  fs::create_symlink("/proc/self/environ", repo / "environ.tf");
  fs::create_directories(repo / "sub");
  fs::create_symlink("../main.tf", repo / "sub" / "inside.tf");  // inside the root: read

  const std::string env = "SESLINT_ENV_TOKEN=" + token + " ";
  for (const char* fmt : kFormats) {
    for (const std::string& args : {std::string("."), std::string("env.tf environ.tf main.tf"), std::string("linked/main.tf")}) {
      INFO(fmt << " " << args);
      auto r = seslint_in(repo, std::string("--format ") + fmt + " " + args, env);
      CHECK_FALSE(contains(r.out, token));
      CHECK_FALSE(contains(r.out, "SESLINT_ENV_TOKEN"));
      CHECK(r.exit_code != 2);
    }
  }
  auto text = seslint_in(repo, ".", env);
  CHECK(contains(text.out, "env.tf:1:1: warning[SES904] symbolic link to a file outside the scanned root"));
  CHECK(contains(text.out, "environ.tf:1:1: warning[SES904] symbolic link to a file outside the scanned root (-> /proc/self/environ)"));
  CHECK(contains(text.out, "linked:1:1: warning[SES904] symbolic link to a folder outside the scanned root"));
  CHECK(contains(text.out, "--follow-symlinks reads it"));
  // The walk through the explicit argument: the file's real path is outside the root too.
  auto via_folder = seslint_in(repo, "linked/main.tf");
  CHECK(contains(via_folder.out, "linked/main.tf:1:1: warning[SES904] real path is outside the scanned root"));

  // The check can fail: with --follow-symlinks the outside file is read and quoted.
  auto followed = seslint_in(repo, "--follow-symlinks .");
  CHECK(contains(followed.out, token));
  CHECK(contains(followed.out, "linked/main.tf:1:"));
  fs::remove_all(outside);
  fs::remove_all(repo);
}

TEST_CASE("an unreadable folder or file fails closed: diagnostic and exit 2 unless --fail-on never", "[cli][safety][unreadable]") {
  const fs::path repo = scratch("unreadable");
  test::write_text(repo / "main.tf", "resource \"aws_iam_user\" \"ok\" {\n  name = \"ok\"\n}\n");
  test::write_text(repo / "locked" / "main.tf", "resource \"aws_iam_user\" \"x\" {}\n");
  test::write_text(repo / "closed.tf", "resource \"aws_iam_user\" \"y\" {}\n");
  fs::permissions(repo / "locked", fs::perms::none);
  fs::permissions(repo / "closed.tf", fs::perms::none);
  // Root reads anything, so as root the binary runs as `nobody` (the folder is then really
  // unreadable to it); otherwise it runs as the current user.
  const std::string as = geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  auto r = seslint_in(repo, ".", as);
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.out, "error[SES904] cannot read folder 'locked': Permission denied"));
  CHECK(contains(r.out, "closed.tf:1:1: error[SES904] cannot read: permission denied"));
  CHECK(seslint_in(repo, "--fail-on never .", as).exit_code == 0);
  auto sarif = seslint_in(repo, "--format sarif .", as);
  CHECK(contains(sarif.out, "\"executionSuccessful\": false"));
  fs::permissions(repo / "locked", fs::perms::owner_all);
  fs::remove_all(repo);
}

TEST_CASE("dangling links and FIFOs named like inputs are reported, never block", "[cli][safety][unreadable]") {
  const fs::path repo = scratch("special");
  test::write_text(repo / "main.tf", "resource \"aws_iam_user\" \"ok\" {\n  name = \"ok\"\n}\n");
  fs::create_symlink("missing.tf", repo / "dangling.tf");
  REQUIRE(mkfifo((repo / "pipe.tf").c_str(), 0644) == 0);
  auto r = seslint_in(repo, ".");
  INFO(r.out);
  CHECK(contains(r.out, "dangling.tf:1:1: error[SES904] cannot read: dangling symbolic link (-> missing.tf)"));
  CHECK(contains(r.out, "pipe.tf:1:1: warning[SES904] not a regular file, not read"));
  CHECK(r.exit_code == 2);
  CHECK(seslint_in(repo, "--fail-on never .").exit_code == 0);
  // Named on the command line (as pre-commit does), the FIFO is not opened for reading either.
  auto named = seslint_in(repo, "pipe.tf main.tf");
  CHECK(contains(named.out, "pipe.tf:1:1: warning[SES904] not a regular file, not read"));
  fs::remove_all(repo);
}

TEST_CASE("malformed tfvars, UTF-16 files and oversized files give diagnostics", "[cli][safety][encoding]") {
  const fs::path repo = scratch("inputs");
  test::write_text(repo / "main.tf", "variable \"n\" {}\nresource \"aws_iam_user\" \"ok\" {\n  name = var.n\n}\n");
  test::write_text(repo / "terraform.tfvars", "n = = \"x\"\n");
  test::write_text(repo / "extra.auto.tfvars.json", "{\"n\": }\n");
  test::write_text(repo / "utf16.tf", std::string("\xFF\xFEr\0e\0s\0", 8));
  test::write_text(repo / "utf16be.tf", std::string("\0r\0e\0s\0o\0u\0r\0c\0e", 16));
  test::write_text(repo / "big.tf", std::string(4096, '#') + "\n");
  auto r = seslint_in(repo, "--max-file-size 1K .");
  INFO(r.out);
  CHECK(contains(r.out, "terraform.tfvars:1:"));
  CHECK(contains(r.out, "extra.auto.tfvars.json:1:"));
  CHECK(contains(r.out, "utf16.tf:1:1: error[SES904] not read: the file is UTF-16LE encoded; seslint reads UTF-8"));
  CHECK(contains(r.out, "utf16be.tf:1:1: error[SES904] not read: the file is UTF-16BE encoded"));
  CHECK(contains(r.out, "big.tf:1:1: warning[SES904] not read: file is 4.0 KiB, larger than --max-file-size 1.0 KiB"));
  CHECK_FALSE(contains(seslint_in(repo, ".").out, "big.tf"));
  CHECK(seslint_in(repo, "--max-file-size lots .").exit_code == 2);
  fs::remove_all(repo);
}

TEST_CASE("a UTF-8 byte order mark is not a column", "[source][safety][encoding]") {
  source::SourceFile f(0, "bom.tf", "\xEF\xBB\xBFresource x\nline2");
  CHECK(f.position(3).column == 1);
  CHECK(f.position(12).column == 10);
  CHECK(f.line_text(1) == "resource x");
  CHECK(f.position(14).line == 2);
  CHECK(f.position(15).column == 2);
}

TEST_CASE("hostile names cannot start a line of output in any format", "[cli][safety][hostile-names]") {
  const fs::path repo = scratch("names");
  // A newline, a carriage return and a bidi override inside an identity name, a Sid and a file name.
  const std::string policy =
      "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"S\\n::warning::sid\", \"Effect\": \"Allow\", "
      "\"Action\": [\"ses:SendEmail\", \"ses:GetSendQuota\"], \"Resource\": "
      "\"arn:aws:ses:us-east-1:123456789012:identity/example.com\\n::error file=x::injected\\r::error::cr\\u202e\"}]}\n";
  test::write_text(repo / "policy.json", policy);
  test::write_text(repo / "evil\n::error file=y::name.json", policy);
  test::write_text(repo / "main.tf",
                   "resource \"aws_iam_user\" \"u\" {\n  name = \"bob\\n::error::user\"\n}\n"
                   "resource \"aws_ses_email_identity\" \"e\" {\n  email = \"a@example.com\\n::error::identity\"\n}\n"
                   "resource \"aws_iam_user_policy\" \"p\" {\n  user   = aws_iam_user.u.name\n"
                   "  policy = jsonencode({Version = \"2012-10-17\", Statement = [{Sid = \"X\\n::error::sid\", "
                   "Effect = \"Allow\", Action = \"ses:SendEmail\", Resource = "
                   "\"arn:aws:ses:us-east-1:123456789012:identity/example.com\"}]})\n}\n");
  auto starts_a_command = [](const std::string& out) {
    std::size_t start = 0;
    while (start < out.size()) {
      std::size_t nl = out.find('\n', start);
      std::string line = out.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      std::size_t ws = line.find_first_not_of(" \t\r");
      if (ws != std::string::npos && line.compare(ws, 2, "::") == 0) return line;
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    return std::string();
  };
  for (const char* fmt : kFormats) {
    for (const char* frames : {"", " --no-code-frames"}) {
      auto r = seslint_in(repo, std::string("--format ") + fmt + frames + " .");
      INFO(fmt << frames << "\n" << r.out);
      CHECK(starts_a_command(r.out).empty());
      CHECK_FALSE(contains(r.out, "\xE2\x80\xAE"));  // the raw bidi override
      CHECK_FALSE(contains(r.out, "\r"));
    }
  }
  // The hostile values did reach the messages, escaped.
  auto text = seslint_in(repo, ".");
  CHECK(contains(text.out, "identity/example.com\\n::error file=x::injected\\r::error::cr\\u{202E}"));
  CHECK(contains(text.out, "evil\\n::error file=y::name.json:1:"));
  fs::remove_all(repo);
}

TEST_CASE("files named on the command line or found by name are opened like scanned files", "[cli][safety][symlink][plan]") {
  const std::string token = "SESLINT_NAMED_SECRET_51c2";
  const fs::path outside = scratch("named-outside");
  // Each outside file would be quoted if it were read: a parse error names the token.
  test::write_text(outside / "plan.json", "{\"format_version\": \"1.2\", \"x\": \"" + token + "\" ,,}\n");
  test::write_text(outside / "base.json", "{\"" + token + "\": ,}\n");
  test::write_text(outside / "prod.tfvars", token + " = = \n");
  test::write_text(outside / "seslint.toml", token + " = 1\n");
  const fs::path repo = scratch("named-repo");
  test::write_text(repo / "main.tf", "resource \"aws_iam_user\" \"ok\" {\n  name = \"ok\"\n}\n");
  fs::create_symlink(outside / "plan.json", repo / "plan.json");
  fs::create_symlink(outside / "base.json", repo / "base.json");
  fs::create_symlink(outside / "prod.tfvars", repo / "prod.tfvars");
  fs::create_symlink("/proc/self/environ", repo / "environ.json");
  const std::string env = "SESLINT_ENV_TOKEN=" + token + " ";
  for (const char* fmt : kFormats) {
    for (const std::string& args : {std::string("--plan plan.json"), std::string("--plan environ.json"),
                                    std::string("--baseline base.json"), std::string("--baseline environ.json"),
                                    std::string("--var-file prod.tfvars"), std::string("--var-file environ.json")}) {
      INFO(fmt << " " << args);
      auto r = seslint_in(repo, std::string("--format ") + fmt + " " + args + " .", env);
      CHECK_FALSE(contains(r.out, token));
      CHECK(contains(r.out, "is a symbolic link to a file outside the current folder (--follow-symlinks reads it)"));
      CHECK(r.exit_code == 2);
    }
  }
  CHECK(contains(seslint_in(repo, "--plan plan.json .").out,
                 "cannot read --plan 'plan.json': is a symbolic link to a file outside the current folder"));
  CHECK(contains(seslint_in(repo, "--baseline base.json .").out, "seslint: --baseline base.json: cannot read the file: is a symbolic link"));
  CHECK(contains(seslint_in(repo, "--var-file prod.tfvars .").out, "seslint: --var-file prod.tfvars: is a symbolic link"));
  // The checks can fail: with --follow-symlinks the outside files are read (and their parse errors quoted).
  CHECK(contains(seslint_in(repo, "--follow-symlinks --plan plan.json .").out, token));
  CHECK(contains(seslint_in(repo, "--follow-symlinks --baseline base.json .").out, "not JSON"));
  // A path named outside the current folder is read: the user named it.
  const auto named = seslint_in(repo, "--plan " + test::shell_quote((outside / "plan.json").string()) + " .");
  CHECK(contains(named.out, token));
  // A link inside the current folder to a file inside it is read.
  test::write_text(repo / "real.tfvars", "unused = 1\n");
  fs::create_symlink("real.tfvars", repo / "alias.tfvars");
  auto alias = seslint_in(repo, "--var-file alias.tfvars .");
  CHECK(alias.exit_code != 2);
  CHECK_FALSE(contains(alias.out, "--var-file alias.tfvars"));

  // .seslint.toml is looked up by name: a link to a file outside its folder is refused, from the
  // folder itself and from a subfolder (where the file is found above the current folder).
  const fs::path cfg_repo = scratch("named-config");
  test::write_text(cfg_repo / "sub" / "main.tf", "resource \"aws_iam_user\" \"ok\" {\n  name = \"ok\"\n}\n");
  fs::create_symlink(outside / "seslint.toml", cfg_repo / ".seslint.toml");
  for (const fs::path& cwd : {cfg_repo, cfg_repo / "sub"}) {
    INFO(cwd);
    auto r = seslint_in(cwd, ".");
    CHECK(r.exit_code == 2);
    CHECK_FALSE(contains(r.out, token));
    CHECK(contains(r.out, "cannot read the configuration file: is a symbolic link to a file outside"));
  }
  fs::remove(cfg_repo / ".seslint.toml");
  fs::create_symlink("/proc/self/environ", cfg_repo / ".seslint.toml");
  auto environ_cfg = seslint_in(cfg_repo, ".", env);
  CHECK(environ_cfg.exit_code == 2);
  CHECK_FALSE(contains(environ_cfg.out, token));
  // With --follow-symlinks the outside file is read, and its unknown key is named.
  fs::remove(cfg_repo / ".seslint.toml");
  fs::create_symlink(outside / "seslint.toml", cfg_repo / ".seslint.toml");
  CHECK(contains(seslint_in(cfg_repo, "--follow-symlinks .").out, token));

  // Larger than --max-file-size: refused with the sizes, not read.
  test::write_text(repo / "big.json", "{\"format_version\": \"1.2\", \"pad\": \"" + std::string(4096, 'x') + "\"}\n");
  auto big = seslint_in(repo, "--max-file-size 1K --plan big.json .");
  CHECK(big.exit_code == 2);
  CHECK(contains(big.out, "cannot read --plan 'big.json': file is 4.0 KiB, larger than --max-file-size 1.0 KiB"));
  // A FIFO never blocks the run.
  REQUIRE(mkfifo((repo / "fifo.json").c_str(), 0600) == 0);
  for (const char* flag : {"--plan", "--baseline", "--var-file"}) {
    INFO(flag);
    auto fifo = seslint_in(repo, std::string(flag) + " fifo.json .", "timeout 20 ");
    CHECK(fifo.exit_code == 2);
    CHECK(contains(fifo.out, "not a regular file"));
  }
  fs::remove_all(outside);
  fs::remove_all(repo);
  fs::remove_all(cfg_repo);
}
