import { parseInstanceNumber, parseLogColour, parseSince, parseTail } from '../config/parse-day-two-flags';
import type { FlowContext } from '../flows/flow-context';
import { logsFlow } from '../flows/logs';
import type { LogsFlags } from './day-two-commands';

/** `docker-flow logs`: checks the flags (bad input names the flag), colours prefixes only on a terminal. */
export async function logsCommand(ctx: FlowContext, flags: LogsFlags): Promise<void> {
  const sinceSec = parseSince(flags.since, ctx.clock.now());
  const tail = parseTail(flags.tail);
  const instance = parseInstanceNumber(flags.instance);
  await logsFlow(ctx, {
    follow: flags.follow,
    colour: parseLogColour(flags.colour),
    coloured: process.stdout.isTTY && (process.env['NO_COLOR'] ?? '') === '',
    ...(sinceSec === undefined ? {} : { sinceSec }),
    ...(tail === undefined ? {} : { tail }),
    ...(instance === undefined ? {} : { instance }),
    ...(flags.node === undefined ? {} : { node: flags.node }),
    ...(flags.sideTarget === undefined ? {} : { sideTarget: flags.sideTarget }),
  });
}
