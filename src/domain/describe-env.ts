/** What --dry-run shows instead of a value that is not marked safe. */
export const redacted = '<redacted>';

/**
 * Variables docker-flow sets itself (SERVICE_NAME, the catalog name; see buildContainerSpec):
 * never a user's value, so always shown.
 */
const ownNames: ReadonlySet<string> = new Set(['SERVICE_NAME']);

const plainValue = /^[\w.,:/@%+-]+$/;

/**
 * A container's environment for --dry-run: every name, sorted; the value only for names in
 * `safe` (x-docker-flow-safe-env), else <redacted>. Values with spaces, quotes or other special
 * characters (and empty ones) are JSON-quoted so the line stays one line and unambiguous.
 * E.g. `DB_PASSWORD=<redacted> LOG_LEVEL=debug`.
 */
export function describeEnv(env: readonly string[], safe: readonly string[]): string {
  const shown = new Set(safe);
  return env
    .map((entry) => {
      const equals = entry.indexOf('=');
      return equals === -1 ? { name: entry, value: '' } : { name: entry.slice(0, equals), value: entry.slice(equals + 1) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, value }) => `${name}=${shown.has(name) || ownNames.has(name) ? quoted(value) : redacted}`)
    .join(' ');
}

function quoted(value: string): string {
  return plainValue.test(value) ? value : JSON.stringify(value);
}
