import type { HealthcheckConfig, HistoryEntry, ImageConfig } from './model.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The runtime config of an image blob (`config`, or `container_config` in v1 layer json), with empty fields normalized. */
export function normalizeConfig(raw: Record<string, unknown>): ImageConfig {
  const c = isObject(raw.config) ? raw.config : isObject(raw.Config) ? raw.Config : {};
  const labels: Record<string, string> = {};
  if (isObject(c.Labels)) for (const [k, v] of Object.entries(c.Labels)) if (typeof v === 'string') labels[k] = v;
  let healthcheck: HealthcheckConfig | undefined;
  if (isObject(c.Healthcheck)) {
    const h = c.Healthcheck;
    healthcheck = {
      Test: stringArray(h.Test),
      Interval: typeof h.Interval === 'number' ? h.Interval : undefined,
      Timeout: typeof h.Timeout === 'number' ? h.Timeout : undefined,
      StartPeriod: typeof h.StartPeriod === 'number' ? h.StartPeriod : undefined,
      StartInterval: typeof h.StartInterval === 'number' ? h.StartInterval : undefined,
      Retries: typeof h.Retries === 'number' ? h.Retries : undefined,
    };
  }
  return {
    Env: stringArray(c.Env) ?? [],
    Cmd: stringArray(c.Cmd),
    Entrypoint: stringArray(c.Entrypoint),
    User: optionalString(c.User),
    WorkingDir: optionalString(c.WorkingDir),
    ExposedPorts: isObject(c.ExposedPorts) ? Object.keys(c.ExposedPorts) : [],
    Volumes: isObject(c.Volumes) ? Object.keys(c.Volumes) : [],
    Labels: labels,
    Healthcheck: healthcheck,
    StopSignal: optionalString(c.StopSignal),
    OnBuild: stringArray(c.OnBuild) ?? [],
    Shell: stringArray(c.Shell),
    ArgsEscaped: typeof c.ArgsEscaped === 'boolean' ? c.ArgsEscaped : undefined,
  };
}

/**
 * History entries in order, each tied to the layer it made. Entries marked empty_layer made no layer; the
 * rest take the layers in order. When the counts disagree (hand-made or broken images), the alignment is
 * kept from the first layer on and a note says so.
 */
export function alignHistory(raw: Record<string, unknown>, layerCount: number, notes: string[]): HistoryEntry[] {
  const list = Array.isArray(raw.history) ? raw.history : [];
  const history: HistoryEntry[] = [];
  let nextLayer = 0;
  for (const [index, item] of list.entries()) {
    const h = isObject(item) ? item : {};
    const emptyLayer = h.empty_layer === true;
    const entry: HistoryEntry = {
      index,
      created: optionalString(h.created),
      createdBy: typeof h.created_by === 'string' ? h.created_by : '',
      author: optionalString(h.author),
      comment: optionalString(h.comment),
      emptyLayer,
    };
    if (!emptyLayer && nextLayer < layerCount) entry.layerIndex = nextLayer++;
    history.push(entry);
  }
  const nonEmpty = history.filter((h) => !h.emptyLayer).length;
  if (list.length === 0) {
    if (layerCount > 0) notes.push('the image has no history (docker import, or a builder that writes none): instructions cannot be shown');
  } else if (nonEmpty !== layerCount) {
    notes.push(`the history does not line up with the layers (${nonEmpty} entries that made a layer, ${layerCount} layers): layer commands may be off`);
  }
  return history;
}
