#!/usr/bin/env bash
# tests/tools/sarif-validate.sh FILE.sarif [--strict]
#
# Checks a SARIF 2.1.0 log with two independent validators installed by install.sh into
# $SESLINT_TOOLS_DIR (default <repo>/build/tools):
#   schema  ajv-cli (JSON Schema draft 2020-12 + ajv-formats) against sarif-2.1.0.json as
#           shipped in @microsoft/sarif-multitool-linux;
#   spec    `Sarif.Multitool validate`, Microsoft's SARIF rules (JSON schema, SARIF1xxx
#           errors, SARIF2xxx warnings/notes). The multitool exits 0 even for invalid logs, so
#           its own output log is read back; it also reports nothing at all for some
#           schema-invalid input (out-of-enum values), which the schema layer catches.
# Prints one line per problem ("schema: ..." / "multitool: <level> <rule>: ...").
# Exit: 0 valid (warnings and notes are printed but allowed unless --strict);
#       1 the log has errors (with --strict: or warnings);
#       2 usage error, validators not installed, or a validator could not run.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOOLS=${SESLINT_TOOLS_DIR:-$HERE/../../build/tools}
FILE=${1:-}
STRICT=${2:-}
if [ -z "$FILE" ] || [ ! -f "$FILE" ]; then
  echo "usage: $0 FILE.sarif [--strict]" >&2
  exit 2
fi
NM=$TOOLS/node_modules
MULTITOOL=$NM/@microsoft/sarif-multitool-linux/Sarif.Multitool
SCHEMA=$NM/@microsoft/sarif-multitool-linux/sarif-2.1.0.json
AJV=$NM/ajv-cli/dist/index.js
for need in "$MULTITOOL" "$SCHEMA" "$AJV" "$NM/ajv-formats"; do
  if [ ! -e "$need" ]; then
    echo "sarif-validate: validators not installed ($need missing); run tests/tools/install.sh" >&2
    exit 2
  fi
done
command -v node >/dev/null || { echo "sarif-validate: node not found" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status=0

# --- schema layer. ajv-cli chooses its parser from the file extension: give it ".json".
cp "$FILE" "$WORK/input.json"
if ajv_out=$(cd "$TOOLS" && node "$AJV" validate --spec=draft2020 --strict=false --all-errors \
               -c ajv-formats -s "$SCHEMA" -d "$WORK/input.json" --errors=text 2>&1); then
  echo "schema: OK"
else  # a verdict, or unparsable JSON / an ajv failure: an error for the log either way
  printf '%s\n' "$ajv_out" | sed "s#$WORK/input.json#$FILE#g; s/^/schema: /"
  status=1
fi

# --- spec layer
[ -x "$MULTITOOL" ] || chmod u+x "$MULTITOOL" 2>/dev/null
if ! DOTNET_CLI_TELEMETRY_OPTOUT=1 "$MULTITOOL" validate "$FILE" --output "$WORK/verdict.sarif" \
       --log ForceOverwrite --level "Error;Warning;Note" >"$WORK/multitool.txt" 2>&1 ||
   [ ! -s "$WORK/verdict.sarif" ]; then
  echo "sarif-validate: the multitool could not run:" >&2
  sed 's/^/  /' "$WORK/multitool.txt" >&2
  exit 2
fi

node - "$WORK/verdict.sarif" "$STRICT" <<'JS'
// Reads the multitool's verdict log and prints its results; exit 1 on failing levels.
const fs = require('fs');
const [verdictPath, strict] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(verdictPath, 'utf8'));
let errors = 0, warnings = 0, others = 0;
for (const run of log.runs || []) {
  const rules = (run.tool && run.tool.driver && run.tool.driver.rules) || [];
  for (const n of (run.invocations || []).flatMap(i => i.toolExecutionNotifications || [])) {
    if ((n.level || 'warning') === 'error') {
      errors++;
      console.log(`multitool: error (tool) ${n.message && n.message.text}`);
    }
  }
  for (const res of run.results || []) {
    const rule = rules.find(r => r.id === res.ruleId) || {};
    const level = res.level || (rule.defaultConfiguration && rule.defaultConfiguration.level) || 'warning';
    let text = res.message.text;
    if (text === undefined) {
      const strings = rule.messageStrings || {};
      text = (strings[res.message.id] && strings[res.message.id].text) || res.message.id || '';
    }
    const args = res.message.arguments || [];
    text = text.replace(/\{(\d+)\}/g, (_, i) => (args[Number(i)] !== undefined ? args[Number(i)] : ''));
    const region = res.locations && res.locations[0] && res.locations[0].physicalLocation &&
                   res.locations[0].physicalLocation.region;
    const where = region && region.startLine ? ` (line ${region.startLine})` : '';
    console.log(`multitool: ${level} ${res.ruleId}${rule.name ? '/' + rule.name : ''}${where}: ${text}`);
    if (level === 'error') errors++;
    else if (level === 'warning') warnings++;
    else others++;
  }
}
const failing = errors + (strict === '--strict' ? warnings : 0);
console.log(`multitool: ${errors} error(s), ${warnings} warning(s), ${others} note(s)`);
process.exit(failing ? 1 : 0);
JS
mt=$?
if [ $mt -eq 1 ]; then
  status=1
elif [ $mt -ne 0 ]; then
  echo "sarif-validate: could not read the multitool verdict" >&2
  exit 2
fi
[ $status -eq 0 ] && echo "sarif-validate: OK" || echo "sarif-validate: INVALID"
exit $status
