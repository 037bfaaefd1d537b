import { createRequire } from 'node:module';

const requireBuiltin = createRequire(import.meta.url);
let collect: (() => void) | null | undefined;

/**
 * A full garbage collection, now. Only for a point where a large batch of objects has just died and the next
 * step allocates about as much again: V8 would otherwise grow the heap over the garbage rather than collect it
 * first, and the process's peak memory holds both. Node has no call for this; `--expose-gc` set at run time
 * gives a context made afterwards a `gc` function (what jest's leak detector does), and the flag is cleared
 * again at once. Where that is refused, nothing is done.
 */
export function collectGarbageNow(): void {
  if (collect === undefined) {
    try {
      const v8 = requireBuiltin('node:v8') as typeof import('node:v8');
      const vm = requireBuiltin('node:vm') as typeof import('node:vm');
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
      v8.setFlagsFromString('--no-expose-gc');
    } catch {
      collect = null;
    }
  }
  collect?.();
}
