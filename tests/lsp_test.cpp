// `seslint lsp` driven by a JSON-RPC client over pipes (tests/support/lsp_client.h): the real
// server process, the messages an editor sends.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <cctype>
#include <set>
#include <sstream>

#include "cli/pipeline.h"
#include "support/lsp_client.h"
#include "support/test_util.h"

namespace fs = std::filesystem;
using seslint::test::jstr;
using seslint::test::LspClient;
using seslint::test::Message;

namespace {

fs::path scratch(const std::string& name) {
  std::string tmpl = (fs::temp_directory_path() / ("seslint-lsp-" + name + "-XXXXXX")).string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  return fs::canonical(tmpl);
}

/// A copy of the bundled example (the README quick start) in a scratch folder.
fs::path example_copy(const std::string& name) {
  fs::path dir = scratch(name);
  fs::copy(fs::path(SESLINT_FIXTURES_DIR) / "example", dir / "example", fs::copy_options::recursive);
  return dir / "example";
}

std::string uri_of(const fs::path& p) { return "file://" + p.string(); }

struct Diag {
  std::string code, message;
  std::int64_t line = -1, character = -1, severity = 0;
  std::string href;
  std::size_t related = 0;
};

std::vector<Diag> diags_of(const Message& m) {
  std::vector<Diag> out;
  simdjson::dom::array arr;
  REQUIRE(!m.json["params"]["diagnostics"].get(arr));
  for (auto d : arr) {
    Diag x;
    std::string_view s;
    if (!d["code"].get(s)) x.code = std::string(s);
    if (!d["message"].get(s)) x.message = std::string(s);
    if (!d["codeDescription"]["href"].get(s)) x.href = std::string(s);
    REQUIRE(!d["range"]["start"]["line"].get(x.line));
    REQUIRE(!d["range"]["start"]["character"].get(x.character));
    REQUIRE(!d["severity"].get(x.severity));
    simdjson::dom::array rel;
    if (!d["relatedInformation"].get(rel)) x.related = rel.size();
    out.push_back(x);
  }
  return out;
}

std::set<std::string> codes(const std::vector<Diag>& ds) {
  std::set<std::string> out;
  for (const auto& d : ds) out.insert(d.code);
  return out;
}

/// Waits for the diagnostics of `uri` (the next publish for it).
std::vector<Diag> diagnostics(LspClient& c, const std::string& uri) {
  auto m = c.wait_for([&](const Message& msg) {
    std::string_view u;
    return msg.method == "textDocument/publishDiagnostics" && !msg.json["params"]["uri"].get(u) && u == uri;
  });
  REQUIRE(m);
  return diags_of(*m);
}

void initialize(LspClient& c, const fs::path& root) {
  c.request(1, "initialize",
            R"({"processId":null,"rootUri":)" + jstr(uri_of(root)) + R"(,"capabilities":{"general":{"positionEncodings":["utf-16"]}}})");
  auto r = c.response(1);
  REQUIRE(r);
  REQUIRE_FALSE(r->is_error());
  bool hover = false;
  REQUIRE(!r->json["result"]["capabilities"]["hoverProvider"].get(hover));
  CHECK(hover);
  std::string_view enc;
  REQUIRE(!r->json["result"]["capabilities"]["positionEncoding"].get(enc));
  CHECK(enc == "utf-16");
  c.notify("initialized", "{}");
}

void open(LspClient& c, const fs::path& file, const std::string& text, int version = 1) {
  c.notify("textDocument/didOpen", R"({"textDocument":{"uri":)" + jstr(uri_of(file)) + R"(,"languageId":"terraform","version":)" +
                                       std::to_string(version) + R"(,"text":)" + jstr(text) + "}}");
}

void change_all(LspClient& c, const fs::path& file, const std::string& text, int version) {
  c.notify("textDocument/didChange", R"({"textDocument":{"uri":)" + jstr(uri_of(file)) + R"(,"version":)" +
                                         std::to_string(version) + R"(},"contentChanges":[{"text":)" + jstr(text) + "}]}");
}

/// Byte offset of an LSP position in ASCII text.
std::size_t offset_of(const std::string& text, std::int64_t line, std::int64_t ch) {
  std::size_t i = 0;
  for (std::int64_t l = 0; l < line; ++l) i = text.find('\n', i) + 1;
  return i + static_cast<std::size_t>(ch);
}

/// Applies the TextEdits of `uri` in a code action's WorkspaceEdit (last edit first).
std::string apply(const std::string& text, simdjson::dom::element action, const std::string& uri) {
  simdjson::dom::array edits;
  REQUIRE(!action["edit"]["changes"][uri].get(edits));
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> list;
  for (auto e : edits) {
    std::int64_t sl = 0, sc = 0, el = 0, ec = 0;
    std::string_view nt;
    REQUIRE(!e["range"]["start"]["line"].get(sl));
    REQUIRE(!e["range"]["start"]["character"].get(sc));
    REQUIRE(!e["range"]["end"]["line"].get(el));
    REQUIRE(!e["range"]["end"]["character"].get(ec));
    REQUIRE(!e["newText"].get(nt));
    list.emplace_back(offset_of(text, sl, sc), offset_of(text, el, ec), std::string(nt));
  }
  std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return std::get<0>(a) > std::get<0>(b); });
  std::string out = text;
  for (const auto& [b, e, t] : list) out.replace(b, e - b, t);
  return out;
}

