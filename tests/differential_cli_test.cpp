// Differential test through the whole path: generated Terraform and CloudFormation repositories
// are decided by the seslint binary (`explain-access --requests`, JSON output) and, on the same
// inputs, by @cloud-copilot/iam-simulate in a separate node process (tests/tools/iam-decide.mjs;
// AGPL-3.0, never linked). Policies come from tests/support/policy_gen.h; this file places them
// in repositories (inline, managed + attachment, group, boundary, SCP levels, SES identity
// policies, default configuration sets) and asks one request with the full context and one with
// a condition key left unknown, which the simulator then decides for every value of that key
// (and for its absence): a definite seslint answer must agree with all of them.
//   SESLINT_TOOLS_DIR=/work/tools build/tests/seslint_tests "[cli-differential]"
//   SESLINT_CLI_DIFF_REPOS=300 (repositories per seed, default 1300), SESLINT_DIFF_VERBOSE=1
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "model/model.h"
#include "parse/parse.h"
#include "policy/condition_keys.h"
#include "policy/evaluate.h"
#include "policy/send.h"
#include "source/source_file.h"
#include "support/diff_known.h"
#include "support/policy_gen.h"
#include "support/test_util.h"

namespace fs = std::filesystem;
using namespace seslint;
namespace gen = seslint::test::gen;

namespace {

fs::path tools_dir() {
  if (const char* e = std::getenv("SESLINT_TOOLS_DIR"); e && *e) return e;
  return SESLINT_TOOLS_DIR_DEFAULT;
}

std::size_t repos_per_seed() {
  if (const char* e = std::getenv("SESLINT_CLI_DIFF_REPOS"); e && *e) return std::strtoul(e, nullptr, 10);
  return 1300;
}

/// The test's own choices (link styles, formats), independent of the policy generator's stream.
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
};

/// Condition keys the policies use, with the values a request may carry (one vector = one value set).
const std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>>& key_pool() {
  static const std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>> pool = {
      {"ses:FromAddress", {{"noreply@example.com"}, {"alerts@example.com"}, {"x@other.org"}, {"NoReply@Example.com"}}},
      {"ses:Recipients", {{"a@example.com"}, {"a@example.com", "c@other.org"}, {"d@partner.net"}}},
      {"ses:ApiVersion", {{"1"}, {"2"}}},
      {"aws:SourceIp", {{"10.1.2.3"}, {"203.0.113.7"}}},
      {"aws:CurrentTime", {{"2024-06-01T12:00:00Z"}, {"2031-03-01T00:00:00Z"}}},
      {"aws:SecureTransport", {{"true"}, {"false"}}},
  };
  return pool;
}

std::string heredoc(const std::string& json) { return "<<EOT\n" + json + "\nEOT\n"; }

struct Repo {
  gen::Case c;
  bool cfn = false;
  bool role = false;
  bool default_cs = false;
  std::string principal_ref, account;
  std::set<std::string> classes;
  fs::path dir, session_file;
};

struct Request {
  std::size_t repo = 0;
  std::string withheld;  ///< key left unknown for seslint, "" = none
  bool with_template = false;
  std::map<std::string, std::vector<std::string>> context;  ///< given to seslint ([] = absent)
  std::set<std::string> classes;
};

