import { describe, expect, it } from 'vitest';
import { createLocalAnalyzer } from '../../../shared/analysis/local-analyzer.js';
import type { Analysis } from '../../../shared/analysis/types.js';

/**
 * Issue 17: critical situations told plainly, as facts, with no alarm word — one case per kind and
 * language (Japanese written natively), each with the calm look-alike that must stay calm. Written for
 * these tests, not taken from the corpus.
 */
const analyzer = createLocalAnalyzer();

const analyze = async (text: string): Promise<Analysis> => {
  const [result] = await analyzer.analyze([{ text }]);
  if (!result) throw new Error('no analysis');
  return result;
};

/** The critical reason's evidence, as text: every new critical carries one. */
const criticalEvidence = (text: string, analysis: Analysis): string | undefined => {
  const reason = analysis.urgency.reasons.find((r) => r.level === 'critical' && r.evidence);
  return reason?.evidence ? text.slice(reason.evidence.start, reason.evidence.end) : undefined;
};

const PLAIN: Array<[kind: string, code: string, text: string, evidenceHas: string]> = [
  [
    'a stated safety risk (en)',
    'safety_risk',
    'Smoke in the cabin during the descent and nobody said anything. That is a safety risk.',
    'safety risk',
  ],
  ['a stated danger (ja)', 'safety_risk', '階段の手すりが外れかけています。命の危険を感じました。', '命の危険'],
  [
    'a foreign object in food (en)',
    'safety_risk',
    'Found a piece of wire in my son’s sandwich halfway through.',
    'wire',
  ],
  ['a foreign object in food (ja)', 'safety_risk', '子どものパンの中に針金が入っていました。', '針金'],
  ['a pin in a sandwich (en)', 'safety_risk', 'There was a sewing pin in the sandwich my daughter was eating.', 'pin'],
  [
    'a choking hazard for a child (en)',
    'safety_risk',
    "The eyes on the teddy bear came off in my baby's mouth. They are tiny beads.",
    'teddy bear',
  ],
  [
    'a choking hazard for a child (ja)',
    'safety_risk',
    'ぬいぐるみの目が取れて、赤ちゃんが口に入れていました。',
    'ぬいぐるみ',
  ],
  [
    'a door closing on someone while moving (en)',
    'safety_risk',
    'The doors of the tram closed on my arm and it started to move.',
    'closed on my arm',
  ],
  ['a door closing on someone while moving (ja)', 'safety_risk', '電車のドアに腕が挟まったまま発車しました。', 'ドア'],
  ['a lift that drops (en)', 'safety_risk', 'The lift dropped two floors with us in it before it stopped.', 'lift'],
  [
    'a fall and a broken bone (en)',
    'safety_risk',
    'I slipped on a wet floor in your shop and broke my wrist.',
    'broke my wrist',
  ],
  ['a fall and a broken bone (ja)', 'safety_risk', '店内で転んで足を骨折しました', '骨折'],
  ['a fall in a car park and a broken wrist (ja)', 'safety_risk', '駐車場で転んで手首を骨折しました', '骨折'],
  ['a fall and a head hit (ja)', 'safety_risk', '階段で転んで頭を打ちました', '頭を打'],
  [
    'a fall in a car park and a broken wrist (en)',
    'safety_risk',
    'I fell in your car park and broke my wrist.',
    'broke my wrist',
  ],
  [
    'a broken ankle told after the fall (en)',
    'safety_risk',
    'Slipped on spilled milk in aisle 4, my ankle is broken.',
    'ankle is broken',
  ],
  ['a child cut in a fall (en)', 'safety_risk', 'My son slipped by the pool and cut his head open.', 'cut his head'],
  ['trapped in a lift (en)', 'safety_risk', 'I was trapped in the lift for 40 minutes.', 'trapped in'],
  ['trapped in a lift (ja)', 'safety_risk', 'エレベーターに30分閉じ込められました', '閉じ込め'],
  [
    'a gas smell asked about (en)',
    'safety_risk',
    'Can someone come and check the smell of gas in flat 3?',
    'smell of gas',
  ],
  [
    'a sparking socket asked about (en)',
    'safety_risk',
    'Is it normal that the socket sparks when I plug in the kettle?',
    'sparks',
  ],
  [
    'a kettle that trips the fuse (en)',
    'safety_risk',
    'The kettle I bought from you last Tuesday trips the fuse every time I switch it on and the handle gets hot.',
    'trips the fuse',
  ],
  [
    'a complaint taken to the financial regulator (ja)',
    'legal_threat',
    '金融庁の金融サービス利用者相談室に相談しました。',
    '相談しました',
  ],
  ['a complaint reported to a regulator (en)', 'legal_threat', "I've reported it to the ICO today.", 'ICO'],
  [
    'a gas smell still there after an apology for panic (en)',
    'safety_risk',
    'Sorry for the panic, but there is still a smell of gas in the hall.',
    'smell of gas',
  ],
  [
    'a sexual assault on board reported to the police, misspelt (en)',
    'safety_risk',
    'We have been advised to turn this issue over to the police due to the sexual assult.',
    'sexual assult',
  ],
  ['a member of staff who committed fraud (en)', 'fraud', 'Your staff member committed fraud.', 'committed fraud'],
  ['an alert about fraud on a card (en)', 'fraud', 'I got an alert about fraud on my card.', 'fraud'],
  [
    'a threat to call the police (en)',
    'legal_threat',
    "If this isn't sorted by Friday I'm calling the police.",
    'calling the police',
  ],
  ['a bill forwarded to someone else (ja)', 'security_breach', '私宛ての請求書が別の人に転送されていました。', '転送'],
  ['data sent to a stranger, in a line (en)', 'security_breach', "You've sent my data to a stranger.", 'sent my data'],
  ['details sent to an ex, in a line (en)', 'security_breach', 'They sent my information to my ex-husband.', 'sent my'],
  ['a wish to end it all (en)', 'vulnerable_customer', 'I want to end it all.', 'end it all'],
  [
    'a goodbye told as not being around much longer (en)',
    'vulnerable_customer',
    'hi can you close my account please. dont think ill be around much longer anyway. thanks for everything',
    'around much longer',
  ],
  [
    'not wanting to live (ja)',
    'vulnerable_customer',
    'もう借金から抜け出せない。生きていたくない。',
    '生きていたくない',
  ],
  [
    'two men refused a double bed by staff (en)',
    'staff_abuse',
    "The night porter said two men couldn't share a double bed in this hotel.",
    'two men',
  ],
  [
    'an old customer refused an explanation by staff (ja)',
    'staff_abuse',
    '行員の方に「お年寄りには説明しても分からないでしょうから」と言われました。',
    'お年寄り',
  ],
  [
    'a danger still open after thanks (en)',
    'safety_risk',
    'I want to thank the engineer for coming out, but there is still a strong smell of gas in the kitchen.',
    'smell of gas',
  ],
  [
    'a danger still open after thanks (ja)',
    'safety_risk',
    'ご対応ありがとうございました。しかし、まだ台所でガスのにおいがします。',
    'ガスのにおい',
  ],
  ['a smell of gas, in hiragana (ja)', 'safety_risk', '台所でガスのにおいがします。', 'ガスのにおい'],
  [
    'a member of staff mocking a customer (en)',
    'staff_abuse',
    "The bus driver told me 'no dogs, can't you read' when I got on with my guide dog.",
    "can't you read",
  ],
  [
    'a medication dose many times too strong (ja)',
    'safety_risk',
    '処方された薬が指示の10倍の量でした。もう3日飲んでいます。',
    '薬',
  ],
  [
    'a vehicle that struck property (ja)',
    'safety_risk',
    '御社のトラックがうちの塀に当たって、塀が傾いています。',
    'トラック',
  ],
  [
    'smoke from an appliance (en)',
    'safety_risk',
    'Smoke was coming out of the back of the TV last night.',
    'Smoke was coming',
  ],
  [
    'locked out of the money to live on (en)',
    'vulnerable_customer',
    'My account has been frozen for a week and I can’t pay rent or buy food.',
    'frozen',
  ],
  [
    'locked out of the money to live on (ja)',
    'vulnerable_customer',
    '口座が一週間凍結されたままで、家賃も払えず食べ物も買えません。',
    '凍結',
  ],
  [
    'a vulnerable person left stranded (en)',
    'vulnerable_customer',
    'My 80-year-old father was left at the station at midnight when the assistance staff never showed up.',
    'left at the station',
  ],
  [
    'a vulnerable person left stranded (ja)',
    'vulnerable_customer',
    '車椅子の父が深夜に駅で置き去りにされました。介助の係員が来なかったのです。',
    '置き去り',
  ],
  [
    'a child made ill by what was sold (en)',
    'safety_risk',
    'My toddler got sick from the formula you sent, it smelled off.',
    'got sick from the formula',
  ],
  [
    'discrimination by a provider (en)',
    'staff_abuse',
    'They discriminate against foreign customers at that branch: I was served last every single time.',
    'discriminate against',
  ],
  [
    'hopelessness told as a fact (en)',
    'vulnerable_customer',
    "The repairs have dragged on for a year. Most days I don't see the point in anything now.",
    "don't see the point in anything",
  ],
  [
    'hopelessness told as a fact (ja)',
    'vulnerable_customer',
    '督促の電話が毎日来て、もう生きる意味がわからなくなりました。',
    '生きる意味がわから',
  ],
  [
    'a payment the customer did not make, told last (en)',
    'fraud',
    "There's a payment of £1,240 to an electronics shop I didn't make.",
    "didn't make",
  ],
  [
    'an old man stranded (en)',
    'vulnerable_customer',
    "My dad is 84 and he's been left stranded at the airport, nobody came with the wheelchair.",
    'stranded',
  ],
  // A what-if said in anger about a real hazard, and a hazard beside a wrong put right: still critical.
  [
    'a real hazard asked about in anger (ja)',
    'safety_risk',
    '万が一のことがあったらどうするんですか。ガスの元栓が開いたままでした。',
    'ガスの元栓',
  ],
  [
    'a hazard still there beside a refund (en)',
    'safety_risk',
    'The refund came through but the heater you sold me still sparks when I switch it on.',
    'sparks',
  ],
  [
    'a what-if beside a danger going on now (ja)',
    'safety_risk',
    '万が一の場合も補償の対象になりますか。実は今、コンセントから煙が出ています。',
    '煙',
  ],
  ['a replacement that smokes again (ja)', 'safety_risk', '交換品が届きましたが、また煙が出ました。', '煙'],
  [
    'a takeover asked about as a scam (en)',
    'security_breach',
    'Someone has logged into my account and changed the email. Is this a scam?',
    'Someone has',
  ],
  [
    'an injury at the park from what the company installed (en)',
    'safety_risk',
    'My son broke his wrist at the park when the climbing frame you installed came loose.',
    'came loose',
  ],
  [
    'a hazard beside nothing-yet (ja)',
    'safety_risk',
    'コンセントから火花が出ました。今のところ何も燃えていませんが、使うのが怖いです。',
    '火花',
  ],
  [
    'a different medicine from the prescription (en)',
    'safety_risk',
    'The pharmacy gave me a different medicine from the one on my prescription.',
    'different',
  ],
];

