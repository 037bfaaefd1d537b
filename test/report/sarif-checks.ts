/**
 * SARIF checks that need no Microsoft Multitool (so no 100 MB .NET package in every install):
 * - the SARIF 2.1.0 JSON schema (the copy npm `@microsoft/jest-sarif` ships), with Ajv's draft-04 validator;
 * - the rules GitHub code scanning applies on upload that a schema cannot express (the Multitool's GH1xxx
 *   family and SARIF1001), written here from GitHub's documentation of what it reads and its upload limits.
 * The full Multitool check still runs where the Multitool is installed (CI installs it on demand).
 */
import { createRequire } from 'node:module';

export interface SarifProblem {
  rule: string;
  where: string;
  text: string;
}

type Json = any;

const require = createRequire(import.meta.url);
const SCHEMA_MODULE = '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

/** Why the schema check must skip (its packages are not installed), or undefined. */
export function schemaUnavailable(): string | undefined {
  for (const name of [SCHEMA_MODULE, 'ajv-draft-04']) {
    try {
      require.resolve(name);
    } catch {
      return `${name.split('/lib/')[0]} is not installed (npm install, with the devDependencies)`;
    }
  }
  return undefined;
}

let validator: ((log: Json) => SarifProblem[]) | undefined;

/** Every way the log breaks the SARIF 2.1.0 schema. */
export function schemaProblems(log: Json): SarifProblem[] {
  if (!validator) {
    const Ajv = require('ajv-draft-04') as new (options: object) => {
      addFormat(name: string, test: (value: string) => boolean): void;
      compile(schema: object): ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params: object }[] | null };
    };
    // unicodeRegExp off: the schema's `language` pattern has a stray `]` that only non-unicode regular expressions accept.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    // The schema's three formats, as RFC 3986 and RFC 3339 define them (what GitHub's parser accepts).
    ajv.addFormat('uri', (v) => /^[a-z][a-z0-9+.-]*:/i.test(v) && URL.canParse(v));
    ajv.addFormat('uri-reference', (v) => /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/.test(v));
    ajv.addFormat('date-time', (v) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v)));
    const validate = ajv.compile(require(SCHEMA_MODULE) as object);
    validator = (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => ({ rule: 'schema', where: e.instancePath || '/', text: `${e.message ?? 'invalid'} ${JSON.stringify(e.params)}` })));
  }
  return validator(log);
}

/** GitHub's upload limits (docs: "SARIF support for code scanning", validating your SARIF file). */
export const GITHUB_LIMITS = { runs: 20, results: 25_000, rules: 25_000, tagsPerRule: 20, locationsPerResult: 1_000 };

