// The graphql-http server audit (GraphQL-over-HTTP spec conformance) against one endpoint.
//
//   node tests/js/audit.mjs http://127.0.0.1:8000/graphql
//
// Prints one JSON object: every result (id, name, level, status ok/notice/warn/error, reason, and the
// HTTP status of a failing answer) and, per level (MUST/SHOULD/MAY), how many passed and failed.
// An audit that fails to run at all (a fatal error: the server hung up, say) counts as failed.
import { serverAudits } from 'graphql-http';

const REQUEST_TIMEOUT_MS = 10_000;
const LEVELS = ['MUST', 'SHOULD', 'MAY'];

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint URL>');
  process.exit(2);
}

// Every request is bounded, so a server that never answers fails its audit instead of hanging.
const fetchFn = (input, init = {}) => fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

async function run(audit) {
  const level = audit.name.split(' ')[0];
  try {
    const result = await audit.fn();
    const entry = { id: result.id, name: result.name, level, status: result.status };
    if (result.status !== 'ok') {
      entry.reason = result.reason;
      entry.httpStatus = result.response?.status ?? null;
    }
    return entry;
  } catch (error) {
    return { id: audit.id, name: audit.name, level, status: 'error', reason: `fatal: ${error?.message ?? error}`, httpStatus: null };
  }
}

const results = [];
for (const audit of serverAudits({ url, fetchFn })) {
  results.push(await run(audit));
}
const counts = Object.fromEntries(
  LEVELS.map((level) => {
    const mine = results.filter((r) => r.level === level);
    const passed = mine.filter((r) => r.status === 'ok').length;
    return [level, { passed, failed: mine.length - passed, total: mine.length }];
  }),
);
console.log(JSON.stringify({ url, counts, results }, null, 2));