/// Writes the repository (main.tf or template.json) and, when the case has one, the session
/// policy file next to it.
void write_repo(Repo& r, Rng& rng) {
  const gen::Case& c = r.c;
  fs::create_directories(r.dir);
  if (!c.session_policy.empty()) {
    r.session_file = r.dir.parent_path() / (r.dir.filename().string() + ".session.json");
    test::write_text(r.session_file, c.session_policy + "\n");
  }
  const std::string identity = c.resource.find(":identity/") != std::string::npos
                                   ? c.resource.substr(c.resource.find(":identity/") + 10)
                                   : std::string();
  const bool email = identity.find('@') != std::string::npos;
  const std::string trust =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
  if (!r.cfn) {
    std::string tf;
    const std::string self = r.role ? "aws_iam_role.p" : "aws_iam_user.p";
    tf += std::string("resource \"") + (r.role ? "aws_iam_role" : "aws_iam_user") + "\" \"p\" {\n  name = \"" +
          (r.role ? "sender" : c.principal.substr(c.principal.rfind('/') + 1)) + "\"\n";
    if (r.role) tf += "  assume_role_policy = " + heredoc(trust);
    if (c.has_boundary) tf += "  permissions_boundary = aws_iam_policy.boundary.arn\n";
    tf += "}\n\n";
    if (c.has_boundary)
      tf += "resource \"aws_iam_policy\" \"boundary\" {\n  name = \"boundary\"\n  policy = " + heredoc(c.boundary[0]) + "}\n\n";
    bool group = false;
    for (std::size_t i = 0; i < c.identity.size(); ++i) {
      const std::string n = "id" + std::to_string(i);
      const std::string managed = "resource \"aws_iam_policy\" \"" + n + "\" {\n  name = \"" + n + "\"\n  policy = " +
                                  heredoc(c.identity[i]) + "}\n";
      std::size_t style = rng.below(r.role ? 3 : 5);
      if (style == 0) {
        r.classes.insert("inline");
        tf += std::string("resource \"") + (r.role ? "aws_iam_role_policy" : "aws_iam_user_policy") + "\" \"" + n +
              "\" {\n  name = \"" + n + "\"\n  " + (r.role ? "role" : "user") + " = " + self + ".name\n  policy = " +
              heredoc(c.identity[i]) + "}\n";
      } else if (style == 1) {
        r.classes.insert("attachment");
        tf += managed + "resource \"" + (r.role ? "aws_iam_role_policy_attachment" : "aws_iam_user_policy_attachment") +
              "\" \"" + n + "\" {\n  " + (r.role ? "role" : "user") + " = " + self + ".name\n  policy_arn = aws_iam_policy." +
              n + ".arn\n}\n";
      } else if (style == 2) {
        r.classes.insert("attachment");
        tf += managed + "resource \"aws_iam_policy_attachment\" \"" + n + "\" {\n  name = \"" + n + "\"\n  " +
              (r.role ? "roles" : "users") + " = [" + self + ".name]\n  policy_arn = aws_iam_policy." + n + ".arn\n}\n";
      } else if (style == 3) {
        group = true;
        tf += "resource \"aws_iam_group_policy\" \"" + n + "\" {\n  name = \"" + n +
              "\"\n  group = aws_iam_group.g.name\n  policy = " + heredoc(c.identity[i]) + "}\n";
      } else {
        group = true;
        tf += managed + "resource \"aws_iam_group_policy_attachment\" \"" + n +
              "\" {\n  group = aws_iam_group.g.name\n  policy_arn = aws_iam_policy." + n + ".arn\n}\n";
      }
      tf += "\n";
    }
    if (group) {
      r.classes.insert("group");
      tf += "resource \"aws_iam_group\" \"g\" {\n  name = \"senders\"\n}\n\n";
      if (rng.chance(50))
        tf += "resource \"aws_iam_user_group_membership\" \"m\" {\n  user = aws_iam_user.p.name\n  groups = [aws_iam_group.g.name]\n}\n\n";
      else
        tf += "resource \"aws_iam_group_membership\" \"m\" {\n  name = \"m\"\n  users = [aws_iam_user.p.name]\n  group = aws_iam_group.g.name\n}\n\n";
    }
    for (std::size_t l = 0; l < c.scp_levels.size(); ++l)
      for (std::size_t i = 0; i < c.scp_levels[l].size(); ++i) {
        const std::string n = "scp" + std::to_string(l) + "_" + std::to_string(i);
        tf += "resource \"aws_organizations_policy\" \"" + n + "\" {\n  name = \"" + n +
              "\"\n  type = \"SERVICE_CONTROL_POLICY\"\n  content = " + heredoc(c.scp_levels[l][i]) + "}\n\n" +
              "resource \"aws_organizations_policy_attachment\" \"" + n + "\" {\n  policy_id = aws_organizations_policy." +
              n + ".id\n  target_id = \"ou-abcd-level" + std::to_string(l) + "\"\n}\n\n";
      }
    if (!identity.empty()) {
      if (r.default_cs) {
        tf += "resource \"aws_sesv2_configuration_set\" \"cs\" {\n  configuration_set_name = \"cs1\"\n}\n\n"
              "resource \"aws_sesv2_email_identity\" \"i\" {\n  email_identity = \"" +
              identity + "\"\n  configuration_set_name = aws_sesv2_configuration_set.cs.configuration_set_name\n}\n\n";
        if (!c.resource_policy.empty())
          tf += "resource \"aws_sesv2_email_identity_policy\" \"ip\" {\n  email_identity = aws_sesv2_email_identity.i.email_identity\n"
                "  policy_name = \"ip\"\n  policy = " + heredoc(c.resource_policy) + "}\n";
      } else {
        const std::string type = email ? "aws_ses_email_identity" : "aws_ses_domain_identity";
        tf += "resource \"" + type + "\" \"i\" {\n  " + (email ? "email" : "domain") + " = \"" + identity + "\"\n}\n\n";
        if (!c.resource_policy.empty())
          tf += "resource \"aws_ses_identity_policy\" \"ip\" {\n  identity = " + type + ".i.arn\n  name = \"ip\"\n  policy = " +
                heredoc(c.resource_policy) + "}\n";
      }
    }
    test::write_text(r.dir / "main.tf", tf);
    r.principal_ref = self;
    return;
  }
  // CloudFormation (JSON): no resource type carries SES identity policies, so those cases are
  // Terraform only.
  std::vector<std::string> resources, inline_policies, managed_arns;
  bool group = false;
  std::vector<std::string> group_inline;
  for (std::size_t i = 0; i < c.identity.size(); ++i) {
    const std::string n = "Id" + std::to_string(i);
    std::size_t style = rng.below(r.role ? 3 : 5);
    if (style == 0) {
      r.classes.insert("inline");
      inline_policies.push_back("{\"PolicyName\":\"" + n + "\",\"PolicyDocument\":" + c.identity[i] + "}");
    } else if (style == 1) {
      r.classes.insert("attachment");
      resources.push_back("\"" + n + "\":{\"Type\":\"AWS::IAM::ManagedPolicy\",\"Properties\":{\"PolicyDocument\":" +
                          c.identity[i] + ",\"" + (r.role ? "Roles" : "Users") + "\":[{\"Ref\":\"P\"}]}}");
    } else if (style == 2) {
      r.classes.insert("attachment");
      resources.push_back("\"" + n + "\":{\"Type\":\"AWS::IAM::ManagedPolicy\",\"Properties\":{\"PolicyDocument\":" +
                          c.identity[i] + "}}");
      managed_arns.push_back("{\"Ref\":\"" + n + "\"}");
    } else if (style == 3) {
      group = true;
      group_inline.push_back("{\"PolicyName\":\"" + n + "\",\"PolicyDocument\":" + c.identity[i] + "}");
    } else {
      group = true;
      resources.push_back("\"" + n + "\":{\"Type\":\"AWS::IAM::Policy\",\"Properties\":{\"PolicyName\":\"" + n +
                          "\",\"PolicyDocument\":" + c.identity[i] + ",\"Groups\":[{\"Ref\":\"G\"}]}}");
    }
  }
  std::string props = r.role ? "\"RoleName\":\"sender\",\"AssumeRolePolicyDocument\":" + trust
                             : "\"UserName\":\"" + c.principal.substr(c.principal.rfind('/') + 1) + "\"";
  if (!inline_policies.empty()) props += ",\"Policies\":" + gen::json_list(inline_policies);
  if (!managed_arns.empty()) props += ",\"ManagedPolicyArns\":" + gen::json_list(managed_arns);
  if (c.has_boundary) {
    props += ",\"PermissionsBoundary\":{\"Ref\":\"Boundary\"}";
    resources.push_back("\"Boundary\":{\"Type\":\"AWS::IAM::ManagedPolicy\",\"Properties\":{\"PolicyDocument\":" +
                        c.boundary[0] + "}}");
  }
  if (group) {
    r.classes.insert("group");
    const bool via_addition = rng.chance(50);
    if (!via_addition) props += ",\"Groups\":[{\"Ref\":\"G\"}]";
    resources.push_back("\"G\":{\"Type\":\"AWS::IAM::Group\",\"Properties\":{\"GroupName\":\"senders\"" +
                        (group_inline.empty() ? std::string() : ",\"Policies\":" + gen::json_list(group_inline)) + "}}");
    if (via_addition)
      resources.push_back(
          "\"M\":{\"Type\":\"AWS::IAM::UserToGroupAddition\",\"Properties\":{\"GroupName\":{\"Ref\":\"G\"},\"Users\":[{\"Ref\":\"P\"}]}}");
  }
  resources.push_back("\"P\":{\"Type\":\"" + std::string(r.role ? "AWS::IAM::Role" : "AWS::IAM::User") +
                      "\",\"Properties\":{" + props + "}}");
  for (std::size_t l = 0; l < c.scp_levels.size(); ++l)
    for (std::size_t i = 0; i < c.scp_levels[l].size(); ++i)
      resources.push_back("\"Scp" + std::to_string(l) + "x" + std::to_string(i) +
                          "\":{\"Type\":\"AWS::Organizations::Policy\",\"Properties\":{\"Name\":\"scp" + std::to_string(l) +
                          "_" + std::to_string(i) + "\",\"Type\":\"SERVICE_CONTROL_POLICY\",\"Content\":" +
                          c.scp_levels[l][i] + ",\"TargetIds\":[\"ou-abcd-level" + std::to_string(l) + "\"]}}");
  if (!identity.empty()) {
    std::string id = "\"Identity\":{\"Type\":\"AWS::SES::EmailIdentity\",\"Properties\":{\"EmailIdentity\":\"" + identity + "\"";
    if (r.default_cs) {
      id += ",\"ConfigurationSetAttributes\":{\"ConfigurationSetName\":{\"Ref\":\"Cs\"}}";
      resources.push_back("\"Cs\":{\"Type\":\"AWS::SES::ConfigurationSet\",\"Properties\":{\"Name\":\"cs1\"}}");
    }
    resources.push_back(id + "}}");
  }
  std::string tpl = "{\"AWSTemplateFormatVersion\":\"2010-09-09\",\"Resources\":{";
  for (std::size_t i = 0; i < resources.size(); ++i) tpl += (i ? ",\n" : "\n") + resources[i];
  test::write_text(r.dir / "template.json", tpl + "\n}}\n");
  r.principal_ref = "P";
}

