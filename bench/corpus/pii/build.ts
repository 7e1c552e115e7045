/**
 * Builds bench/corpus/pii/items.jsonl, the labelled set `npm run eval:pii` reads: realistic feedback
 * in English and Japanese with fictitious personal data of every kind, each span labelled by kind, plus
 * look-alikes with none (product codes, order numbers, prices, dates that are not a birth date, company
 * and place names). Templates and values were written by hand for this set; a seeded PRNG combines them,
 * so the file is the same on every run. Every person, address and number here is invented
 * (example.* domains, 555 numbers, test card numbers, the documented example IBANs).
 *
 *   npx tsx bench/corpus/pii/build.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Kind = 'EMAIL' | 'PHONE' | 'CARD' | 'IBAN' | 'SSN' | 'PASSPORT' | 'DOB' | 'POSTAL_CODE' | 'ADDRESS' | 'NAME';

/** One labelled item: `spans` are UTF-16 offsets into `text`. */
export interface PiiCorpusItem {
  id: string;
  lang: 'en' | 'ja';
  text: string;
  spans: Array<{ kind: Kind; start: number; end: number }>;
}

const EN: Record<string, string[]> = {
  NAME: [
    'John Smith',
    'Maria Garcia',
    'Wei Chen',
    'Olivia Brown',
    "Liam O'Connor",
    'Priya Patel',
    'Daniel Kim',
    'Emma Wilson',
    'Carlos Mendes',
    'Hannah Becker',
    'Noah Fischer',
    'Sofia Rossi',
    'Kevin Nguyen',
    'Aisha Khan',
    'Ruth Okafor',
    'Mateo Silva',
    'Chloe Martin',
    'Ben Carter',
    'Jessica Alvarez',
    'Peter Novak',
  ],
  FIRST: ['Sarah', 'Mike', 'Jenny', 'Tom', 'Raj', 'Lucy', 'Ahmed', 'Kate', 'Dave', 'Nina', 'Oscar', 'Mei'],
  SURNAME: ['Thompson', 'Rodriguez', 'Tanaka', 'Walsh', 'Schmidt', 'Dubois', 'Kowalski', 'Andersen'],
  EMAIL: [
    'jane.doe@example.com',
    'm.garcia+orders@mail.example.org',
    'jöhn.müller@example.de',
    'wei_chen88@example.co.uk',
    'o.brown@example.net',
    'liam.oc@example.ie',
    'priya.p@example.in',
    'dkim2024@example.com',
    'emma-w@example.org',
    'ÉLodie.roux@example.fr',
  ],
  EMAIL_SPOKEN: [
    'john at example dot com',
    'maria[at]example[dot]org',
    'kchen (at) example (dot) net',
    'tom.w at example dot co dot uk',
    'sales[at]example.com',
  ],
  PHONE: [
    '+1 415 555 0134',
    '(212) 555-0187',
    '415-555-0199',
    '+44 20 7946 0958',
    '020 7946 0321',
    '+81 90-1234-5678',
    '1-800-555-0110',
    '+49 30 901820',
    '646.555.0172',
    '+1 (303) 555-0145',
  ],
  PHONE_BARE: ['4155550123', '2125550148', '3105550167'],
  PHONE_LOCAL: ['555-0147', '555 0182', '5550199'],
  CARD: [
    '4111 1111 1111 1111',
    '5555-5555-5555-4444',
    '4012888888881881',
    '3782 822463 10005',
    '6011 1111 1111 1117',
    '4111.1111.1111.1111',
    '5105 1051 0510 5100',
  ],
  IBAN: [
    'DE89 3704 0044 0532 0130 00',
    'GB29 NWBK 6016 1331 9268 19',
    'NL91ABNA0417164300',
    'FR14 2004 1010 0505 0001 3M02 606',
  ],
  SSN: ['123-45-6789', '078-05-1120', '536-22-1893', '219-09-9999'],
  PASSPORT: ['X12345678', 'C03005988', 'AB1234567', '912803456'],
  DOB: ['03/14/1985', 'March 3, 1979', '1990-07-21', '21 July 1990', '12/02/1968'],
  STREET: [
    '742 Evergreen Terrace',
    '1600 Pennsylvania Avenue',
    '221B Baker Street',
    '350 5th Avenue, Apt 4B',
    '12 Oak Lane',
    '88 Queen St',
    '4 Privet Drive',
    '1450 Mission Blvd',
    '17 Harbour Road',
    '9 Elm Court',
  ],
  CITY_STATE: ['Springfield, IL', 'Austin, TX', 'Portland, Oregon', 'Denver, CO', 'Columbus, OH'],
  ZIP: ['62704', '78701', '97205', '80202', '43215-1203'],
  UK_POST: ['SW1A 1AA', 'M1 1AE', 'EH1 1YZ', 'B33 8TH', 'CR2 6XH'],
  PRODUCT: [
    'the Aurora X2 blender',
    'my Pixel 8',
    'the SmartHome hub',
    'the Gold plan',
    'the Nimbus 3000 vacuum',
    'the premium subscription',
    'the Model S charger',
  ],
};

