/** Trailing spaces and blank lines removed (HAProxy ignores them), so custom output sits cleanly in its section. */
export function tidySnippet(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n');
}