/// The code actions for the whole file, by title.
std::map<std::string, simdjson::dom::element> actions(LspClient& c, int id, const fs::path& file, Message& keep) {
  c.request(id, "textDocument/codeAction",
            R"({"textDocument":{"uri":)" + jstr(uri_of(file)) +
                R"(},"range":{"start":{"line":0,"character":0},"end":{"line":9999,"character":0}},"context":{"diagnostics":[]}})");
  auto r = c.response(id);
  REQUIRE(r);
  REQUIRE_FALSE(r->is_error());
  keep = std::move(*r);
  std::map<std::string, simdjson::dom::element> out;
  simdjson::dom::array arr;
  REQUIRE(!keep.json["result"].get(arr));
  for (auto a : arr) {
    std::string_view title;
    REQUIRE(!a["title"].get(title));
    out[std::string(title)] = a;
  }
  return out;
}

std::string hover(LspClient& c, int id, const fs::path& file, int line, int ch) {
  c.request(id, "textDocument/hover", R"({"textDocument":{"uri":)" + jstr(uri_of(file)) + R"(},"position":{"line":)" +
                                          std::to_string(line) + R"(,"character":)" + std::to_string(ch) + "}}");
  auto r = c.response(id);
  REQUIRE(r);
  REQUIRE_FALSE(r->is_error());
  std::string_view v;
  if (r->json["result"]["contents"]["value"].get(v)) return "";
  return std::string(v);
}

void shutdown_and_exit(LspClient& c, int id) {
  c.request(id, "shutdown", "null");
  auto r = c.response(id);
  REQUIRE(r);
  CHECK_FALSE(r->is_error());
  c.notify("exit", "{}");
  CHECK(c.wait_exit() == 0);
}

std::string line_of(const std::string& text, std::size_t n) {
  std::size_t i = offset_of(text, static_cast<std::int64_t>(n), 0);
  return text.substr(i, text.find('\n', i) - i);
}

}  // namespace

