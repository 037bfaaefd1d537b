import semver from 'semver';
import { coerceVersion } from './knowledge.js';
import type { FileTree } from '../../image/filesystem.js';
import type { InstalledPackage, RuntimeInfo } from './types.js';

export interface RuntimeInputs {
  tree: FileTree;
  env: string[];
  readText: (path: string) => string | undefined;
  packages: InstalledPackage[];
}

function envValue(env: string[], name: string): string | undefined {
  const entry = env.find((e) => e.startsWith(`${name}=`));
  return entry ? entry.slice(name.length + 1) : undefined;
}

function childNames(tree: FileTree, dir: string): string[] {
  const node = tree.resolve(dir)?.node;
  return node?.children ? [...node.children.keys()] : [];
}

function exists(tree: FileTree, path: string): boolean {
  return tree.resolve(path) !== undefined;
}

function firstExisting(tree: FileTree, paths: string[]): string | undefined {
  return paths.find((p) => exists(tree, p));
}

function major(version: string | undefined, parts = 1): string | undefined {
  const m = /(\d+(?:\.\d+)*)/.exec(version ?? '');
  return m ? m[1].split('.').slice(0, parts).join('.') : undefined;
}

function pkgVersion(packages: InstalledPackage[], pattern: RegExp): { name: string; version: string } | undefined {
  const p = packages.find((x) => pattern.test(x.name));
  return p ? { name: p.name, version: p.version.replace(/^\d+:/, '') } : undefined;
}

function node(i: RuntimeInputs): RuntimeInfo | undefined {
  const path = firstExisting(i.tree, ['usr/local/bin/node', 'usr/bin/node', 'nodejs/bin/node']);
  if (!path) return undefined;
  const env = envValue(i.env, 'NODE_VERSION');
  if (env) return { name: 'node', version: env, major: major(env), path, evidence: 'NODE_VERSION' };
  const header = i.readText('usr/local/include/node/node_version.h');
  const m = header && /NODE_MAJOR_VERSION (\d+)[\s\S]*?NODE_MINOR_VERSION (\d+)[\s\S]*?NODE_PATCH_VERSION (\d+)/.exec(header);
  if (m) return { name: 'node', version: `${m[1]}.${m[2]}.${m[3]}`, major: m[1], path, evidence: '/usr/local/include/node/node_version.h' };
  const pkg = pkgVersion(i.packages, /^nodejs$/);
  if (pkg) return { name: 'node', version: pkg.version, major: major(pkg.version), path, evidence: `package ${pkg.name}` };
  return { name: 'node', path, evidence: `/${path}` };
}

function python(i: RuntimeInputs): RuntimeInfo | undefined {
  // The stdlib directory names the minor version (`python3.12`), whichever way Python was installed.
  for (const dir of ['usr/local/lib', 'usr/lib']) {
    const versions = childNames(i.tree, dir)
      .map((n) => /^python(\d+\.\d+)$/.exec(n)?.[1])
      .filter((v): v is string => !!v && exists(i.tree, `${dir}/python${v}/os.py`));
    if (!versions.length) continue;
    const minor = versions.sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]))[0];
    const env = envValue(i.env, 'PYTHON_VERSION');
    const path = `${dir}/python${minor}`;
    if (env && env.startsWith(minor)) return { name: 'python', version: env, major: minor, path, evidence: 'PYTHON_VERSION' };
    return { name: 'python', version: minor, major: minor, path, evidence: `/${path}/` };
  }
  return undefined;
}