/// Classes a case belongs to, from its policies' text and request.
void classify(const gen::Case& c, std::set<std::string>& out) {
  std::string all = c.resource_policy + c.session_policy;
  for (const auto& d : c.identity) all += d;
  for (const auto& d : c.boundary) all += d;
  for (const auto& l : c.scp_levels)
    for (const auto& d : l) all += d;
  if (c.resource_policy.find("\"NotPrincipal\"") != std::string::npos) {
    // Statement-level: which effects use NotPrincipal.
    for (std::size_t at = c.resource_policy.find("\"Effect\":"); at != std::string::npos;
         at = c.resource_policy.find("\"Effect\":", at + 1)) {
      std::size_t end = c.resource_policy.find("\"Effect\":", at + 1);
      std::string st = c.resource_policy.substr(at, end == std::string::npos ? std::string::npos : end - at);
      if (st.find("\"NotPrincipal\"") != std::string::npos)
        out.insert(st.rfind("\"Effect\":\"Deny\"", 0) == 0 ? "notprincipal-deny" : "notprincipal-allow");
    }
  }
  if (!c.resource_policy.empty()) out.insert("identity-policy");
  if (all.find("aws:PrincipalArn") != std::string::npos) out.insert("principalarn-condition");
  for (std::size_t at = all.find(":{\"ses:Recipients\""); at != std::string::npos; at = all.find(":{\"ses:Recipients\"", at + 1)) {
    std::size_t open = all.rfind('"', all.rfind('"', at - 1) - 1);
    out.insert(all.compare(open + 1, 3, "For") == 0 ? "multivalued-set-operator" : "multivalued-single-operator");
  }
  if (!c.scp_levels.empty()) out.insert("scp");
  if (c.has_boundary) out.insert("boundary");
  if (!c.session_policy.empty()) out.insert("session-policy");
  if (c.principal.find(":assumed-role/") != std::string::npos) out.insert("role-session");
  if (c.principal_account != gen::kOwner) out.insert("cross-account");
}

