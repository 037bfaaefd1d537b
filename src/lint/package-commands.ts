/**
 * The packages an install command asks for, as written (version pins included), for the source rules that
 * judge the request itself: pin-package-versions, sorted-package-lists, ssh-server.
 */
import { aptSubcommand, aptSubcommandOfWords, words } from './rule-helpers.js';
import { ShellWordReader } from './shell-words.js';

export type PackageManager = 'apt' | 'apk' | 'pip' | 'npm' | 'yum' | 'dnf' | 'zypper' | 'gem';

export interface InstallRequest {
  manager: PackageManager;
  /** Package arguments as written: `curl=7.88.1-10`, `flask==3.0.0`, `left-pad@1.3.0`. */
  packages: string[];
  /** The option words after the subcommand, as written (`-y`, `--no-cache-dir`, `-c`). */
  options: string[];
}

/** Options that take a value word after them, per manager; their value is not a package. */
const VALUE_OPTIONS: Record<PackageManager, string[]> = {
  apt: ['-o', '-t', '--target-release', '-c', '--config-file'],
  apk: ['-t', '--virtual', '-X', '--repository', '--root', '-p', '--arch'],
  pip: ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--src', '--trusted-host'],
  npm: ['--prefix', '--registry', '--tag', '-w', '--workspace'],
  yum: ['--setopt', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '-c'],
  dnf: ['--setopt', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '-c'],
  zypper: ['-r', '--repo', '--from'],
  gem: ['-v', '--version', '-i', '--install-dir', '--source'],
};

/** The manager and subcommand words of a simple command, with leading `sudo`, env assignments and `python -m` removed. */
function commandWords(ws: readonly string[]): readonly string[] {
  let first = 0;
  while (first < ws.length && isPrefixWord(ws[first])) first++;
  if (ws.length - first >= 3 && /^python[0-9.]*$/.test(ws[first]) && ws[first + 1] === '-m') first += 2;
  return first === 0 ? ws : ws.slice(first);
}

const isPrefixWord = (word: string) => word === 'sudo' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word);

/**
 * The word commandWords would put first, read without splitting the rest of the command: most simple
 * commands install nothing, and splitting a 10 MB `echo` into its millions of words for every rule that asks
 * was most of the time lint took on it.
 */
function commandHead(simpleCommand: string): string | undefined {
  const reader = new ShellWordReader(simpleCommand);
  let head = reader.next();
  while (head !== undefined && isPrefixWord(head)) head = reader.next();
  if (head !== undefined && /^python[0-9.]*$/.test(head) && reader.next() === '-m') return reader.next() ?? head;
  return head;
}

function managerOf(word: string | undefined): PackageManager | undefined {
  if (!word) return undefined;
  const name = word.slice(word.lastIndexOf('/') + 1);
  if (name === 'apt-get' || name === 'apt') return 'apt';
  if (/^pip[0-9.]*$/.test(name)) return 'pip';
  if (name === 'microdnf') return 'dnf';
  return (['apk', 'npm', 'yum', 'dnf', 'zypper', 'gem'] as string[]).includes(name) ? (name as PackageManager) : undefined;
}

const INSTALL_SUBCOMMANDS: Record<PackageManager, string[]> = {
  apt: ['install'], apk: ['add'], pip: ['install'], npm: ['install', 'i', 'add'], yum: ['install'], dnf: ['install'], zypper: ['install', 'in'], gem: ['install'],
};

/** The install request of one simple command, or undefined when it installs nothing. */
export function installRequest(simpleCommand: string): InstallRequest | undefined {
  if (!mayInstall(simpleCommand)) return undefined;
  return installRequestOfWords(simpleCommand, words(simpleCommand));
}

/** installRequest's first test: the command's head word names a package manager (read without splitting the rest). */
export function mayInstall(simpleCommand: string): boolean {
  return managerOf(commandHead(simpleCommand)) !== undefined;
}

/** installRequest from the command's words, for a caller that split them already (mayInstall said yes). */
export function installRequestOfWords(simpleCommand: string, allWords: readonly string[]): InstallRequest | undefined {
  const ws = commandWords(allWords);
  const manager = managerOf(ws[0]);
  if (!manager) return undefined;
  const sub = manager === 'apt' ? aptSubcommandOfJoined(simpleCommand, ws) : ws.slice(1).find((w) => !w.startsWith('-'));
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
    // Redirections and the rest of a `cmd > file` belong to the shell.
    if (/^[0-9]*[<>]/.test(w)) break;
    packages.push(w);
  }
  return { manager, packages, options };
}

/**
 * apt's subcommand as it has always been read here: aptSubcommand of the manager words joined by spaces.
 * Without a quote in the command each word is one run of non-spaces, so joining and splitting again gives
 * the same words, and a bare `apt-get`/`apt` first passes aptSubcommand's test at once: the words answer
 * without a second split (lint split every install line three times).
 */
function aptSubcommandOfJoined(simpleCommand: string, ws: readonly string[]): string | undefined {
  if ((ws[0] === 'apt-get' || ws[0] === 'apt') && !simpleCommand.includes('"') && !simpleCommand.includes("'")) return aptSubcommandOfWords(ws);
  return aptSubcommand(ws.join(' '));
}
