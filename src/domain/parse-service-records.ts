import { colors, type Color } from './color';
import { RecordProblem, type RecordFields } from './record-fields';
import type { ReleaseRecord, ReleaseResult, RouteRecord } from './records';

const releaseResults: readonly ReleaseResult[] = ['in-progress', 'succeeded', 'failed', 'rolled-back', 'aborted'];

/** `docker-flow/<service>/releases/<n>` as ReleaseRecord; throws a RecordProblem naming the first field that does not fit. */
export function parseReleaseRecord(fields: RecordFields): ReleaseRecord {
  const finishedAt = fields.optionalString('finishedAt');
  const color = fields.optionalOneOf('color', colors);
  const previousColor = fields.optionalOneOf('previousColor', colors);
  const error = fields.optionalString('error');
  const rollbackTo = fields.optionalInteger('rollbackTo', 1);
  return {
    number: fields.integer('number', 1),
    service: fields.string('service'),
    startedAt: fields.string('startedAt'),
    ...(finishedAt === undefined ? {} : { finishedAt }),
    who: fields.string('who'),
    ...(color === undefined ? {} : { color }),
    ...(previousColor === undefined ? {} : { previousColor }),
    scale: fields.integer('scale', 0),
    images: fields.entries('images', (image) => {
      const id = image.optionalString('id');
      return { image: image.string('image'), ...(id === undefined ? {} : { id }), digests: image.strings('digests') };
    }),
    configHash: fields.string('configHash'),
    hosts: fields.strings('hosts'),
    result: fields.oneOf('result', releaseResults),
    ...(error === undefined ? {} : { error }),
    ...(rollbackTo === undefined ? {} : { rollbackTo }),
  };
}

/** `docker-flow/<service>/route` as RouteRecord (with the route it replaces while switching). */
export function parseRouteRecord(fields: RecordFields): RouteRecord {
  const color = fields.optionalOneOf('color', colors);
  const canary = fields.optionalObject('canary', (c) => ({ color: c.oneOf('color', colors), percent: c.integer('percent', 1), servers: serversOf(c) }));
  const frontendTemplate = fields.optionalString('frontendTemplate');
  const backendTemplate = fields.optionalString('backendTemplate');
  const serverMaxconn = fields.optionalInteger('serverMaxconn', 1);
  const switching = fields.optionalObject('switching', (s) => {
    const previous = s.optionalObject('previous', parseRouteRecord);
    return { since: s.string('since'), ...(previous === undefined ? {} : { previous }) };
  });
  return {
    service: fields.string('service'),
    project: fields.string('project'),
    target: fields.string('target'),
    ...(color === undefined ? {} : { color }),
    paths: fields.strings('paths'),
    port: fields.integer('port', 1),
    servers: serversOf(fields),
    ...(canary === undefined ? {} : { canary }),
    ...(frontendTemplate === undefined ? {} : { frontendTemplate }),
    ...(backendTemplate === undefined ? {} : { backendTemplate }),
    ...(serverMaxconn === undefined ? {} : { serverMaxconn }),
    updatedAt: fields.string('updatedAt'),
    ...(switching === undefined ? {} : { switching }),
  };
}

/** `docker-flow/<service>/color`: blue or green. */
export function parseColorValue(text: string): Color {
  const color = colors.find((c) => c === text);
  if (color === undefined) throw new RecordProblem('', 'blue or green', text);
  return color;
}

/** `docker-flow/<service>/scale`: a whole number of instances, at least 1. */
export function parseScaleValue(text: string): number {
  const scale = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(scale) || scale < 1) throw new RecordProblem('', 'a whole number of at least 1', text);
  return scale;
}

function serversOf(fields: RecordFields): RouteRecord['servers'] {
  return fields.list('servers', (server, value, path) => {
    if (server === undefined) throw new RecordProblem(path, 'an object', value);
    return { name: server.string('name'), host: server.string('host'), address: server.string('address'), port: server.integer('port', 1) };
  });
}
