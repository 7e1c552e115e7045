/**
 * The contract between the digest's content (gather + render, shared/reports/) and its delivery
 * (subscriptions, schedule, mailers). Content never sends; delivery never renders.
 */
import type { Period } from '../rollups/periods.js';

/** Digest languages: Koe writes every digest wholly in one of them. */
export type DigestLanguage = 'ja' | 'en';

/** A target whose progress the digest shows, e.g. NPS +5 over the quarter's start, or CSAT ≥ 4.2. */
export interface DigestTarget {
  metric: 'volume' | 'nps' | 'csat' | 'ces' | 'sentiment';
  /** `atLeast`/`atMost` compare the period's value to `value`; `change` compares its change since `since` to `value`. */
  kind: 'atLeast' | 'atMost' | 'change';
  value: number;
  /** ISO date (YYYY-MM-DD) the change is measured from; only for kind `change`. */
  since?: string | undefined;
  /** As the subscriber wrote it, shown in the digest (e.g. "NPS +5 this quarter"). */
  label?: string | undefined;
}

/** What the digest is about and for whom: the parts of a subscription that change its content. */
export interface DigestRequest {
  language: DigestLanguage;
  /** The period reported on (day, week or month, in the subscription's timezone). */
  period: Period;
  filters?: { channel?: string[] | undefined; source?: string[] | undefined; topic?: string[] | undefined };
  targets?: DigestTarget[];
  /** Dashboard base URL for links into the queue and items; no links without it. */
  dashboardUrl?: string;
}

/** An image embedded inline and referenced from the HTML as `cid:<cid>`. */
export interface DigestImage {
  cid: string;
  filename: string;
  contentType: 'image/png';
  content: Buffer;
}

/** A rendered digest, ready for a mailer to wrap in MIME (HTML + plain-text alternative + inline PNGs). */
export interface Digest {
  subject: string;
  html: string;
  text: string;
  images: DigestImage[];
  /** True when the period had no feedback: the short "no feedback this period" digest. */
  empty: boolean;
}
