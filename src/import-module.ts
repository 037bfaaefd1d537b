/**
 * `import()` of a module found at run time (a user's rule file, a built-in rule under tsc's output). The one
 * place the code imports by a computed URL: `bin` runs the bundled CLI as a script with V8's code cache, where
 * Node 20 loses the script's `import()` hook once the cache is used ("A dynamic import callback was not
 * specified"), so the bundle replaces this module with a call into bin.js, an ES module (scripts/bundle.mjs).
 */
export function importModule(url: string): Promise<{ default?: unknown }> {
  return import(url) as Promise<{ default?: unknown }>;
}
