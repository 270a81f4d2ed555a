import { runDueJobs, type AutomationDeps } from './run-due-jobs.ts';

export type AutomationWorker = {
  /** One pass now (tests and operators); resolves with the number of job steps run. */
  runDueJobs(): Promise<number>;
  stop(): Promise<void>;
};

/**
 * The background worker: a pass every `pollMs`, never two at once in this
 * process. Other processes may run workers too: jobs are claimed with
 * SKIP LOCKED, so each runs once.
 */
export function createAutomationWorker(deps: AutomationDeps & { pollMs: number; start: boolean; log?: (error: unknown) => void }): AutomationWorker {
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const pass = (): Promise<number> => {
    running ??= runDueJobs(deps).finally(() => (running = undefined));
    return running;
  };
  const tick = async () => {
    try {
      await pass();
    } catch (error) {
      deps.log?.(error);
    }
    if (!stopped) timer = setTimeout(tick, deps.pollMs);
  };
  if (deps.start) timer = setTimeout(tick, 0);
  return {
    runDueJobs: pass,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
      deps.mailer?.close();
    },
  };
}