TEST_CASE("lsp: open, change, hover, code actions and shutdown on the bundled example", "[lsp]") {
  const fs::path ex = example_copy("session");
  const fs::path iam = ex / "terraform" / "iam.tf";
  std::string text = seslint::test::read_text(iam);
  LspClient c({SESLINT_BINARY, "lsp"}, ex.parent_path());
  initialize(c, ex);
  open(c, iam, text);
  auto ds = diagnostics(c, uri_of(iam));
  // The same findings as `seslint example/terraform`: SES001 (the address identity), SES002, SES004.
  CHECK(codes(ds) == std::set<std::string>{"SES001", "SES002", "SES004"});
  for (const auto& d : ds) {
    CHECK(d.href.find("README.md#" + std::string(1, 's')) != std::string::npos);
    CHECK(d.severity == 1);
    CHECK(d.related > 0);
    CHECK(d.message.find("help: ") != std::string::npos);
  }
  // The Resource line of the SMTP user's policy (0-based line 23).
  const Diag* ses001 = nullptr;
  for (const auto& d : ds)
    if (d.code == "SES001") ses001 = &d;
  REQUIRE(ses001);
  CHECK(ses001->line == 23);
  CHECK(line_of(text, 23).find("Resource") != std::string::npos);

  SECTION("hover on an identity shows its send matrix row") {
    const fs::path ses = ex / "terraform" / "ses.tf";
    open(c, ses, seslint::test::read_text(ses));
    (void)diagnostics(c, uri_of(ses));
    std::string h = hover(c, 10, ses, 13, 5);  // aws_sesv2_email_identity.noreply
    CHECK(h.find("SES address identity") != std::string::npos);
    CHECK(h.find("`aws_iam_user.smtp` (SMTP) | `ses:SendRawEmail` | denied") != std::string::npos);
    CHECK(h.find("configuration-set") != std::string::npos);
  }
  SECTION("hover on a statement shows what it grants per sender") {
    std::string h = hover(c, 11, iam, 44, 8);  // data.aws_iam_policy_document.app statement
    CHECK(h.find("**Statement** `Send` (Allow)") != std::string::npos);
    CHECK(h.find("`aws_iam_role.app`") != std::string::npos);
    CHECK(h.find("grants `ses:SendRawEmail` as `mail.example.com` — overall allowed") != std::string::npos);
  }
  SECTION("hover on an SES ARN says where it is written and what it matches") {
    std::string h = hover(c, 12, iam, 23, 40);
    CHECK(h.find("**SES ARN** `arn:aws:ses:eu-west-1:123456789012:identity/mail.example.com`") != std::string::npos);
    CHECK(h.find("iam.tf:24") != std::string::npos);
    CHECK(h.find("identity `mail.example.com`") != std::string::npos);
  }
  SECTION("didChange re-lints the unsaved buffer, incrementally") {
    // Add the address identity's ARN with a ranged edit, not saved to disk.
    const std::string add = ", \"arn:aws:ses:eu-west-1:123456789012:identity/no-reply@mail.example.com\"";
    const std::string line = line_of(text, 23);
    const auto end = line.size();
    c.notify("textDocument/didChange",
             R"({"textDocument":{"uri":)" + jstr(uri_of(iam)) + R"(,"version":2},"contentChanges":[{"range":{"start":{"line":23,"character":19},"end":{"line":23,"character":19}},"text":"["},{"range":{"start":{"line":23,"character":)" +
                 std::to_string(end + 1) + R"(},"end":{"line":23,"character":)" + std::to_string(end + 1) + R"(}},"text":)" +
                 jstr(add + "]") + "}]}");
    auto after = diagnostics(c, uri_of(iam));
    CHECK(codes(after) == std::set<std::string>{"SES002", "SES004"});
    CHECK(seslint::test::read_text(iam) == text);  // the disk is untouched
  }
  SECTION("quick fixes: add the ARN, split the statement, add the configuration set ARN") {
    Message keep;
    auto acts = actions(c, 20, iam, keep);
    const std::string add_arn = "Add 'arn:aws:ses:eu-west-1:123456789012:identity/no-reply@mail.example.com' to the statement's Resource";
    const std::string split = "Move ses:GetSendQuota into its own statement with \"Resource\": \"*\"";
    const std::string add_cs = "Add 'arn:aws:ses:eu-west-1:123456789012:configuration-set/transactional' to the statement's Resource";
    REQUIRE(acts.count(add_arn));
    REQUIRE(acts.count(split));
    REQUIRE(acts.count(add_cs));
    std::string fixed = apply(text, acts[add_arn], uri_of(iam));
    change_all(c, iam, fixed, 2);
    CHECK(codes(diagnostics(c, uri_of(iam))) == std::set<std::string>{"SES002", "SES004"});
    auto acts2 = actions(c, 21, iam, keep);
    REQUIRE(acts2.count(split));
    fixed = apply(fixed, acts2[split], uri_of(iam));
    change_all(c, iam, fixed, 3);
    CHECK(codes(diagnostics(c, uri_of(iam))) == std::set<std::string>{"SES004"});
    auto acts3 = actions(c, 22, iam, keep);
    REQUIRE(acts3.count(add_cs));
    fixed = apply(fixed, acts3[add_cs], uri_of(iam));
    change_all(c, iam, fixed, 4);
    // Now that the SMTP user may send as the address identity, its default configuration set is
    // checked for it too: the same fix, in the user's policy.
    auto left = diagnostics(c, uri_of(iam));
    REQUIRE(left.size() == 1);
    CHECK(left[0].code == "SES004");
    CHECK(left[0].line == 23);
    auto acts4 = actions(c, 23, iam, keep);
    REQUIRE(acts4.count(add_cs));
    fixed = apply(fixed, acts4[add_cs], uri_of(iam));
    change_all(c, iam, fixed, 5);
    CHECK(diagnostics(c, uri_of(iam)).empty());
    // The fixed file is what the command line agrees with.
    seslint::test::write_text(iam, fixed);
    auto cli = seslint::test::run_command(seslint::test::shell_quote(SESLINT_BINARY) + " --format json " +
                                          seslint::test::shell_quote((ex / "terraform").string()));
    CHECK(cli.out.find("\"findings\": []") != std::string::npos);
  }
  SECTION("the suppress action's edit, re-linted, removes the finding") {
    Message keep;
    auto acts = actions(c, 30, iam, keep);
    REQUIRE(acts.count("Suppress SES001 here (seslint:ignore with a reason)"));
    std::string fixed = apply(text, acts["Suppress SES001 here (seslint:ignore with a reason)"], uri_of(iam));
    CHECK(fixed.find("# seslint:ignore SES001 -- reason\n") != std::string::npos);
    change_all(c, iam, fixed, 2);
    auto after = diagnostics(c, uri_of(iam));
    CHECK(codes(after) == std::set<std::string>{"SES002", "SES004"});  // SES001 suppressed, no SES905
  }
  shutdown_and_exit(c, 99);
}

TEST_CASE("lsp: CloudFormation and IAM JSON files get diagnostics and fixes in their own syntax", "[lsp]") {
  const fs::path ex = example_copy("formats");
  LspClient c({SESLINT_BINARY, "lsp"}, ex.parent_path());
  initialize(c, ex);
  const fs::path cfn = ex / "cloudformation" / "mailer.yaml";
  std::string yaml = seslint::test::read_text(cfn);
  open(c, cfn, yaml);
  CHECK(codes(diagnostics(c, uri_of(cfn))) == std::set<std::string>{"SES001"});
  Message keep;
  auto acts = actions(c, 2, cfn, keep);
  REQUIRE(acts.count("Suppress SES001 here (seslint:ignore with a reason)"));
  const std::string add = "Add 'arn:aws:ses:us-east-1:123456789012:identity/orders@shop.example.org' to the statement's Resource";
  REQUIRE(acts.count(add));
  change_all(c, cfn, apply(yaml, acts[add], uri_of(cfn)), 2);
  CHECK(diagnostics(c, uri_of(cfn)).empty());

  const fs::path json = ex / "policies" / "reporting.json";
  std::string policy = seslint::test::read_text(json);
  open(c, json, policy);
  CHECK(codes(diagnostics(c, uri_of(json))) == std::set<std::string>{"SES002"});
  auto jacts = actions(c, 3, json, keep);
  CHECK_FALSE(jacts.count("Suppress SES002 here (seslint:ignore with a reason)"));  // JSON has no comments
  const std::string split = "Move ses:GetSendQuota into its own statement with \"Resource\": \"*\"";
  REQUIRE(jacts.count(split));
  std::string once = apply(policy, jacts[split], uri_of(json));
  change_all(c, json, once, 2);
  auto left = diagnostics(c, uri_of(json));
  REQUIRE(left.size() == 1);
  CHECK(left[0].message.find("ses:GetSendStatistics") != std::string::npos);
  shutdown_and_exit(c, 9);
}

TEST_CASE("lsp: .seslint.toml applies and a module file is linted with the root that calls it", "[lsp]") {
  const fs::path dir = scratch("config");
  seslint::test::write_text(dir / "envs" / "prod" / "main.tf", R"(provider "aws" {
  region = "eu-west-1"
}
resource "aws_ses_domain_identity" "d" {
  domain = "example.com"
}
resource "aws_sesv2_email_identity" "a" {
  email_identity = "news@example.com"
}
module "mail" {
  source = "../../modules/mail"
}
)");
  const fs::path mod = dir / "modules" / "mail" / "main.tf";
  const std::string mod_text = R"(resource "aws_iam_user" "smtp" {
  name = "smtp"
}
resource "aws_iam_access_key" "smtp" {
  user = aws_iam_user.smtp.name
}
output "password" {
  value = aws_iam_access_key.smtp.ses_smtp_password_v4
}
resource "aws_iam_user_policy" "send" {
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendRawEmail", "ses:GetSendQuota"]
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    }]
  })
}
)";
  seslint::test::write_text(mod, mod_text);
  LspClient c({SESLINT_BINARY, "lsp"}, dir);
  initialize(c, dir);
  open(c, mod, mod_text);
  // SES001 needs the identities of envs/prod: the module is linted as an instance of that root.
  CHECK(codes(diagnostics(c, uri_of(mod))) == std::set<std::string>{"SES001", "SES002"});
  // A config file in the root ignores SES002; the next change picks it up.
  seslint::test::write_text(dir / "envs" / "prod" / ".seslint.toml", "ignore = [\"SES002\"]\n");
  change_all(c, mod, mod_text + "\n", 2);
  CHECK(codes(diagnostics(c, uri_of(mod))) == std::set<std::string>{"SES001"});
  // An invalid config file is a diagnostic, and the file is still linted with the defaults.
  seslint::test::write_text(dir / "envs" / "prod" / ".seslint.toml", "no-such-key = 1\n");
  change_all(c, mod, mod_text, 3);
  auto ds = diagnostics(c, uri_of(mod));
  CHECK(codes(ds) == std::set<std::string>{"SES001", "SES002", "SES903"});
  shutdown_and_exit(c, 9);
}

