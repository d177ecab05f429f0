// Apollo Federation v2 against the govgraph subgraph: compose it with a second subgraph and query
// across the two through an Apollo gateway.
//
//   node tests/js/federation.mjs http://127.0.0.1:8000/graphql 101001/000001 SJS-TJJ SJS-EIC
//                                <govgraph subgraph>           <a resource>  <departments…>
//
// 1. fetches govgraph's SDL with `{ _service { sdl } }`;
// 2. starts `staffing`, a subgraph of its own that extends `Department @key(fields: "code")` with
//    `headcount` (see `headcount` below, which the Python test recomputes) and has a root field
//    `staffed(codes:)` whose departments the gateway completes from govgraph (`_entities`);
// 3. composes the supergraph with @apollo/composition (composition errors fail the run, listed);
// 4. runs @apollo/gateway inside @apollo/server and sends it the queries that cross the subgraphs,
//    both ways: govgraph → staffing (`departments`, `resource.provider`), staffing → govgraph (`staffed`);
// 5. prints one JSON object { subgraphs, results } and stops everything.
// Every server binds 127.0.0.1 on a free port; the whole run is bounded by RUN_TIMEOUT_MS.
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

const RUN_TIMEOUT_MS = 45_000;
const REQUEST_TIMEOUT_MS = 10_000;
const LOCAL = { host: '127.0.0.1', port: 0 };

const QUERIES = {
  departments: `{ departments(first: 3) { edges { node { code name headcount } } } }`,
  resource: `query Resource($code: String!) { resource(code: $code) { code name provider { code name headcount } } }`,
  staffed: `query Staffed($codes: [String!]!) { staffed(codes: $codes) { code name headcount } }`,
};

const STAFFING_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Department @key(fields: "code") {
    code: String!
    "Staff numbers (编制数), made up for the test: the sum of the code's code points modulo 1000."
    headcount: Int
  }

  type Query {
    "The departments with these codes, as references: the gateway asks govgraph for the rest."
    staffed(codes: [String!]!): [Department!]!
  }
`;

/** A deterministic headcount for a department code. */
export function headcount(code) {
  let sum = 0;
  for (const ch of code) sum += ch.codePointAt(0);
  return sum % 1000;
}

async function post(url, query, variables = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = await response.json();
  if (!response.ok || body.errors) {
    throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.data;
}

async function staffingSubgraph() {
  const resolvers = {
    Query: {
      staffed: (_, { codes }) => codes.map((code) => ({ code, headcount: headcount(code) })),
    },
    Department: {
      __resolveReference: ({ code }) => ({ code, headcount: headcount(code) }),
    },
  };
  // No inline tracing: it is for Apollo's usage reporting, and it announces itself on stdout.
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(STAFFING_SDL), resolvers }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: LOCAL });
  return { server, url };
}

function compose(subgraphs) {
  const composed = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (composed.errors) {
    const listed = composed.errors.map((e) => `- ${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n');
    throw new Error(`composition failed:\n${listed}`);
  }
  for (const hint of composed.hints ?? []) console.error(`composition hint: ${hint.toString()}`);
  return composed.supergraphSdl;
}

async function main(ourUrl, resourceCode, departmentCodes) {
  const stops = [];
  try {
    const ourSdl = (await post(ourUrl, '{ _service { sdl } }'))._service.sdl;
    const staffing = await staffingSubgraph();
    stops.push(() => staffing.server.stop());
    const subgraphs = [
      { name: 'govgraph', url: ourUrl, sdl: ourSdl },
      { name: 'staffing', url: staffing.url, sdl: STAFFING_SDL },
    ];
    const supergraphSdl = compose(subgraphs);
    const gateway = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
    const { url: gatewayUrl } = await startStandaloneServer(gateway, { listen: LOCAL });
    stops.push(() => gateway.stop());
    const results = {
      departments: await post(gatewayUrl, QUERIES.departments),
      resource: await post(gatewayUrl, QUERIES.resource, { code: resourceCode }),
      staffed: await post(gatewayUrl, QUERIES.staffed, { codes: departmentCodes }),
    };
    return { subgraphs: subgraphs.map(({ name, url }) => ({ name, url })), results };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

const [ourUrl, resourceCode, ...departmentCodes] = process.argv.slice(2);
if (!ourUrl || !resourceCode) {
  console.error('usage: node federation.mjs <govgraph subgraph URL> <resource code> [department code…]');
  process.exit(2);
}
const watchdog = setTimeout(() => {
  console.error(`federation: gave up after ${RUN_TIMEOUT_MS} ms`);
  process.exit(1);
}, RUN_TIMEOUT_MS);
watchdog.unref();
try {
  console.log(JSON.stringify(await main(ourUrl, resourceCode, departmentCodes), null, 2));
} catch (error) {
  console.error(error?.stack ?? String(error));
  process.exitCode = 1;
}