const CALM: Array<[kind: string, text: string]> = [
  ['an offer that will not be around for long (en)', "The sale won't be around for long, grab it while you can."],
  [
    'an old laptop not around much longer (en)',
    'My old laptop is not going to be around much longer, the battery is dying.',
  ],
  // A question whether a policy would cover what might happen: nothing has happened.
  [
    'a what-if cover question (en)',
    'If our dog ever bit a visitor, would the home policy cover it if they needed stitches?',
  ],
  [
    'a refund-policy what-if (en)',
    "What's your refund policy if my son gets injured and can't finish the swimming course?",
  ],
  ['a what-if cover question (ja)', '万が一、子どもが店内で転んでけがをした場合、保険の対象になりますか。'],
  // A wrong put right, with thanks: nothing is left to do.
  [
    'a fraud put right (ja)',
    '不正利用された分、本日全額が戻っていることを確認しました。ご対応ありがとうございました。',
  ],
  [
    'a hacked account got back (en)',
    'My account got hacked last year and you got it back for me, thanks again. Is there a way to use an authenticator app?',
  ],
  // A question about a new policy, and a thank-you for an incident dealt with: nothing to act on now.
  [
    'a new data policy asked about (en)',
    'Your email says that under your new policy my order history is shared with partners. Which partners, and can I say no?',
  ],
  ['a car crash of an update (en)', 'That update was a total car crash, half my playlists vanished.'],
  // A leak fixed now, a new box for the same tablets, an inhaler technique, a simile of heat.
  [
    'a leak fixed, a repaint asked for (en)',
    "Since the leak upstairs the ceiling is a mess. The leak's fixed now, but can someone repaint it?",
  ],
  [
    'a new box instead of the usual one (en)',
    'My tablets came in a green box this time instead of the usual white one. Is that right?',
  ],
  [
    'a technique put right (en)',
    'The pharmacist spotted that my inhaler technique was wrong. Breathing much better now.',
  ],
  [
    'melting like a candle (en)',
    "Dad's room is roasting, he says he's melting like an ice cube. Could someone check the thermostat?",
  ],
  [
    'a recall letter and its replacement (ja)',
    '発火のおそれがあるモバイルバッテリーの回収のお知らせが来ました。交換品もすぐ届きました。',
  ],
  // A precaution: nothing taken yet, a message asked about, a device named in a question.
  [
    'a PIN maybe seen, nothing taken yet (ja)',
    'ATMで暗証番号を後ろの人に見られたかもしれません。今のところ何も引き出されていませんが、暗証番号を変えたほうがいいですか？',
  ],
  [
    'a lost card, nothing taken so far (en)',
    'I lost my card yesterday and so far nothing has been taken. How do I freeze it?',
  ],
  ['a text asked about (en)', 'Got a text saying my parcel is held at customs and asking for £2.99. Is this a scam?'],
  ['an earth-leakage breaker asked about (ja)', '漏電ブレーカーとアンペアブレーカーの違いを教えてください。'],
  // An injury elsewhere, told for a claim or a booking: not a risk the company runs.
  [
    'a fracture in a PE lesson, for a claim (ja)',
    '子どもが学校の体育で骨折して通院中です。医療保険の請求はできますか？',
  ],
  [
    'a wrist broken at school football, for a pause (en)',
    'My son broke his wrist playing football at school, can we pause his swimming lessons for six weeks?',
  ],
  // A medicine that only looks different, asked about: a question, not the wrong medicine.
  [
    'a medicine in a new-looking box (en)',
    'My blood pressure tablets came in a different colour box this month, same name. Is that right?',
  ],
  ['a medicine in a new box design (ja)', 'いつもの薬、箱のデザインが違うんですが同じものですか？'],
  ['a risk denied (en)', 'No safety risk at all, the staff explained everything.'],
  ['a risk denied (ja)', '安全上の問題は特にありませんでした。'],
  ['a close call that is not about safety (ja)', '危ないところでした、電車に乗り遅れるところでした。'],
  ['hyperbole (en)', "I'd kill for a window seat on the next flight!"],
  ['laughter (en)', "I almost choked laughing at the pilot's jokes, great flight!"],
  ['no problem at all (ja)', '何の問題もなかった。'],
  ['a toy praised (en)', "The kids loved the teddy bear, it's so soft!"],
  ['a toy praised (ja)', '赤ちゃん用のおもちゃが可愛くて、子どもも喜んでいます。'],
  ['a fire alarm test announced (en)', 'The fire alarm test this morning was announced in advance, very professional.'],
  [
    'a frozen account already fixed (en)',
    'My account was frozen but you fixed it within an hour, so I could pay the rent. Thanks!',
  ],
  [
    'a frozen account already fixed (ja)',
    '口座が凍結されていましたが、すぐに解除していただき、家賃も払えました。ありがとうございます。',
  ],
  ['a card to reissue (ja)', 'カードが使えなくなったので、再発行をお願いします。'],
  ['a parent seen off (en)', 'I left my dad at the station and he took the train home, all good.'],
  ['a parent seen off (ja)', '父を駅に置いてきたので、迎えをお願いします。'],
  ['a bus missed (ja)', 'バスが発車した後に着いてしまいました。次のバスまで30分待ちました。'],
  [
    'a material named as what a thing is made of (en)',
    'Can I bring a metal water bottle and my sandwich through security?',
  ],
  ['no point in a purchase (en)', "I don't see the point of paying for premium when the app keeps crashing."],
  ['a product wished dead (en)', 'Your app is better off dead, just shut it down.'],
  ['no reason to live somewhere (en)', "There's no reason to live in this town without decent broadband."],
  ['a mailing list to leave (en)', 'I want to disappear from your mailing list, stop emailing me.'],
  ['hyperbole about an app (ja)', 'このアプリ、消えたい気持ちになるくらい使いにくい。'],
  ['thanks for looking after a sick child (en)', 'So grateful to the cabin crew today for looking after a sick kid!'],
  [
    'thanks for waiting for a sick child (en)',
    'Big thanks to the driver who waited for my sick daughter, really kind.',
  ],
  ['discrimination in the news (en)', 'The new state law legalizes discrimination. Will you join the boycott?'],
  ['a service set apart from others (ja)', '他社との差別化が進んでいて、使いやすいサービスです。'],
  ['a glass of wine (en)', 'I ordered a glass of wine with my meal and it was lovely.'],
  ['a material named as what a thing is made of (ja)', 'ガラスのコップに入った飲み物がおしゃれでした。'],
  ['a team on fire today (en)', 'The phone team were on fire today, card replaced and new PIN sorted in one call 🔥'],
  ['a fire pit bought (en)', 'Ordered the fire pit on Monday, it came Tuesday and we had the neighbours round.'],
  [
    'a driver who phoned (en)',
    "The driver called me to say he'd leave it with the pharmacy next door. Good communication.",
  ],
  ['fraud alerts that worked (en)', 'Your new fraud alerts saved me from a scam text this morning, thank you.'],
  ["a company's phone number asked for (en)", 'Do you have a phone number I can ring from the UK about my claim?'],
  [
    'a planned outage asked about (en)',
    'Any news on the planned outage on Kirk Lane next week? How long will it be off?',
  ],
  [
    'a legal name on a booking (en)',
    'I listed my married name on the booking instead of my legal name, can you change it?',
  ],
  ['a baby asleep (en)', "I can't call right now, my baby just fell asleep."],
  [
    'a minor crash in the news (en)',
    'Glad to hear there were no serious injuries in the minor crash at the airport this evening.',
  ],
  ['a brochure about a card (en)', 'I received a brochure in the mail about the benefits of your advantage card.'],
  [
    'a traveller stranded, no one vulnerable (en)',
    'You left us stranded 9 hours from home and still have not helped us.',
  ],
  ['a reply posted on Facebook (en)', 'We have posted your response on Facebook for everyone to see.'],
  [
    'a team flying down (en)',
    'We have developers flying down tomorrow morning, can you move them to the earlier flight?',
  ],
  [
    'a card declined, "cc" for credit card (en)',
    'At the gate they said her cc was declined and the supervisor accused us of illegal activity.',
  ],
  ['nobody can confirm where a bag is (en)', "They still don't know where my bag is, and now no one can confirm it."],
  ['fire insurance asked about (ja)', '火災保険の見積もりをお願いしたいです。築15年の木造住宅です。'],
  ['outage alerts praised (ja)', '停電情報がプッシュ通知で来るのはありがたい'],
  ['a fraud-prevention poster (ja)', '「詐欺に注意」のポスター、デザイン可愛くて二度見した'],
  ['a spicy curry (ja)', '激辛カレー、完食したら口の中が火事。でもまた挑戦する🔥'],
  ['a site stuck in the stone age (en)', 'Your booking site is stuck in the stone age, please make it work on phones.'],
  ['money set on fire, an idiom (en)', 'The onboard wifi was useless, I might as well have set $15 on fire.'],
  ['staff who should be fired (en)', 'The two agents at the counter should be fired for how they spoke to people.'],
  [
    'a customer who wants to go home (en)',
    'All I want is to go home, I have work tomorrow and no flight until Friday.',
  ],
  ['a call cut off (en)', 'I was on hold for an hour and then the call got cut off. Can someone ring me?'],
  [
    'a phone line that disconnected (en)',
    'Your phone system disconnected me three times today, I just have a question.',
  ],
  ['a sports coach (en)', "I haven't been this annoyed since the year he coached the Rams."],
  ['a booking screwed up (en)', 'You screwed up my booking and put me on the wrong day, please fix it.'],
  ['a loyal fan hung up on (en)', "I've been a fan for years but your reps keep hanging up on me."],
  ['costs to cover (en)', 'I hope you will cover my car rental and living costs for the extra two days.'],
  ['a push crew awaited (en)', 'Sat on the plane for an hour waiting for the push crew to turn up.'],
  ['kicked off a phone line (en)', 'I keep getting kicked off your phone system when I try to change my booking.'],
  ['someone else blamed (en)', 'Stop blaming someone else for the delay and tell us when we leave.'],
  ['a staff error (en)', 'One of your staff made an error on my ticket and I was charged again.'],
  ['a sale dangerous for a wallet (en)', "This weekend's sale is dangerous for my wallet, I bought three jackets."],
  [
    'a map pin dropped in the wrong place (en)',
    'The app drops my pin two streets away from the house, so the rider never finds us.',
  ],
  ['an app that kills a battery (en)', 'Since the update the app kills my battery before lunch.'],
  ['double cream substituted (en)', 'They swapped my double cream for single cream again, please stop doing that.'],
  ['a hospital cafe that closes early (en)', 'The hospital cafe shuts at 4, which is hard for evening visitors.'],
  ['power of attorney added (en)', 'I hold power of attorney for my father and need it added to his account.'],
  ['wifi dead in the water (en)', 'The hotel wifi was dead in the water for our whole stay, please refund the fee.'],
  ['a team on fire (en)', 'The kitchen team were on fire tonight, every plate came out perfect.'],
  ['a courier who smashed it (en)', 'Courier absolutely smashed it, the parcel was here before breakfast.'],
  ['a question about fraud cover (ja)', 'ネットショッピングでも不正利用補償の対象になりますか？'],
  ['a lawyer-fee rider (ja)', '弁護士費用特約を付けると保険料はいくら上がりますか。'],
  ['a gas-leak alarm to replace (ja)', 'ガス漏れ警報器の交換はいつ来てもらえますか。'],
  ['a dish that tastes of sin (ja)', 'このラーメン、罪の味。犯罪級にうまい。'],
  [
    'a player reported to the game (ja)',
    '迷惑行為をしたプレイヤーを運営に通報したのに、返ってきたのは定型文だけでした。',
  ],
  ['a heart in the mouth at a gym class (ja)', 'HIITクラス、毎回心臓が口から出そう。でも終わった後が最高'],
  ['a family talk before a decision (ja)', '家族と相談します。'],
  ['a course on preventing harassment (en)', 'The course on preventing sexual harassment was great.'],
  ['a training on fraud (en)', 'We did a training on fraud awareness, very useful.'],
  ['a mother treated poorly by staff (en)', 'You have to be crazy! Treated my mom very poorly. Not happy!'],
  [
    'police who came round after a report, thanked (en)',
    "Thanks for the quick response. Police came round and it's been quiet since.",
  ],
  [
    'a lost-property report to the police (ja)',
    'お客様より入電。車内に財布を置き忘れたとのこと。警察にも遺失届を出したとのこと。',
  ],
  [
    'a planned water cut announced in time (ja)',
    '断水工事のお知らせを早めにいただけたので、水を汲んでおくなど準備ができました。',
  ],
  [
    'thanks for help while a mother is in hospital (ja)',
    '入院中の母のことで相談に乗っていただき、看護師さんたちには感謝しかありません。',
  ],
  [
    'a hospital stay ahead (ja)',
    '来週月曜から入院なのですが、紹介状をまだ受け取っていません。金曜に取りに行けますか？',
  ],
  ['parcels to forward after a move (ja)', '引っ越したので、前の住所宛ての荷物を転送してもらえますか？'],
  ['a child to fly alone (ja)', '小学3年生の子どもを一人で飛行機に乗せたいのですが、付き添いのサービスはありますか。'],
  [
    'details the customer sent in, not a breach (en)',
    'I sent my details to your support address last week as you asked, still waiting to hear back.',
  ],
  [
    'a capsule hotel, not a capsule of medicine (ja)',
    '部屋はカプセルホテルなのでベッドだけですが、他の人の足音が気になる方はフロントの耳栓を使うといいと思います。',
  ],
  [
    'a wallet handed in to the police (ja)',
    '財布を落としてしまい、警察に届いていたのですがカードは念のため再発行しました。',
  ],
  [
    'a data breach at another company (en)',
    'Got an email about a data breach at another company (not you) that had my details. Should I change my password?',
  ],
  [
    'a hacked account taken back (en)',
    'Thought my account had been hacked but it was just my daughter buying stickers on my iPad, sorry for the panic!',
  ],
  [
    'a hijacked account taken back (ja)',
    'アカウントが乗っ取られたと思いましたが、私の勘違いでした。お騒がせしました。',
  ],
  [
    'an insurance cover asked about (ja)',
    '自転車保険は、子どもが自転車で人にけがをさせてしまった場合も対象になりますか？',
  ],
  ['cough syrup for children asked about (en)', 'Do you stock sugar-free cough syrup for children?'],
  [
    'cigarette smoke at the next table (ja)',
    '料理は美味しかったのに、隣の席のタバコの煙が気になりました。分煙してほしいです。',
  ],
  ['papers needed for a hospital stay (ja)', '明日からの入院に必要な限度額適用認定証が届いていません。'],
  ['soup spilled in the bag (en)', 'Rider was lovely but the soup basically exploded all over the bag.'],
  [
    'an explosion scene in a film (en)',
    'The explosion scene in the film was so loud my ears were ringing, maybe turn it down in screen 5.',
  ],
  ['a note laughed at (en)', 'I nearly died laughing at the note your driver left on my parcel 😂'],
  ['a switch turned on (en)', 'I switch it off and on again and then it works fine.'],
  ['a queue that makes someone want to die, hyperbole (en)', 'This queue makes me want to die 😂'],
  [
    'service not refused for a wheelchair (en)',
    'The staff did not refuse to serve my wife because of her wheelchair, they were great.',
  ],
  ['no shop a wheelchair cannot enter (ja)', '車椅子でも入れないお店はありませんでした。店員さんが親切でした。'],
  ['falling in love with a hotel (en)', 'I fell in love with this hotel, even my back pain vanished.'],
  [
    'thanks for help after a child fell (ja)',
    '先日、息子が園庭で転んで頭を打ちましたが、先生方がすぐに病院まで付き添ってくださいました。本当にありがとうございました。',
  ],
  ['learning to read (en)', 'My kids need to learn to read before school starts, do you sell phonics books?'],
  [
    'a thank-you note for a collapse handled (en)',
    'Dear Northway Rail, I want to thank the guard on the 17:40 from Leeds. My wife fainted in the vestibule and he called ahead for paramedics and stayed with her until they came. She is fine now.',
  ],
  [
    'a thank-you for a fraud the bank stopped (ja)',
    '不審なカード利用を銀行が先に見つけて止めてくれました。被害はゼロでした。本当にありがとうございました。',
  ],
];

