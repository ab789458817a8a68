// Type-aware lint: floating and misused promises are errors, because an
// un-awaited stop before a start is exactly the class of bug Go Doctor exists to prevent.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "out/**", "node_modules/**", ".cache/**", "**/*.mjs", "**/*.js"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        // node:test's describe/it return promises that the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["describe", "it", "test", "suite"] },
          ],
        },
      ],
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/restrict-template-expressions": "off",
    },
  },
  {
    // The core is pure: no editor, no CLI, no shell of Go Doctor's own. The
    // architecture test checks the folder order; this rule keeps vscode out.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "vscode", message: "src/core runs without VS Code: pass what it needs in from src/extension." },
          ],
          patterns: [
            { group: ["**/extension/**", "**/cli/**"], message: "src/core must not import the extension or the CLI." },
            {
              group: ["vscode-languageclient", "vscode-languageclient/*"],
              message: "the language client belongs to src/extension.",
            },
          ],
        },
      ],
    },
  },
);
