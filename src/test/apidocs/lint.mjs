// Lints the committed API descriptions (run by ./mvnw verify, see pom.xml):
//   node lint.mjs <openapi.json> <asyncapi.json>
// OpenAPI: Redocly CLI with its recommended ruleset; any error fails the build, warnings are printed.
// AsyncAPI: the official AsyncAPI parser; any diagnostic of severity error fails the build.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Parser } from '@asyncapi/parser';

const [openapi, asyncapi] = process.argv.slice(2);
if (!openapi || !asyncapi) {
  console.error('usage: node lint.mjs <openapi.json> <asyncapi.json>');
  process.exit(2);
}

const redocly = fileURLToPath(new URL('./node_modules/.bin/redocly', import.meta.url));
const lint = spawnSync(redocly, ['lint', '--extends=recommended', '--format=stylish', '--max-problems=1000', openapi],
  { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
process.stdout.write(lint.stdout);
process.stderr.write(lint.stderr.replace(/╔[\s\S]*?╝\n?/g, ''));
let failed = lint.status !== 0;
console.log(`[api-lint] OpenAPI ${openapi}: Redocly recommended ${failed ? 'FAILED' : 'passed (0 errors)'}`);

const diagnostics = await new Parser().validate(readFileSync(asyncapi, 'utf8'));
const errors = diagnostics.filter((d) => d.severity === 0);
for (const d of diagnostics) {
  console.log(`[api-lint] AsyncAPI ${['error', 'warning', 'info', 'hint'][d.severity]} ${d.code} at `
    + `${d.path.join('.')}: ${d.message}`);
}
console.log(`[api-lint] AsyncAPI ${asyncapi}: ${errors.length} error(s), ${diagnostics.length - errors.length} other`);
failed = failed || errors.length > 0;
process.exit(failed ? 1 : 0);