function java(i: RuntimeInputs): RuntimeInfo | undefined {
  const homes = ['opt/java/openjdk', ...childNames(i.tree, 'usr/lib/jvm').map((n) => `usr/lib/jvm/${n}`)];
  for (const home of homes) {
    if (!exists(i.tree, `${home}/bin/java`)) continue;
    const release = i.readText(`${home}/release`);
    const v = release && /^JAVA_VERSION="?([^"\n]+)"?/m.exec(release)?.[1];
    if (v) return { name: 'java', version: v, major: javaMajor(v), path: `${home}/bin/java`, evidence: `/${home}/release` };
    const env = envValue(i.env, 'JAVA_VERSION');
    if (env) return { name: 'java', version: env.replace(/^jdk-?/, ''), major: javaMajor(env.replace(/^jdk-?/, '')), path: `${home}/bin/java`, evidence: 'JAVA_VERSION' };
    const fromDir = /(?:java-|jdk-?|openjdk-?)(\d+)/.exec(home)?.[1];
    return { name: 'java', version: fromDir, major: fromDir, path: `${home}/bin/java`, evidence: `/${home}` };
  }
  return undefined;
}

/** `1.8.0_392` is Java 8; from 9 on the first number is the major. */
export function javaMajor(version: string): string | undefined {
  const m = /^(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) return undefined;
  return m[1] === '1' && m[2] ? m[2] : m[1];
}

function go(i: RuntimeInputs): RuntimeInfo | undefined {
  if (!exists(i.tree, 'usr/local/go/bin/go')) return undefined;
  const file = i.readText('usr/local/go/VERSION')?.split('\n')[0].trim();
  const version = file?.replace(/^go/, '') ?? envValue(i.env, 'GOLANG_VERSION');
  return { name: 'go', version, major: major(version, 2), path: 'usr/local/go/bin/go', evidence: file ? '/usr/local/go/VERSION' : 'GOLANG_VERSION' };
}

function ruby(i: RuntimeInputs): RuntimeInfo | undefined {
  const path = firstExisting(i.tree, ['usr/local/bin/ruby', 'usr/bin/ruby']);
  if (!path) return undefined;
  const env = envValue(i.env, 'RUBY_VERSION');
  if (env) return { name: 'ruby', version: env, major: major(env, 2), path, evidence: 'RUBY_VERSION' };
  const abi = [...childNames(i.tree, 'usr/local/lib/ruby'), ...childNames(i.tree, 'usr/lib/ruby')].find((n) => /^\d+\.\d+\.\d+$/.test(n));
  return { name: 'ruby', version: abi ? major(abi, 2) : undefined, major: abi ? major(abi, 2) : undefined, path, evidence: abi ? `ruby ABI directory ${abi}` : `/${path}` };
}

function dotnet(i: RuntimeInputs): RuntimeInfo | undefined {
  for (const root of ['usr/share/dotnet', 'usr/lib/dotnet']) {
    const versions = childNames(i.tree, `${root}/shared/Microsoft.NETCore.App`).filter((n) => /^\d+\.\d+\.\d+/.test(n));
    if (!versions.length) continue;
    // By version, not by text: 8.0.10 is newer than 8.0.2.
    const version = versions.sort((a, b) => semver.compare(coerceVersion(a) ?? '0.0.0', coerceVersion(b) ?? '0.0.0')).at(-1)!;
    return { name: 'dotnet', version, major: major(version), path: `${root}/shared/Microsoft.NETCore.App/${version}`, evidence: 'Microsoft.NETCore.App directory' };
  }
  return undefined;
}

function php(i: RuntimeInputs): RuntimeInfo | undefined {
  const path = firstExisting(i.tree, ['usr/local/bin/php', 'usr/bin/php']);
  if (!path) return undefined;
  const env = envValue(i.env, 'PHP_VERSION');
  if (env) return { name: 'php', version: env, major: major(env, 2), path, evidence: 'PHP_VERSION' };
  const pkg = pkgVersion(i.packages, /^php\d+(\.\d+)?(-cli)?$/);
  return { name: 'php', version: pkg?.version, major: major(pkg?.version, 2), path, evidence: pkg ? `package ${pkg.name}` : `/${path}` };
}

/** Language runtimes present in the final filesystem, with the version their files or env show. */
export function detectRuntimes(inputs: RuntimeInputs): RuntimeInfo[] {
  return [node, python, java, go, ruby, dotnet, php].map((detect) => detect(inputs)).filter((r): r is RuntimeInfo => r !== undefined);
}
