/**
 * Issue 16: an install line was split into words three times (installRequest, then apt's subcommand of the
 * joined manager words, then apt's subcommand again for the RUN's facts); now it is split once, and a RUN
 * command no other shares keeps its facts in a small object of its own. What the rules read must not change:
 * installRequest, aptSubcommand and every sourceRuns command (shared ones and, past the first 10,000 lines,
 * unshared ones) are compared here with the RegExp forms they replaced, on random commands. No timing asserted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { installRequest } from '../../src/lint/package-commands.js';
import { aptSubcommand } from '../../src/lint/rule-helpers.js';
import { sourceRuns } from '../../src/lint/source-runs.js';
import { seededPieces } from '../seeded-random.js';

// The RegExp forms, as they were.
const oldWords = (text: string) => (text.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ''));
const APT = /^(?:sudo\s+)?(?:[A-Z_]+=\S+\s+)*(apt-get|apt)\b/;
function oldAptSubcommand(text: string): string | undefined {
  if (!APT.test(text)) return undefined;
  const ws = oldWords(text).filter((w) => !w.includes('=') || w.startsWith('-'));
  const at = ws.findIndex((w) => w === 'apt-get' || w === 'apt');
  return ws.slice(at + 1).find((w) => !w.startsWith('-'));
}
const VALUE_OPTIONS: Record<string, string[]> = {
  apt: ['-o', '-t', '--target-release', '-c', '--config-file'],
  apk: ['-t', '--virtual', '-X', '--repository', '--root', '-p', '--arch'],
  pip: ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--src', '--trusted-host'],
  npm: ['--prefix', '--registry', '--tag', '-w', '--workspace'],
  yum: ['--setopt', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '-c'],
  dnf: ['--setopt', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '-c'],
  zypper: ['-r', '--repo', '--from'],
  gem: ['-v', '--version', '-i', '--install-dir', '--source'],
};
const INSTALL_SUBCOMMANDS: Record<string, string[]> = { apt: ['install'], apk: ['add'], pip: ['install'], npm: ['install', 'i', 'add'], yum: ['install'], dnf: ['install'], zypper: ['install', 'in'], gem: ['install'] };
const isPrefixWord = (word: string) => word === 'sudo' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word);
function oldManagerOf(word: string | undefined): string | undefined {
  if (!word) return undefined;
  const name = word.slice(word.lastIndexOf('/') + 1);
  if (name === 'apt-get' || name === 'apt') return 'apt';
  if (/^pip[0-9.]*$/.test(name)) return 'pip';
  if (name === 'microdnf') return 'dnf';
  return ['apk', 'npm', 'yum', 'dnf', 'zypper', 'gem'].includes(name) ? name : undefined;
}
function oldInstallRequest(text: string) {
  const all = oldWords(text);
  let first = 0;
  while (first < all.length && isPrefixWord(all[first])) first++;
  if (all.length - first >= 3 && /^python[0-9.]*$/.test(all[first]) && all[first + 1] === '-m') first += 2;
  const ws = all.slice(first);
  const manager = oldManagerOf(ws[0]);
  if (!manager) return undefined;
  const sub = manager === 'apt' ? oldAptSubcommand(ws.join(' ')) : ws.slice(1).find((w) => !w.startsWith('-'));
  if (!sub || !INSTALL_SUBCOMMANDS[manager].includes(sub)) return undefined;
  const args = ws.slice(ws.indexOf(sub) + 1);
  const packages: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w.startsWith('-')) {
      options.push(w);
      if (!w.includes('=') && VALUE_OPTIONS[manager].includes(w)) i++;
      continue;
    }
    if (/^[0-9]*[<>]/.test(w)) break;
    packages.push(w);
  }
  return { manager, packages, options };
}

/** Pieces of install-like commands: prefixes, managers bare and with paths, subcommands, then anything. */
const PREFIXES = ['sudo ', 'A=1 ', 'DEBIAN_FRONTEND=x ', 'python3 -m ', ' ', '\t', '"', "'"];
const MANAGERS = ['apt-get', 'apt', '/usr/bin/apt-get', 'apk', 'pip', 'pip3', 'npm', 'gem', 'zypper', '"apt-get"'];
const SUBCOMMANDS = [' install', ' add', ' update', ' i', ' -y', ' -o x', ' "install', " 'install'", ' in'];
const PIECES = ['apt-get', 'apt', 'install', '-y', '-o', '-t', '--no-install-recommends', '--opt=x', 'curl', 'git=1.2', 'x', '>', '2>', ' ', ' ', ' ', '  ', '\t', '\u00a0', '"', "'", '"a b"', "'c d'", '=', '$V', '\0'];

/** A random command, most of them installs or nearly. */
function randomCommands(seed: number): () => string {
  const pick = seededPieces(seed);
  return () => pick(PREFIXES, 3) + pick(MANAGERS, 2) + pick(SUBCOMMANDS, 2) + ' ' + pick(PIECES, 8);
}

test('installRequest and aptSubcommand answer as the RegExp forms did (100,000 random commands)', () => {
  const next = randomCommands(1620);
  let installs = 0;
  for (let i = 0; i < 100_000; i++) {
    const text = next().trim();
    const expected = oldInstallRequest(text);
    if (expected) installs++;
    assert.deepEqual(installRequest(text), expected, JSON.stringify(text));
    assert.equal(aptSubcommand(text), oldAptSubcommand(text), JSON.stringify(text));
  }
  assert.ok(installs > 5_000, `only ${installs} installs: the comparison says little`);
});

/** Every command of every RUN against the RegExp forms; returns how many installs and unshared commands it saw. */
function compareRuns(source: string): { installs: number; unshared: number } {
  let installs = 0;
  let unshared = 0;
  for (const { commands } of sourceRuns(parseDockerfile(source))) {
    for (const command of commands) {
      if (!Object.prototype.hasOwnProperty.call(command, 'apt')) unshared++;
      const expected = oldInstallRequest(command.text);
      if (expected) installs++;
      assert.equal(command.apt, oldAptSubcommand(command.text), JSON.stringify(command.text));
      const install = command.install;
      assert.deepEqual(install && { manager: install.manager, packages: [...install.packages], options: [...install.options] }, expected, JSON.stringify(command.text));
    }
  }
  return { installs, unshared };
}

const randomRuns = (seed: number, count: number) => {
  const next = randomCommands(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(`RUN ${next().replace(/\0/g, '')}${i % 3 === 0 ? '' : ` && apt-get install -y p${i}`}\n`);
  return lines.join('');
};

test('sourceRuns commands say what the RegExp forms said: shared ones (5,000 random RUN lines)', () => {
  const { installs, unshared } = compareRuns('FROM debian:12\n' + randomRuns(1621, 5_000));
  assert.equal(unshared, 0);
  assert.ok(installs > 1_500, `only ${installs} installs: the comparison says little`);
});

test('sourceRuns commands say what the RegExp forms said: unshared ones, past 10,000 lines that never repeat (20,000 random RUN lines)', () => {
  let filler = '';
  for (let i = 0; i < 10_000; i++) filler += `RUN echo ${i}\n`;
  const { installs, unshared } = compareRuns('FROM debian:12\n' + filler + randomRuns(1622, 20_000));
  assert.ok(unshared > 20_000, `only ${unshared} unshared commands`);
  assert.ok(installs > 6_000, `only ${installs} installs: the comparison says little`);
});
