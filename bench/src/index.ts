export { Mulberry32 } from './prng.js';
export { PLAN, planYaml, SETTINGS_YAML } from './plan.js';
export type { Step, Tier } from './plan.js';
export { displayCents, formatCents, parseCents } from './money.js';
export { DEFAULT_WORKSPACE, generateWorkspace, workspaceExists } from './generate.js';
export type { GenerateOptions, GenerateSummary } from './generate.js';
