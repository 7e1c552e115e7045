/** Net Promoter Score from 0–10 answers: promoters 9–10, passives 7–8, detractors 0–6. */

/** Promoter, passive and detractor counts of a set of NPS answers. */
export interface NpsCounts {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
}

/** Counts from a histogram of answers indexed by rating (index 0 … 10). */
export const npsCountsOf = (histogram: readonly number[]): NpsCounts => {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  histogram.forEach((n, rating) => {
    if (rating >= 9) promoters += n;
    else if (rating >= 7) passives += n;
    else detractors += n;
  });
  return { responses: promoters + passives + detractors, promoters, passives, detractors };
};

/** % promoters − % detractors (−100 … 100); null when nobody answered. */
export const npsScore = (counts: NpsCounts): number | null =>
  counts.responses === 0 ? null : (100 * (counts.promoters - counts.detractors)) / counts.responses;
