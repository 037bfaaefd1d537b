import chalk from 'chalk';
import { isLibcSwitch } from '../analysis/base/suggest.js';
import type { BaseReport, BinaryInfo, RuntimeInfo } from '../analysis/base/types.js';
import { formatBytes } from '../bytes.js';

const RUNTIME_NAMES: Record<RuntimeInfo['name'], string> = { node: 'Node.js', python: 'Python', java: 'Java', go: 'Go', ruby: 'Ruby', dotnet: '.NET', php: 'PHP' };

const KIND_LABELS: Record<BinaryInfo['kind'], string> = {
  'elf-static': 'static ELF (needs no libc: scratch or a static base can run it)',
  'elf-dynamic': 'dynamic ELF',
  script: 'script',
  missing: 'not in the image',
  unknown: 'not read',
};

function describeBinary(b: BinaryInfo): string {
  const where = b.path && `/${b.path}` !== b.command ? ` → /${b.path}` : '';
  const extra = b.kind === 'elf-dynamic' && b.interpreter ? `, ${b.interpreter} (${b.libc})` : b.kind === 'script' && b.interpreter ? ` (#!${b.interpreter})` : '';
  return `${b.command}${where}: ${KIND_LABELS[b.kind]}${extra}${b.isShell ? ', a shell' : ''}`;
}

/** The "Base image" section of the text report: what the image is built on and what would be smaller. */
export function renderBaseSection(base: BaseReport): string[] {
  const lines = [chalk.bold('Base image')];
  const os = base.os === 'unknown' ? 'unknown (no os-release, release file, package database or busybox)' : `${base.osName ?? base.os}${base.version ? ` ${base.version}` : ''}`;
  lines.push(`  Built on     ${os}; family ${base.family}, libc ${base.libc}${base.evidence.length ? chalk.dim(`  (${base.evidence.join(', ')})`) : ''}`);
  lines.push(`  Closest      ${base.guess.image} (${base.guess.confidence})${base.guess.knownBytes !== undefined ? `, known size ${formatBytes(base.guess.knownBytes)}` : ''}${chalk.dim(`  ${base.guess.reasons.join('; ')}`)}`);
  if (base.labels.baseName) lines.push(`  Label        org.opencontainers.image.base.name=${base.labels.baseName}${base.labels.baseDigest ? ` @ ${base.labels.baseDigest}` : ''}`);
  lines.push(`  Base layers  ${base.baseLayers}, ${formatBytes(base.baseBytes)} (${base.baseBytes} bytes)${chalk.dim(`  ${base.boundary}`)}`);
  const p = base.packages;
  if (p.manager === 'none') lines.push('  Packages     no package database');
  else if (p.count === undefined) lines.push(`  Packages     ${p.manager} database ${p.source}: ${p.note ?? 'not read'}`);
  else {
    const size = p.installedBytes !== undefined ? `, ${formatBytes(p.installedBytes)} installed` : '';
    const added = p.addedOnTop?.length ? `; ${p.addedOnTop.length} added on top of the base: ${p.addedOnTop.slice(0, 8).join(', ')}${p.addedOnTop.length > 8 ? ', ...' : ''}` : '';
    lines.push(`  Packages     ${p.count} ${p.manager} packages${size}${p.source ? ` (${p.source})` : ''}${added}`);
  }
  if (base.runtimes.length) {
    lines.push(`  Runtimes     ${base.runtimes.map((r) => `${RUNTIME_NAMES[r.name]} ${r.version ?? r.major ?? '(version unknown)'}${chalk.dim(` (${r.evidence})`)}`).join(', ')}`);
  }
  for (const [i, b] of base.entrypoint.entries()) lines.push(`  ${i === 0 ? 'Runs         ' : '             '}${describeBinary(b)}`);
  for (const e of base.eol) {
    const state = e.ended ? chalk.red(`support ENDED ${e.date}`) : `supported until ${e.date}`;
    const behind = e.behind > 0 ? `; ${e.behind} newer release${e.behind === 1 ? '' : 's'} (latest ${e.latest})` : '';
    lines.push(`  Support      ${e.subject}: ${state}${behind}`);
  }
  if (base.alternatives.length) {
    lines.push(`  Smaller bases (sizes from rules/data/base-images.json; savings against ${formatBytes(base.currentBytes)})`);
    // Said before any musl base is offered: glibc programs do not start on musl.
    if (base.alternatives.some((a) => isLibcSwitch(base.libc, a.libc))) {
      lines.push(`    ${chalk.yellow('caution:')} the image has ${base.libc}-linked binaries; the ${base.libc === 'glibc' ? 'musl (Alpine)' : 'glibc'} options below need them rebuilt`);
    }
    for (const a of base.alternatives) {
      const approx = a.estimate ? '~' : '';
      const download = a.compressedBytes !== undefined ? chalk.dim(`  (${approx}${formatBytes(a.compressedBytes)} download)`) : '';
      lines.push(`    ${chalk.bold(a.from.padEnd(42))} ${approx}${formatBytes(a.bytes).padStart(8)}  saves ${approx}${formatBytes(a.estimatedSavingBytes)} (${a.estimatedSavingBytes} bytes)${download}`);
      for (const c of a.cautions) lines.push(`      ${chalk.yellow('caution:')} ${c}`);
      if (a.keeps.length) lines.push(`      keeps: ${a.keeps.join(', ')}`);
    }
  } else if (base.noAlternativeReason) {
    lines.push(`  Smaller base none: ${base.noAlternativeReason}`);
  }
  return lines;
}
