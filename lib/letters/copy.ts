/*
 * The wording both documents share. It names screens as the OTP app shows them and never points
 * the reader to a web page: the only way in is the app they already have, and the only contact
 * is the help desk's phone number.
 */
export const TITLE = "利用開始パスワードのお知らせ";
export const SUBTITLE = "ワンタイムパスワード（ソフトウェアトークン）";

export const LABELS = {
  serviceId: "サービスID",
  userId: "ユーザID",
  activationPassword: "利用開始パスワード",
  deadline: "有効期限",
} as const;

export function steps(): string[] {
  return [
    "スマートフォンでワンタイムパスワードアプリを起動します。",
    "「利用開始」（初期設定・トークン追加）を選びます。",
    "サービスID・ユーザID・利用開始パスワードを入力し、［送信］を選択します。",
    "ワンタイムパスワードが表示されれば、設定は完了です。",
  ];
}

export function cautions(bankName: string, deadline: string): string[] {
  return [
    `利用開始パスワードの有効期限は${deadline}までです。期限を過ぎた場合は、お客様センターへご連絡ください。`,
    "利用開始パスワードを続けて誤って入力すると、ロックされてご利用いただけなくなります。",
    `利用開始パスワードは、ご家族を含め、どなたにも絶対に教えないでください。${bankName}が電話やメールで利用開始パスワードをお尋ねすることは一切ありません。`,
    "お心当たりのない場合は、アプリに入力せず、ただちにお客様センターへご連絡ください。",
  ];
}

export function helpDeskLine(name: string, phone: string, hours: string): { title: string; phone: string; hours: string } {
  return { title: `お問い合わせ先　${name}`, phone: `電話 ${phone}`, hours: `受付時間 ${hours}` };
}
