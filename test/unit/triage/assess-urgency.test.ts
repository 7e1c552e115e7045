import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreEnglish } from '../../../shared/analysis/sentiment/english.js';
import type { SentimentResult, TopicMention, UrgencyLevel } from '../../../shared/analysis/types.js';
import { assessUrgency, combineConcepts, type UrgencyInput } from '../../../shared/triage/assess-urgency.js';
import { defaultTriageRules } from '../../../shared/triage/rules.js';

const rules = defaultTriageRules();

const sentiment = (score: number): SentimentResult => ({
  label: score > 0.2 ? 'positive' : score < -0.2 ? 'negative' : 'neutral',
  score,
  confidence: 0.8,
  sentences: [],
});

const assess = (text: string, extra: Partial<UrgencyInput> = {}) =>
  assessUrgency({ text, language: 'en', sentiment: sentiment(0), topics: [], ...extra }, rules);

const codes = (text: string, extra: Partial<UrgencyInput> = {}) => assess(text, extra).reasons.map((r) => r.code);

describe('assessUrgency: praise that suppresses a cue', () => {
  const withLexicon = (text: string) =>
    assessUrgency({ text, language: 'en', sentiment: scoreEnglish(text), topics: [] }, rules);

  it('reads a closing "Thanks" as a sign-off that praises nothing', () => {
    // Act: the comment reads 0.51 positive, all of it from the sign-off
    const result = withLexicon(
      'Our filing deadline is midnight tomorrow. We need this working urgently please. Thanks, [NAME]',
    );
    // Assess
    expect(result.level).toBe('high');
    expect(result.reasons.some((r) => r.code === 'time_pressure')).toBe(true);
  });

  it('still lets clear praise suppress a cue used in passing', () => {
    // Act
    const result = withLexicon('Fixed right away, thanks!!! Brilliant service.');
    // Assess
    expect(result.reasons.some((r) => r.code === 'time_pressure')).toBe(false);
  });
});