std::string account_of(const std::string& arn) {
  auto a = policy::parse_arn(arn);
  return a ? a->account : std::string();
}

const syntax::Value* get(const syntax::Value* v, const char* key) { return v && v->is_map() ? v->get(key) : nullptr; }
std::string text(const syntax::Value* v) { return v ? v->text : std::string(); }

/// The simulator's answer over several authorizations: any explicit deny, else any implicit deny.
std::string combine(const std::vector<std::string>& ds) {
  std::string out = "Allowed";
  for (const auto& d : ds) {
    if (d == "Error") return "Error";
    if (d == "ExplicitlyDenied") out = d;
    else if (d == "ImplicitlyDenied" && out == "Allowed") out = d;
  }
  return out;
}

bool agrees(const std::string& ours, const std::string& sim) {
  if (ours == "Allow") return sim == "Allowed";
  if (ours == "ExplicitDeny") return sim == "ExplicitlyDenied";
  if (ours == "ImplicitDeny") return sim == "ImplicitlyDenied";
  if (ours == "Deny") return sim == "ImplicitlyDenied" || sim == "ExplicitlyDenied";
  return false;
}

std::string simulator_name(const std::string& ours) {
  if (ours == "Allow") return "Allowed";
  if (ours == "ExplicitDeny") return "ExplicitlyDenied";
  if (ours == "ImplicitDeny") return "ImplicitlyDenied";
  return ours;
}