/** What GitHub code scanning needs of a log beyond the schema. */
export function codeScanningProblems(log: Json): SarifProblem[] {
  const problems: SarifProblem[] = [];
  const report = (rule: string, where: string, text: string) => problems.push({ rule, where, text });
  if (log.version !== '2.1.0') report('version', '/version', `GitHub reads SARIF 2.1.0 only, not ${log.version}`);
  if (typeof log.$schema !== 'string') report('schema-uri', '/$schema', 'no $schema: editors and the Multitool want the SARIF 2.1.0 schema named');
  const runs: Json[] = Array.isArray(log.runs) ? log.runs : [];
  if (runs.length === 0 || runs.length > GITHUB_LIMITS.runs) report('runs', '/runs', `${runs.length} runs; GitHub takes 1 to ${GITHUB_LIMITS.runs}`);
  runs.forEach((run, r) => {
    const driver = run.tool?.driver ?? {};
    if (!driver.name) report('tool-name', `/runs/${r}/tool/driver`, 'the tool has no name');
    const rules: Json[] = driver.rules ?? [];
    if (rules.length > GITHUB_LIMITS.rules) report('limits', `/runs/${r}/tool/driver/rules`, `${rules.length} rules; GitHub takes ${GITHUB_LIMITS.rules}`);
    const ids = new Set<string>();
    rules.forEach((rule, i) => {
      const at = `/runs/${r}/tool/driver/rules/${i}`;
      if (typeof rule.id !== 'string' || !rule.id) report('rule-id', at, 'a rule without an id');
      if (ids.has(rule.id)) report('rule-id', at, `rule id ${rule.id} twice`);
      ids.add(rule.id);
      // SARIF1001: the name is for people; one that only repeats the id (ignoring case) must be left out.
      if (typeof rule.name === 'string' && rule.name.toLowerCase() === String(rule.id).toLowerCase()) report('SARIF1001', at, `rule ${rule.id} has a name equal to its id (${rule.name})`);
      if (!rule.shortDescription?.text) report('rule-text', at, `rule ${rule.id} has no shortDescription.text (GitHub's alert title)`);
      if (!rule.fullDescription?.text && !rule.help?.text) report('rule-text', at, `rule ${rule.id} has neither fullDescription nor help text`);
      const tags: unknown[] = rule.properties?.tags ?? [];
      if (new Set(tags).size !== tags.length) report('tags', `${at}/properties/tags`, `rule ${rule.id} repeats a tag`);
      if (tags.length > GITHUB_LIMITS.tagsPerRule) report('limits', `${at}/properties/tags`, `rule ${rule.id} has ${tags.length} tags; GitHub takes ${GITHUB_LIMITS.tagsPerRule}`);
      const severity = rule.properties?.['security-severity'];
      if (severity !== undefined && !(typeof severity === 'string' && /^\d+(\.\d+)?$/.test(severity) && Number(severity) <= 10)) {
        report('security-severity', at, `rule ${rule.id}: security-severity must be a number from 0.0 to 10.0 as a string, not ${JSON.stringify(severity)}`);
      }
    });
    const results: Json[] = run.results ?? [];
    if (results.length > GITHUB_LIMITS.results) report('limits', `/runs/${r}/results`, `${results.length} results; GitHub takes ${GITHUB_LIMITS.results}`);
    const fingerprints = new Map<string, number>();
    results.forEach((result, i) => {
      const at = `/runs/${r}/results/${i}`;
      if (typeof result.ruleId !== 'string') report('rule-id', at, 'a result without ruleId');
      if (result.ruleIndex !== undefined && rules[result.ruleIndex]?.id !== result.ruleId) report('rule-index', at, `ruleIndex ${result.ruleIndex} is not rule ${result.ruleId}`);
      // GH1007: GitHub shows message.text; it does not format message ids with arguments.
      if (typeof result.message?.text !== 'string' || !result.message.text.trim()) report('GH1007', `${at}/message`, 'no message.text');
      const locations: Json[] = result.locations ?? [];
      // GH1001: GitHub files an alert only at a location.
      if (locations.length === 0) report('GH1001', at, 'a result without a location');
      if (locations.length > GITHUB_LIMITS.locationsPerResult) report('limits', at, `${locations.length} locations; GitHub takes ${GITHUB_LIMITS.locationsPerResult}`);
      locations.forEach((location, l) => {
        const where = `${at}/locations/${l}/physicalLocation`;
        const physical = location.physicalLocation;
        const uri = physical?.artifactLocation?.uri;
        if (typeof uri !== 'string' || !uri) { report('GH1001', where, 'no physicalLocation.artifactLocation.uri'); return; }
        // GH1005: a repository-relative reference, or an absolute file: URI (GitHub rebases what is under the checkout).
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1];
        if (scheme && scheme.toLowerCase() !== 'file') report('GH1005', where, `uri ${uri} has scheme ${scheme}: neither relative nor file:`);
        if (/\s|\\/.test(uri)) report('GH1005', where, `uri ${JSON.stringify(uri)} has a space or backslash: not a URI reference`);
        // GH1003: GitHub places an alert by region.startLine.
        const region = physical.region;
        if (!region || !Number.isInteger(region.startLine) || region.startLine < 1) report('GH1003', where, 'no region.startLine >= 1');
        else if (region.endLine !== undefined && region.endLine < region.startLine) report('region', where, `endLine ${region.endLine} before startLine ${region.startLine}`);
      });
      // Results with the same fingerprints are one alert to GitHub: two findings must never share them.
      const key = JSON.stringify(result.partialFingerprints ?? null);
      if (result.partialFingerprints) {
        if (fingerprints.has(key)) report('fingerprints', at, `same partialFingerprints as result ${fingerprints.get(key)}`);
        fingerprints.set(key, i);
      }
    });
  });
  return problems;
}
