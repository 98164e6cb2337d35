/**
 * Reference lists for the demo-data generator (db/seed/demo-data.ts): Japanese names with their
 * katakana readings and a romanisation for e-mail local parts, branches with the areas they
 * serve, and device labels. Plain data, no logic.
 */

/** [kanji, katakana reading, romaji]. 斎藤/斉藤 and 渡辺/渡部 share a reading on purpose. */
export type FamilyName = readonly [kanji: string, kana: string, romaji: string];

/**
 * [kanji, katakana reading, romaji, sex, eras]. Eras say in which generations the name is common:
 * "o" born before ~1962, "m" ~1962–1989, "y" 1990 on — so an 80-year-old is not called 陽斗.
 */
export type GivenName = readonly [kanji: string, kana: string, romaji: string, sex: "m" | "f", eras: string];

export const familyNames: readonly FamilyName[] = [
  ["佐藤", "サトウ", "sato"], ["鈴木", "スズキ", "suzuki"], ["高橋", "タカハシ", "takahashi"],
  ["田中", "タナカ", "tanaka"], ["伊藤", "イトウ", "ito"], ["渡辺", "ワタナベ", "watanabe"],
  ["山本", "ヤマモト", "yamamoto"], ["中村", "ナカムラ", "nakamura"], ["小林", "コバヤシ", "kobayashi"],
  ["加藤", "カトウ", "kato"], ["吉田", "ヨシダ", "yoshida"], ["山田", "ヤマダ", "yamada"],
  ["佐々木", "ササキ", "sasaki"], ["山口", "ヤマグチ", "yamaguchi"], ["松本", "マツモト", "matsumoto"],
  ["井上", "イノウエ", "inoue"], ["木村", "キムラ", "kimura"], ["林", "ハヤシ", "hayashi"],
  ["斎藤", "サイトウ", "saito"], ["清水", "シミズ", "shimizu"], ["山崎", "ヤマザキ", "yamazaki"],
  ["森", "モリ", "mori"], ["池田", "イケダ", "ikeda"], ["橋本", "ハシモト", "hashimoto"],
  ["阿部", "アベ", "abe"], ["石川", "イシカワ", "ishikawa"], ["山下", "ヤマシタ", "yamashita"],
  ["中島", "ナカジマ", "nakajima"], ["石井", "イシイ", "ishii"], ["小川", "オガワ", "ogawa"],
  ["前田", "マエダ", "maeda"], ["岡田", "オカダ", "okada"], ["長谷川", "ハセガワ", "hasegawa"],
  ["藤田", "フジタ", "fujita"], ["後藤", "ゴトウ", "goto"], ["近藤", "コンドウ", "kondo"],
  ["村上", "ムラカミ", "murakami"], ["遠藤", "エンドウ", "endo"], ["青木", "アオキ", "aoki"],
  ["坂本", "サカモト", "sakamoto"], ["斉藤", "サイトウ", "saito"], ["福田", "フクダ", "fukuda"],
  ["太田", "オオタ", "ota"], ["西村", "ニシムラ", "nishimura"], ["藤井", "フジイ", "fujii"],
  ["金子", "カネコ", "kaneko"], ["岡本", "オカモト", "okamoto"], ["藤原", "フジワラ", "fujiwara"],
  ["中野", "ナカノ", "nakano"], ["三浦", "ミウラ", "miura"], ["原田", "ハラダ", "harada"],
  ["中川", "ナカガワ", "nakagawa"], ["松田", "マツダ", "matsuda"], ["竹内", "タケウチ", "takeuchi"],
  ["小野", "オノ", "ono"], ["田村", "タムラ", "tamura"], ["中山", "ナカヤマ", "nakayama"],
  ["和田", "ワダ", "wada"], ["石田", "イシダ", "ishida"], ["森田", "モリタ", "morita"],
  ["上田", "ウエダ", "ueda"], ["原", "ハラ", "hara"], ["柴田", "シバタ", "shibata"],
  ["酒井", "サカイ", "sakai"], ["工藤", "クドウ", "kudo"], ["横山", "ヨコヤマ", "yokoyama"],
  ["宮崎", "ミヤザキ", "miyazaki"], ["宮本", "ミヤモト", "miyamoto"], ["内田", "ウチダ", "uchida"],
  ["高木", "タカギ", "takagi"], ["安藤", "アンドウ", "ando"], ["島田", "シマダ", "shimada"],
  ["谷口", "タニグチ", "taniguchi"], ["大野", "オオノ", "ono"], ["高田", "タカダ", "takada"],
  ["丸山", "マルヤマ", "maruyama"], ["今井", "イマイ", "imai"], ["渡部", "ワタナベ", "watanabe"],
  ["藤本", "フジモト", "fujimoto"], ["村田", "ムラタ", "murata"],
];

