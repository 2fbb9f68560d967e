/** Exit codes of a run stopped by a signal: 128 + the signal's number, as shells report them. */
export const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** The exit code for a run stopped for `reason` (a signal name; Ctrl-C when unknown). */
export const signalExit = (reason: string | null): number => SIGNAL_EXIT[reason ?? 'SIGINT'] ?? 130;

/**
 * Sends SIGHUP (the terminal went), SIGINT (Ctrl-C) and SIGTERM (a service manager) to `handler`
 * instead of ending the process, until the returned function is called.
 */
export function onStopSignals(handler: (name: NodeJS.Signals) => void): () => void {
  for (const s of Object.keys(SIGNAL_EXIT)) process.on(s, handler);
  return () => {
    for (const s of Object.keys(SIGNAL_EXIT)) process.off(s, handler);
  };
}
