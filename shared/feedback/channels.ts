// Channels and journey stages: plain vocabularies that both feedback items and transcripts use
// (kept apart from model.ts so that shared/transcripts/model.ts need not import the item model).

/** Where a comment came from. */
export const CHANNELS = ['survey', 'chat', 'email', 'review', 'social', 'call', 'form', 'interview', 'other'] as const;
/** One channel. */
export type Channel = (typeof CHANNELS)[number];

/** Customer journey stages a comment can be tagged with. */
export const JOURNEY_STAGES = [
  'awareness',
  'interest',
  'consideration',
  'purchase',
  'use',
  'support',
  'advocacy',
] as const;
/** One journey stage. */
export type JourneyStage = (typeof JOURNEY_STAGES)[number];
