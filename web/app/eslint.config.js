// ESLint: TypeScript (type-checked), React hooks, and bulletproof-react's one-way imports
// (docs/project-structure.md): app -> features -> components/hooks/lib/locales, and a feature never
// imports another feature (the app composes them). New features under src/features are covered
// as soon as their folder exists. Text a person reads lives in src/locales, never inline.
import fs from "node:fs";

import js from "@eslint/js";
import importPlugin from "eslint-plugin-import";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const features = fs.readdirSync("src/features", { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const CJK = "/[\\u3400-\\u9fff\\uff00-\\uffef]/";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "src/generated/**", "**/*.generated.ts", "tools/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { import: importPlugin, "react-hooks": reactHooks },
    settings: { "import/resolver": { typescript: { project: "./tsconfig.json" } } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "import/no-cycle": "error",
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            // A feature never imports another feature.
            ...features.map((name) => ({
              target: `./src/features/${name}`,
              from: "./src/features",
              except: [`./${name}`],
              message: "features never import each other: compose them in src/app",
            })),
            // Features, shared code and messages never import the app.
            { target: ["./src/features", "./src/components", "./src/hooks", "./src/lib", "./src/locales"], from: "./src/app", message: "only the app imports the app" },
            // Shared code never imports features.
            { target: ["./src/components", "./src/hooks", "./src/lib", "./src/locales"], from: "./src/features", message: "shared code never imports a feature" },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: `JSXText[value=${CJK}]`, message: "text a person reads comes from src/locales (zh-CN messages), never inline" },
        { selector: `Literal[value=${CJK}]`, message: "text a person reads comes from src/locales (zh-CN messages), never inline" },
        { selector: `TemplateElement[value.raw=${CJK}]`, message: "text a person reads comes from src/locales (zh-CN messages), never inline" },
      ],
    },
  },
  { files: ["src/locales/**"], rules: { "no-restricted-syntax": "off" } },
  { files: ["**/*.js", "**/*.cjs"], ...tseslint.configs.disableTypeChecked },
  { files: ["*.config.{js,ts}", "codegen.ts"], languageOptions: { globals: globals.node } },
);
