/** Runs pushed jobs one after another, in order; a failing job does not stop the next. */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves when this job has run (its own failure is the job's to handle). */
  push(job: () => Promise<void>): Promise<void> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return this.tail;
  }

  /** Resolves once every job pushed so far has run. */
  async idle(): Promise<void> {
    for (;;) {
      const tail = this.tail;
      await tail;
      if (tail === this.tail) return;
    }
  }
}
