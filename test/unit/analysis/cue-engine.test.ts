import { beforeAll, describe, expect, it } from 'vitest';
import { compileCues } from '../../../shared/analysis/cues/engine.js';
import { englishForms } from '../../../shared/analysis/cues/english-forms.js';
import { type JapaneseTokenizer, loadJapaneseTokenizer } from '../../../shared/analysis/japanese/tokenizer.js';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';

const NEGATION = { enWords: ['not', 'no', 'never'], enWindow: 3, jaWindow: 12 };
const analyzer = createLocalAnalyzer();
const analyze = async (text: string) => {
  const [result] = await analyzer.analyze([{ text }]);
  if (!result) throw new Error('no result');
  return result;
};
const spanText = (text: string, span?: { start: number; end: number }) =>
  span ? text.slice(span.start, span.end) : '';

describe('one cue engine: words, not substrings', () => {
  it('matches English lemmas with their inflections, never a longer word', () => {
    // Prepare
    const engine = compileCues([{ en: ['hospital', 'charge me twice'], ja: [] }], NEGATION);
    // Act
    const hospitality = engine.find('Amazing hospitality from the crew');
    const charged = engine.find('They charged me twice and she was taken to hospital');
    // Assess
    expect(hospitality).toEqual([]);
    expect(charged.map((h) => 'They charged me twice and she was taken to hospital'.slice(h.start, h.end))).toEqual([
      'charged me twice',
      'hospital',
    ]);
    expect(englishForms('authorise')).toEqual(expect.arrayContaining(['authorized', 'authorised', 'authorizing']));
  });

  it('reads an alternative of words joined by _ as its own phrase, and refuses one in an optional word', () => {
    // Prepare
    const engine = compileCues([{ en: ["didn't|did_not apply for", 'nobody|no_one call back'], ja: [] }], NEGATION);
    const text =
      'I did not apply for this card, I didn’t apply for any card, and no one called back. Nobody calls back.';
    // Act
    const hits = engine.find(text);
    // Assess
    expect(hits.map((h) => text.slice(h.start, h.end))).toEqual([
      'did not apply for',
      'didn’t apply for',
      'no one called back',
      'Nobody calls back',
    ]);
    expect(engine.find('I did apply for it')).toEqual([]);
    expect(() => compileCues([{ en: ['the big|very_big? box'], ja: [] }], NEGATION)).toThrow(/optional word/);
  });

  it("matches a possessive as its noun and a cue written possessive ('someone else's')", () => {
    // Prepare
    const engine = compileCues([{ en: ["someone else's", 'driver'], ja: [] }], NEGATION);
    const text = "The driver's app showed someone else's address.";
    // Act
    const hits = engine.find(text);
    // Assess
    expect(hits.map((h) => text.slice(h.start, h.end))).toEqual(["driver's", "someone else's"]);
  });

  it('reads an amount with its currency sign as a number inside a phrase', () => {
    const engine = compileCues([{ en: ['charged me # twice'], ja: [] }], NEGATION);
    expect(engine.find('They charged me $15 twice')).toHaveLength(1);
    expect(engine.find('They charged me £40 twice')).toHaveLength(1);
  });

  it('skips @handles and URLs, and matches inside a split #hashtag only where the group allows it', () => {
    // Prepare
    const engine = compileCues(
      [
        { en: ['poison'], ja: [], hashtags: false },
        { en: ['customer service'], ja: [] },
      ],
      NEGATION,
    );
    // Act
    const handle = engine.find('@poisonpill76 thanks, see https://poison.example/x');
    const tag = engine.find('#poison #CustomerServiceFail');
    // Assess
    expect(handle).toEqual([]);
    expect(tag.map((h) => h.group)).toEqual([1]);
  });

  it('drops a cue negated before it in the same clause, and one inside an idiom', () => {
    // Prepare
    const engine = compileCues([{ en: ['sue', 'injury'], ja: [] }], NEGATION);
    // Act, Assess
    expect(engine.find('I am not going to sue')).toEqual([]);
    expect(engine.find('Not happy. I will sue')).toHaveLength(1);
    expect(engine.find('To add insult to injury, they lost my bag')).toEqual([]);
  });

  describe('Japanese on morphemes', () => {
    let ja: JapaneseTokenizer;
    beforeAll(async () => {
      ja = await loadJapaneseTokenizer();
    });

    it('matches at morpheme boundaries and on dictionary forms, never inside a noun', () => {
      // Prepare
      const engine = compileCues([{ en: [], ja: ['救急', '訴える'], except: { ja: ['救急箱'] } }], NEGATION);
      const box = '救急箱を買いました';
      const sue = '訴えますよ。救急車を呼びました';
      // Act
      const inBox = engine.find(box, ja.tokenize(box));
      const hits = engine.find(sue, ja.tokenize(sue));
      // Assess
      expect(inBox).toEqual([]);
      expect(hits.map((h) => sue.slice(h.start, h.end))).toEqual(['訴え', '救急']);
    });

    it('drops a cue negated after it in its clause', () => {
      // Prepare
      const engine = compileCues([{ en: [], ja: ['解約'] }], NEGATION);
      const text = '解約はしません';
      // Act, Assess
      expect(engine.find(text, ja.tokenize(text))).toEqual([]);
    });
  });
});

