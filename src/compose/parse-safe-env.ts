import type { ComposeLocation } from './compose-location';
import { describeValue } from './raw-value';

/** The service extension key listing environment variables whose values may be shown. */
export const safeEnvKey = 'x-docker-flow-safe-env';

const namePattern = /^[^\s=]+$/;
const accepted = `write ${safeEnvKey}: [LOG_LEVEL, PORT], a list of variable names whose values --dry-run may show`;

/**
 * `x-docker-flow-safe-env: [NAME, ...]` → the names, sorted and without duplicates. Every other
 * environment value (environment: and env_file:) is shown as <redacted>.
 */
export function parseSafeEnv(value: unknown, where: ComposeLocation): string[] {
  if (!Array.isArray(value)) throw where.error(`must be a list of variable names, found ${describeValue(value)}`, accepted);
  const names = value.map((item: unknown, index) => {
    const at = where.item(index);
    if (typeof item !== 'string') throw at.error(`must be a variable name, found ${describeValue(item)}`, accepted);
    const equals = item.indexOf('=');
    if (equals > 0) {
      throw at.error(`"${item}" is not a variable name: it has a value`, `write only the name (${item.slice(0, equals)}); the value comes from environment: or env_file:`);
    }
    if (!namePattern.test(item)) throw at.error(`${describeValue(item)} is not a variable name (empty, or with a space or "=")`, accepted);
    return item;
  });
  return [...new Set(names)].sort();
}
