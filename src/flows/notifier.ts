import { postWebhook } from '../adapters/webhook/post-webhook';
import type { PostWebhook } from '../ports/post-webhook';
import type { Clock } from '../clock';
import { notificationPayload, redactUrl, retryDelayMs, type CanaryReport, type NotificationEvent } from '../domain/notification';
import type { ReleaseFacts } from '../domain/release-facts';
import type { Logger } from '../logger';
import type { FlowContext } from './flow-context';
import { messageOf } from '../errors';

/**
 * Deploy and rollback events to the webhooks of `notify:`. Deliveries run in the background, in
 * order per webhook, with a timeout and retries; they never fail or hold up a release.
 */
export interface Notifier {
  /** Queues the event for every webhook and returns at once. */
  notify(event: NotificationEvent, facts: ReleaseFacts, error?: string, canary?: CanaryReport): void;
  /** Waits up to `maxMs` for queued deliveries, then gives up on the rest with a warning. Never throws. */
  settle(maxMs: number): Promise<void>;
}

export interface NotifierOptions {
  readonly webhooks: readonly string[];
  readonly timeoutMs: number;
  readonly retries: number;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly post?: PostWebhook;
}

export function createNotifier(options: NotifierOptions): Notifier {
  const post = options.post ?? postWebhook;
  const stop = new AbortController();
  const queues = new Map<string, Promise<void>>(options.webhooks.map((url) => [url, Promise.resolve()]));
  let pending = 0;

  const deliver = async (url: string, event: NotificationEvent, body: unknown): Promise<void> => {
    const where = redactUrl(url);
    for (let attempt = 0; attempt <= options.retries; attempt += 1) {
      if (stop.signal.aborted) return;
      try {
        await post(url, body, options.timeoutMs, stop.signal);
        options.logger.debug(`webhook ${where} got ${event}`, { webhook: where, event, attempt: attempt + 1 });
        return;
      } catch (error) {
        if (stop.signal.aborted) return;
        const reason = messageOf(error);
        if (attempt === options.retries) {
          options.logger.warn(`webhook ${where} did not get ${event} after ${attempt + 1} attempt${attempt === 0 ? '' : 's'}: ${reason}`, { webhook: where, event });
          return;
        }
        options.logger.debug(`webhook ${where}: ${reason}; retrying`, { webhook: where, event, attempt: attempt + 1 });
        await options.clock.sleep(retryDelayMs(attempt), stop.signal).catch(() => undefined);
      }
    }
  };

  return {
    notify(event, facts, error, canary) {
      const body = notificationPayload(event, facts, new Date(options.clock.now()).toISOString(), error, canary);
      for (const [url, queue] of queues) {
        pending += 1;
        const next = queue.then(() => deliver(url, event, body)).catch(() => undefined).finally(() => (pending -= 1));
        queues.set(url, next);
      }
    },
    async settle(maxMs) {
      if (pending === 0) return;
      const timer = new AbortController();
      const allDone = Promise.all([...queues.values()]).then(() => true);
      const timeUp = options.clock.sleep(maxMs, timer.signal).then(() => false, () => false);
      const finished = await Promise.race([allDone, timeUp]);
      timer.abort();
      if (finished) return;
      options.logger.warn(`gave up waiting for ${pending} webhook deliver${pending === 1 ? 'y' : 'ies'} after ${Math.round(maxMs / 100) / 10}s; the release is not affected`);
      stop.abort();
    },
  };
}

/** The notifier of a command: the webhooks, timeout and retries of its options. */
export function notifierFor(ctx: FlowContext): Notifier {
  return createNotifier({
    webhooks: ctx.options.notifyWebhooks,
    timeoutMs: ctx.options.notifyTimeoutMs,
    retries: ctx.options.notifyRetries,
    logger: ctx.logger.child({ component: 'notify' }),
    clock: ctx.clock,
  });
}

/**
 * Sends one event and waits (bounded by the notify timeout) for its delivery: for flows that send a
 * single event, such as rollback. Never throws.
 */
export async function notifyEvent(ctx: FlowContext, event: NotificationEvent, facts: ReleaseFacts, error?: string): Promise<void> {
  const notifier = notifierFor(ctx);
  notifier.notify(event, facts, error);
  await notifier.settle(ctx.options.notifyTimeoutMs);
}
