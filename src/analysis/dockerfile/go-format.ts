/**
 * Readers for the Go `fmt` shapes builders print into history: `%q` of a string slice (`["a" "b"]`),
 * `%v` of a string slice (`[a b]`), `%v` of a map (`map[8080/tcp:{}]`) and `%q` of a HealthConfig
 * struct (`&{["CMD" "x"] "30s" "5s" "0s" '\x03'}`). Each returns undefined when the text is not that shape,
 * so callers can fall back to keeping it verbatim.
 */
import type { HealthcheckConfig } from '../../image/model.js';

/** Reads one Go-quoted string ("..." or '...' rune) at `start`; returns the value and the index after it. */
function readGoQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const quote = text[start];
  if (quote !== '"' && quote !== "'") return undefined;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === quote) return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'" };
    if (e !== undefined && e in simple) {
      value += simple[e];
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return undefined;
      value += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + len;
    } else if (e !== undefined && /[0-7]/.test(e)) {
      const oct = text.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      value += String.fromCharCode(parseInt(oct, 8));
      i += 4;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** `["a" "b c"]` (Go %q of []string) or a JSON array → the strings. */
export function parseGoQuotedSlice(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  const out: string[] = [];
  let i = 1;
  const end = t.length - 1;
  while (i < end) {
    while (i < end && /[\s,]/.test(t[i]!)) i++;
    if (i >= end) break;
    const q = readGoQuoted(t, i);
    if (!q || q.end > end) return undefined;
    out.push(q.value);
    i = q.end;
  }
  return out;
}

/** `[/bin/sh -ec]` (Go %v of []string): split at spaces, which is all the print keeps. */
export function parseGoPlainSlice(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  const inner = t.slice(1, -1).trim();
  // Some builders (kaniko, later BuildKit) print the JSON form instead.
  if (inner.startsWith('"')) return parseGoQuotedSlice(t);
  return inner === '' ? [] : inner.split(/\s+/);
}

/** `map[53/udp:{} 8080/tcp:{}]` → the keys. */
export function parseGoMapKeys(text: string): string[] | undefined {
  const m = /^map\[(.*)\]$/s.exec(text.trim());
  if (!m) return undefined;
  const inner = m[1]!.trim();
  if (inner === '') return [];
  return inner.split(/\s+/).map((kv) => kv.replace(/:\{\}$/, ''));
}

/** Go time.Duration text (`1m30s`, `500ms`) → nanoseconds, as the image config stores it. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0' || text === '0s') return 0;
  const units: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += parseFloat(m[1]!) * units[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched === text.length && matched > 0 ? Math.round(total) : undefined;
}

/**
 * `&{["CMD" "x"] "30s" "5s" "10s" '\x03'}` — Go %q of *HealthConfig. Newer engines add StartInterval
 * before Retries, so the durations are 3 or 4.
 */
export function parseGoHealthcheck(text: string): HealthcheckConfig | undefined {
  const t = text.trim();
  if (!t.startsWith('&{') || !t.endsWith('}')) return undefined;
  const body = t.slice(2, -1);
  const close = findSliceEnd(body);
  if (close < 0) return undefined;
  const test = parseGoQuotedSlice(body.slice(0, close + 1));
  if (!test) return undefined;
  const rest: string[] = [];
  let i = close + 1;
  while (i < body.length) {
    while (i < body.length && /\s/.test(body[i]!)) i++;
    if (i >= body.length) break;
    if (body[i] === '"' || body[i] === "'") {
      const q = readGoQuoted(body, i);
      if (!q) return undefined;
      // A rune prints as a char literal; its code point is the number.
      rest.push(body[i] === "'" ? `#${q.value.codePointAt(0) ?? 0}` : q.value);
      i = q.end;
    } else {
      const m = /^\S+/.exec(body.slice(i))!;
      rest.push(/^\d+$/.test(m[0]) ? `#${m[0]}` : m[0]);
      i += m[0].length;
    }
  }
  const retries = rest.length && rest[rest.length - 1]!.startsWith('#') ? Number(rest.pop()!.slice(1)) : undefined;
  const durations = rest.map(parseGoDuration);
  if (durations.some((d) => d === undefined) || durations.length > 4) return undefined;
  const hc: HealthcheckConfig = { Test: test };
  const [interval, timeout, startPeriod, startInterval] = durations as number[];
  if (interval) hc.Interval = interval;
  if (timeout) hc.Timeout = timeout;
  if (startPeriod) hc.StartPeriod = startPeriod;
  if (startInterval) hc.StartInterval = startInterval;
  if (retries) hc.Retries = retries;
  return hc;
}

/** Index of the `]` that closes the slice opening at index 0, skipping quoted strings. */
function findSliceEnd(text: string): number {
  if (text[0] !== '[') return -1;
  let i = 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ']') return i;
    if (c === '"' || c === "'") {
      const q = readGoQuoted(text, i);
      if (!q) return -1;
      i = q.end;
    } else i++;
  }
  return -1;
}
