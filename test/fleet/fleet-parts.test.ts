/**
 * The fleet's pure parts: the list, sharding, merge, the baseline comparison and the reports. Fleet reports
 * are our own data, so these tests write small ones by hand; the real-image runs are in batch-cli.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareWithBaseline } from '../../src/fleet/baseline.js';
import { fleetDocument, fleetExitCode } from '../../src/fleet/document.js';
import { entryInput, parseFleetList } from '../../src/fleet/list.js';
import { mergeFleetReports, parseFleetReport } from '../../src/fleet/merge.js';
import { errorRow } from '../../src/fleet/row.js';
import { resolveShard, shardEntries } from '../../src/fleet/shard.js';
import type { FleetImageRow, FleetListEntry, ShardInfo } from '../../src/fleet/types.js';
import { renderFleetMarkdown } from '../../src/report/fleet-markdown.js';
import { renderFleetHtml } from '../../src/report/fleet-html.js';
import { renderFleetText } from '../../src/report/fleet-text.js';
import { samplesDir } from '../helpers.js';

function row(entry: FleetListEntry, wasted: number, warnings: number, rules: string[] = [], gatePassed = true): FleetImageRow {
  return {
    ...entry, status: 'ok', name: entry.ref, digest: `sha256:${'a'.repeat(64)}`, layerCount: 3, totalBytes: 1_000_000, finalBytes: 1_000_000 - wasted,
    compressedBytes: 900_000, wastedBytes: wasted, efficiency: 1 - wasted / 1_000_000,
    base: { image: 'debian:11', confidence: 'high', eol: [{ subject: 'Debian 11 (bullseye)', date: '2026-08-31', ended: entry.position % 2 === 0 }] },
    findings: { error: 0, warning: warnings, info: 1 },
    rules: rules.map((ruleId) => ({ ruleId, severity: 'warning' as const, count: 1, bytes: wasted })),
    topWasted: wasted ? [{ path: `srv/${entry.position % 2 ? 'odd' : 'even'}.bin`, bytes: wasted, cause: 'deleted' }] : [],
    gatePassed,
  };
}

const list = parseFleetList('# the fleet\nimg-a.tar\n\nimg-b.tar\n  img-c.tar  \ndocker://app:1\nregistry://localhost:5000/x:2\n');
const rows = list.map((entry, i) => row(entry, i * 1000, i % 3, i % 2 ? ['deleted-in-later-layer'] : ['deleted-in-later-layer', 'missing-healthcheck']));

function shardDoc(shard: ShardInfo, failures: number[] = []) {
  const mine = shardEntries(list, shard);
  return fleetDocument({ listLength: list.length, list, rows: mine.map((entry) => (failures.includes(entry.position) ? errorRow(entry, `${entry.ref}: unreadable`) : rows[entry.position])), failOn: 'error', shard });
}

test('the list: comments and blanks skipped, lines trimmed, positions count entries; a repeated ref or an empty list is a usage error', () => {
  assert.deepEqual(list.map((e) => [e.ref, e.position]), [['img-a.tar', 0], ['img-b.tar', 1], ['img-c.tar', 2], ['docker://app:1', 3], ['registry://localhost:5000/x:2', 4]]);
  assert.throws(() => parseFleetList('a.tar\nb.tar\na.tar\n', 'l.txt'), /l\.txt: line 3 repeats line 1 \(a\.tar\)/);
  assert.throws(() => parseFleetList('# nothing\n\n', 'l.txt'), /l\.txt: no image listed/);
});

test('a relative path is taken from the list\'s folder when it exists there; schemes and engine names are passed on', () => {
  assert.equal(entryInput('waste.docker.tar', samplesDir), `${samplesDir}/waste.docker.tar`);
  assert.equal(entryInput('app:1', samplesDir), 'app:1');
  assert.equal(entryInput('docker://app:1', samplesDir), 'docker://app:1');
  assert.equal(entryInput('/abs/x.tar', samplesDir), '/abs/x.tar');
});

test('shards: round robin, every entry in exactly one shard; I/N, JOB_COMPLETION_INDEX with --shard-count, and bad values', () => {
  const all = [0, 1, 2].flatMap((index) => shardEntries(list, { index, count: 3 }).map((e) => e.position)).sort();
  assert.deepEqual(all, [0, 1, 2, 3, 4]);
  assert.deepEqual(shardEntries(list, { index: 1, count: 3 }).map((e) => e.position), [1, 4]);
  assert.deepEqual(resolveShard('2/5', undefined, {}), { index: 2, count: 5 });
  assert.deepEqual(resolveShard(undefined, 4, { JOB_COMPLETION_INDEX: '3' }), { index: 3, count: 4 });
  assert.equal(resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '3' }), undefined, 'without --shard-count the index alone does not shard');
  assert.throws(() => resolveShard('3/3', undefined, {}), /shard index 3 is not below the shard count 3/);
  assert.throws(() => resolveShard('1-3', undefined, {}), /expected I\/N/);
  assert.throws(() => resolveShard('0/0', undefined, {}), /shard count must be 1/);
  assert.throws(() => resolveShard(undefined, 4, {}), /neither is set/);
  assert.throws(() => resolveShard(undefined, 4, { JOB_COMPLETION_INDEX: '4' }), /not below/);
  assert.throws(() => resolveShard('1/3', 4, {}), /contradicts --shard-count 4/);
});

test('merge: the shards give the unsharded document, apart from generatedAt; exit code from the rows', () => {
  const whole = fleetDocument({ listLength: list.length, list, rows, failOn: 'error' });
  const docs = [2, 0, 1].map((index) => ({ file: `shard-${index}.json`, report: shardDoc({ index, count: 3 }) }));
  const { report, problems } = mergeFleetReports(docs);
  assert.deepEqual(problems, []);
  assert.deepEqual({ ...report, generatedAt: '' }, { ...whole, generatedAt: '' });
  assert.equal(fleetExitCode(report), 0);
  // A shard run twice (a retried CI job) adds nothing.
  assert.deepEqual(mergeFleetReports([...docs, docs[0]]).report.images, whole.images);
});

test('merge: a shard that wrote nothing is named with its images, and they are in `missing`; exit 2', () => {
  const { report, problems } = mergeFleetReports([0, 2].map((index) => ({ file: `s${index}.json`, report: shardDoc({ index, count: 3 }) })));
  assert.deepEqual(problems, ['shard 1/3 missing: no report covers img-b.tar, registry://localhost:5000/x:2 (2 images)']);
  assert.deepEqual(report.missing, [{ ref: 'img-b.tar', position: 1 }, { ref: 'registry://localhost:5000/x:2', position: 4 }]);
  assert.equal(report.images.length, 3);
  assert.equal(fleetExitCode(report), 2);
  assert.match(renderFleetText(report), /Missing[^\n]*\n\s+#\s+image\n\s+1\s+img-b\.tar/);
});

test('merge: an image that failed keeps its error row; the others are intact', () => {
  const { report, problems } = mergeFleetReports([0, 1, 2].map((index) => ({ file: `s${index}.json`, report: shardDoc({ index, count: 3 }, [2]) })));
  assert.deepEqual(problems, []);
  assert.equal(report.totals.failed, 1);
  assert.equal(report.images.find((r) => r.position === 2)?.error, 'img-c.tar: unreadable');
  assert.equal(report.images.filter((r) => r.status === 'ok').length, 4);
  assert.equal(fleetExitCode(report), 2);
});

test('merge refuses documents of different lists, gates or shard counts, and conflicting rows, naming the file', () => {
  const a = { file: 'a.json', report: shardDoc({ index: 0, count: 3 }) };
  const other = fleetDocument({ listLength: 2, list: list.slice(0, 2), rows: rows.slice(0, 2), failOn: 'error', shard: { index: 1, count: 3 } });
  assert.throws(() => mergeFleetReports([a, { file: 'b.json', report: other }]), /b\.json: lists differ: 2 entries here, 5 in a\.json/);
  assert.throws(() => mergeFleetReports([a, { file: 'b.json', report: { ...shardDoc({ index: 1, count: 3 }), failOn: 'warning' } }]), /b\.json: --fail-on warning here, error in a\.json/);
  assert.throws(() => mergeFleetReports([a, { file: 'b.json', report: shardDoc({ index: 1, count: 2 }) }]), /b\.json: split into 2 shards here, 3 in a\.json/);
  const changed = shardDoc({ index: 0, count: 3 });
  changed.images[0] = { ...changed.images[0], wastedBytes: 1 };
  assert.throws(() => mergeFleetReports([a, { file: 'b.json', report: changed }]), /b\.json: the row of img-a\.tar differs from the one in a\.json/);
  assert.throws(() => parseFleetReport('{"schemaVersion":1}', 'report.json'), /report\.json: not a tsimage fleet report/);
  assert.throws(() => parseFleetReport('{', 'x.json'), /x\.json: not JSON/);
  assert.throws(() => parseFleetReport(JSON.stringify({ ...a.report, images: [{ ref: 'x', position: 99 }] }), 'y.json'), /position outside the list of 5/);
});

test('baseline: per image new, gone, same or changed with a verdict on waste and serious findings', () => {
  const before = fleetDocument({ listLength: 4, list: list.slice(0, 4), rows: [rows[0], rows[1], rows[2], row({ ref: 'retired.tar', position: 3 }, 0, 0)], failOn: 'error' });
  const now = fleetDocument({
    listLength: 5, list, failOn: 'error',
    rows: [rows[0], row(list[1], 5000, 0, ['deleted-in-later-layer']), row(list[2], 0, 2, ['missing-healthcheck']), rows[3], errorRow(list[4], 'gone bad')],
  });
  const changes = compareWithBaseline(now, before);
  assert.deepEqual(changes.map((c) => [c.ref, c.kind, c.verdict]), [
    ['img-a.tar', 'same', 'same'],
    ['img-b.tar', 'changed', 'mixed'], // waste 1000 -> 5000, warnings 1 -> 0
    ['img-c.tar', 'changed', 'better'], // waste 2000 -> 0, warnings 2 -> 2
    ['docker://app:1', 'new', undefined],
    ['retired.tar', 'gone', undefined],
  ]);
  assert.deepEqual(changes[2].rulesRemoved, ['deleted-in-later-layer']);
  const worse = compareWithBaseline(fleetDocument({ listLength: 1, list: [list[0]], rows: [row(list[0], 9000, 3)], failOn: 'error' }), before);
  assert.equal(worse[0].verdict, 'worse');
  now.changes = changes;
  assert.match(renderFleetMarkdown(now), /### Since the baseline\n\n_2 changed, 1 new, 1 gone, 1 the same_\n/);
});

test('reports: hostile refs cannot break a Markdown table, inject HTML or reach the terminal as control characters', () => {
  const evil = { ref: 'a|b\n<script>alert(1)</script>\u001b[31m', position: 0 };
  const doc = fleetDocument({ listLength: 1, list: [evil], rows: [row(evil, 10, 1, ['x'])], failOn: 'error' });
  const markdown = renderFleetMarkdown(doc);
  const imageLine = markdown.split('\n').find((line) => line.startsWith('| 0 |'))!;
  assert.equal(imageLine.split(' | ').length, 10, 'ten cells, the pipe escaped');
  assert.doesNotMatch(markdown, /<script>/);
  const html = renderFleetHtml(doc);
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /Content-Security-Policy/);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(renderFleetText(doc), /\u001b/);
});
