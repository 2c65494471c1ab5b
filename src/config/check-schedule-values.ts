import { validateDetailed } from 'node-cron';
import { ConfigError } from '../errors';

export const cronAccepts =
  'a node-cron expression: 5 fields (minute hour day-of-month month day-of-week, e.g. "0 8 * * 1-5") or 6 with seconds first (e.g. "*/2 * * * * *"); '
  + 'fields take *, numbers, ranges (1-5), lists (1,3), steps (*/15) and names (MON-FRI, JAN)';

/** A cron expression as node-cron reads it; a ConfigError naming `key` and node-cron's reason otherwise. */
export function checkCron(key: string, expression: string): string {
  const result = validateDetailed(expression);
  if (!result.valid) {
    const reasons = result.errors.map((e) => (e.field === 'expression' ? e.message : `${e.field}: ${e.message}`)).join('; ');
    throw new ConfigError(key, `"${expression}" is not a valid cron expression (${reasons}); accepted: ${cronAccepts}`, {
      hint: 'e.g. cron: "0 8 * * 1-5" for 08:00 on weekdays, cron: "*/30 * * * * *" for every 30 seconds',
    });
  }
  return expression;
}

/** An IANA time zone name that this machine's Intl knows (`Europe/Paris`, `UTC`). */
export function checkTimezone(key: string, zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    throw new ConfigError(key, `"${zone}" is not a time zone; accepted: an IANA time zone name such as UTC, Europe/Paris or America/New_York`, {
      hint: 'see the "TZ identifier" column of https://en.wikipedia.org/wiki/List_of_tz_database_time_zones, or leave timezone out to use the machine\'s own',
    });
  }
}
