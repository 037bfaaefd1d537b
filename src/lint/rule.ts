import type { ParsedDockerfile } from '../dockerfile/parse.js';
import type { Category, Finding, ImageRuleContext, Severity } from './types.js';
import type { RuleInstruction } from '../analysis/dockerfile/instruction.js';

export type { RuleInstruction };

/** What an image check sees: the model, the squashed tree, the analysis report and the instructions. */
export interface ImageCheckContext extends ImageRuleContext {
  instructions: RuleInstruction[];
}

/** What a check reports: the engine adds ruleId, category and the (configured) severity. */
export type ReportedFinding = Omit<Finding, 'ruleId' | 'category' | 'severity' | 'paths'> & {
  paths?: string[];
  /** Overrides the rule's default severity for this one finding (before config). */
  severity?: Severity;
};

/**
 * A finding whose costly parts (message, fix, autofix) are built only when it is listed: past the per-rule cap
 * (--max-findings-per-rule) the engine may only count it, from its line, bytes and severity. A rule that can
 * report very many findings (one per line of a file) reports this form.
 */
export interface DeferredFinding {
  line?: number;
  endLine?: number;
  bytes?: number;
  severity?: Severity;
  build(): ReportedFinding;
}

export type Report = (finding: ReportedFinding | DeferredFinding) => void;

/** The finding a report call stands for, built now. */
export function builtFinding(finding: ReportedFinding | DeferredFinding): ReportedFinding {
  return isDeferred(finding) ? finding.build() : finding;
}

export function isDeferred(finding: ReportedFinding | DeferredFinding): finding is DeferredFinding {
  return typeof (finding as DeferredFinding).build === 'function';
}

export interface RuleDocs {
  /** Why it matters: a short paragraph. */
  why: string;
  /** A Dockerfile (fragment) that triggers the rule. */
  bad: string;
  /** The same fragment written well. */
  good: string;
}

export interface Rule {
  /** kebab-case, equal to the file name under rules/. */
  id: string;
  category: Category;
  /** Default severity; the config may change it. */
  severity: Severity;
  /** One line. */
  description: string;
  docs: RuleDocs;
  /** hadolint codes (DLxxxx) that check the same thing in Dockerfile source. */
  hadolint?: string[];
  /**
   * BuildKit build-check names (`docker build --check`: StageNameCasing, JSONArgsRecommended) that check the
   * same thing: `--ignore`, pragmas and the `# check=skip=` directive accept them.
   */
  buildkit?: string[];
  /**
   * Off unless asked for, as BuildKit's experimental checks: the config turns it on (`on` or a severity),
   * or the Dockerfile does (`# check=experimental=all` or its BuildKit name).
   */
  experimental?: boolean;
  /** Check a built image: its layers' files, config and history. */
  check?(ctx: ImageCheckContext, report: Report): void;
  /**
   * Check Dockerfile source without an image (`tsimage lint`). Report `line`/`endLine` of the instruction;
   * the engine adds the file. Either check may be absent, not both.
   */
  checkSource?(dockerfile: ParsedDockerfile, report: Report, built?: BuiltImageFacts, context?: BuildContextFacts): void;
}

/** What a source check may know about the build context the Dockerfile is built with, when it is on disk. */
export interface BuildContextFacts {
  /** The lines of the context's `.dockerignore` (or the Dockerfile's own `NAME.dockerignore`), as written. */
  dockerignore?: string[];
}

/**
 * What a source check may know about the image the Dockerfile built, when one is given with it
 * (`analyze IMAGE --dockerfile FILE`); absent for `tsimage lint`.
 */
export interface BuiltImageFacts {
  /** The package database of the final image: which manager's, and each installed package's version. */
  installed?: { manager: 'dpkg' | 'apk'; versions: ReadonlyMap<string, string> };
}

/** Returns its argument: it exists so every rule file gets its shape type-checked. */
export function defineRule<R extends Rule>(rule: R): R {
  return rule;
}