describe('assessUrgency: levels and reasons', () => {
  it.each<[string, UrgencyLevel, string, string]>([
    ['The charger caught fire last night', 'critical', 'safety_risk', 'caught fire'],
    [
      'Your salesman pressured my 87-year-old mum into a boiler contract',
      'critical',
      'vulnerable_customer',
      'pressured my 87-year-old mum',
    ],
    [
      'The engineer left the gas pipe behind the cooker uncapped',
      'critical',
      'safety_risk',
      'gas pipe behind the cooker uncapped',
    ],
    [
      'I slipped on the wet floor by your tills and hurt my back',
      'critical',
      'safety_risk',
      'slipped on the wet floor by your tills and hurt',
    ],
    ['My son had an allergic reaction to the snack', 'critical', 'safety_risk', 'allergic reaction'],
    ["I'm going to sue you over this", 'critical', 'legal_threat', 'going to sue'],
    ['I will report you to the BBB', 'critical', 'legal_threat', 'report you to'],
    ["I've passed this to my solicitor", 'critical', 'legal_threat', 'passed this to my solicitor'],
    ['The FCA will be hearing about this', 'critical', 'legal_threat', 'FCA'],
    ['My account was hacked yesterday', 'critical', 'security_breach', 'hacked'],
    ['There is an unauthorized charge on my card', 'critical', 'fraud', 'unauthorized charge'],
    ['The app is down for everyone in our office', 'critical', 'outage', 'app is down'],
    ['The agent yelled at me and my kids', 'critical', 'staff_abuse', 'agent yelled at me'],
    ['I want to cancel my subscription', 'high', 'churn_threat', 'want to cancel'],
    ['Uninstalling today, the new energy system ruined it', 'high', 'churn_threat', 'Uninstalling'],
    ["Won't be renewing, the price jump is too much", 'high', 'churn_threat', "Won't be renewing"],
    ['You charged me twice for one order', 'high', 'billing_error', 'charged me twice'],
    ['This is the third time I write about it', 'high', 'repeat_contact', 'third time'],
    ['I need it by tomorrow, my event is on Friday', 'high', 'time_pressure', 'by tomorrow'],
    ['This is completely unacceptable', 'high', 'very_angry', 'unacceptable'],
    ['The box arrived damaged', 'normal', 'complaint', 'damaged'],
    ['How do I change my delivery address?', 'normal', 'request', 'How do I'],
    ['It would be nice if the app had a dark mode', 'low', 'suggestion', 'would be nice'],
  ])('%s → %s (%s)', (text, level, code, evidence) => {
    // Act
    const result = assess(text);
    // Assess
    expect(result.level).toBe(level);
    const reason = result.reasons.find((r) => r.code === code);
    expect(reason?.level).toBe(level);
    expect(reason?.evidence && text.slice(reason.evidence.start, reason.evidence.end)).toBe(evidence);
    expect(result.reasons[0]?.level).toBe(level);
  });

  it.each<[string, UrgencyLevel, string, string]>([
    ['食べた後に食中毒になりました', 'critical', 'safety_risk', '食中毒'],
    ['濡れた床で子供が滑って頭を打ちました', 'critical', 'safety_risk', '子供が滑って頭を打'],
    ['店内の床で滑って頭を打ちました', 'critical', 'safety_risk', '滑って頭を打'],
    ['弁護士に相談しています', 'critical', 'legal_threat', '弁護士'],
    ['カードが不正利用されました', 'critical', 'fraud', '不正利用'],
    ['アカウントが乗っ取りにあいました', 'critical', 'security_breach', '乗っ取り'],
    ['朝から障害で全くつながらない', 'critical', 'outage', '障害'],
    ['マンション全体でお湯が出ません', 'critical', 'outage', 'マンション全体でお湯が出ません'],
    ['他のお客さんの名前と住所が書かれた明細が届きました', 'critical', 'security_breach', '他のお客さんの名前'],
    ['工事の人がガス管を外したまま帰りました', 'critical', 'safety_risk', 'ガス管を外したまま'],
    ['ヘルパーさんが母のお金を持っていったようです', 'critical', 'fraud', 'お金を持っていった'],
    ['認知症の父が高額な契約をさせられていました', 'critical', 'vulnerable_customer', '認知症の父が高額な契約'],
    [
      '一人暮らしの祖母の家のエアコンが壊れたままです',
      'critical',
      'vulnerable_customer',
      '一人暮らしの祖母の家のエアコンが壊れ',
    ],
    ['他社に乗り換えを検討します', 'high', 'churn_threat', '他社に乗り換え'],
    ['最高のアプリでした。配達料が3倍になったので今日で削除します', 'high', 'churn_threat', '今日で削除'],
    ['二度と利用しません', 'high', 'churn_threat', '二度と'],
    ['二重請求されています', 'high', 'billing_error', '二重請求'],
    ['何度も問い合わせています', 'high', 'repeat_contact', '何度も'],
    ['至急ご対応をお願いします', 'high', 'time_pressure', '至急'],
    ['ふざけるな', 'high', 'very_angry', 'ふざけるな'],
    ['商品が届かない', 'normal', 'complaint', '届かない'],
    ['ドリンクが入ってなかった', 'normal', 'complaint', '入ってな'],
    ['荷物がまだ届いてないです', 'normal', 'complaint', '届いてな'],
    ['駐車場があればいいと思います', 'low', 'suggestion', 'あればいい'],
  ])('%s → %s (%s)', (text, level, code, evidence) => {
    // Act
    const result = assessUrgency({ text, language: 'ja', sentiment: sentiment(0), topics: [] }, rules);
    // Assess
    expect(result.level).toBe(level);
    const reason = result.reasons.find((r) => r.code === code);
    expect(reason?.evidence && text.slice(reason.evidence.start, reason.evidence.end)).toBe(evidence);
  });

  it.each([
    ["I'm not going to sue, I just want an answer", 'legal_threat'],
    ["Don't worry, I'm not cancelling my subscription", 'churn_threat'],
    ['I was never charged twice, the statement was right', 'billing_error'],
    ['No one was injured, thankfully', 'safety_risk'],
    ['Sue from support was lovely', 'legal_threat'],
    // A solicitor doing conveyancing is no threat to take anyone to court.
    ["The buyer's solicitor needs our final meter reading", 'legal_threat'],
    ['The site is not down, it was my wifi', 'outage'],
    ['訴えるつもりはありません', 'legal_threat'],
    ['解約はしません', 'churn_threat'],
    ['怪我はありませんでした', 'safety_risk'],
    ['障害者用の部屋がありました', 'outage'],
    // A word naming prevention, cover or awareness after a critical cue makes a compound, not an incident.
    ['Their fraud prevention team was brilliant', 'fraud'],
    ['We had a fire drill at work today', 'safety_risk'],
    ['保健所の「食中毒を防ぐ台所」講座はとても勉強になりました', 'safety_risk'],
    ['「詐欺注意」の通知機能が便利です', 'fraud'],
    ['住宅用の火災警報器の点検の案内が届きました', 'safety_risk'],
    // A state, not something that happened: a stay in hospital, a burnt dish, a kind word about staff.
    ['I missed the deadline because I was in hospital that week', 'safety_risk'],
    ['Pizza was great, wings were burnt', 'safety_risk'],
    ['The crew were sweethearts and we landed early', 'staff_abuse'],
    ['Smart meter display stopped showing gas usage', 'safety_risk'],
    // A loss told as past, with a date it was put right by, is no deadline.
    ['Lost my card abroad, the replacement was at my hotel in 2 days', 'time_pressure'],
    // Hyperbole and a hazardous-goods class are no danger.
    ['機内食のカレーが美味しすぎて危険', 'safety_risk'],
    ['ヘアスプレーは危険物なので送れないと聞きました', 'safety_risk'],
    // A switch told as done and welcome, and a difference asked about, are no churn and no medication error.
    ['格安SIMに乗り換えて半年、通信で困ったことは一度もなし', 'churn_threat'],
    ['乗り換えの手続き、面倒なことは何一つありませんでした', 'churn_threat'],
    ['花粉症の薬、市販のものと処方薬の違いを教えてください', 'safety_risk'],
    ['ギフト包装で注文した商品に納品書を入れないでください', 'safety_risk'],
    ['I ran into my old teacher at the bus station', 'safety_risk'],
    ['This is nuts, the flight is still on the ground', 'safety_risk'],
    ['Your rep told me and everyone else to screw ourselves', 'safety_risk'],
    ["Our flight was rescheduled and I can't get through to anyone", 'outage'],
    // The word "outage" alone (planned, past, none) is no outage stopping many.
    ["Haven't had a single outage since we switched", 'outage'],
    ['Is the planned water outage on Elm Grove still on Thursday?', 'outage'],
    // No signal where it always drops (the underground, indoors) is a coverage complaint; Kansai やけど is "but";
    // 見られますか asks whether the customer can view something.
    // "All users" alone is an audience, a bus shelter no vehicle, a driver on the phone at the door no danger.
    ['Asked how to enforce 2FA for all users; will roll out Monday', 'outage'],
    ['The bus shelter on Park Road has had a smashed panel for a month', 'safety_risk'],
    ['Fast delivery, but the driver was on his phone the whole time and barely spoke', 'safety_risk'],
    // A switch or a departure told as done is no threat ("since I switched", "I left my scarf"); a fix done
    // within an hour is no deadline.
    ['Not one missed delivery since I switched. 5 stars', 'churn_threat'],
    ['Hi, I left my scarf at table 12 on Saturday night. Has anyone handed it in?', 'churn_threat'],
    ['switched to @Fonelink in May, no dropped calls, genuinely impressed', 'churn_threat'],
    ['Had a frozen transfer last month, support unfroze it within an hour. Solid app.', 'time_pressure'],
    // Switching apps or classes, moving abroad and asking how cancelling works are no threat to leave.
    ['App logs me out every time I switch to another app', 'churn_threat'],
    ['You charged me £89 for a plan I cancelled in March', 'churn_threat'],
    ['Can I switch from the evening class to the Saturday one mid-term?', 'churn_threat'],
    ["hi, i'm moving to Germany in Sept, can I keep my account open?", 'churn_threat'],
    ['定期預金を満期前に解約した場合、利息はどうなりますか？', 'churn_threat'],
    // Uninstalling to reinstall is a fix being tried, not a departure.
    ['I uninstalled and reinstalled the app and it still crashes', 'churn_threat'],
    ['アプリを削除して再インストールしても直りません', 'churn_threat'],
    ['地下鉄だと急に圏外になるの何とかならんかな', 'outage'],
    ['家の中で圏外とか今どきありえん', 'outage'],
    ['昼からずっと繋がりにくいんやけど、何かあった？', 'safety_risk'],
    ['置き配の写真って、あとからアプリで見られますか', 'security_breach'],
    // A suitcase's wheel coming off is a broken bag, not a hazard.
    ['my suitcase wheel came off on day one', 'safety_risk'],
    ['I nearly fell over when I saw the bill, honestly it hurt', 'safety_risk'],
    ['luggage came back dented, one wheel coming off and the handle stuck', 'safety_risk'],
    // Shops that do not take a way to pay are no outage.
    ['このアプリが使えない店が多くて不便。', 'outage'],
    ['電子マネーが使えないお店ばかりです', 'outage'],
    // Being at a loss, told in the past, is the start of a rescue story, not distress now.
    ['高速でパンクして途方に暮れていたところ、レッカーの方に助けていただきました', 'vulnerable_customer'],
    ['空港で途方に暮れてたけど、カウンターの方が全部手配してくれた', 'vulnerable_customer'],
  ])('a negated or look-alike cue, a compound, a state or a past event does not fire: %s', (text, code) => {
    // Act
    const found = codes(text, { language: /[ぁ-ん]/.test(text) ? 'ja' : 'en' });
    // Assess
    expect(found).not.toContain(code);
  });

  it.each([
    ['My son was rushed to hospital after eating the nuggets', 'safety_risk', 'rushed to hospital'],
    ['The kettle burnt my hand when the lid flew open', 'safety_risk', 'burnt my'],
    ['The driver called me sweetheart and grabbed my arm', 'staff_abuse', 'driver called me sweetheart'],
    [
      'My daughter was in hospital for two days after eating your chicken',
      'safety_risk',
      'in hospital for two days after eating',
    ],
    ['Massive outage across Leeds since 6am, nothing loads', 'outage', 'Massive outage'],
    // Dangerous driving is danger from a vehicle before anything is hit.
    ['My driver ran two red lights with my toddler in the back', 'safety_risk', 'driver ran two red lights'],
    ['The bus driver was on his phone the whole way', 'safety_risk', 'bus driver was on his phone the whole way'],
    // Quotation marks around a word do not break the phrase that quotes it.
    [
      'The engineer kept calling my wife "sweetheart" all afternoon',
      'staff_abuse',
      'engineer kept calling my wife "sweetheart',
    ],
    ['The socket has bare wires showing behind the cover', 'safety_risk', 'bare wires'],
    ["I need the passport back by Friday or I'll miss my flight", 'time_pressure', 'by Friday'],
    ['スマホのバッテリーが爆発しました', 'safety_risk', '爆発'],
    ['料金がまた上がったので来月乗り換えます', 'churn_threat', '乗り換えます'],
    ['薬局でもらった薬が処方箋と違いました', 'safety_risk', '薬局でもらった薬が処方箋と違い'],
    ['熱湯でやけどしました', 'safety_risk', 'やけど'],
    ["Fix the app this week or I'm switching to Monzo", 'churn_threat', "I'm switching"],
    // Leaving told plainly, without the word "cancel".
    ["Now everything is cheaper at Halden's, so that's where I'll go.", 'churn_threat', "that's where I'll go"],
    ['Price went up 28% at renewal, I have already got a cheaper quote', 'churn_threat', 'already got a cheaper quote'],
    ['運営が告知なしでガチャの仕様を変えたので、やめます。', 'churn_threat', 'やめます。'],
    ['Please sort the refund within the hour', 'time_pressure', 'within the hour'],
    ['A bus smashed into my parked car at the bus stop', 'safety_risk', 'bus smashed into'],
    ['Widespread outage across the north, nothing loads', 'outage', 'Widespread outage'],
    // A negation reaches a predicate, never the thing it is about: "didn't make" still names a transfer.
    ["I didn't make this transfer. £1,200 went to a crypto exchange at 3am", 'fraud', "I didn't make this transfer"],
    [
      'The app says a new device was added at 3am and my savings of £6,000 were moved to a crypto exchange',
      'fraud',
      'new device was added at 3am and my savings',
    ],
    [
      "It showed me someone else's address book when I opened Contacts",
      'security_breach',
      "someone else's address book",
    ],
    [
      '配達員さんに「こっちは忙しいんだよ、ボケ」と言われました',
      'staff_abuse',
      '配達員さんに「こっちは忙しいんだよ、ボケ」',
    ],
    ['そのままバイクで蛇行しながら帰ってった', 'safety_risk', 'バイクで蛇行'],
    [
      '夜行バスの運転手さん、高速走りながらずっとスマホで動画見てた',
      'safety_risk',
      'バスの運転手さん、高速走りながらずっと',
    ],
    // Told with a wink, the words still carry the incident.
    [
      'thanks @SwiftParcel for reversing into my garden wall and driving off',
      'safety_risk',
      'reversing into my garden wall and driving off',
    ],
    [
      "Five stars to the night manager for calling my mother 'a miserable old bat' at 2am",
      'staff_abuse',
      "manager for calling my mother 'a",
    ],
    [
      'love that the child-proof dishwasher tablet tub pops open with one squeeze',
      'safety_risk',
      'dishwasher tablet tub pops open',
    ],
    [
      "less keen that the reminder text had someone else's name and DOB in it",
      'security_breach',
      "someone else's name and DOB",
    ],
    ['昨夜からずっと圏外のままです', 'outage', '圏外'],
    ['店員にスマホを預けたら、写真フォルダを勝手に見られてた', 'security_breach', '写真フォルダを勝手に見られて'],
    ['今朝から県内の全店舗でクレジットカードが使えません。', 'outage', '全店舗でクレジットカードが使えません'],
    [
      '窓口の人に「日本語わからないなら来ないで」と言われました。',
      'staff_abuse',
      '窓口の人に「日本語わからないなら来ないで」',
    ],
    [
      '配送トラックがバックしてきて、うちの塀を壊していきました。',
      'safety_risk',
      'トラックがバックしてきて、うちの塀を壊',
    ],
    ['The bus driver nearly killed us, he was speeding through red lights.', 'safety_risk', 'bus driver nearly killed'],
    // A small part a toddler can swallow; an old person alone in the cold.
    [
      'The toy you sell for toddlers has a wheel that pops off and the axle is about the size of a grape.',
      'safety_risk',
      'toy you sell for toddlers has a wheel that pops off',
    ],
    [
      "I'm 84, the heating engineer cancelled again and it's 4 degrees inside. I have no one else to call.",
      'vulnerable_customer',
      "I'm 84, the heating engineer cancelled again and it's 4 degrees inside",
    ],
    ['薬が切れて、一人で途方に暮れています', 'vulnerable_customer', '途方に暮れ'],
    // Thinking aloud of ending it is distress, however softly put.
    ['アカウント消して、自分も消えようかなと思ってます', 'vulnerable_customer', '消えようかな'],
    ['The CO alarm in the kitchen started going off', 'safety_risk', 'CO alarm'],
    ["The locker app isn't loading for anyone at Station Road", 'outage', "app isn't loading for anyone"],
  ])('the same words as an event still raise their reason: %s', (text, code, evidence) => {
    // Act
    const result = assess(text, { language: /[ぁ-ん]/.test(text) ? 'ja' : 'en' });
    // Assess
    const reason = result.reasons.find((r) => r.code === code);
    expect(reason?.evidence && text.slice(reason.evidence.start, reason.evidence.end)).toBe(evidence);
  });

  it('keeps the cue when the negation is an inability (解約できない: wants to, cannot)', () => {
    // Act
    const found = codes('解約したいのに解約できない', { language: 'ja' });
    // Assess
    expect(found).toContain('churn_threat');
  });

  it('reads shouting and !!! as a very angry customer', () => {
    // Act
    const caps = assess('WHERE IS MY BAG AND WHY DOES NOBODY ANSWER');
    const bangs = assess('my bag is still in Denver!!!');
    const acronyms = assess('Flew LAX to JFK via ORD, fine');
    // Assess
    expect(caps.reasons.find((r) => r.code === 'very_angry')?.detail).toBe('written in capitals');
    expect(bangs.reasons.find((r) => r.code === 'very_angry')?.detail).toBe('repeated exclamation marks');
    expect(acronyms.reasons.map((r) => r.code)).not.toContain('very_angry');
  });

  it('makes a strongly negative comment with no other reason at least normal, with the sentence as evidence', () => {
    // Prepare
    const text = 'The seats. They were dreadful.';
    const s: SentimentResult = {
      label: 'negative',
      score: -0.6,
      confidence: 0.8,
      sentences: [
        { span: { start: 0, end: 10 }, label: 'neutral', score: 0 },
        { span: { start: 11, end: 30 }, label: 'negative', score: -0.7 },
      ],
    };
    // Act
    const result = assessUrgency({ text, language: 'en', sentiment: s, topics: [] }, rules);
    // Assess
    expect(result.level).toBe('normal');
    expect(result.reasons[0]).toMatchObject({ code: 'complaint', evidence: { start: 11, end: 30 } });
  });

  it('keeps praise and neutral remarks low, praise below a neutral remark', () => {
    // Act
    const praise = assess('Thank you, the crew was wonderful', { sentiment: sentiment(0.8) });
    const neutral = assess('I flew to Boston on Tuesday');
    // Assess
    expect(praise.level).toBe('low');
    expect(praise.reasons.map((r) => r.code)).toContain('praise');
    expect(neutral).toMatchObject({ level: 'low', reasons: [{ code: 'neutral', level: 'low' }] });
    expect(praise.score).toBeLessThan(neutral.score);
  });

  it('ignores cues that a clearly positive comment uses in passing', () => {
    // Act
    const result = assess('They fixed it right away, thank you so much!', { sentiment: sentiment(0.7) });
    // Assess
    expect(result.level).toBe('low');
  });

  it('raises a neutral text on a detractor NPS or CSAT 1, with the rating as detail', () => {
    // Act
    const nps2 = assess('ok', { ratings: { nps: 2 } });
    const nps0 = assess('ok', { ratings: { nps: 0 } });
    const csat1 = assess('ok', { ratings: { csat: 1 } });
    const nps9 = assess('ok', { ratings: { nps: 9 } });
    // Assess
    expect(nps2).toMatchObject({ level: 'normal', reasons: [{ code: 'low_rating', detail: 'NPS 2' }] });
    expect(nps0).toMatchObject({ level: 'high', reasons: [{ code: 'very_low_rating', detail: 'NPS 0' }] });
    expect(csat1.level).toBe('high');
    expect(nps9.level).toBe('low');
  });

  it('raises the score, not the level, for a priority customer tier', () => {
    // Act
    const plain = assess('The box arrived damaged');
    const vip = assess('The box arrived damaged', { customer: { tier: 'Enterprise' } });
    const ja = assess('The box arrived damaged', { customer: { tier: 'プレミアム' } });
    // Assess
    expect(vip.level).toBe(plain.level);
    expect(vip.score).toBeGreaterThan(plain.score);
    expect(ja.score).toBe(vip.score);
    expect(vip.reasons).toContainEqual({ code: 'priority_customer', level: 'low', detail: 'tier Enterprise' });
  });

  it('orders by how much is wrong within a level: more reasons, higher score', () => {
    // Act
    const one = assess('You charged me twice');
    const three = assess('Third time asking: you charged me twice and I need it fixed by tomorrow!!!');
    // Assess
    expect(one.level).toBe('high');
    expect(three.level).toBe('high');
    expect(three.score).toBeGreaterThan(one.score);
  });

  it('turns a negative topic mention into a complaint with the topic as evidence', () => {
    // Prepare
    const topics: TopicMention[] = [
      { topic: 'delivery', sentiment: { label: 'negative', score: -0.5 }, evidence: [{ start: 4, end: 12 }] },
    ];
    // Act
    const result = assess('The delivery came', { topics });
    // Assess
    expect(result.reasons[0]).toMatchObject({
      code: 'complaint',
      detail: 'negative about delivery',
      evidence: { start: 4, end: 12 },
    });
  });
});

