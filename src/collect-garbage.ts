import { createRequire } from 'node:module';

const requireBuiltin = createRequire(import.meta.url);
let collect: (() => void) | null | undefined;

/**
 * A full garbage collection, now. Only for a point where a large batch of objects has just died and the next
 * step allocates about as much again: V8 would otherwise grow the heap over the garbage rather than collect it
 * first, and the process's peak memory holds both. Node has no call for this: a process started with
 * `--expose-gc` has `gc`; otherwise `--expose-gc` set at run time gives a context made afterwards a `gc`
 * function (what jest's leak detector does), and the flag is cleared again at once. Where that is refused,
 * nothing is done.
 */
export function collectGarbageNow(): void {
  if (collect === undefined) collect = exposedGc();
  collect?.();
}

function exposedGc(): (() => void) | null {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as () => void;
  try {
    const v8 = requireBuiltin('node:v8') as typeof import('node:v8');
    const vm = requireBuiltin('node:vm') as typeof import('node:vm');
    v8.setFlagsFromString('--expose-gc');
    try {
      const gc = vm.runInNewContext('gc') as unknown;
      return typeof gc === 'function' ? (gc as () => void) : null;
    } finally {
      v8.setFlagsFromString('--no-expose-gc');
    }
  } catch {
    return null;
  }
}