TEST_CASE("lsp: malformed messages get an error reply and the server goes on", "[lsp]") {
  const fs::path dir = scratch("malformed");
  LspClient c({SESLINT_BINARY, "lsp"}, dir);
  auto error_code = [](const Message& m) {
    std::int64_t code = 0;
    REQUIRE(!m.json["error"]["code"].get(code));
    return code;
  };
  // A request before initialize.
  c.request(1, "textDocument/hover", "{}");
  auto r = c.response(1);
  REQUIRE(r);
  CHECK(error_code(*r) == -32002);
  initialize(c, dir);
  // Bad Content-Length, invalid JSON, not an object, unknown method, missing params.
  c.send_raw("Content-Length: abc\r\n\r\n");
  auto bad = c.read();
  REQUIRE(bad);
  CHECK(error_code(*bad) == -32700);
  c.send_raw("Content-Type: application/json\r\n\r\n");
  bad = c.read();
  REQUIRE(bad);
  CHECK(error_code(*bad) == -32700);
  c.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":");
  bad = c.read();
  REQUIRE(bad);
  CHECK(error_code(*bad) == -32700);
  c.send("[1,2]");
  bad = c.read();
  REQUIRE(bad);
  CHECK(error_code(*bad) == -32600);
  c.send("\xff\xfe not json");
  bad = c.read();
  REQUIRE(bad);
  CHECK(error_code(*bad) == -32700);
  c.request(6, "workspace/noSuchMethod", "{}");
  r = c.response(6);
  REQUIRE(r);
  CHECK(error_code(*r) == -32601);
  c.request(7, "textDocument/hover", "{}");
  r = c.response(7);
  REQUIRE(r);
  CHECK(error_code(*r) == -32602);
  c.send(R"({"jsonrpc":"2.0","id":8,"method":"textDocument/codeAction"})");
  r = c.response(8);
  REQUIRE(r);
  CHECK(error_code(*r) == -32602);
  // Notifications of unknown methods and for unknown documents are ignored, not answered.
  c.notify("$/unknownNotification", "{}");
  c.notify("textDocument/didChange", R"({"textDocument":{"uri":"file:///nowhere.tf","version":2},"contentChanges":[{"text":"x"}]})");
  // A document that does not parse is a diagnostic, not a crash.
  const fs::path broken = dir / "broken.tf";
  open(c, broken, "resource \"aws_iam_user\" {{{{\n\"\\u");
  auto ds = diagnostics(c, uri_of(broken));
  CHECK(codes(ds).count("SES900"));
  // Still answering.
  c.request(9, "textDocument/hover", R"({"textDocument":{"uri":)" + jstr(uri_of(broken)) + R"(},"position":{"line":0,"character":0}})");
  r = c.response(9);
  REQUIRE(r);
  CHECK_FALSE(r->is_error());
  shutdown_and_exit(c, 10);
}

