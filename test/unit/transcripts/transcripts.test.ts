import { describe, expect, it } from 'vitest';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import { PayloadTooLargeError, ValidationError } from '../../../shared/errors.js';
import { analyzeTranscript } from '../../../shared/transcripts/analyze.js';
import { buildTranscriptItem, idForConversation, turnsOf } from '../../../shared/transcripts/build.js';
import { defaultConversationCues } from '../../../shared/transcripts/cues.js';
import type { TranscriptInput, TurnInput } from '../../../shared/transcripts/model.js';
import { parseTranscriptRequest } from '../../../shared/transcripts/validate.js';
import { transcriptTurnsView } from '../../../shared/transcripts/view.js';

// One analyzer per file: kuromoji loads once per worker.
const analyzer = createLocalAnalyzer();
const AT = '2026-11-30T10:00:00.000Z';
const at = (minute: number) => new Date(Date.parse(AT) + minute * 60_000).toISOString();

const conversation = (
  turns: Array<[TurnInput['role'], string]>,
  extra: Partial<TranscriptInput> = {},
): TranscriptInput => ({
  source: 'support',
  conversationId: 'c-1',
  channel: 'chat',
  turns: turns.map(([role, text], i) => ({ role, text, at: at(i) })),
  ...extra,
});

const analyzed = async (input: TranscriptInput) => {
  const item = buildTranscriptItem(input, AT);
  return { item, analysis: await analyzeTranscript(item, analyzer) };
};

describe('parseTranscriptRequest', () => {
  it('lists every offending field path at once', () => {
    // Prepare
    const body = {
      source: '',
      conversationId: 'c-1',
      channel: 'fax',
      turns: [
        { role: 'customer', text: 'hi', at: AT },
        { role: 'manager', text: '', at: 'yesterday' },
        { role: 'agent', text: 'ok', at: AT, colour: 'blue' },
      ],
      ratings: { csat: 9 },
      extra: 1,
    };
    // Act
    const error = (() => {
      try {
        parseTranscriptRequest(body);
      } catch (e) {
        return e as ValidationError;
      }
    })();
    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.issues.map((i) => i.path).sort()).toEqual(
      [
        'channel',
        'extra',
        'ratings.csat',
        'source',
        'turns[1].at',
        'turns[1].role',
        'turns[1].text',
        'turns[2].colour',
      ].sort(),
    );
  });

  it('refuses more than 500 turns and more than 200 KB of text with 413', () => {
    const many = {
      source: 's',
      conversationId: 'c',
      turns: Array.from({ length: 501 }, () => ({ role: 'bot', text: 'x', at: AT })),
    };
    const big = {
      source: 's',
      conversationId: 'c',
      turns: Array.from({ length: 11 }, () => ({ role: 'customer', text: 'あ'.repeat(7000), at: AT })),
    };
    expect(() => parseTranscriptRequest(many)).toThrow(PayloadTooLargeError);
    expect(() => parseTranscriptRequest(big)).toThrow(PayloadTooLargeError);
  });

  it('normalizes times and defaults the channel to chat', () => {
    const input = parseTranscriptRequest({
      source: 's',
      conversationId: 'c',
      turns: [{ role: 'customer', text: '  hello  ', at: '2026-11-30T19:00:00+09:00' }],
    });
    expect(input.channel).toBe('chat');
    expect(input.turns[0]).toEqual({ role: 'customer', text: 'hello', at: '2026-11-30T10:00:00.000Z' });
  });
});

