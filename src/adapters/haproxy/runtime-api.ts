import type { ProxySlot, RuntimeCommand, SlotAdmin } from '../../domain/proxy-slots';

/** A runtime command as HAProxy's CLI reads it. */
export function commandText(command: RuntimeCommand): string {
  const server = `${command.backend}/${command.slot}`;
  switch (command.kind) {
    case 'addr':
      return `set server ${server} addr ${command.address} port ${command.port}`;
    case 'weight':
      return `set weight ${server} ${command.weight}`;
    case 'state':
      return `set server ${server} state ${command.state}`;
  }
}

/** Puts `version` into the version map the status endpoint reads. */
export function setVersionText(versionMap: string, version: string): string {
  return `set map ${versionMap} version ${version}`;
}

/**
 * HAProxy's refusal in the answer to one `set` command, or undefined when it was done: `set server
 * … addr` answers what changed; the other commands answer nothing when they succeed.
 */
export function refusalOf(command: string, answer: string): string | undefined {
  const text = answer.trim();
  if (/^set server \S+ addr /.test(command)) return /^(IP changed from|no need to change the addr)/.test(text) ? undefined : text || 'no answer';
  return text === '' ? undefined : text;
}

/**
 * The answers of `count` commands sent on one connection separated by `;`: each answer ends with an
 * empty line (an empty answer is just that line). Undefined when the output holds fewer answers.
 */
export function splitAnswers(output: string, count: number): readonly string[] | undefined {
  const answers: string[] = [];
  let position = 0;
  for (let index = 0; index < count; index += 1) {
    if (output.startsWith('\n', position)) {
      answers.push('');
      position += 1;
      continue;
    }
    const end = output.indexOf('\n\n', position);
    if (end < 0) return undefined;
    answers.push(output.slice(position, end + 1));
    position = end + 2;
  }
  return answers;
}

const slotPattern = /^s(\d+)$/;

/** The admin state bits of `show servers state`: any maintenance flag (forced, inherited, resolution), any drain flag. */
function adminState(bits: number): SlotAdmin {
  if ((bits & 0x23) !== 0) return 'maint';
  if ((bits & 0x18) !== 0) return 'drain';
  return 'ready';
}

/**
 * Parses `show servers state [<backend>]` (one or several outputs, each with its `1` and `# be_id …`
 * header) into the slot table of each backend whose servers are all slots `s1`..`sN` in order.
 * Backends with other servers (a custom template, a configuration written before slots) are left out.
 */
export function parseServersState(output: string): ReadonlyMap<string, readonly ProxySlot[]> {
  const rows = new Map<string, ProxySlot[]>();
  const mixed = new Set<string>();
  let columns: readonly string[] = [];
  for (const line of output.split('\n')) {
    if (line.startsWith('# ')) {
      columns = line.slice(2).trim().split(/\s+/);
      continue;
    }
    const fields = line.trim().split(/\s+/);
    if (columns.length === 0 || fields.length < columns.length) continue;
    const field = (name: string): string => fields[columns.indexOf(name)] ?? '';
    const backend = field('be_name');
    const slot = field('srv_name');
    const index = Number(slotPattern.exec(slot)?.[1] ?? 0);
    const table = rows.get(backend) ?? [];
    rows.set(backend, table);
    if (index !== table.length + 1) {
      mixed.add(backend);
      continue;
    }
    const fqdn = field('srv_fqdn');
    table.push({
      name: slot,
      address: fqdn !== '' && fqdn !== '-' ? fqdn : field('srv_addr'),
      port: Number(field('srv_port')),
      weight: Number(field('srv_uweight')),
      admin: adminState(Number(field('srv_admin_state'))),
    });
  }
  for (const backend of mixed) rows.delete(backend);
  return rows;
}