describe('assessUrgency: invariants', () => {
  const bands = rules.config.bands;
  it('keeps every score inside its level band and every evidence span inside the text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          '',
          ' sue you',
          ' 食中毒',
          ' charged twice',
          ' thanks',
          ' 何度も',
          '!!!',
          ' CANCEL MY ACCOUNT NOW',
        ),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 10 })),
        fc.option(fc.constantFrom('enterprise', 'free', 'VIP')),
        (noise, cue, score, nps, tier) => {
          // Prepare
          const text = noise + cue;
          // Act
          const result = assess(text, {
            sentiment: sentiment(score),
            ...(nps === null ? {} : { ratings: { nps } }),
            ...(tier === null ? {} : { customer: { tier } }),
          });
          // Assess
          const band = bands[result.level];
          expect(result.score).toBeGreaterThanOrEqual(band.min);
          expect(result.score).toBeLessThanOrEqual(band.max);
          expect(Number.isInteger(result.score)).toBe(true);
          expect(result.reasons.length).toBeGreaterThan(0);
          for (const r of result.reasons) {
            if (r.evidence) {
              expect(r.evidence.start).toBeGreaterThanOrEqual(0);
              expect(r.evidence.end).toBeLessThanOrEqual(text.length);
              expect(r.evidence.end).toBeGreaterThan(r.evidence.start);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never lets a lower level outscore a higher one', () => {
    // Act
    const low = assess('thanks a lot, wonderful!!!!!!', { sentiment: sentiment(0.9), customer: { tier: 'vip' } });
    const normal = assess('damaged, broken, useless, terrible, wrong', {
      sentiment: sentiment(-1),
      customer: { tier: 'vip' },
    });
    const high = assess('I will cancel my account');
    const critical = assess('unsafe');
    // Assess
    expect(low.level).toBe('low');
    expect(normal.level).toBe('normal');
    expect(Math.max(low.score, normal.score)).toBeLessThan(high.score);
    expect(high.score).toBeLessThan(critical.score);
  });
});