const JA: Record<string, string[]> = {
  NAME: [
    '山田太郎',
    '佐藤花子',
    '鈴木一郎',
    '高橋美咲',
    '田中健太',
    '渡辺翔',
    '中村優子',
    '小林大輔',
    '加藤真由美',
    '吉田拓也',
    '松本愛',
    '井上剛',
    '清水綾香',
    '森田圭',
  ],
  FAMILY: [
    '佐藤',
    '鈴木',
    '高橋',
    '田中',
    '渡辺',
    '中村',
    '山本',
    '井上',
    '木村',
    '清水',
    '藤田',
    '岡本',
    '村上',
    '石川',
  ],
  KATAKANA: ['マイケル', 'ジョン・スミス', 'エミリー', 'アンナ'],
  EMAIL: [
    'taro.yamada@example.jp',
    'hanako_s@example.co.jp',
    'suzuki-ichiro@example.ne.jp',
    'misaki.t@example.com',
    'ｋｅｎｔａ＠ｅｘａｍｐｌｅ．ｊｐ',
  ],
  PHONE: [
    '090-1234-5678',
    '03-1234-5678',
    '080-9876-5432',
    '０９０－１１１１－２２２２',
    '〇九〇―一二三四―五六七八',
    '0120-123-456',
    '06-6123-4567',
    '045-123-4567',
    '+81 3 1234 5678',
    '070 1234 5678',
    '09011112222',
  ],
  CARD: ['4111 1111 1111 1111', '5555-5555-5555-4444', '３５３０１１１３３３３０００００', '4012888888881881'],
  POSTAL: ['105-0011', '530-0001', '060-0806', '150-0002', '812-0012'],
  ADDRESS: [
    '東京都港区芝公園4-2-8',
    '大阪府大阪市北区梅田1丁目2番3号',
    '札幌市中央区北5条西2丁目5番',
    '京都府京都市左京区吉田本町36-1',
    '福岡市博多区博多駅中央街1-1',
    '名古屋市中村区名駅4丁目7番1号',
    '千代田区丸の内1-9-1',
    '神奈川県横浜市西区みなとみらい2-3-1',
    '世田谷区三軒茶屋二丁目11番22号',
    '渋谷区神南1-2-3',
  ],
  DOB: ['1985年3月14日', '平成2年5月5日', '1979/11/02', '昭和58年12月1日'],
  PASSPORT: ['TK1234567', 'MZ7654321'],
  PRODUCT: ['ワイヤレスイヤホン', '電子レンジ', 'スマートウォッチ', 'プレミアム会員', '加湿器', 'ノートパソコン'],
};