TEST_CASE("lsp: exit without shutdown exits 1, and the end of input stops the server", "[lsp]") {
  const fs::path dir = scratch("exit");
  {
    LspClient c({SESLINT_BINARY, "lsp"}, dir);
    initialize(c, dir);
    c.notify("exit", "{}");
    CHECK(c.wait_exit() == 1);
  }
  {
    LspClient c({SESLINT_BINARY, "lsp"}, dir);
    initialize(c, dir);
    c.close_input();
    CHECK(c.wait_exit() == 1);
  }
}

TEST_CASE("lsp: the parse cache re-parses only what changed", "[lsp]") {
  const fs::path ex = example_copy("cache");
  seslint::cli::LintConfig cfg;
  cfg.paths = {(ex / "terraform").string()};
  cfg.parse_cache = seslint::cli::make_parse_cache();
  auto first = seslint::cli::lint(cfg);
  CHECK(seslint::cli::parse_cache_stats(*cfg.parse_cache).parsed == 2);
  auto second = seslint::cli::lint(cfg);
  CHECK(seslint::cli::parse_cache_stats(*cfg.parse_cache).parsed == 0);
  CHECK(seslint::cli::parse_cache_stats(*cfg.parse_cache).reused == 2);
  CHECK(second.report.findings.size() == first.report.findings.size());
  const fs::path iam = fs::canonical(ex / "terraform" / "iam.tf");
  cfg.overlay[iam.string()] = seslint::test::read_text(iam) + "\n# edited\n";
  auto third = seslint::cli::lint(cfg);
  CHECK(seslint::cli::parse_cache_stats(*cfg.parse_cache).parsed == 1);
  CHECK(seslint::cli::parse_cache_stats(*cfg.parse_cache).reused == 1);
  CHECK(third.report.findings.size() == first.report.findings.size());
}

