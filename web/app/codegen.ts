/*
 * GraphQL Code Generator: TypeScript types from our schema (schema.graphql, exported from the server
 * by `python -m api.cli.sdl` and committed; a test fails when it is stale).
 *
 * - src/generated/types.ts: the schema's enums and input types, shared by every feature;
 * - next to each `*.graphql` document in a feature: `*.generated.ts`, its result and variable types
 *   and a typed document node for Apollo (near-operation-file), so each route's chunk carries only
 *   its own documents;
 * - src/generated/enum-labels.ts: the Chinese label of every enum value, read from the schema's
 *   descriptions (lib/labels reads it; it will read the API's labels query instead once there is one).
 *
 * Generated files are not committed: `npm run build` (and typecheck, lint) generate them first.
 */
import type { CodegenConfig } from "@graphql-codegen/cli";

const scalars = { Date: "string" };

const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["src/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/generated/types.ts": {
      plugins: ["typescript"],
      config: { enumsAsTypes: true, onlyOperationTypes: true, scalars, useTypeImports: true },
    },
    "src/generated/enum-labels.ts": {
      plugins: ["./tools/enum-labels.cjs"],
    },
    "src/": {
      preset: "near-operation-file",
      presetConfig: { extension: ".generated.ts", baseTypesPath: "generated/types.ts" },
      plugins: ["typescript-operations", "typed-document-node"],
      config: { enumType: "string-literal", scalars, useTypeImports: true, dedupeFragments: true },
    },
  },
};

export default config;
