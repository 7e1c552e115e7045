import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../errors.js';
import type { DeliveryRecord, DeliveryStore, SubscriptionStore } from './delivery-ports.js';
import { parseSubscriptionInput, type Subscription } from './subscription.js';

/** What the subscription use cases need. */
export interface SubscriptionDeps {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  now: () => Date;
  /** The deployment's time zone: the default of a subscription that names none. */
  timezone: string;
}

/** A subscription with its latest deliveries (GET /v1/subscriptions/{id}). */
export type SubscriptionView = Subscription & { deliveries: DeliveryRecord[] };

/** How many deliveries GET /v1/subscriptions/{id} shows. */
export const RECENT_DELIVERIES = 10;

/** A fresh subscription id: `sub_` and 16 random hex digits. */
export const newSubscriptionId = (): string => `sub_${randomBytes(8).toString('hex')}`;

/** Validates and stores a new subscription; ValidationError names each bad field. */
export const createSubscription = async (body: unknown, deps: SubscriptionDeps): Promise<Subscription> => {
  const input = parseSubscriptionInput(body, deps.timezone);
  const at = deps.now().toISOString();
  const subscription: Subscription = { id: newSubscriptionId(), ...input, createdAt: at, updatedAt: at };
  await deps.subscriptions.create(subscription);
  return subscription;
};

/** Every subscription, newest first. */
export const listSubscriptions = (deps: Pick<SubscriptionDeps, 'subscriptions'>): Promise<Subscription[]> =>
  deps.subscriptions.list();

/** One subscription with its latest deliveries; NotFoundError for an unknown id. */
export const showSubscription = async (id: string, deps: SubscriptionDeps): Promise<SubscriptionView> => {
  const subscription = await deps.subscriptions.get(id);
  if (!subscription) throw new NotFoundError(`No subscription with id '${id}'`);
  return { ...subscription, deliveries: await deps.deliveries.recent(id, RECENT_DELIVERIES) };
};

/** Replaces a subscription's settings (the same validation as create); keeps its id and creation time. */
export const replaceSubscription = async (id: string, body: unknown, deps: SubscriptionDeps): Promise<Subscription> => {
  const existing = await deps.subscriptions.get(id);
  if (!existing) throw new NotFoundError(`No subscription with id '${id}'`);
  const input = parseSubscriptionInput(body, deps.timezone);
  const replaced = await deps.subscriptions.replace({
    id,
    ...input,
    createdAt: existing.createdAt,
    updatedAt: deps.now().toISOString(),
  });
  if (!replaced) throw new NotFoundError(`No subscription with id '${id}'`);
  return replaced;
};

/** Deletes a subscription and its delivery history; NotFoundError for an unknown id. */
export const deleteSubscription = async (id: string, deps: Pick<SubscriptionDeps, 'subscriptions'>) => {
  if (!(await deps.subscriptions.delete(id))) throw new NotFoundError(`No subscription with id '${id}'`);
  return { id, deleted: true as const };
};