/** Templates: `{SLOT}` is filled and labelled with the kind after the colon (`{NAME:NAME}`); `{PRODUCT}` is unlabelled. */
const EN_TEMPLATES = [
  'Hi, my name is {NAME:NAME} and my order from last week still has not arrived.',
  "I'm {FIRST:NAME}, I ordered {PRODUCT} and it broke after two days. Please call me back.",
  'Please refund me. You can reach me at {EMAIL:EMAIL} or {PHONE:PHONE}.',
  'The courier left the parcel at the wrong house. I live at {STREET:ADDRESS}, {CITY_STATE} {ZIP:POSTAL_CODE}.',
  'I was charged twice on my card {CARD:CARD}. Fix this now.',
  'Send the refund to my IBAN {IBAN:IBAN} please, not to the card.',
  'Your form asked for my SSN {SSN:SSN} just to open a support ticket. Why?',
  'The airline lost my bag and my passport number is {PASSPORT:PASSPORT}, I need it back before Friday.',
  'Account verification failed even though my date of birth is {DOB:DOB}.',
  'Mr. {SURNAME:NAME} at the front desk was incredibly rude to my kids.',
  '{NAME:NAME} from your billing team promised a callback that never came.',
  'Still waiting for an answer about {PRODUCT}.\nThanks,\n{NAME:NAME}',
  'Contact me: {EMAIL_SPOKEN:EMAIL}. I do not want phone calls.',
  'call me on {PHONE_LOCAL:PHONE} after 6pm, the app keeps crashing',
  'my cell is {PHONE_BARE:PHONE}, text me when the technician is coming',
  'Ship the replacement to {STREET:ADDRESS}, London {UK_POST:POSTAL_CODE}. The first one never came.',
  'I spoke to {FIRST:NAME} on the phone and she said the refund was approved. Nothing yet.',
  'Dear support, I am {NAME:NAME}. My subscription renewed without asking. Email {EMAIL:EMAIL}.',
  'Card ending is not enough? Fine: {CARD:CARD}, expiry 12/27. Just process the order.',
  'Dr. {SURNAME:NAME} recommended {PRODUCT} but it does not work as advertised.',
  'Hello, this is {NAME:NAME}. I have called {PHONE:PHONE} three times and nobody answers.',
  'My wife {NAME:NAME} was born {DOB:DOB} and your system says she is under 18.',
  'New address for the invoice: {STREET:ADDRESS}, {CITY_STATE} {ZIP:POSTAL_CODE}. Phone {PHONE:PHONE}.',
  'Agent {FIRST:NAME} was great, solved {PRODUCT} setup in five minutes!',
  'Regards,\n{NAME:NAME}\n{PHONE:PHONE}',
  'I paid with {CARD:CARD} and got two confirmation emails at {EMAIL:EMAIL}.',
  'Why does the delivery driver need my passport {PASSPORT:PASSPORT}? That is not normal.',
  'Ms. {SURNAME:NAME} in accounts never replied to {EMAIL:EMAIL}.',
  'please update my bank details: {IBAN:IBAN}. {NAME:NAME}',
  'The technician {FIRST:NAME} {SURNAME:NAME} fixed {PRODUCT} but left a mess.',
];

