// cli/lsp/workspace: the server's view of the files: the editor's open buffers, and for each
// deployment (a Terraform root with its local module tree, or one template / policy file) the
// last lint run over those buffers with the disk as fallback. Each deployment keeps a parse cache
// (cli/pipeline.h), so a change re-parses only the buffer that changed.
//   Workspace ws; ws.set_root("/repo"); ws.open(uri, text, 1);
//   Deployment& d = ws.lint_for(path);   // d.run: the findings of the whole deployment
#pragma once

#include <filesystem>
#include <map>
#include <unordered_map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/send_matrix.h"
#include "cli/gate.h"
#include "cli/pipeline.h"

namespace seslint::cli::lsp {

struct Document {
  std::string uri;
  std::string path;  ///< canonical absolute path ("" for a URI that is not a file)
  std::string text;
  long long version = 0;
};

struct Deployment {
  std::string key;                 ///< "tf:<root folder>" or "file:<path>"
  std::vector<std::string> paths;  ///< what the run scans
  std::shared_ptr<ParseCache> cache = make_parse_cache();
  std::unique_ptr<LintRun> run;
  std::string config_file;         ///< the .seslint.toml applied ("" when none)
  std::string config_error;        ///< why it could not be applied (the run then uses defaults)
  GateOptions gate;
  std::set<std::string> published;  ///< canonical paths last given diagnostics
  double last_ms = 0;               ///< duration of the last run
  /// The principal graph and send matrix of `run`, built on first use (hover).
  const analysis::Analysis& analysis();
  /// Canonical path of a FileId of `run`, and the reverse.
  const std::string& canonical(source::FileId id);
  source::FileId file_of(const std::string& canonical_path);

 private:
  void index_files();
  std::unique_ptr<analysis::Analysis> analysis_;
  std::vector<std::string> canonical_;
  std::unordered_map<std::string, source::FileId> ids_;
  std::map<std::string, std::string>* canonical_cache_ = nullptr;
  friend class Workspace;
};

class Workspace {
 public:
  /// The workspace folder (rootUri / first workspaceFolder); Terraform module calls are looked for
  /// below it. Empty: the folder of each file.
  void set_root(std::string root) { root_ = std::move(root); }
  const std::string& root() const { return root_; }

  Document& open(const std::string& uri, std::string text, long long version);
  void close(const std::string& uri);
  Document* find(const std::string& uri);
  const std::map<std::string, Document>& documents() const { return docs_; }

  /// Whether the server lints this file name (.tf, .tf.json, .json, .yaml, .yml, .template).
  static bool lintable(const std::string& path);

  /// The deployment a file belongs to, linted again from the current buffers.
  Deployment& lint_for(const std::string& path);
  /// The deployment of a file as last linted, or nullptr.
  Deployment* last_for(const std::string& path);

 private:
  std::string deployment_key(const std::string& path, std::vector<std::string>& paths);
  /// Local module folders called by the .tf files of `dir` (from the buffer where open).
  std::vector<std::string> module_calls(const std::string& dir);
  void index_callers();

  std::string root_;
  std::map<std::string, Document> docs_;         ///< by URI
  std::map<std::string, std::string> path_uri_;  ///< canonical path -> URI of an open document
  std::map<std::string, Deployment> deployments_;
  std::map<std::string, std::string> file_deployment_;  ///< canonical path -> key, from the last runs
  std::map<std::string, std::set<std::string>> callers_;  ///< module folder -> folders calling it
  bool indexed_ = false;
  std::map<std::string, std::string> canonical_cache_;  ///< displayed path -> canonical path
  struct CallsCache {
    bool valid = false;
    std::uintmax_t size = 0;
    std::filesystem::file_time_type mtime;
    std::vector<std::string> sources;
  };
  std::map<std::string, CallsCache> calls_cache_;  ///< .tf file on disk -> its local module sources
};

}  // namespace seslint::cli::lsp
