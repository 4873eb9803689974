// Everything a run starts registers how to undo it here, so errors and Ctrl-C leave no process, queue or database behind.

type Undo = { what: string; run: () => Promise<void> | void };

const stack: Undo[] = [];
/** Synchronous last resorts (kill children) for when the process exits before the async undo ran. */
const onExit = new Set<() => void>();

export function deferCleanup(what: string, run: () => Promise<void> | void): () => Promise<void> {
  const undo: Undo = { what, run };
  stack.push(undo);
  // Undoing early (the normal path) removes it from the stack, so it runs once.
  return async () => {
    const i = stack.indexOf(undo);
    if (i < 0) return;
    stack.splice(i, 1);
    await undo.run();
  };
}

export function killOnExit(kill: () => void): () => void {
  onExit.add(kill);
  return () => onExit.delete(kill);
}

/** Undoes everything still registered, newest first; one failure does not stop the rest. */
export async function cleanupAll(log: (msg: string) => void): Promise<void> {
  while (stack.length) {
    const undo = stack.pop()!;
    try {
      await undo.run();
    } catch (e) {
      log(`cleanup of ${undo.what} failed: ${(e as Error).message}`);
    }
  }
}

process.on('exit', () => {
  for (const kill of onExit) {
    try {
      kill();
    } catch {
      /* the process is gone already */
    }
  }
});
