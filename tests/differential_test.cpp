// Differential test: seslint's IAM evaluator (policy::evaluate_request) against the AWS IAM
// simulator library @cloud-copilot/iam-simulate, run as a separate node process through our
// own driver tests/tools/iam-decide.mjs (the library is AGPL-3.0: never linked or vendored).
// Random SES-focused policies and requests come from tests/support/policy_gen.h with fixed
// seeds. Every disagreement fails the test unless tests/differential_known.md lists its case.
//   SESLINT_TOOLS_DIR=/tmp/difftools build/tests/seslint_tests "[differential]"
//   SESLINT_DIFF_CASES=500 (cases per seed, default 1500), SESLINT_DIFF_VERBOSE=1 (stats detail)
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "model/model.h"
#include "parse/parse.h"
#include "policy/evaluate.h"
#include "source/source_file.h"
#include "support/diff_known.h"
#include "support/policy_gen.h"
#include "support/test_util.h"

namespace fs = std::filesystem;
using namespace seslint;

namespace {

fs::path tools_dir() {
  if (const char* e = std::getenv("SESLINT_TOOLS_DIR"); e && *e) return e;
  return SESLINT_TOOLS_DIR_DEFAULT;
}

std::size_t cases_per_seed() {
  if (const char* e = std::getenv("SESLINT_DIFF_CASES"); e && *e) return std::strtoul(e, nullptr, 10);
  return 1500;
}

/// One line of iam-decide.mjs output, read with our own JSON parser.
struct Oracle {
  std::string decision;              ///< Allowed | ImplicitlyDenied | ExplicitlyDenied | Error
  std::string message;               ///< for Error
  std::vector<std::string> ignored;  ///< context keys the action does not carry
};

Oracle read_oracle_line(const std::string& line) {
  Oracle o;
  source::SourceSet set;
  auto id = set.add("oracle.json", line);
  parse::ParseResult r = parse::parse_json(set.file(id));
  if (!r.root || !r.root->is_map()) {
    o.decision = "Error";
    o.message = "unreadable oracle line: " + line;
    return o;
  }
  if (const auto* d = r.root->get("decision")) o.decision = d->text;
  if (const auto* m = r.root->get("message")) o.message = m->text;
  if (const auto* ig = r.root->get("ignored"); ig && ig->is_list())
    for (const auto& v : ig->items) o.ignored.push_back(v->text);
  return o;
}

/// The case rebuilt in our model: policies parsed from the same JSON text the simulator saw.
struct Ours {
  std::deque<model::Policy> policies;
  policy::PolicySet set;
  policy::FullRequest req;
  std::string problem;  ///< a policy our reader could not take (reported as a disagreement)
};

const model::Policy* add_policy(Ours& o, source::SourceSet& sources, const std::string& text, const std::string& name,
                                model::PolicyKind kind) {
  auto id = sources.add(name + ".json", text);
  parse::ParseResult r = parse::parse_json(sources.file(id));
  model::Policy& p = o.policies.emplace_back();
  p.kind = kind;
  p.name = name;
  if (!r.root || !r.diagnostics.empty()) {
    o.problem += "parse failed for " + name + "; ";
    return &p;
  }
  std::vector<Diagnostic> diags;
  model::read_policy_document(*r.root, name, p, diags);
  return &p;
}

Ours build_ours(const test::gen::Case& c, const Oracle& oracle) {
  Ours o;
  source::SourceSet sources;
  for (std::size_t i = 0; i < c.identity.size(); ++i)
    o.set.identity.push_back(add_policy(o, sources, c.identity[i], "identity" + std::to_string(i), model::PolicyKind::Raw));
  o.set.has_boundary = c.has_boundary;
  for (std::size_t i = 0; i < c.boundary.size(); ++i)
    o.set.boundary.push_back(add_policy(o, sources, c.boundary[i], "boundary" + std::to_string(i), model::PolicyKind::Raw));
  for (std::size_t l = 0; l < c.scp_levels.size(); ++l) {
    auto& level = o.set.scp_levels.emplace_back();
    for (std::size_t i = 0; i < c.scp_levels[l].size(); ++i)
      level.push_back(add_policy(o, sources, c.scp_levels[l][i], "scp" + std::to_string(l) + "_" + std::to_string(i),
                                 model::PolicyKind::ServiceControl));
  }
  if (!c.resource_policy.empty())
    o.set.resource.push_back(add_policy(o, sources, c.resource_policy, "identity_policy", model::PolicyKind::SesIdentity));
  if (!c.session_policy.empty()) {
    o.set.has_session = true;
    o.set.session.push_back(add_policy(o, sources, c.session_policy, "session_policy", model::PolicyKind::Raw));
  }
  o.req.action = c.action;
  o.req.resource = c.resource;
  o.req.principal_arn = c.principal;
  o.req.principal_account = c.principal_account;
  o.req.resource_account = c.resource_account;
  std::set<std::string> ignored(oracle.ignored.begin(), oracle.ignored.end());
  for (const auto& kv : c.context) {
    // A key the action does not carry (the simulator drops it, as AWS never sends it) is
    // missing from the request for us too.
    if (ignored.count(kv.key)) continue;
    o.req.context.set(kv.key, kv.values);
  }
  return o;
}

const char* expected_for(policy::Decision d) {
  switch (d) {
    case policy::Decision::Allow: return "Allowed";
    case policy::Decision::ImplicitDeny: return "ImplicitlyDenied";
    case policy::Decision::ExplicitDeny: return "ExplicitlyDenied";
    case policy::Decision::Unknown: return "Unknown";
  }
  return "Unknown";
}

/// Cases listed in tests/differential_known.md as "- seed S case N" lines.
std::set<std::pair<std::uint64_t, std::size_t>> known_disagreements() {
  std::set<std::pair<std::uint64_t, std::size_t>> out;
  std::istringstream in(test::read_text(fs::path(SESLINT_SOURCE_DIR) / "tests" / "differential_known.md"));
  std::string line;
  while (std::getline(in, line)) {
    unsigned long long seed = 0;
    std::size_t index = 0;
    if (std::sscanf(line.c_str(), "- seed %llu case %zu", &seed, &index) == 2) out.insert({seed, index});
  }
  return out;
}

struct Stats {
  std::size_t cases = 0, errors = 0, unknown = 0, agree = 0, disagree = 0, known = 0, ignored_keys = 0;
  std::map<std::string, std::size_t> by_decision;      ///< simulator decision -> count (agreeing)
  std::map<std::string, std::size_t> simulator;        ///< simulator decision -> count (all decided)
  std::map<std::string, std::size_t> errors_by_message;
  std::map<std::string, std::size_t> unknown_because;
  std::map<std::string, std::size_t> disagreement_kinds;  ///< "ours -> simulator"
  std::map<std::string, std::size_t> known_classes;       ///< tests/differential_known.md classes
};

std::string first_words(const std::string& s, std::size_t n = 80) { return s.size() > n ? s.substr(0, n) + "..." : s; }

}  // namespace