const JA_TEMPLATES = [
  '私は{NAME:NAME}です。注文した{PRODUCT}がまだ届きません。',
  '{FAMILY:NAME}と申します。返金の件で連絡しました。',
  '担当の{FAMILY:NAME}さんの対応がとても丁寧でした。',
  '{NAME:NAME}様宛の荷物が隣の家に届いていました。',
  '連絡先は{EMAIL:EMAIL}です。電話は{PHONE:PHONE}までお願いします。',
  '配送先を{ADDRESS:ADDRESS}に変更してください。',
  '〒{POSTAL:POSTAL_CODE} {ADDRESS:ADDRESS}に住んでいますが、配達員が来ませんでした。',
  'カード番号{CARD:CARD}で二重に請求されています。',
  '生年月日は{DOB:DOB}なのに年齢確認に失敗します。',
  'パスポート番号は{PASSPORT:PASSPORT}です。予約の確認をお願いします。',
  '携帯は{PHONE:PHONE}です。折り返しお願いします。',
  '{FAMILY:NAME}さんに電話したら、{PRODUCT}の交換はできないと言われました。',
  'コールセンターの{FAMILY:NAME}様は親切でしたが、問題は解決していません。',
  '{KATAKANA:NAME}さんが英語で対応してくれて助かりました。',
  '住所：{ADDRESS:ADDRESS}\n氏名：{NAME:NAME}\n電話：{PHONE:PHONE}',
  '{PRODUCT}が壊れました。{EMAIL:EMAIL}に返信ください。',
  '郵便番号{POSTAL:POSTAL_CODE}、{ADDRESS:ADDRESS}へ再配達してください。',
  '私は{FAMILY:NAME}です。誕生日は{DOB:DOB}です。会員登録ができません。',
  '{NAME:NAME}と申します。{PHONE:PHONE}に連絡をください。',
  '営業の{FAMILY:NAME}さんから{EMAIL:EMAIL}にメールが来ません。',
  'お世話になっております。{NAME:NAME}です。{PRODUCT}の件です。',
  '支払いはカード{CARD:CARD}で済ませたはずです。',
  '電話は{PHONE:PHONE}、メールは{EMAIL:EMAIL}です。どちらでも構いません。',
  '店長の{FAMILY:NAME}氏に伝えてください。{ADDRESS:ADDRESS}の店舗です。',
  '{FAMILY:NAME}様、先日はありがとうございました。{PRODUCT}は快適です。',
];

const NEGATIVE_EN = [
  'The iPhone 15 Pro I bought from Apple in New York stopped charging after a week.',
  'Order #4829301746 was supposed to arrive on March 14, 2024 but it is still in Chicago.',
  'Flight UA 1234 from Denver was delayed 3 hours and United did not offer anything.',
  'The Model XPS 13 9310 overheats; SKU AB-1234-CD is listed as compatible but is not.',
  'I paid $1,299.00 for the Samsung TV and Best Buy charged another $49.99 for delivery.',
  'Tracking number 9400111899223100012345 has not updated since Monday.',
  'Version 2.4.1 of the app crashes on Android 14 when I open the Settings page.',
  'Delta lost my bag between Atlanta and Boston, reference DL-884213.',
  'The Amazon Echo in the living room keeps disconnecting from the Wi-Fi.',
  'Room 1204 at the Hilton in Chicago had no hot water on the 12th floor.',
  'I have been a Gold member since 2015 and this is the worst service I have had.',
  'Visit us at example.com for help, the page says, but the page is blank.',
  'My invoice INV-2024-00042 shows 3 items but I ordered 2.',
  'The store on Main Street in Springfield was closed at 10am on a Tuesday.',
  'Netflix and Spotify both work, only your app fails on the Pixel 8.',
  'Great job! The Nimbus 3000 vacuum cleans better than my old Dyson.',
  'It took 45 minutes on hold and then the call dropped at 12:30.',
  'Case 00123456 has been open for 30 days.',
  'The price went from 9.99 to 14.99 without notice in January.',
  'Microsoft Teams integration broke after the 24H2 update.',
  'The London office said the Paris office handles refunds, and Paris sent me back to London.',
  'Thanks United! Great crew on the flight to Houston.',
  'I am Very disappointed with Amazon Prime delivery times lately.',
  'Batch 7 of the Aurora X2 blenders has a faulty lid, serial 7741-22.',
  'Delivered on 2024-05-02 at 3pm, two days late.',
  'The Toyota dealership in Austin replaced the wrong part.',
  'Please add Apple Pay and Google Pay, the card form is slow.',
  'Coupon code SAVE20 did not work on order 1234567.',
  'Ticket 5551234 was closed without a reply.',
  'The New York store has better staff than the Boston one.',
  'Model number RTX 4070 Ti is out of stock again.',
  'My 2 kids loved the app, 5 stars.',
  'Delivery window 9-12 was missed twice.',
  'Contract ref 4410-2231-8890 is wrong on the letter.',
  'The app asks for 2FA codes every 5 minutes.',
];

