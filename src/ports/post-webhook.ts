/** One webhook delivery attempt; throws when it did not get a 2xx answer in time (adapters/webhook/post-webhook.ts). */
export type PostWebhook = (url: string, body: unknown, timeoutMs: number, signal: AbortSignal) => Promise<void>;