describe('buildTranscriptItem', () => {
  it('redacts every turn, keeps one text with turn spans, and derives the id from (source, conversationId)', () => {
    // Act
    const item = buildTranscriptItem(
      conversation([
        ['customer', 'My card 4111 1111 1111 1111 was charged twice, mail me at taro@example.jp'],
        ['agent', 'Sorry! I will refund it.'],
      ]),
      AT,
    );
    // Assess
    expect(item.id).toBe(idForConversation('support', 'c-1'));
    expect(item.id).not.toBe(buildTranscriptItem(conversation([['customer', 'x']], { conversationId: 'c-2' }), AT).id);
    expect(item.kind).toBe('transcript');
    expect(item.text).not.toContain('taro@example.jp');
    expect(item.text).not.toContain('4111');
    expect(item.redacted.EMAIL).toBe(1);
    expect(turnsOf(item).map((t) => t.role)).toEqual(['customer', 'agent']);
    expect(item.text.slice(item.turns![1]!.start, item.turns![1]!.end)).toBe('Sorry! I will refund it.');
    expect(item.text.split('\n')[0]).toMatch(/^Customer: My card/);
  });

  it('gives the same content the same hash, and a new turn a new revision of the same id', () => {
    // Prepare
    const first = buildTranscriptItem(conversation([['customer', 'Where is my parcel?']]), AT);
    // Act
    const again = buildTranscriptItem(conversation([['customer', 'Where is my parcel?']]), AT, first);
    const more = buildTranscriptItem(
      {
        ...conversation([['customer', 'Where is my parcel?']]),
        turns: [{ role: 'agent', text: 'On its way.', at: at(5), id: 'p2' }],
      },
      AT,
      first,
    );
    // Assess
    expect(again.contentHash).toBe(first.contentHash);
    expect(more.id).toBe(first.id);
    expect(more.contentHash).not.toBe(first.contentHash);
    expect(more.revision).toBe(2);
    expect(turnsOf(more).map((t) => t.text)).toEqual(['Where is my parcel?', 'On its way.']);
  });
});