describe('concepts composed within a sentence', () => {
  const group = (name: string) => rules.rules.length + rules.concepts.indexOf(name);
  const at = (name: string, text: string, word: string) => {
    const start = text.indexOf(word);
    return { group: group(name), start, end: start + word.length };
  };

  it('pairs a concept with its nearest partner, not the first one in the sentence', () => {
    // Prepare: the meal is named far back, the bite is right beside the object.
    const text =
      'The risotto we ordered on Friday evening for all of the family looked wonderful, but then my daughter bit into a piece of metal.';
    const hits = [
      at('FOOD', text, 'risotto'),
      at('CONSUME', text, 'bit into'),
      at('FOREIGN_OBJECT', text, 'piece of metal'),
    ];
    // Act
    const found = combineConcepts(text, hits, rules);
    // Assess
    const foreign = found.find((c) => c.code === 'safety_risk');
    expect(foreign && text.slice(foreign.evidence.start, foreign.evidence.end)).toBe('bit into a piece of metal');
  });

  it('tries the next anchor when the first one leaves no room for the other concepts', () => {
    // Prepare: the first service word lies inside the down phrase; the booking system is the service.
    const text = 'All 40 staff without phone service, the booking system too';
    const hits = [
      at('MANY', text, 'All 40 staff'),
      at('DOWN', text, 'without phone service'),
      at('SERVICE', text, 'service'),
      at('SERVICE', text, 'booking system'),
    ];
    // Act
    const found = combineConcepts(text, hits, rules);
    // Assess
    const outage = found.find((c) => c.code === 'outage');
    expect(outage && text.slice(outage.evidence.start, outage.evidence.end)).toBe(
      'All 40 staff without phone service, the booking system',
    );
  });

  it('drops a combination when its sentence also holds an `unless` concept (a lock already lifted)', () => {
    // Prepare
    const locked = 'My account is frozen and I cannot pay the rent.';
    const lifted = 'My account was frozen but you unfroze it, so I could pay the rent.';
    const hitsOf = (text: string, extra: Array<[string, string]>) => [
      at('MONEY_LOCKED', text, 'account'),
      at('ESSENTIALS', text, 'rent'),
      ...extra.map(([n, w]) => at(n, text, w)),
    ];
    // Act
    const found = combineConcepts(locked, hitsOf(locked, []), rules);
    const dropped = combineConcepts(lifted, hitsOf(lifted, [['RESOLVED', 'unfroze']]), rules);
    // Assess
    expect(found.map((c) => c.code)).toContain('vulnerable_customer');
    expect(dropped.map((c) => c.code)).not.toContain('vulnerable_customer');
  });
});
