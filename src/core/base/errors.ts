// What to show of something thrown: Error's message, anything else as text.

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
