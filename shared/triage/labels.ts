import type { FeedbackItem } from '../feedback/model.js';
import { type PromotedTopic, withPromotedIds } from '../themes/promotion.js';

/**
 * One overridden item as an evaluation example, in the JSON Lines shape `koe analyze` reads
 * (`id`, `text`, `language`, `ratings`, `customer`) plus `expected`: the corrected labels only.
 * Topics are named as analysis names them today: a discovered theme set by an override and promoted
 * since is its topic id (`promoted`, the installation's promoted topics), so the set scores today's analysis.
 */
export const toLabelRow = (item: FeedbackItem, promoted: readonly PromotedTopic[]) => {
  const override = item.triage.override;
  const language = item.analysis?.language.code ?? item.languageHint;
  const customer = item.customer?.tier ? { tier: item.customer.tier } : undefined;
  return {
    id: item.id,
    text: item.text,
    ...(language && language !== 'und' ? { language } : {}),
    ...(item.ratings ? { ratings: item.ratings } : {}),
    // The customer id is left out: an evaluation set needs the tier that moves urgency, not who said it.
    ...(customer ? { customer } : {}),
    expected: {
      ...(override?.level ? { urgency: override.level } : {}),
      ...(override?.sentiment ? { sentiment: override.sentiment } : {}),
      ...(override?.topics ? { topics: withPromotedIds(override.topics, promoted) } : {}),
    },
    ...(override ? { reason: override.reason, labelledAt: override.at, labelledBy: override.by } : {}),
  };
};
