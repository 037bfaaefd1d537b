/**
 * The build `bin` runs, bundled by esbuild into dist/bundle/cli/. Node 20 loads ~250 separate ES modules (yargs
 * alone is dozens) far more slowly than a few files: issue 13's start-up target needs this. Tests keep using
 * tsc's output under dist/src; test/cli runs this bundle, since it is what users run.
 *
 * - main.cjs: the whole CLI (src/cli/main.ts) as one CommonJS file. bin.js (src/cli/bundle-bin.ts) runs it with
 *   V8's code cache, which Node 20 offers for scripts but not for ES modules: a run with the cache skips
 *   compiling what the first run compiled. One file loads faster than the ES-module chunks it replaces, even
 *   without the cache, though it holds every command (docs/benchmarks.md, "Start-up", third pass).
 * - layer-scan-worker.js and digest-worker.js: the worker threads' entry points, ES modules sharing chunks.
 *
 * The output sits two levels under dist/ like dist/src/<dir>/, so the paths modules resolve from their own URL
 * still hold: ../../rules/ (the built-in rules' directory, named in error messages), ../../../package.json (the version), and ./layer-scan-worker.js and ./digest-worker.js (entry points here too).
 */
import { build } from 'esbuild';
import { chmodSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The built-in rules bundled with the code that loads them. src/lint/builtin-rule-modules.ts imports each
 * compiled rule file of dist/rules/ by itself; here that module is replaced by one importing the same files
 * (rules/*.ts, as tsc compiles them), listed when the bundle is built, so a run loads no rule module of its
 * own and no copy of the src/ modules they import (importing them one by one cost a small image's analysis
 * more than the analysis). They land in the chunks of the commands that load rules, which import them
 * anyway. Adding a rule is still adding a file: the next build lists it.
 */
const builtinRules = {
  name: 'builtin-rules',
  setup(build) {
    const rulesDir = resolve('rules');
    const names = () => readdirSync(rulesDir, { withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.d.ts'))
      .map((d) => d.name.slice(0, -'.ts'.length))
      .sort((a, b) => (`${a}.js` < `${b}.js` ? -1 : `${a}.js` > `${b}.js` ? 1 : 0));
    build.onLoad({ filter: /[\\/]src[\\/]lint[\\/]builtin-rule-modules\.ts$/ }, () => ({
      contents: [
        "import { fileURLToPath } from 'node:url';",
        "export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));",
        "import * as all from 'tsimage:builtin-rules';",
        'export function builtinRuleModules() {',
        '  return [',
        ...names().map((name, i) => `    { file: BUILTIN_RULES_DIR + ${JSON.stringify(`${name}.js`)}, load: async () => all.r${i} },`),
        '  ];',
        '}',
      ].join('\n'),
      loader: 'js',
      resolveDir: resolve('src/lint'),
    }));
    build.onResolve({ filter: /^tsimage:builtin-rules$/ }, () => ({ path: 'builtin-rules', namespace: 'tsimage-rules' }));
    build.onLoad({ filter: /.*/, namespace: 'tsimage-rules' }, () => ({
      contents: names().map((name, i) => `export * as r${i} from ${JSON.stringify(`./${name}.ts`)};`).join('\n'),
      resolveDir: rulesDir,
      loader: 'js',
    }));
  },
};

/**
 * yargs and cliui measure text with string-width, whose module body builds an Intl.Segmenter (ICU's break
 * data, ~10 ms) and Unicode-property regular expressions (\\p{RGI_Emoji} alone takes ~20 ms to parse): 30 ms
 * of every run, though only help and error text are ever measured. Here the module body runs on the first
 * call instead: imports stay at the top, the rest moves into a function that returns stringWidth. A version
 * of the module this does not fit is bundled as it is (slower, same output).
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(build) {
    build.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      if (!source.includes('export default')) return undefined; // the CommonJS version cli-table3 uses: no such work
      const lines = source.split('\n');
      const imports = lines.filter((l) => /^import .* from '[^']+';$/.test(l));
      const body = lines.filter((l) => !imports.includes(l)).join('\n');
      const head = 'export default function stringWidth(';
      const fits = body.split(head).length === 2 && !/^\s*(import|export)\b/m.test(body.replace(head, ''));
      if (!fits) {
        console.warn(`bundle: ${path} does not have the expected shape; bundled as it is`);
        return undefined;
      }
      return {
        contents: [
          ...imports,
          'let lazyStringWidth;',
          'export default function stringWidth(...args) { return (lazyStringWidth ??= loadStringWidth())(...args); }',
          'function loadStringWidth() {',
          body.replace(head, 'return function stringWidth('),
          '}',
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

/**
 * yargs' factory registers --version with a version it guesses by walking up from a directory for a
 * package.json, reading directories on every run; main.ts always sets the version itself, so the bundled
 * factory skips the guess. Unpatched (another yargs version), the walk only costs its time.
 */
const noVersionGuess = {
  name: 'no-version-guess',
  setup(build) {
    build.onLoad({ filter: /[\\/]yargs[\\/]build[\\/]lib[\\/]yargs-factory\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const call = '        yargs.help();\n        yargs.version();\n';
      if (source.split(call).length !== 2) {
        console.warn(`bundle: ${path} does not have the expected shape; bundled as it is`);
        return undefined;
      }
      return { contents: source.replace(call, '        yargs.help();\n'), loader: 'js' };
    });
  },
};

/**
 * In main.cjs, src/import-module.ts calls the `import()` bin.js hands in (src/cli/code-cache.ts): a script
 * run from V8's code cache has no `import()` of its own in Node 20.
 */
const importFromBin = {
  name: 'import-from-bin',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]import-module\.ts$/ }, () => ({
      contents: 'export function importModule(url) { return __importModule(url); }',
      loader: 'js',
    }));
  },
};

const outdir = 'dist/bundle/cli';
rmSync(outdir, { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  format: 'cjs',
  outfile: `${outdir}/main.cjs`,
  plugins: [builtinRules, lazyStringWidth, noVersionGuess, importFromBin],
  // The modules find files beside them from their own URL; code-cache.ts passes the bundle's as a parameter.
  define: { 'import.meta.url': '__importMetaUrl' },
});
// An `import()` left in main.cjs would fail at run time once the code cache is used: refuse to build one.
const leftImports = readFileSync(`${outdir}/main.cjs`, 'utf8').match(/(?<![\w$.])import\s*\(/g);
if (leftImports) throw new Error(`bundle: ${outdir}/main.cjs calls import() ${leftImports.length} time(s); route it through src/import-module.ts`);
await build({
  ...common,
  entryPoints: ['src/cli/bundle-bin.ts'],
  format: 'esm',
  outfile: `${outdir}/bin.js`,
});
await build({
  ...common,
  entryPoints: ['src/archive/layer-scan-worker.ts', 'src/archive/cache/digest-worker.ts'],
  splitting: true,
  format: 'esm',
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  // CommonJS dependencies call require(); an ES module has none unless it makes one.
  banner: { js: "import { createRequire as __tsimageCreateRequire } from 'node:module'; const require = __tsimageCreateRequire(import.meta.url);" },
});
chmodSync(`${outdir}/bin.js`, 0o755);
