import { z } from 'zod';
import { ValidationError } from '../errors.js';

const schema = z.strictObject({
  subscriptionId: z.string().min(1),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .optional(),
  force: z.boolean().optional(),
});

/** What POST /v1/reports/send asks: one subscription's digest now, for the period holding `date`. */
export type SendRequest = z.infer<typeof schema>;

/** Reads a send request's body; a bad one is a ValidationError naming each field. */
export const parseSendRequest = (body: unknown): SendRequest => {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ValidationError(
      'Invalid send request',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
    );
  return parsed.data;
};
