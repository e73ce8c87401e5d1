// cli/lsp/server: `seslint lsp`, a Language Server Protocol 3.17 server over standard input and
// output. It lints .tf, .tf.json, CloudFormation / SAM and IAM policy files as the editor changes
// them (the whole deployment, from the open buffers, with .seslint.toml and inline ignores),
// answers hovers on SES identities, policy statements and SES ARNs, and offers quick fixes.
// Malformed input gets a JSON-RPC error reply; the server only stops on `exit` or end of input.
//   return lsp::serve(std::cin, std::cout, std::cerr);
#pragma once

#include <iosfwd>

namespace seslint::cli::lsp {

/// Serves until `exit` (0 after `shutdown`, else 1) or the end of `in` (1). `log` gets one line
/// per problem (stderr: the editor's server log).
int serve(std::istream& in, std::ostream& out, std::ostream& log);

}  // namespace seslint::cli::lsp