/**
 * Criticals beside a frame that must not settle them, where the model is split between critical and a calm level: the
 * hedge (combine.ts `hedgeLevel`) may leave them at high, never lower, and the reason stays with its evidence.
 */
const NOT_SETTLED: Array<[kind: string, code: string, text: string, evidenceHas: string]> = [
  [
    'a what-if beside an injury yesterday (ja)',
    'safety_risk',
    '万が一の時のために聞きますが、もし子どもがけがをしたら補償されますか？昨日もお店で転んで頭を打って血が出ました。',
    'けが',
  ],
];

/** Praise that uses a high category's words: a switch to paperless, a delivery within the hour. */
const PRAISE_NOT_HIGH: Array<[kind: string, text: string]> = [
  ['a switch to online banking (en)', 'The branch team helped my grandad switch to online banking, so patient.'],
  ['delivered within the hour (en)', 'Delivered within the hour slot every time.'],
  ['looking forward to it every time (ja)', '毎回楽しみにしています。'],
  ['already recommended to friends (ja)', 'すでに友達にも勧めました！'],
  ['a happy switch to a cheaper SIM (ja)', '格安SIMに乗り換えたら月々の支払いが爆下がり。もっと早くすればよかった'],
];

describe('criticals told plainly (issue 17)', () => {
  it.each(PLAIN)('%s is critical, with the reason and its evidence', async (_kind, code, text, evidenceHas) => {
    // Act
    const result = await analyze(text);
    // Assess
    expect(result.urgency.level).toBe('critical');
    expect(result.urgency.reasons.some((r) => r.level === 'critical' && r.code === code)).toBe(true);
    expect(criticalEvidence(text, result)).toContain(evidenceHas);
  });

  it.each(NOT_SETTLED)(
    '%s is not settled: high or critical, with the reason',
    async (_kind, code, text, evidenceHas) => {
      // Act
      const result = await analyze(text);
      // Assess
      expect(['high', 'critical']).toContain(result.urgency.level);
      const reason = result.urgency.reasons.find((r) => r.code === code && r.level === result.urgency.level);
      expect(reason?.evidence && text.slice(reason.evidence.start, reason.evidence.end)).toContain(evidenceHas);
    },
  );

  it.each(CALM)('%s stays calm', async (_kind, text) => {
    // Act
    const result = await analyze(text);
    // Assess
    expect(result.urgency.level).not.toBe('critical');
  });

  it.each(PRAISE_NOT_HIGH)('%s is neither high nor critical', async (_kind, text) => {
    // Act
    const result = await analyze(text);
    // Assess
    expect(['normal', 'low']).toContain(result.urgency.level);
  });
});