TEST_CASE("lsp: Neovim's built-in client shows the diagnostics the CLI reports", "[lsp][editor]") {
  // A real editor's client, not ours: `nvim --headless -u NONE` with vim.lsp only
  // (neovim is a test package in .ci/setup).
  REQUIRE(seslint::test::run_command("command -v nvim >/dev/null 2>&1").exit_code == 0);
  fs::path ex = example_copy("neovim");
  fs::path file = ex / "terraform" / "iam.tf";
  using seslint::test::shell_quote;
  auto nvim = seslint::test::run_command(
      "SESLINT=" + shell_quote(SESLINT_BINARY) + " SESLINT_ROOT=" + shell_quote(ex.string()) +
      " timeout 90 nvim --headless -u NONE -i NONE -c " +
      shell_quote("luafile " + (fs::path(SESLINT_SOURCE_DIR) / "tests" / "support" / "neovim_lsp.lua").string()) +
      " " + shell_quote(file.string()) + " 2>&1");
  INFO(nvim.out);
  auto cli = seslint::test::run_command("cd " + shell_quote(ex.string()) + " && " + shell_quote(SESLINT_BINARY) +
                                        " --format text . 2>&1");
  std::set<std::string> expected;
  std::istringstream lines(cli.out);
  for (std::string l; std::getline(lines, l);) {
    const std::string prefix = "terraform/iam.tf:";
    if (l.rfind(prefix, 0) != 0) continue;
    auto pos = l.substr(prefix.size());
    auto colon2 = pos.find(':', pos.find(':') + 1);
    auto lb = l.find('['), rb = l.find(']');
    if (colon2 == std::string::npos || lb == std::string::npos || rb == std::string::npos) continue;
    expected.insert(pos.substr(0, colon2) + " " + l.substr(lb + 1, rb - lb - 1));
  }
  std::set<std::string> shown;
  std::istringstream out(nvim.out);
  for (std::string l; std::getline(out, l);)
    if (!l.empty() && std::isdigit(static_cast<unsigned char>(l[0]))) shown.insert(l);
  REQUIRE(expected.size() >= 3);
  CHECK(shown == expected);
  fs::remove_all(ex.parent_path());
}
