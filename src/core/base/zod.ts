// zod for all of src/core: the tree-shakable zod/mini API, with English messages.
// zod/mini sets no locale of its own (its messages would all be "Invalid input");
// classic zod configured English on import. Import as `import * as z from "./zod"`:
// a namespace import is what lets the bundler drop the parts of zod nobody uses.

import { en } from "zod/locales";
import { config } from "zod/mini";

config(en());

export * from "zod/mini";
