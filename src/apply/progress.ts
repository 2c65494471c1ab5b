/** Progress of a running plan: the CLI turns these into the terminal timeline or JSON log lines. */
export type ProgressEvent =
  | { readonly type: 'plan'; readonly title: string }
  | { readonly type: 'phase'; readonly title: string }
  | { readonly type: 'step-start'; readonly step: string }
  | { readonly type: 'step-done'; readonly step: string; readonly durationMs: number }
  | { readonly type: 'step-failed'; readonly step: string; readonly durationMs: number; readonly error: string }
  | { readonly type: 'note'; readonly message: string };

export type ProgressSink = (event: ProgressEvent) => void;

export const ignoreProgress: ProgressSink = () => undefined;