describe('analyzeTranscript', () => {
  it('counts only customer turns, with a trajectory from negative to positive and the turn where it changed', async () => {
    // Act
    const { item, analysis } = await analyzed(
      conversation([
        ['customer', 'The app crashes every time I open it. This is terrible and I am furious.'],
        ['agent', 'That is awful, I am so sorry, this is a terrible experience.'],
        ['customer', 'It still crashes. Really annoying.'],
        ['agent', 'Please update to version 5.2.'],
        ['customer', 'That fixed it, works now. Thank you so much, great support!'],
      ]),
    );
    const c = analysis.conversation!;
    // Assess
    expect(c.customerTurns).toBe(3);
    expect(c.agentTurns).toBe(2);
    expect(c.turns.map((t) => t.turn)).toEqual([0, 2, 4]);
    expect(c.trajectory?.start).toMatchObject({ turn: 0, label: 'negative' });
    expect(c.trajectory?.end).toMatchObject({ turn: 4, label: 'positive' });
    expect(c.trajectory?.changedAt?.turn).toBe(4);
    expect(c.trajectory?.direction).toBe('improved');
    expect(c.resolutions.map((r) => r.turn)).toEqual([4, 4]);
    expect(c.resolved).toBe(true);
    // The agent's "awful … terrible" is nowhere in the customer's sentiment: every sentence lies in a customer turn.
    const customerTurns = item.turns!.filter((t) => t.role === 'customer');
    expect(analysis.sentiment.sentences.length).toBeGreaterThan(0);
    for (const s of analysis.sentiment.sentences)
      expect(customerTurns.some((t) => s.span.start >= t.start && s.span.end <= t.end)).toBe(true);
    expect(analysis.urgency.reasons.map((r) => r.code)).toContain('resolved_in_conversation');
  });

  it('keeps a critical told in one turn when the conversation ends in thanks, with the evidence in that turn', async () => {
    // Prepare
    const critical = 'Today the car started shaking at 50mph; two wheel nuts on the front left were missing.';
    // Act
    const { item, analysis } = await analyzed(
      conversation([
        ['customer', critical],
        ['agent', 'So sorry, we are sending a recovery truck and a courtesy car now.'],
        ['customer', 'Courtesy car arrived and the nuts are replaced. Thanks for sorting it quick!'],
      ]),
    );
    const reason = analysis.urgency.reasons.find((r) => r.level === 'critical');
    // Assess
    expect(analysis.conversation?.resolved).toBe(true);
    expect(analysis.urgency.level).toBe('critical');
    expect(reason?.turn?.index).toBe(0);
    expect(item.text.slice(reason!.evidence!.start, reason!.evidence!.end)).toContain('nuts');
    expect(turnsOf(item)[0]!.text.slice(reason!.turn!.span.start, reason!.turn!.span.end)).toContain('nuts');
  });

  it('raises an English escalation request to high with evidence pointing at the turn and the span', async () => {
    // Act
    const { item, analysis } = await analyzed(
      conversation([
        ['customer', 'My refund is two weeks late.'],
        ['agent', 'I can check with my supervisor.'],
        ['customer', 'No, let me talk to a manager right now.'],
      ]),
    );
    const reason = analysis.urgency.reasons.find((r) => r.code === 'escalation_request');
    // Assess
    expect(analysis.urgency.level === 'high' || analysis.urgency.level === 'critical').toBe(true);
    // The agent checking with a supervisor is a handoff (turn 1); the customer's request raises urgency (turn 2).
    expect(analysis.conversation?.escalations.map((e) => e.turn)).toEqual([1, 2]);
    expect(reason?.turn?.index).toBe(2);
    const turnText = turnsOf(item)[2]!.text;
    expect(turnText.slice(reason!.turn!.span.start, reason!.turn!.span.end)).toBe('let me talk to a manager');
    expect(item.text.slice(reason!.evidence!.start, reason!.evidence!.end)).toBe('let me talk to a manager');
  });

  it('finds Japanese escalation and resolution cues; an agent counts only when handing the case on', async () => {
    // Act
    const { analysis: escalated } = await analyzed(
      conversation([
        ['customer', '注文した商品が届きません。'],
        ['agent', '責任者に代わります。'],
        ['customer', 'もういいです、上司を出してください。'],
      ]),
    );
    const { analysis: solved } = await analyzed(
      conversation([
        ['customer', 'アプリが起動しません。困っています。'],
        ['agent', '再インストールをお試しください。解決しましたか？'],
        ['customer', '直りました！解決しました。ありがとうございます。'],
      ]),
    );
    // Assess
    expect(escalated.conversation?.escalations.map((e) => e.turn)).toEqual([1, 2]);
    expect(escalated.urgency.reasons[0]?.code).toBe('escalation_request');
    expect(solved.conversation?.escalations).toEqual([]);
    expect(solved.conversation?.resolutions.every((r) => r.turn === 2)).toBe(true);
    expect(solved.conversation?.resolved).toBe(true);
  });

  it('matches Japanese cues on morpheme boundaries, and as substrings only when the tokenizer cannot load', async () => {
    // Prepare: 上の方 ("someone above") is no escalation inside 以上の方 ("those aged over"), nor ただ ("but") inside ただし.
    const input = conversation([
      ['customer', '家族に65歳以上の方がいます。割引はありますか。'],
      ['agent', 'はい、シニア割がございます。ただし店頭でのお手続きです。'],
      ['customer', 'わかりました、明日店頭で手続きしました。'],
      ['agent', '上の方と話せる窓口もございます。'],
    ]);
    const item = buildTranscriptItem(input, AT);
    // Act
    const tokens = await analyzeTranscript(item, analyzer);
    const substrings = await analyzeTranscript(item, analyzer, {
      japanese: () => Promise.reject(new Error('no dictionary')),
    });
    // Assess
    expect(tokens.conversation?.escalations).toEqual([]);
    expect(substrings.conversation?.escalations.map((e) => e.turn)).toEqual([0]);
  });

  it('does not count a negated cue', () => {
    const cues = defaultConversationCues();
    expect(cues.find("I don't need to speak to a manager, just fix it").map((h) => h.kind)).not.toContain('escalation');
    expect(cues.find('It is not working now either').map((h) => h.kind)).toEqual([]);
    expect(cues.find('Can I speak to your supervisor?').map((h) => h.kind)).toContain('escalation');
  });

  it('reads a handoff as a team and an onward move in one sentence; a bot only routing to a person is none', async () => {
    const handedOn = async (role: TurnInput['role'], line: string) => {
      const { analysis } = await analyzed(
        conversation([
          ['customer', 'There is a payment on my card I did not make.'],
          [role, line],
        ]),
      );
      return analysis.conversation?.escalations.map((e) => e.turn) ?? [];
    };
    expect(await handedOn('bot', "Thanks. I'm transferring you to our fraud team.")).toEqual([1]);
    expect(await handedOn('bot', "I'll pass you to a member of the support team.")).toEqual([]);
    expect(await handedOn('bot', '担当者におつなぎします。')).toEqual([]);
    expect(await handedOn('agent', "I've asked the depot team to find it, and they'll call you today.")).toEqual([1]);
    expect(await handedOn('agent', "I'm reporting this to the branch pharmacist, who will call you.")).toEqual([1]);
    expect(await handedOn('agent', '支配人より直接お電話いたします。')).toEqual([1]);
    // A team named without handing anything on, and feedback passed along, are not escalations.
    expect(await handedOn('agent', "I've reported the link to our security team. They took it down.")).toEqual([]);
    expect(await handedOn('agent', "Thank you, I'll pass your feedback on to the team and the manager.")).toEqual([]);
    expect(await handedOn('agent', 'Our team is sorry. We will call you tomorrow.')).toEqual([]);
    // A manager or a department named alone hands nothing on either (管理者画面 is the admin screen).
    expect(await handedOn('agent', '変更は管理者画面の「契約」からいつでも可能です。')).toEqual([]);
    expect(await handedOn('agent', '調査を担当部署に依頼し、警察とも連携いたします。')).toEqual([1]);
    expect(await handedOn('agent', '店長と本部の衛生管理担当が確認いたします。')).toEqual([1]);
  });

  it('counts a complaint, a regulator or a court as an escalation, and no resolution before anyone replied to the customer', async () => {
    // Act
    const { analysis: ombudsman } = await analyzed(
      conversation([
        ['customer', "I've referred this to the Energy Ombudsman today."],
        ['agent', 'Thank you for letting us know.'],
      ]),
    );
    const { analysis: opening } = await analyzed(
      conversation([
        ['customer', 'The parcel arrived broken, thanks a lot.'],
        ['agent', 'Sorry, a replacement is on its way.'],
      ]),
    );
    const { analysis: greeted } = await analyzed(
      conversation([
        ['bot', 'Hi! How can I help today?'],
        ['customer', 'It arrived today, but the screen is cracked.'],
        ['agent', 'Sorry to hear that. Could you send us a photo?'],
        ['customer', 'Sent.'],
      ]),
    );
    // Assess
    expect(greeted.conversation?.resolved).toBe(false);
    expect(ombudsman.conversation?.escalations.map((e) => e.turn)).toEqual([0]);
    expect(opening.conversation?.resolutions).toEqual([]);
    expect(opening.conversation?.resolved).toBe(false);
  });

  it('reads closing thanks as solved only when the customer is not still waiting', async () => {
    // Prepare
    const thread = (last: string) =>
      conversation([
        ['customer', "There's a payment of £740 on my card this morning that I didn't make."],
        ['agent', "I've frozen the card and our fraud team will call you within the hour."],
        ['customer', last],
      ]);
    // Act
    const { analysis: done } = await analyzed(thread('They just rang and it is all cancelled. Thank you so much.'));
    const waiting = await Promise.all(
      [
        "ok thank you, I'll wait for their call then",
        'Thanks. Still no sign of the refund though.',
        'ありがとうございます。連絡を待ちます。',
      ].map(async (last) => (await analyzed(thread(last))).analysis),
    );
    // Assess
    expect(done.conversation?.resolved).toBe(true);
    for (const analysis of waiting) expect(analysis.conversation?.resolved).toBe(false);
  });

  it('reads a Japanese fix told by grammar, not by a listed spelling, and a relapse after a fix as unsolved', async () => {
    // Prepare
    const thread = (last: string) =>
      conversation([
        ['customer', 'ルーターのランプが赤のままで、ネットにつながりません。'],
        ['agent', '電源を抜いて30秒後に挿し直していただけますか。'],
        ['customer', last],
      ]);
    // Act
    const solved = await Promise.all(
      [
        '挿し直したらつながりました。',
        '動画も見られるようになりました。',
        '途切れなくなりました。',
        '接続が回復しています。',
        '試したら大丈夫でした。お世話になりました。',
        '再起動したら速くなりました！',
        '今は普通に直ってます。',
      ].map(async (last) => (await analyzed(thread(last))).analysis),
    );
    const unsolved = await Promise.all(
      [
        '挿し直してもつながりません。',
        'つながったと思ったら、また切れました。',
        '一度はつながりましたが、また止まりました。',
        'つながったら連絡します。',
        '再起動しても遅くなりました。',
      ].map(async (last) => (await analyzed(thread(last))).analysis),
    );
    // Assess
    for (const analysis of solved) expect(analysis.conversation?.resolved).toBe(true);
    for (const analysis of unsolved) expect(analysis.conversation?.resolved).toBe(false);
  });

  it('reads closing thanks after a bot that acted as solved, and thanks before any reply as none', async () => {
    // Act
    const { analysis: afterBot } = await analyzed(
      conversation([
        ['customer', 'さっき届いたピザ、サイドのポテトが入ってなかった'],
        ['bot', 'ご注文のポテトM 390円分を返金いたしました。返金完了メールをお送りしています。'],
        ['customer', 'メール来てた、ありがとう'],
      ]),
    );
    const { analysis: noReply } = await analyzed(
      conversation([
        ['customer', 'The side of fries was missing from my order.'],
        ['customer', 'Thanks in advance.'],
      ]),
    );
    // Assess
    expect(afterBot.conversation?.resolved).toBe(true);
    expect(noReply.conversation?.resolved).toBe(false);
  });

  it('settles a plain question when the customer accepts the answer, but not a problem the answer only schedules', async () => {
    // Act
    const { analysis: question } = await analyzed(
      conversation([
        ['customer', '粗大ごみの申し込み方法を知りたい'],
        ['bot', '粗大ごみはインターネットまたは電話で申し込めます。'],
        ['customer', 'マットレスは粗大ごみですか？'],
        ['bot', 'マットレスは粗大ごみ（手数料1,000円）です。'],
        ['customer', 'わかりました'],
      ]),
    );
    const { analysis: problem } = await analyzed(
      conversation([
        [
          'customer',
          'Hi, I had my car serviced last week and now the service light is still on. Should I bring it back?',
        ],
        ['agent', "Sorry about that. You can pop in any time and we'll reset it for free."],
        ['customer', "Ok, I'll come in Saturday."],
      ]),
    );
    // Assess
    expect(question.conversation?.resolved).toBe(true);
    expect(problem.conversation?.resolved).toBe(false);
  });

  it('takes the last word: a fix said in it stands even when it grumbles, and waiting said after it undoes it', async () => {
    // Prepare
    const thread = (last: string) =>
      conversation([
        ['customer', 'The app logs me out every time I open the statements page.'],
        ['agent', "We've pushed a fix in version 4.2. Could you update and try again?"],
        ['customer', last],
      ]);
    // Act
    const [grumbling, stars, waiting, goodbye] = await Promise.all(
      [
        'It works now, but honestly it should never have broken in the first place.',
        '★1→★4 アップデートしたら直ってました。最初からちゃんとしてほしかったけど',
        "That's fixed, thanks. I'll wait for the letter about the fee before I close this.",
        'Works perfectly now, thanks! See you soon.',
      ].map(async (last) => (await analyzed(thread(last))).analysis),
    );
    // Assess
    expect(grumbling?.conversation?.resolved).toBe(true);
    expect(stars?.conversation?.resolved).toBe(true);
    expect(waiting?.conversation?.resolved).toBe(false);
    expect(goodbye?.conversation?.resolved).toBe(true);
  });

  it('reads a review updated to more stars as resolved, unless the update still waits', async () => {
    // Prepare
    const review = (first: string, last: string) =>
      conversation([
        ['customer', first],
        ['agent', 'Sorry about that. We have refunded the order and passed the notification fault to the app team.'],
        ['customer', last],
      ]);
    // Act
    const [raised, japanese, stillWaiting, lowered] = await Promise.all(
      [
        review('★☆☆☆☆ Waited an hour and the order was cancelled without a word.', '★★★★☆ Refund is in.'),
        review(
          '★1 1時間待たされて勝手にキャンセル。',
          '【更新 ★3】返金は確認。キャンセルの通知は出るようにしてほしい。',
        ),
        review(
          '2 stars. No points for my visit.',
          'Points are there now. Still no birthday voucher though. 3 stars for now.',
        ),
        review('★★★☆☆ Slow delivery.', '★☆☆☆☆ Now the app will not open at all.'),
      ].map(async (input) => (await analyzed(input)).analysis),
    );
    // Assess
    expect(raised?.conversation?.resolved).toBe(true);
    expect(japanese?.conversation?.resolved).toBe(true);
    expect(stillWaiting?.conversation?.resolved).toBe(false);
    expect(lowered?.conversation?.resolved).toBe(false);
  });

  it.each([
    ['あっ再起動したらプレボに届いてた！！ありがとうございます', true],
    ['補修してもらいました。正直どこに傷があったかわからないレベル。対応早くて助かった', true],
    ['0時すぎについた〜！寒いなか夜中の作業ありがとうございました', true],
    ['木曜に受け取れなかったら更新できないので、確実にお願いします', false],
    ['承知しました。20日のご連絡をお待ちしております', false],
    // いただき holds ただ and いつでも holds でも: neither is a doubt ("but").
    ['担当の方からお電話いただき、必要な書類が分かりました。ありがとうございました。', true],
    ['届きました。いつでも使えるようになって助かりました', true],
    ['ありがとうございます。ただ、箱が潰れていました', false],
  ])('reads a Japanese last word as a fix or not: %s → %s', async (last, resolved) => {
    // Act
    const { analysis } = await analyzed(
      conversation([
        ['customer', '注文した商品がまだ届いていません。'],
        ['agent', '確認いたしました。担当より本日中に再度お届けいたします。'],
        ['customer', last],
      ]),
    );
    // Assess
    expect(analysis.conversation?.resolved).toBe(resolved);
  });

  it('settles praise when the customer has the last word, and passing praise on is no escalation', async () => {
    // Prepare
    const praise = [
      ['customer', 'Just wanted to say the driver on the 7:40 waited for my mum while she found her pass. So kind.'],
      ['agent', "Thank you for telling us! I'll pass your kind words to the depot team."],
    ] as Array<[TurnInput['role'], string]>;
    // Act
    const { analysis: accepted } = await analyzed(conversation([...praise, ['customer', 'Lovely, will do 😊']]));
    const { analysis: endsOnAgent } = await analyzed(conversation(praise));
    // Assess
    expect(accepted.conversation?.resolved).toBe(true);
    expect(accepted.conversation?.escalations).toEqual([]);
    expect(endsOnAgent.conversation?.resolved).toBe(false);
  });

  it('reads a complaint the customer declines, and their own boss, as no escalation; a case passed to a manager as one', async () => {
    // Act
    const { analysis: declined } = await analyzed(
      conversation([
        [
          'customer',
          "My new address still isn't on the account. I don't want to make a formal complaint, just fix it.",
        ],
        ['agent', "Sorry about that, I've updated it myself now."],
      ]),
    );
    const { analysis: ownBoss } = await analyzed(
      conversation([
        ['customer', '来週の予約を変更したいです。上司に休みを断られてしまって。'],
        ['agent', '承知しました。木曜の10時が空いております。'],
        ['customer', '上司に確認します。'],
      ]),
    );
    const { analysis: passed } = await analyzed(
      conversation([
        ['customer', 'The table I booked for 12 was given away and nobody could tell us why.'],
        ['agent', "I've passed everything to our general manager, who will call you tomorrow morning."],
      ]),
    );
    // Assess
    expect(declined.conversation?.escalations).toEqual([]);
    expect(ownBoss.conversation?.escalations).toEqual([]);
    expect(passed.conversation?.escalations.length).toBeGreaterThan(0);
  });

  it('accepts a transcript with no customer turns and marks it neutral, unsure and low', async () => {
    // Act
    const { analysis } = await analyzed(
      conversation([
        ['bot', 'Hi! How can I help?'],
        ['agent', 'Closing this chat.'],
      ]),
    );
    // Assess
    expect(analysis.conversation).toMatchObject({ customerTurns: 0, botTurns: 1, agentTurns: 1, resolved: false });
    expect(analysis.sentiment).toMatchObject({ label: 'neutral', score: 0, confidence: 0 });
    expect(analysis.urgency.level).toBe('low');
    expect(analysis.urgency.reasons[0]?.code).toBe('no_customer_turns');
  });

  it('keeps a comment-shaped analysis and shows each turn with its analysis in the view', async () => {
    // Prepare
    const { item, analysis } = await analyzed(
      conversation([
        ['customer', 'The delivery was late and the box was damaged.'],
        ['agent', 'Sorry, a replacement is on its way.'],
      ]),
    );
    // Act
    const view = transcriptTurnsView({ ...item, analysis });
    // Assess
    expect(Object.keys(analysis)).toEqual(
      expect.arrayContaining(['language', 'sentiment', 'keyPhrases', 'topics', 'urgency', 'pii', 'analyzer']),
    );
    for (const topic of analysis.topics)
      for (const e of topic.evidence) expect(e.end).toBeLessThanOrEqual(item.turns![0]!.end);
    // The turn's own reading: a complaint, read as the analyzer reads the turn alone.
    const [turnAlone] = await analyzer.analyze([{ text: 'The delivery was late and the box was damaged.' }]);
    expect(['negative', 'mixed']).toContain(view[0]?.analysis?.sentiment.label);
    expect(view[0]?.analysis?.sentiment.label).toBe(turnAlone?.sentiment.label);
    expect(view[0]?.analysis?.sentiment.sentences[0]?.span.start).toBe(0);
    expect(view[1]).toMatchObject({ role: 'agent', text: 'Sorry, a replacement is on its way.' });
    expect(view[1]?.analysis).toBeUndefined();
  });
});

