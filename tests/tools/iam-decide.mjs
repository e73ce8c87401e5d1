#!/usr/bin/env node
// tests/tools/iam-decide.mjs: batch IAM decisions from @cloud-copilot/iam-simulate, for the
// differential policy test (tests/differential_test.cpp). The simulator is AGPL-3.0, so it is
// only ever loaded here, in a separate node process, from $SESLINT_TOOLS_DIR/node_modules
// (installed by tests/tools/install.sh); nothing of it is linked into or shipped with seslint.
//
// stdin: a JSON array of cases
//   { "identityPolicies": [doc...], "permissionBoundaries": [doc...]?,
//     "scps": [[doc...] per level, root first]?, "resourcePolicy": doc?,
//     "action": "ses:SendRawEmail", "resource": "arn:...|*", "principal": "arn:aws:iam::...",
//     "resourceAccount": "111122223333"?, "context": {"key": "v" | ["v", ...]} }
// stdout: one JSON line per case, in order:
//   {"decision": "Allowed"|"ImplicitlyDenied"|"ExplicitlyDenied", "ignored": [keys dropped
//    because the action does not carry them]}  or  {"decision": "Error", "message": "..."}
// Exit status 0 when every case produced a line (Error decisions included), 2 on bad input.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const toolsDir = process.env.SESLINT_TOOLS_DIR;
if (!toolsDir) {
  console.error('iam-decide: SESLINT_TOOLS_DIR is not set (run tests/tools/install.sh)');
  process.exit(2);
}

let lib;
try {
  const require = createRequire(path.join(path.resolve(toolsDir), 'package.json'));
  // The package exports a CommonJS and an ESM build; import the ESM one.
  const cjsEntry = require.resolve('@cloud-copilot/iam-simulate');
  lib = await import(pathToFileURL(cjsEntry.replace(`${path.sep}cjs${path.sep}`, `${path.sep}esm${path.sep}`)).href);
} catch (e) {
  console.error(`iam-decide: cannot load @cloud-copilot/iam-simulate from ${toolsDir}/node_modules ` +
                `(run tests/tools/install.sh): ${e.message}`);
  process.exit(2);
}

const accountOf = (arn) => (typeof arn === 'string' ? arn.split(':')[4] || '' : '');

function toSimulation(c, index) {
  const docs = (list, prefix) => (list || []).map((policy, i) => ({ name: `${prefix}${index}-${i}`, policy }));
  const levels = (c.scps || []).map((level, i) => ({ orgIdentifier: `ou-level-${i}`, policies: docs(level, `scp${i}-`) }));
  const resource = c.resource ?? '*';
  const simulation = {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource, accountId: c.resourceAccount || accountOf(resource) || accountOf(c.principal) },
      contextVariables: c.context || {},
    },
    identityPolicies: docs(c.identityPolicies, 'id'),
    serviceControlPolicies: levels,
    resourceControlPolicies: [],
  };
  if (c.permissionBoundaries) simulation.permissionBoundaryPolicies = docs(c.permissionBoundaries, 'pb');
  if (c.resourcePolicy) simulation.resourcePolicy = c.resourcePolicy;
  if (c.sessionPolicy) simulation.sessionPolicy = c.sessionPolicy;
  return simulation;
}

function errorMessage(errors) {
  if (!errors) return 'unknown error';
  const { message, ...details } = errors;
  return Object.keys(details).length ? `${message} ${JSON.stringify(details)}` : String(message);
}

async function decide(c, index) {
  const res = await lib.runSimulation(toSimulation(c, index), { simulationMode: 'Strict' });
  if (res.resultType === 'error') return { decision: 'Error', message: errorMessage(res.errors) };
  const results = res.resultType === 'single' ? [res.result] : res.results;
  const ignored = [...new Set(results.flatMap((r) => r.ignoredContextKeys || []))];
  const out = { decision: res.overallResult, ignored };
  if (res.resultType !== 'single') out.mode = res.resultType;
  return out;
}

let cases;
try {
  cases = JSON.parse(readFileSync(0, 'utf8'));
  if (!Array.isArray(cases)) throw new Error('expected a JSON array of cases');
} catch (e) {
  console.error(`iam-decide: bad input: ${e.message}`);
  process.exit(2);
}

const lines = [];
for (let i = 0; i < cases.length; ++i) {
  let out;
  try {
    out = await decide(cases[i], i);
  } catch (e) {
    out = { decision: 'Error', message: `exception: ${e && e.message ? e.message : String(e)}` };
  }
  lines.push(JSON.stringify(out));
}
process.stdout.write(lines.length ? lines.join('\n') + '\n' : '');
