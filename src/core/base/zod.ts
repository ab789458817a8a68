// zod for all of src/core: the tree-shakable zod/mini API, with English messages.
// zod/mini sets no locale of its own (its messages would all be "Invalid input");
// classic zod configured English on import. Import as `import * as z from "./zod"`:
// a namespace import is what lets the bundler drop the parts of zod nobody uses.

import { en } from "zod/locales";
import { config } from "zod/mini";
import type { output, ZodMiniType } from "zod/mini";

config(en());

export * from "zod/mini";

/** Outside JSON text read through `schema`: undefined when it is not JSON, or not of that shape. */
export function parseJsonAs<S extends ZodMiniType>(schema: S, text: string): output<S> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
