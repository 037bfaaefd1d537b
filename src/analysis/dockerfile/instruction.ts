/**
 * One instruction of the image's build, as the Dockerfile reconstruction (reconstruct.ts) gives it and the
 * rules read it (src/lint/rule.ts re-exports it for them). Declared here, with the reconstruction, so the
 * analyses never import from the rule engine above them.
 */
export interface RuleInstruction {
  /** 'RUN', 'COPY', 'ADD', 'ENV', ... or 'UNKNOWN'. */
  instruction: string;
  /** For RUN the bare shell command (no /bin/sh -c, no |N build args). */
  arguments: string;
  /** One Dockerfile line, e.g. `RUN apt-get update`. */
  text: string;
  layerIndex?: number;
  historyIndex: number;
  bytes: number;
  /** True for instructions of the base image (before the last FROM). */
  inherited: boolean;
  /** RUN: the `ARG` values in scope, which the builder records in history (`|2 A=1 B=2 /bin/sh -c ...`). */
  buildArgs?: Record<string, string>;
}