describe('conversations read as a person reads them (the twcs threads of issue 17)', () => {
  it.each([
    [
      'Thank you @ChipotleTweets for resolving my issue so quickly!! Y’all are the best ☺️ #fanforlife',
      'So frustrated with @ChipotleTweets 😡 Order was wrong AND they charged my credit card twice',
    ],
    ['I finally got someone that helped me, thanks!', 'somebody from @VerizonSupport please help meeeeee 😩'],
  ])('"%s" after an agent reply is resolved', async (last, first) => {
    // Act
    const { analysis } = await analyzed(
      conversation([
        ['customer', first],
        ['agent', '@115735 We are sorry to see that you are having trouble. How can we help?'],
        ['customer', last],
      ]),
    );
    // Assess
    expect(analysis.conversation?.resolved).toBe(true);
  });

  it.each([
    ["@ChipotleTweets this is nasty. A used napkin in someone's food https://t.co/EkWiD9vhnr"],
    ['@ChipotleTweets no Diet Coke and a literal bone this Boorito was extra spooky! https://t.co/C4oCCtdUct'],
    ['The heater you sold me smells of burning plastic and the cord is hot'],
  ])('"%s" is critical, a safety risk', async (text) => {
    // Act
    const { analysis } = await analyzed(
      conversation([
        ['customer', text],
        ['agent', "That's incredibly concerning. Please tell us more here -Becky"],
      ]),
    );
    // Assess
    expect(analysis.urgency.level).toBe('critical');
    expect(analysis.urgency.reasons[0]?.code).toBe('safety_risk');
    expect(analysis.topics.map((t) => t.topic)).not.toContain('cleanliness');
  });
});