TEST_CASE("differential: evaluate_request agrees with the AWS IAM simulator", "[policy][differential]") {
  const fs::path tools = tools_dir();
  const fs::path driver = fs::path(SESLINT_SOURCE_DIR) / "tests" / "tools" / "iam-decide.mjs";
  const fs::path lib = tools / "node_modules" / "@cloud-copilot" / "iam-simulate" / "package.json";
  if (test::run_command("node --version 2>/dev/null").exit_code != 0)
    FAIL("node is not installed: the differential test needs node >= 18 and the test tools; run tests/tools/install.sh");
  if (!fs::exists(lib))
    FAIL("@cloud-copilot/iam-simulate is not installed in " << tools.string()
         << ": run tests/tools/install.sh (or set SESLINT_TOOLS_DIR to where it installed the tools)");

  const std::vector<std::uint64_t> seeds = {20240601, 7, 1337};
  const std::size_t per_seed = cases_per_seed();
  const auto known = known_disagreements();
  const bool verbose = std::getenv("SESLINT_DIFF_VERBOSE") != nullptr;
  Stats st;
  std::set<std::pair<std::uint64_t, std::size_t>> known_seen;
  double oracle_seconds = 0, ours_seconds = 0;

  for (std::uint64_t seed : seeds) {
    test::gen::Generator g(seed);
    std::vector<test::gen::Case> cases;
    std::string batch = "[";
    for (std::size_t i = 0; i < per_seed; ++i) {
      cases.push_back(g.next());
      batch += (i ? ",\n" : "\n") + test::gen::case_json(cases.back());
    }
    batch += "\n]\n";
    const fs::path in = fs::temp_directory_path() / ("seslint-diff-" + std::to_string(seed) + "-" +
                                                    std::to_string(reinterpret_cast<std::uintptr_t>(&cases)) + ".json");
    test::write_text(in, batch);
    auto t0 = std::chrono::steady_clock::now();
    test::Command run = test::run_command("SESLINT_TOOLS_DIR=" + test::shell_quote(tools.string()) + " node " +
                                          test::shell_quote(driver.string()) + " < " + test::shell_quote(in.string()));
    oracle_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fs::remove(in);
    std::vector<std::string> lines;
    std::istringstream lin(run.out);
    for (std::string l; std::getline(lin, l);)
      if (!l.empty()) lines.push_back(l);
    if (run.exit_code != 0 || lines.size() != cases.size())
      FAIL("tests/tools/iam-decide.mjs failed (exit " << run.exit_code << ", " << lines.size() << " lines for "
           << cases.size() << " cases; is the tools dir " << tools.string()
           << " installed? run tests/tools/install.sh): " << first_words(run.out, 400));

    auto t1 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const auto& c = cases[i];
      ++st.cases;
      Oracle o = read_oracle_line(lines[i]);
      if (o.decision == "Error") {
        ++st.errors;
        ++st.errors_by_message[first_words(o.message, 60)];
        continue;
      }
      st.ignored_keys += o.ignored.size();
      ++st.simulator[o.decision];
      Ours ours = build_ours(c, o);
      policy::Evaluation ev = policy::evaluate_request(ours.set, ours.req);
      if (ev.decision == policy::Decision::Unknown && ours.problem.empty()) {
        ++st.unknown;
        ++st.unknown_because[first_words(ev.unknown_because, 60)];
        continue;
      }
      const std::string mine = ours.problem.empty() ? expected_for(ev.decision) : "ReadError";
      if (ours.problem.empty() && ev.deny_kind_unknown &&
          (o.decision == "ImplicitlyDenied" || o.decision == "ExplicitlyDenied")) {
        ++st.agree;  // certainly denied; seslint does not claim which kind
        ++st.by_decision["Denied (kind unknown) ~ " + o.decision];
        continue;
      }
      if (mine == o.decision) {
        ++st.agree;
        ++st.by_decision[o.decision];
        continue;
      }
      ++st.disagreement_kinds[mine + " -> simulator " + o.decision];
      const std::string cls = test::known_class(ours.set.resource.empty() ? nullptr : ours.set.resource.front(),
                                                ours.req, mine, o.decision, ours.set.has_session);
      if (!cls.empty()) {
        ++st.known;
        ++st.known_classes[cls];
        continue;
      }
      if (known.count({seed, i})) {
        ++st.known;
        known_seen.insert({seed, i});
        continue;
      }
      ++st.disagree;
      std::ostringstream msg;
      msg << "DISAGREEMENT seed " << seed << " case " << i << ": seslint " << mine << " (decided by "
          << policy::stage_name(ev.decided_by) << (ours.problem.empty() ? "" : "; " + ours.problem)
          << "), simulator " << o.decision << "\n  case: " << test::gen::case_json(c) << "\n";
      for (const auto& step : ev.trace)
        msg << "  trace: " << policy::stage_name(step.stage) << " " << policy::decision_name(step.decision) << " "
            << step.note << "\n";
      std::cout << msg.str();
      if (st.disagree <= 20) FAIL_CHECK(msg.str());  // every one is printed; the first 20 fail loudly
    }
    ours_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  }

  std::ostringstream sum;
  sum << "differential: " << st.cases << " cases (" << seeds.size() << " seeds x " << per_seed << "), "
      << st.agree << " agree, " << st.disagree << " disagree, " << st.known << " known (allow-listed), "
      << st.unknown << " seslint Unknown, " << st.errors << " simulator Error; " << st.ignored_keys
      << " context keys dropped as not carried by the action; simulator " << oracle_seconds << " s, seslint "
      << ours_seconds << " s\n";
  for (const auto& [k, n] : st.simulator) sum << "  simulator " << k << ": " << n << "\n";
  for (const auto& [k, n] : st.by_decision) sum << "  agree " << k << ": " << n << "\n";
  for (const auto& [k, n] : st.disagreement_kinds) sum << "  disagree " << k << ": " << n << "\n";
  for (const auto& [k, n] : st.known_classes) sum << "  known class " << k << ": " << n << "\n";
  for (const auto& [k, n] : st.unknown_because) sum << "  unknown because \"" << k << "\": " << n << "\n";
  if (verbose || st.errors * 5 > st.cases)
    for (const auto& [k, n] : st.errors_by_message) sum << "  simulator error \"" << k << "\": " << n << "\n";
  std::cout << sum.str();

  CHECK(st.disagree == 0);
  // The comparison must mean something: most cases are decided by both sides.
  CHECK(st.errors * 5 <= st.cases);
  CHECK(st.agree * 2 >= st.cases);
  // A stale allow-list entry (the case now agrees, or the generator changed) must be removed.
  if (per_seed == 1500)
    for (const auto& k : known)
      if (!known_seen.count(k)) FAIL_CHECK("tests/differential_known.md lists seed " << k.first << " case " << k.second
                                                                                     << ", which no longer disagrees");
}