describe('the issue-17 examples through the local analyzer', () => {
  it.each([
    ['Amazing hospitality from the crew, thank you!'],
    ['To add insult to injury, they lost my bag.'],
    ['@poisonpill76 thanks'],
    ['Another three hour delay. #frauds'],
    ["What a scam these fees are, it's a good scam"],
    ["I'd kill for a window seat on this route"],
  ])('%s is not critical', async (text) => {
    // Act
    const result = await analyze(text);
    // Assess
    expect(result.urgency.level).not.toBe('critical');
    expect(result.urgency.reasons.map((r) => r.code)).not.toContain('safety_risk');
    expect(result.urgency.reasons.map((r) => r.code)).not.toContain('fraud');
  });

  it('reads a crash as a risk to safety only when a vehicle crashed, not an app', async () => {
    // Act
    const app = await analyze('Your app repeatedly crashed and failed to display my name when checking in.');
    const van = await analyze('Your delivery van crashed into my parked car this morning.');
    // Assess
    expect(app.urgency.reasons.map((r) => r.code)).not.toContain('safety_risk');
    expect(app.urgency.level).not.toBe('critical');
    expect(van.urgency.reasons.map((r) => r.code)).toContain('safety_risk');
  });

  it('reads "Refund me today or I cancel." as a high churn threat under time pressure', async () => {
    // Act
    const result = await analyze('Refund me today or I cancel.');
    // Assess
    expect(result.urgency.level).toBe('high');
    expect(result.urgency.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['churn_threat', 'time_pressure']),
    );
  });
});

describe('concepts composed within a sentence', () => {
  it.each([
    ['Found a small screw in my soup tonight, my son nearly swallowed it.', 'screw in my soup'],
    ['The engineer left the socket cover off and the wires are showing.', 'socket cover off'],
    ['エレベーターの扉が開いたまま動き出した', 'エレベーターの扉が開いたまま'],
  ])('%s → critical safety_risk with the concepts as evidence', async (text, evidence) => {
    // Act
    const result = await analyze(text);
    // Assess
    expect(result.urgency.level).toBe('critical');
    const safety = result.urgency.reasons.find((r) => r.code === 'safety_risk');
    expect(spanText(text, safety?.evidence)).toBe(evidence);
  });

  it.each([
    ['A caller posing as my bank got me to transfer £900 to a new account.', 'fraud'],
    ['一人暮らしの祖父あての配食が届かず、昨日から何も食べていないそうです。', 'vulnerable_customer'],
  ])('%s → critical %s (impersonation; an absence told with its negation)', async (text, code) => {
    // Act
    const result = await analyze(text);
    // Assess
    expect(result.urgency.level).toBe('critical');
    expect(result.urgency.reasons.map((r) => r.code)).toContain(code);
  });

  it('does not combine concepts from different sentences', async () => {
    // Act
    const result = await analyze('The soup was lovely. Then I found a screw in the drawer.');
    // Assess
    expect(result.urgency.reasons.map((r) => r.code)).not.toContain('safety_risk');
  });
});
