import { type FieldIssue, ValidationError } from '../errors.js';

/** The support tools Koe takes signed webhooks from; `generic` is Koe's own scheme for any other tool. */
export const WEBHOOK_TOOLS = ['zendesk', 'intercom', 'generic'] as const;
/** One tool. */
export type WebhookTool = (typeof WEBHOOK_TOOLS)[number];

/** Is `name` a tool Koe has a webhook adapter for? */
export const isWebhookTool = (name: string): name is WebhookTool => (WEBHOOK_TOOLS as readonly string[]).includes(name);

/** Signing secrets per tool (several during a rotation); a tool without secrets is not configured. */
export type WebhookSecretMap = Partial<Record<WebhookTool, string[]>>;

/** Where signing secrets come from: environment or a file locally, SSM / Secrets Manager on AWS. */
export interface WebhookSecrets {
  /** The tool's secrets, or undefined when the tool is not configured (its webhook answers 404). */
  get(tool: WebhookTool): Promise<string[] | undefined>;
}

/**
 * Parses the secrets document: `{"zendesk": "secret", "intercom": ["new", "old"], "generic": "…"}`.
 * Throws ValidationError naming each bad entry (an unknown tool, an empty or short secret).
 */
export const parseWebhookSecrets = (json: unknown, source = 'webhook secrets'): WebhookSecretMap => {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new ValidationError(`${source}: must be a JSON object of tool → secret`);
  const issues: FieldIssue[] = [];
  const map: WebhookSecretMap = {};
  for (const [tool, value] of Object.entries(json as Record<string, unknown>)) {
    if (!isWebhookTool(tool)) {
      issues.push({ path: tool, message: `unknown tool; use ${WEBHOOK_TOOLS.join(', ')}` });
      continue;
    }
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0 || !list.every((s) => typeof s === 'string' && s.length >= 8))
      issues.push({ path: tool, message: 'must be a secret (8 characters or more) or a list of them' });
    else map[tool] = list as string[];
  }
  if (issues.length)
    throw new ValidationError(`${source}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  return map;
};

/** Secrets known up front (environment variables, a file): the local stack's source. */
export class StaticWebhookSecrets implements WebhookSecrets {
  constructor(private readonly secrets: WebhookSecretMap) {}

  async get(tool: WebhookTool): Promise<string[] | undefined> {
    const list = this.secrets[tool];
    return list?.length ? list : undefined;
  }
}