struct ClassStats {
  std::size_t cases = 0, agree = 0, unknown = 0, known = 0, disagree = 0;
};

}  // namespace

TEST_CASE("differential through the CLI: explain-access agrees with the AWS IAM simulator", "[cli-differential][differential]") {
  const fs::path tools = tools_dir();
  const fs::path driver = fs::path(SESLINT_SOURCE_DIR) / "tests" / "tools" / "iam-decide.mjs";
  if (test::run_command("node --version 2>/dev/null").exit_code != 0)
    FAIL("node is not installed: the differential test needs node >= 18 and the test tools; run tests/tools/install.sh");
  if (!fs::exists(tools / "node_modules" / "@cloud-copilot" / "iam-simulate" / "package.json"))
    FAIL("@cloud-copilot/iam-simulate is not installed in " << tools.string() << ": run tests/tools/install.sh");

  const std::vector<std::uint64_t> seeds = {11, 20240602, 424242, 9001};
  const std::size_t per_seed = repos_per_seed();
  const bool verbose = std::getenv("SESLINT_DIFF_VERBOSE") != nullptr;
  const fs::path root = fs::temp_directory_path() / ("seslint-cli-diff-" + std::to_string(::getpid()));
  std::map<std::string, ClassStats> by_class;
  ClassStats total;
  std::size_t oracle_cases = 0, errors = 0, shape_mismatch = 0;
  std::map<std::string, std::size_t> disagreement_kinds, known_classes;
  double seslint_seconds = 0, oracle_seconds = 0;

  for (std::uint64_t seed : seeds) {
    gen::Generator g(seed);
    Rng rng{seed ^ 0xC11D1FFull};
    std::deque<Repo> repos;
    std::vector<Request> requests;
    std::string batch = "[";
    for (std::size_t i = 0; i < per_seed; ++i) {
      Repo& r = repos.emplace_back();
      r.c = g.next();
      r.role = r.c.principal.find(":assumed-role/") != std::string::npos;
      if (r.c.boundary.size() > 1) r.c.boundary.resize(1);  // one boundary policy per principal
      r.cfn = r.c.resource_policy.empty() && rng.chance(40);
      r.default_cs = r.c.resource.find(":identity/") != std::string::npos && rng.chance(25);
      r.account = r.c.principal_account;
      r.dir = root / std::to_string(seed) / std::to_string(i);
      write_repo(r, rng);
      classify(r.c, r.classes);
      r.classes.insert(r.cfn ? "cloudformation" : "terraform");
      if (r.default_cs) r.classes.insert("default-configuration-set");

      std::map<std::string, std::vector<std::string>> full;
      for (const auto& [key, values] : key_pool()) {
        (void)values;
        full[key] = {};  // absent unless the case carries it
      }
      for (const auto& kv : r.c.context) full[kv.key] = kv.values;
      const bool tpl = policy::send_requires_template(r.c.action) && rng.chance(60);
      for (int variant = 0; variant < 2; ++variant) {
        Request q;
        q.repo = i;
        q.context = full;
        q.with_template = tpl && r.c.resource.find(":identity/") != std::string::npos;
        q.classes = r.classes;
        if (variant == 1) {
          // Leave one key the policies use unknown (or any key of the pool).
          std::vector<std::string> used;
          std::string all = r.c.resource_policy + r.c.session_policy;
          for (const auto& d : r.c.identity) all += d;
          for (const auto& d : r.c.boundary) all += d;
          for (const auto& l : r.c.scp_levels)
            for (const auto& d : l) all += d;
          for (const auto& [key, values] : key_pool()) {
            (void)values;
            if (all.find("\"" + key + "\"") != std::string::npos) used.push_back(key);
          }
          q.withheld = used.empty() ? key_pool()[rng.below(key_pool().size())].first : used[rng.below(used.size())];
          q.context.erase(q.withheld);
          q.classes.insert("unknown-key");
        }
        for (const auto& [key, values] : q.context)
          if (!values.empty() && !policy::action_carries_key(r.c.action, key)) q.classes.insert("key-not-carried");
        if (q.with_template) q.classes.insert("template");
        std::string ctx = "{";
        bool first = true;
        for (const auto& [key, values] : q.context) {
          ctx += (first ? "" : ",") + gen::json_str(key) + ":" + gen::json_one_or_many(values, true);
          first = false;
        }
        ctx += "}";
        std::string one = "{\"paths\":[" + gen::json_str(r.dir.string()) + "],\"principal\":" + gen::json_str(r.principal_ref) +
                          ",\"action\":" + gen::json_str(r.c.action) + ",\"resource\":" + gen::json_str(r.c.resource) +
                          ",\"account\":" + gen::json_str(r.account) + ",\"context\":" + ctx;
        if (q.with_template) one += ",\"template\":\"t1\"";
        if (!r.session_file.empty()) one += ",\"session_policy\":" + gen::json_str(r.session_file.string());
        batch += (requests.empty() ? "\n" : ",\n") + one + "}";
        requests.push_back(std::move(q));
      }
    }
    batch += "\n]\n";
    const fs::path in = root / (std::to_string(seed) + "-requests.json");
    test::write_text(in, batch);
    auto t0 = std::chrono::steady_clock::now();
    test::Command run = test::run_command(test::shell_quote(SESLINT_BINARY) + " explain-access --requests " +
                                          test::shell_quote(in.string()) + " 2>&1");
    seslint_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    source::SourceSet set;
    auto out_id = set.add("seslint-out.json", run.out);
    parse::ParseResult parsed = parse::parse_json(set.file(out_id));
    REQUIRE(parsed.root);
    REQUIRE(parsed.root->is_list());
    REQUIRE(parsed.root->items.size() == requests.size());

    // Oracle inputs: every authorization seslint made, for every value of the withheld key.
    struct Pending {
      std::size_t request;
      std::size_t variant;
    };
    std::vector<Pending> pending;
    std::string oracle_batch = "[";
    std::vector<std::vector<std::vector<std::size_t>>> slots(requests.size());  // request -> variant -> oracle lines
    std::vector<std::string> ours(requests.size());
    for (std::size_t k = 0; k < requests.size(); ++k) {
      const Request& q = requests[k];
      const Repo& r = repos[q.repo];
      const syntax::Value* res = parsed.root->items[k].get();
      if (get(res, "error")) {
        ours[k] = "Error: " + text(get(res, "error"));
        continue;
      }
      ours[k] = text(get(res, "decision"));
      const syntax::Value* auths = get(res, "authorizations");
      const std::size_t expected_auths = r.c.resource.find(":identity/") != std::string::npos &&
                                                 r.c.action.rfind("ses:Send", 0) == 0
                                             ? 1 + (r.default_cs ? 1 : 0) + (q.with_template ? 1 : 0)
                                             : 1;
      if (!auths || auths->items.size() != expected_auths) {
        ++shape_mismatch;
        ours[k] = "ShapeMismatch";
        continue;
      }
      std::string ctx_base;
      const syntax::Value* ctx = get(get(res, "request"), "context");
      static const std::vector<syntax::MapEntry> kNoEntries;
      for (const auto& e : ctx ? ctx->entries : kNoEntries) {
        if (!e.value->is_list() || e.value->items.empty()) continue;  // absent
        std::vector<std::string> vals;
        for (const auto& v : e.value->items) vals.push_back(v->text);
        ctx_base += (ctx_base.empty() ? "" : ",") + gen::json_str(e.key) + ":" + gen::json_one_or_many(vals, vals.size() > 1);
      }
      std::vector<std::string> variants;  // extra context for the withheld key
      if (q.withheld.empty()) {
        variants.push_back("");
      } else {
        variants.push_back("");  // absent
        for (const auto& [key, values] : key_pool())
          if (key == q.withheld)
            for (const auto& v : values) variants.push_back(gen::json_str(key) + ":" + gen::json_one_or_many(v, v.size() > 1));
      }
      const std::string principal = text(get(get(res, "principal"), "arn"));
      slots[k].resize(variants.size());
      for (std::size_t v = 0; v < variants.size(); ++v) {
        std::string c_json = "{" + ctx_base;
        if (!variants[v].empty()) c_json += (ctx_base.empty() ? "" : ",") + variants[v];
        c_json += "}";
        for (const auto& a : auths->items) {
          const std::string kind = text(get(a.get(), "kind"));
          const std::string resource = text(get(a.get(), "resource"));
          std::string o = "{\"identityPolicies\":" + gen::json_list(r.c.identity);
          if (r.c.has_boundary) o += ",\"permissionBoundaries\":" + gen::json_list(r.c.boundary);
          if (!r.c.scp_levels.empty()) {
            std::vector<std::string> levels;
            for (const auto& l : r.c.scp_levels) levels.push_back(gen::json_list(l));
            o += ",\"scps\":" + gen::json_list(levels);
          }
          if (!r.c.resource_policy.empty() && (kind == "identity")) o += ",\"resourcePolicy\":" + r.c.resource_policy;
          if (!r.c.session_policy.empty()) o += ",\"sessionPolicy\":" + r.c.session_policy;
          std::string racct = account_of(resource);
          if (racct.empty()) racct = r.account;
          o += ",\"action\":" + gen::json_str(r.c.action) + ",\"resource\":" + gen::json_str(resource) +
               ",\"principal\":" + gen::json_str(principal) + ",\"resourceAccount\":" + gen::json_str(racct) +
               ",\"context\":" + c_json + "}";
          slots[k][v].push_back(pending.size());
          pending.push_back({k, v});
          oracle_batch += (pending.size() == 1 ? "\n" : ",\n") + o;
        }
      }
    }
    oracle_batch += "\n]\n";
    const fs::path oin = root / (std::to_string(seed) + "-oracle.json");
    test::write_text(oin, oracle_batch);
    auto t1 = std::chrono::steady_clock::now();
    test::Command orun = test::run_command("SESLINT_TOOLS_DIR=" + test::shell_quote(tools.string()) + " node " +
                                           test::shell_quote(driver.string()) + " < " + test::shell_quote(oin.string()));
    oracle_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    std::vector<std::string> decisions;
    std::istringstream lines(orun.out);
    for (std::string l; std::getline(lines, l);) {
      if (l.empty()) continue;
      source::SourceSet ls;
      auto lid = ls.add("line.json", l);
      parse::ParseResult lr = parse::parse_json(ls.file(lid));
      decisions.push_back(lr.root ? text(get(lr.root.get(), "decision")) : "Error");
    }
    REQUIRE(orun.exit_code == 0);
    REQUIRE(decisions.size() == pending.size());
    oracle_cases += pending.size();

    for (std::size_t k = 0; k < requests.size(); ++k) {
      const Request& q = requests[k];
      const Repo& r = repos[q.repo];
      ++total.cases;
      for (const auto& cls : q.classes) ++by_class[cls].cases;
      auto count = [&](std::size_t ClassStats::*field) {
        ++(total.*field);
        for (const auto& cls : q.classes) ++(by_class[cls].*field);
      };
      std::vector<std::string> sims;
      bool error = false;
      for (const auto& variant : slots[k]) {
        std::vector<std::string> ds;
        for (std::size_t line : variant) ds.push_back(decisions[line]);
        sims.push_back(combine(ds));
        if (sims.back() == "Error") error = true;
      }
      if (error) {
        ++errors;
        continue;
      }
      if (ours[k] == "Unknown") {
        count(&ClassStats::unknown);
        continue;
      }
      bool ok = !sims.empty();
      std::string wrong;
      for (const auto& s : sims)
        if (!agrees(ours[k], s)) {
          ok = false;
          wrong = s;
        }
      if (ok) {
        count(&ClassStats::agree);
        continue;
      }
      // A documented class? Rebuild the identity policy and request as our evaluator saw them.
      std::string cls;
      if (!r.c.resource_policy.empty() && !wrong.empty()) {
        source::SourceSet ps;
        auto pid = ps.add("identity_policy.json", r.c.resource_policy);
        parse::ParseResult pr = parse::parse_json(ps.file(pid));
        model::Policy p;
        p.kind = model::PolicyKind::SesIdentity;
        std::vector<Diagnostic> diags;
        if (pr.root) model::read_policy_document(*pr.root, "identity_policy", p, diags);
        policy::FullRequest fr;
        const syntax::Value* res = parsed.root->items[k].get();
        fr.action = r.c.action;
        fr.resource = r.c.resource;
        fr.principal_arn = text(get(get(res, "principal"), "arn"));
        fr.principal_account = r.account;
        fr.resource_account = account_of(r.c.resource);
        if (const syntax::Value* ctx = get(get(res, "request"), "context"))
          for (const auto& e : ctx->entries) {
            std::vector<std::string> vals;
            for (const auto& v : e.value->items) vals.push_back(v->text);
            fr.context.set(e.key, vals);
          }
        fr.context.set_default_unknown(true);
        cls = test::known_class(&p, fr, simulator_name(ours[k]), wrong, !r.c.session_policy.empty());
      }
      if (!cls.empty()) {
        count(&ClassStats::known);
        ++known_classes[cls];
        continue;
      }
      count(&ClassStats::disagree);
      ++disagreement_kinds[ours[k] + " -> simulator " + wrong];
      std::ostringstream msg;
      msg << "DISAGREEMENT seed " << seed << " repo " << q.repo << " (" << r.dir.string() << ")"
          << (q.withheld.empty() ? "" : ", " + q.withheld + " unknown") << ": seslint " << ours[k] << ", simulator";
      for (const auto& s : sims) msg << " " << s;
      msg << "\n  case: " << gen::case_json(r.c) << "\n";
      std::cout << msg.str();
      if (total.disagree <= 10) FAIL_CHECK(msg.str());
    }
    if (total.disagree == 0 && !verbose) fs::remove_all(root / std::to_string(seed));
    fs::remove(in);
    fs::remove(oin);
  }
  if (total.disagree == 0 && !verbose) fs::remove_all(root);

  std::ostringstream sum;
  sum << "cli differential: " << total.cases << " seslint cases (" << seeds.size() << " seeds x " << per_seed
      << " repositories x 2 requests), " << oracle_cases << " simulator decisions; " << total.agree << " agree, "
      << total.disagree << " disagree, " << total.known << " known class, " << total.unknown << " Unknown ("
      << (total.cases ? 100.0 * static_cast<double>(total.unknown) / static_cast<double>(total.cases) : 0.0) << "%), "
      << errors << " simulator Error, " << shape_mismatch << " authorization-count mismatches; seslint "
      << seslint_seconds << " s, simulator " << oracle_seconds << " s\n";
  for (const auto& [name, c] : by_class)
    sum << "  " << name << ": " << c.cases << " cases, " << c.agree << " agree, " << c.unknown << " Unknown, " << c.known
        << " known, " << c.disagree << " disagree\n";
  for (const auto& [k, n] : known_classes) sum << "  known class " << k << ": " << n << "\n";
  for (const auto& [k, n] : disagreement_kinds) sum << "  disagree " << k << ": " << n << "\n";
  std::cout << sum.str();

  CHECK(total.disagree == 0);
  CHECK(shape_mismatch == 0);
  CHECK(errors * 5 <= total.cases);
  CHECK(total.agree * 2 >= total.cases);
  if (per_seed >= 1300) CHECK(total.cases >= 10000);
}
