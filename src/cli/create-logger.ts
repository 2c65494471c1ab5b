import winston from 'winston';
import type { LogFormat, LogLevel } from '../config/flow-options';
import type { Logger } from '../logger';
import type { ProgressEvent, ProgressSink } from '../apply/progress';

/** The only place winston is built: text for terminals, JSON lines for machines; both on stderr (tests pass another transport). */
export function createLogger(format: LogFormat, level: LogLevel, transport: winston.transport = new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] })): winston.Logger {
  const text = winston.format.printf((info) => {
    const time = new Date().toTimeString().slice(0, 8);
    const line = typeof info['line'] === 'string' ? info['line'] : String(info.message);
    return `[${time}] ${line}`;
  });
  return winston.createLogger({
    level,
    format: format === 'json' ? winston.format.combine(dropLine(), winston.format.timestamp(), winston.format.json()) : text,
    transports: [transport],
  });
}

/** `line` is the terminal rendering; JSON lines carry the structured fields instead. */
const dropLine = winston.format((info) => {
  delete info['line'];
  return info;
});

export function asLogger(w: winston.Logger): Logger {
  return {
    debug: (message, fields) => void w.debug(message, fields),
    info: (message, fields) => void w.info(message, fields),
    warn: (message, fields) => void w.warn(message, fields),
    error: (message, fields) => void w.error(message, fields),
    child: (fields) => asLogger(w.child(fields)),
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Progress → the timeline: `[12:34:58]   ✓ wait until app-green_1 is healthy (6.2s)`. */
export function timelineSink(w: winston.Logger): ProgressSink {
  return (event: ProgressEvent) => {
    const fields = { ...event };
    switch (event.type) {
      case 'plan':
        return void w.info(event.title, { ...fields, line: event.title });
      case 'phase':
        return void w.info(event.title, { ...fields, line: `▸ ${event.title}` });
      case 'step-start':
        return void w.debug(event.step, { ...fields, line: `  … ${event.step}` });
      case 'step-done':
        return void w.info(event.step, { ...fields, line: `  ✓ ${event.step} (${seconds(event.durationMs)})` });
      case 'step-failed':
        return void w.error(event.step, { ...fields, line: `  ✗ ${event.step} (${seconds(event.durationMs)}): ${event.error}` });
      case 'note':
        return void w.warn(event.message, { ...fields, line: `! ${event.message}` });
    }
  };
}
