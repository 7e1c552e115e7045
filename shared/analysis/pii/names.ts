/**
 * Word lists the name and address detectors use to tell a person from an ordinary word. Names are
 * found from cues (a title, "my name is", a signature, an honorific); these lists keep capitalised
 * words and common nouns that follow the same cues from being taken for a name.
 */

/** Capitalised English words that follow name cues but are not names ("I'm Very upset", "Thanks, United"). */
export const EN_NOT_NAMES: ReadonlySet<string> = new Set(
  `a an the i i'm im it its this that these those there here he she we they you your my our his her their me us them
  mr mrs ms miss mx dr prof sir madam pls plz help asap
  and or but so if then because not no yes ok okay please thanks thank hi hello hey dear sorry
  very really so quite just still also again never always already only even
  happy sad angry upset disappointed frustrated furious tired sick done sure glad confused annoyed writing calling
  emailing trying going looking waiting contacting reaching following asking still new old good bad great terrible
  monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday tonight morning evening
  january february march april may june july august september october november december
  customer customers support service team staff agent manager management company everyone all anyone someone
  gold silver platinum bronze premium basic pro plus vip member members guest
  english japanese american british us usa uk japan tokyo osaka london paris new york california texas
  app store amazon apple google microsoft samsung sony nintendo netflix spotify uber airbnb paypal visa mastercard
  united delta american southwest jetblue virgin alaska spirit frontier ana jal lufthansa emirates
  iphone android ipad macbook windows pixel galaxy playstation xbox kindle alexa chrome safari
  best regards cheers sincerely kind warm many flight flights late cancelled canceled booking group gate terminal
  airport airline airlines seat premium economy business first class problems problem`
    .split(/\s+/)
    .filter(Boolean),
);

/** Japanese nouns that take an honorific (お客様, 担当者様, 運転手さん) or follow 私は … です but name nobody. */
export const JA_NOT_NAMES: ReadonlySet<string> = new Set(
  `お客 客 皆 皆々 担当 担当者 係 係員 店長 店員 運転手 駅員 医者 先生 社長 部長 課長 主任 主人 ご主人 奥 旦那 利用者 会員 患者 乗客
  業者 配達員 配達 子供 家族 近所 隣人 先方 相手 大家 管理人 職員 乗務員 添乗員 整備士 警備員 清掃員 責任者 販売員 作業員
  営業 窓口 受付 宿泊者 仲居 女将 神 王 殿 仏 貴 上 同 模 異 仕 多 各 有 一 両 左 右 今日 当日 毎日 会社員 学生 主婦 常連 初心者
  年金生活者 高齢者 新規 一般 個人 法人 購入者 契約者 加入者 本人 代理 代理人 保護者 親 母 父 兄 姉 弟 妹 息子 娘 夫 妻
  営業担当 サポート担当 カスタマー お母 お父 お兄 お姉 スタッフ ドライバー オペレーター マネージャー ホスト ゲスト ユーザー
  メンバー サポート センター コールセンター ショップ オーナー コック シェフ ガイド フロント ホテル パート バイト アルバイト
  ベッド ベット アベック カップル ファミリー ママ パパ ボーイ メイド ナース ドクター ポーター ベルボーイ コンシェルジュ 不満 不安 心配 大丈夫 残念 満足 初めて 利用 問題 以上 以下`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Common Japanese family names: a cue such as 私は…です or 担当の… alone is weak (私は会社員です), so
 * there the token must start with one of these, or be written in katakana (a foreign name).
 */
export const JA_SURNAMES: readonly string[] =
  `佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 斉藤
  清水 山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 斉藤 福田 太田 西村
  藤井 金子 岡本 藤原 中野 三浦 原田 中川 松田 竹内 小野 田村 中山 和田 石田 森田 上田 原 柴田 酒井 工藤 横山 宮崎 宮本 内田 高木
  安藤 谷口 大野 丸山 今井 高田 藤本 武田 村田 上野 杉山 増田 小山 大塚 平野 菅原 久保 松井 千葉 岩崎 桜井 木下 野口 松尾 菊地
  野村 新井 渡部 佐野 杉本 古川 大西 浜田 市川 五十嵐 水野 小島 北村 吉川 安田 中西 服部 川口 辻 東 関 永井 西田 河野 星野 秋山`
    .split(/\s+/)
    .filter(Boolean);

/** US states, by two-letter code and by name: a five-digit number after one is a ZIP code. */
export const US_STATES =
  `AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH
  OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC`
    .split(/\s+/)
    .filter(Boolean);
/** Full state names (multi-word ones included). */
export const US_STATE_NAMES = [
  'Alabama',
  'Alaska',
  'Arizona',
  'Arkansas',
  'California',
  'Colorado',
  'Connecticut',
  'Delaware',
  'Florida',
  'Georgia',
  'Hawaii',
  'Idaho',
  'Illinois',
  'Indiana',
  'Iowa',
  'Kansas',
  'Kentucky',
  'Louisiana',
  'Maine',
  'Maryland',
  'Massachusetts',
  'Michigan',
  'Minnesota',
  'Mississippi',
  'Missouri',
  'Montana',
  'Nebraska',
  'Nevada',
  'New Hampshire',
  'New Jersey',
  'New Mexico',
  'New York',
  'North Carolina',
  'North Dakota',
  'Ohio',
  'Oklahoma',
  'Oregon',
  'Pennsylvania',
  'Rhode Island',
  'South Carolina',
  'South Dakota',
  'Tennessee',
  'Texas',
  'Utah',
  'Vermont',
  'Virginia',
  'Washington',
  'West Virginia',
  'Wisconsin',
  'Wyoming',
];

/**
 * Common English given names: one of these followed by a capitalised word is a full name ("Sarah
 * Johnson was rude"), even without a cue. Names that are also ordinary words or places (Will, Mark,
 * May, Jordan, Austin, Paris) are left out on purpose.
 */
export const EN_GIVEN_NAMES: ReadonlySet<string> = new Set(
  `James John Robert Michael David William Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony Donald
  Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas
  Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Patrick Raymond Jack Dennis
  Jerry Tyler Aaron Henry Adam Douglas Nathan Peter Zachary Kyle Noah Ethan Jeremy Walter Christian Keith Roger Terry
  Sean Gerald Carl Harold Dylan Arthur Lawrence Jesse Bryan Joe Bruce Gabriel Logan Albert Willie Alan Eugene Russell
  Louis Philip Randy Harry Vincent Bobby Johnny Liam Oliver Lucas Mason Elijah Aiden Owen Wyatt Leo Luke Isaac Hiroshi
  Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra Margaret Ashley
  Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy
  Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine
  Maria Heather Diane Julie Olivia Joyce Victoria Kelly Christina Lauren Joan Evelyn Judith Megan Cheryl Andrea Hannah
  Martha Jacqueline Gloria Teresa Ann Sara Madison Kathryn Janice Jean Abigail Alice Judy Sophia Denise Marilyn Beverly
  Charlotte Natalie Diana Brittany Isabella Ava Mia Amelia Harper Ella Chloe Zoe Lily Sofia Jane Claire Lucy Priya
  Ahmed Mohammed Fatima Aisha Wei Li Chen Raj Carlos Juan Jose Luis Miguel Sofia Lucia Elena Marco Giulia Hans Klaus
  Anja Lars Ingrid Pierre Marie Sophie Camille Yuki Kenji Takashi Haruto Sakura Aiko Mei`
    .split(/\s+/)
    .filter(Boolean),
);