export const givenNames: readonly GivenName[] = [
  // male
  ["太郎", "タロウ", "taro", "m", "omy"], ["一郎", "イチロウ", "ichiro", "m", "om"],
  ["健太", "ケンタ", "kenta", "m", "my"], ["翔太", "ショウタ", "shota", "m", "y"],
  ["大輔", "ダイスケ", "daisuke", "m", "m"], ["拓也", "タクヤ", "takuya", "m", "my"],
  ["直樹", "ナオキ", "naoki", "m", "m"], ["浩二", "コウジ", "koji", "m", "om"],
  ["誠", "マコト", "makoto", "m", "om"], ["隆", "タカシ", "takashi", "m", "om"],
  ["博", "ヒロシ", "hiroshi", "m", "o"], ["茂", "シゲル", "shigeru", "m", "o"],
  ["修", "オサム", "osamu", "m", "o"], ["健一", "ケンイチ", "kenichi", "m", "om"],
  ["和也", "カズヤ", "kazuya", "m", "m"], ["達也", "タツヤ", "tatsuya", "m", "m"],
  ["亮", "リョウ", "ryo", "m", "my"], ["翔", "ショウ", "sho", "m", "y"],
  ["蓮", "レン", "ren", "m", "y"], ["悠真", "ユウマ", "yuma", "m", "y"],
  ["大翔", "ヒロト", "hiroto", "m", "y"], ["陽斗", "ハルト", "haruto", "m", "y"],
  ["湊", "ミナト", "minato", "m", "y"], ["悠人", "ユウト", "yuto", "m", "y"],
  ["隼人", "ハヤト", "hayato", "m", "my"], ["勇気", "ユウキ", "yuki", "m", "my"],
  ["雄一", "ユウイチ", "yuichi", "m", "om"], ["正人", "マサト", "masato", "m", "om"],
  ["秀樹", "ヒデキ", "hideki", "m", "om"], ["智也", "トモヤ", "tomoya", "m", "my"],
  ["清", "キヨシ", "kiyoshi", "m", "o"], ["勝", "マサル", "masaru", "m", "o"],
  ["進", "ススム", "susumu", "m", "o"], ["豊", "ユタカ", "yutaka", "m", "o"],
  ["健", "ケン", "ken", "m", "my"],
  // female
  ["花子", "ハナコ", "hanako", "f", "omy"], ["陽子", "ヨウコ", "yoko", "f", "om"],
  ["恵子", "ケイコ", "keiko", "f", "o"], ["幸子", "サチコ", "sachiko", "f", "o"],
  ["和子", "カズコ", "kazuko", "f", "o"], ["洋子", "ヨウコ", "yoko", "f", "o"],
  ["美穂", "ミホ", "miho", "f", "m"], ["由美", "ユミ", "yumi", "f", "m"],
  ["真由美", "マユミ", "mayumi", "f", "m"], ["久美子", "クミコ", "kumiko", "f", "om"],
  ["直美", "ナオミ", "naomi", "f", "m"], ["裕子", "ユウコ", "yuko", "f", "om"],
  ["智子", "トモコ", "tomoko", "f", "om"], ["美香", "ミカ", "mika", "f", "m"],
  ["愛", "アイ", "ai", "f", "my"], ["彩", "アヤ", "aya", "f", "my"],
  ["舞", "マイ", "mai", "f", "my"], ["麻衣", "マイ", "mai", "f", "my"],
  ["沙織", "サオリ", "saori", "f", "m"], ["香織", "カオリ", "kaori", "f", "m"],
  ["美咲", "ミサキ", "misaki", "f", "my"], ["陽菜", "ヒナ", "hina", "f", "y"],
  ["結衣", "ユイ", "yui", "f", "y"], ["葵", "アオイ", "aoi", "f", "y"],
  ["さくら", "サクラ", "sakura", "f", "y"], ["凛", "リン", "rin", "f", "y"],
  ["芽依", "メイ", "mei", "f", "y"], ["結愛", "ユア", "yua", "f", "y"],
  ["七海", "ナナミ", "nanami", "f", "y"], ["千尋", "チヒロ", "chihiro", "f", "my"],
  ["明美", "アケミ", "akemi", "f", "om"], ["節子", "セツコ", "setsuko", "f", "o"],
  ["京子", "キョウコ", "kyoko", "f", "o"], ["典子", "ノリコ", "noriko", "f", "om"],
  ["優子", "ユウコ", "yuko", "f", "m"],
];

/** A town a branch serves: postal code, prefecture + city (+ ward), town, highest 丁目. */
export interface Area {
  postal: string;
  city: string;
  town: string;
  chome: number;
}

export interface Branch {
  code: string;
  name: string;
  /** Landline area code used by some customers of this branch, if any. */
  landline: "03" | "06" | null;
  areas: readonly Area[];
}

const a = (postal: string, city: string, town: string, chome: number): Area => ({ postal, city, town, chome });