const NEGATIVE_JA = [
  '新宿駅の3番線で30分待たされました。',
  'お客様センターに電話しても繋がりません。',
  '注文番号123456789の商品がまだ届きません。',
  '2024年3月14日に届く予定でしたが、まだです。',
  'iPhone 15を東京のApple Storeで買いました。',
  '仕様が変わった様子で、以前の設定が使えません。',
  'スタッフさんは親切でしたが、待ち時間が長すぎます。',
  '私は会社員です。平日の夜にしか受け取れません。',
  '価格が3,980円から4,980円に上がりました。',
  '大阪府の店舗は対応が良かったです。',
  '型番AB-1234の電子レンジが故障しました。',
  'ポイントが1,200ポイント消えています。',
  'バージョン2.3.1にしてからアプリが落ちます。',
  '東京都内の配送が遅いです。',
  '京都旅行のホテル予約が消えていました。',
  '皆様のおかげで無事に届きました。',
  'ANAの便が2時間遅れました。',
  'プレミアム会員なのに特典がありません。',
  '担当者様へ、返信をお待ちしています。',
  '5番窓口で長時間待ちました。',
  '楽天市場で買った加湿器がすぐ壊れました。',
  '運転手さんが丁寧に運んでくれました。',
  'お問い合わせ番号は0000123456です。',
  '1丁目の交差点で配達車が止まっていました。',
  '3月の請求額が10,800円になっていました。',
  '横浜の倉庫から発送されたようです。',
  '12時から15時の配達指定を守ってください。',
  '同様の問題が何度も起きています。',
  '店長さんに伝えたのに改善されません。',
  'ソニーのテレビの初期不良です。',
  'アプリのレビューで星1つにしました。',
  '北海道への送料が高すぎます。',
  '注文から7日経っても発送されません。',
  'ご主人様のお名前で登録してくださいと言われました。',
  '2台目の割引が適用されていません。',
];

/** Mulberry32: a small seeded PRNG, so the corpus is the same on every build. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const fill = (template: string, pools: Record<string, string[]>, random: () => number) => {
  let text = '';
  const spans: PiiCorpusItem['spans'] = [];
  let last = 0;
  for (const m of template.matchAll(/\{([A-Z_]+)(?::([A-Z_]+))?\}/g)) {
    text += template.slice(last, m.index);
    const pool = pools[m[1] as string] as string[];
    const value = pool[Math.floor(random() * pool.length)] as string;
    if (m[2]) spans.push({ kind: m[2] as Kind, start: text.length, end: text.length + value.length });
    text += value;
    last = (m.index ?? 0) + m[0].length;
  }
  return { text: text + template.slice(last), spans };
};

/** The whole labelled set, deterministic. */
export const buildCorpus = (): PiiCorpusItem[] => {
  const random = prng(12);
  const items: PiiCorpusItem[] = [];
  const make = (lang: 'en' | 'ja', templates: string[], pools: Record<string, string[]>, count: number) => {
    for (let i = 0; i < count; i++) {
      const { text, spans } = fill(templates[i % templates.length] as string, pools, random);
      items.push({ id: `${lang}-${String(i + 1).padStart(3, '0')}`, lang, text, spans });
    }
  };
  make('en', EN_TEMPLATES, EN, 180);
  make('ja', JA_TEMPLATES, JA, 175);
  for (const [lang, texts] of [
    ['en', NEGATIVE_EN],
    ['ja', NEGATIVE_JA],
  ] as const) {
    texts.forEach((text, i) => {
      items.push({ id: `${lang}-neg-${String(i + 1).padStart(2, '0')}`, lang, text, spans: [] });
    });
  }
  return items;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const items = buildCorpus();
  const out = fileURLToPath(new URL('./items.jsonl', import.meta.url));
  writeFileSync(out, `${items.map((i) => JSON.stringify(i)).join('\n')}\n`);
  console.log(`${items.length} items → ${out}`);
}
