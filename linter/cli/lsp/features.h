// cli/lsp/features: what the server answers from a deployment's last run: diagnostics
// (diagnostics.cpp), hovers (hover.cpp) and quick fixes (actions.cpp). Offsets are bytes in the
// linted text, which is the editor's buffer for an open document.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cli/lsp/json_out.h"
#include "cli/lsp/text.h"
#include "cli/lsp/workspace.h"

namespace seslint::cli::lsp {

/// {"start": {...}, "end": {...}} of the byte range [begin, end) of `text`.
void write_range(JsonOut& w, std::string_view text, std::uint32_t begin, std::uint32_t end, Encoding enc);

/// One finding as a diagnostic; `text` is its file's text (range 0:0 when not `located`).
void write_diagnostic(JsonOut& w, Deployment& d, const engine::Finding& f, std::string_view text, bool located,
                      Encoding enc);

/// The diagnostics of one file of the deployment, as a JSON array. Unlocated findings of the run
/// (and a configuration error) go to the file when `run_level` is set.
std::string diagnostics_json(Deployment& d, const std::string& canonical_path, Encoding enc, bool run_level);

/// Markdown for a hover at `offset` of file `file`: an SES identity, a policy statement or an SES ARN.
std::optional<std::string> hover_markdown(Deployment& d, source::FileId file, std::uint32_t offset);

/// Writes the code actions (a JSON array) for the findings overlapping [begin, end] of `file`.
void write_code_actions(JsonOut& w, Deployment& d, source::FileId file, const std::string& uri, std::uint32_t begin,
                        std::uint32_t end, Encoding enc);

}  // namespace seslint::cli::lsp
