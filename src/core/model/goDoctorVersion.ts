/** Go Doctor's own version; a test keeps it equal to package.json's. */
export const VERSION = "0.1.0";

/**
 * The report's `schemaVersion`. Kept here, not beside the report's schema, so that
 * making a report does not build that schema: the CLI and the extension only need its types.
 */
export const SCHEMA_VERSION = 1;