export const branches: readonly Branch[] = [
  { code: "001", name: "本店営業部", landline: "03", areas: [
    a("102-0083", "東京都千代田区", "麹町", 6), a("101-0051", "東京都千代田区", "神田神保町", 3)] },
  { code: "101", name: "新宿支店", landline: "03", areas: [
    a("160-0022", "東京都新宿区", "新宿", 7), a("160-0023", "東京都新宿区", "西新宿", 8),
    a("169-0075", "東京都新宿区", "高田馬場", 4)] },
  { code: "102", name: "渋谷支店", landline: "03", areas: [
    a("150-0002", "東京都渋谷区", "渋谷", 4), a("151-0053", "東京都渋谷区", "代々木", 5),
    a("150-0013", "東京都渋谷区", "恵比寿", 4)] },
  { code: "103", name: "池袋支店", landline: "03", areas: [
    a("171-0021", "東京都豊島区", "西池袋", 5), a("170-0013", "東京都豊島区", "東池袋", 5),
    a("173-0004", "東京都板橋区", "板橋", 4)] },
  { code: "104", name: "上野支店", landline: "03", areas: [
    a("110-0005", "東京都台東区", "上野", 7), a("111-0032", "東京都台東区", "浅草", 7),
    a("116-0013", "東京都荒川区", "西日暮里", 6)] },
  { code: "120", name: "吉祥寺支店", landline: null, areas: [
    a("180-0004", "東京都武蔵野市", "吉祥寺本町", 4), a("181-0013", "東京都三鷹市", "下連雀", 9),
    a("167-0051", "東京都杉並区", "荻窪", 5)] },
  { code: "201", name: "横浜支店", landline: null, areas: [
    a("220-0004", "神奈川県横浜市西区", "北幸", 2), a("221-0835", "神奈川県横浜市神奈川区", "鶴屋町", 3),
    a("223-0061", "神奈川県横浜市港北区", "日吉", 7)] },
  { code: "301", name: "大宮支店", landline: null, areas: [
    a("330-0854", "埼玉県さいたま市大宮区", "桜木町", 4), a("330-0063", "埼玉県さいたま市浦和区", "高砂", 4)] },
  { code: "401", name: "名古屋支店", landline: null, areas: [
    a("450-0002", "愛知県名古屋市中村区", "名駅", 5), a("460-0008", "愛知県名古屋市中区", "栄", 5),
    a("464-0850", "愛知県名古屋市千種区", "今池", 5)] },
  { code: "501", name: "梅田支店", landline: "06", areas: [
    a("530-0001", "大阪府大阪市北区", "梅田", 3), a("530-0041", "大阪府大阪市北区", "天神橋", 8),
    a("532-0011", "大阪府大阪市淀川区", "西中島", 7)] },
  { code: "502", name: "難波支店", landline: "06", areas: [
    a("542-0076", "大阪府大阪市中央区", "難波", 5), a("556-0016", "大阪府大阪市浪速区", "元町", 3),
    a("543-0001", "大阪府大阪市天王寺区", "上本町", 9)] },
  { code: "601", name: "神戸支店", landline: null, areas: [
    a("651-0096", "兵庫県神戸市中央区", "雲井通", 8), a("658-0051", "兵庫県神戸市東灘区", "住吉本町", 3)] },
  { code: "701", name: "福岡支店", landline: null, areas: [
    a("812-0011", "福岡県福岡市博多区", "博多駅前", 4), a("810-0001", "福岡県福岡市中央区", "天神", 4),
    a("814-0002", "福岡県福岡市早良区", "西新", 7)] },
  { code: "801", name: "札幌支店", landline: null, areas: [
    a("060-0061", "北海道札幌市中央区", "南一条西", 20), a("060-0042", "北海道札幌市中央区", "大通西", 20)] },
  { code: "901", name: "仙台支店", landline: null, areas: [
    a("980-0021", "宮城県仙台市青葉区", "中央", 4), a("980-0811", "宮城県仙台市青葉区", "一番町", 4),
    a("983-0852", "宮城県仙台市宮城野区", "榴岡", 5)] },
];

/** Building names appended to some addresses (fictional). */
export const buildings: readonly string[] = [
  "サンハイツ", "グリーンコート", "パークハイム", "コーポ若葉", "メゾン桜", "ライオンズプラザ", "シティハウス",
];

/** Device labels as the app reports them at activation; iPhones listed more often, as in Japan. */
export const appDevices: readonly string[] = [
  "iPhone 16 Pro (iOS 18.3)", "iPhone 16 (iOS 18.2)", "iPhone 15 (iOS 18.2)", "iPhone 15 Pro (iOS 17.6)",
  "iPhone 14 (iOS 17.6)", "iPhone 13 mini (iOS 17.5)", "iPhone SE (iOS 18.1)", "iPhone 12 (iOS 16.7)",
  "Galaxy S24 (Android 15)", "Galaxy A54 (Android 14)", "Xperia 10 V (Android 14)", "Xperia 1 VI (Android 15)",
  "AQUOS sense8 (Android 14)", "AQUOS wish3 (Android 13)", "Pixel 8a (Android 15)", "Pixel 9 (Android 15)",
  "arrows We2 (Android 14)",
];

export const hardwareDeviceLabel = "ハードウェアトークン (カード型)";

/** Example-only mail domains (never real providers'). */
export const personalMailDomains: readonly string[] = [
  "example.jp", "example.ne.jp", "mail.example.ne.jp", "docomo.example.jp", "au.example.jp", "softbank.example.jp",
];
export const workMailDomains: readonly string[] = ["example.co.jp", "corp.example.co.jp"];
