import { createHash } from 'node:crypto';
import type { Finding } from './types.js';

/**
 * What a finding is about, stable from build to build: rule, in-image paths and the instruction with
 * content digests masked; never bytes, layer digests, dates or line numbers. Baselines store these.
 * (src/report/findings.ts computes the same hash for SARIF partialFingerprints.)
 */
export function findingFingerprint(finding: Pick<Finding, 'ruleId' | 'paths' | 'instruction'>): string {
  const instruction = (finding.instruction ?? '')
    .replace(/\b(file|dir|multi):[0-9a-f]{64}\b/g, '$1:*')
    .replace(/\s+/g, ' ')
    .trim();
  const paths = [...finding.paths].sort().join('\n');
  return createHash('sha256').update(`${finding.ruleId}\0${paths}\0${instruction}`).digest('hex');
}
