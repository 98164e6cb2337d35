import { formatJst } from "@/lib/time/format";

/**
 * What a customer is told, per kind of change. Every message is bilingual (Japanese first) and
 * never carries a link: a notice that says "sign in here" is what phishing looks like, so the
 * customer is told to use the bank's app or website they already know. A test renders every kind
 * and refuses any URL.
 *
 * Adding a kind is one entry: `key: kind<Facts>(post, ja, en)`.
 */

export interface Rendered {
  subject: string;
  body: string;
}

/** Facts every kind may use: when the change happened and the customer's name for the salutation. */
export interface BaseFacts {
  at: Date;
  customerName: string;
}

interface KindDefinition<F> {
  /** Also a letter to the registered postal address ("always"), or e-mail only. */
  post: "always" | "never";
  /**
   * Who receives it: the customer on every confirmed address (and the post), or only the one
   * address named in the facts (`address`), whatever its state — the confirmation code goes to the
   * new address and nowhere else.
   */
  to: "customer" | "address";
  /** The body carries a secret (see email_confirmation); every other kind must not. */
  secret: boolean;
  ja(facts: F & BaseFacts): Rendered;
  en(facts: F & BaseFacts): Rendered;
}

function kind<F = object>(post: KindDefinition<F>["post"], ja: KindDefinition<F>["ja"], en: KindDefinition<F>["en"]): KindDefinition<F> {
  return { post, to: "customer", secret: false, ja, en };
}

const jaFooter = "お心当たりのない場合は、お手元のキャッシュカード裏面または当行アプリに記載の窓口へお電話ください。このメールに返信いただいてもお答えできません。";
const enFooter = "If you did not ask for this, call the number on the back of your cash card or in our app. Replies to this message are not read.";

export const noticeKinds = {
  activation_password_reset: kind("always",
    (f) => ({ subject: "利用開始パスワード再発行のお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} にワンタイムパスワードの利用開始パスワードを再発行しました。新しいパスワードは書面で登録住所にお送りします。` }),
    (f) => ({ subject: "Your activation password was reset", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) we reset the activation password of your one-time password app. The new password is sent by post to your registered address.` })),
  email_added: kind<{ maskedAddress: string }>("never",
    (f) => ({ subject: "メールアドレス登録のお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} にメールアドレス（${f.maskedAddress}）を登録しました。` }),
    (f) => ({ subject: "An e-mail address was registered", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) the e-mail address ${f.maskedAddress} was registered.` })),
  /**
   * The one notice apart from letters that carries a secret: the code that proves the customer
   * reads a newly added address. It goes to that address only (an address the customer has not
   * proved is theirs hears nothing else), as a plain code to type into internet banking — never a
   * link. Mailing it in the clear is the point of the exercise: whoever reads this mailbox is who
   * the address will reach. The code alone does nothing: it must be entered through internet
   * banking for this contract within the deadline, and a few wrong codes void it.
   */
  email_confirmation: {
    post: "never", to: "address", secret: true,
    ja: (f: { address: string; code: string; confirmBy: Date } & BaseFacts) => ({ subject: "メールアドレス確認コードのお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} に、このメールアドレスを登録メールアドレスとして受け付けました。\n確認コード：${f.code}\n\n${formatJst(f.confirmBy)} までに、インターネットバンキングの画面でこの確認コードを入力してください。入力いただくまで、このアドレスにはワンタイムパスワードやお知らせは届きません。確認コードは誰にも教えないでください。当行の職員がお尋ねすることもありません。` }),
    en: (f: { address: string; code: string; confirmBy: Date } & BaseFacts) => ({ subject: "Your e-mail confirmation code", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) this address was registered for your account.\nConfirmation code: ${f.code}\n\nEnter this code in internet banking by ${formatJst(f.confirmBy)} (JST). Until then this address receives no one-time passwords and no notices. Never tell anyone this code; bank staff will never ask for it.` }),
  } satisfies KindDefinition<{ address: string; code: string; confirmBy: Date }>,
  /**
   * The emergency access code, the second notice apart from letters that carries a secret: a
   * supervisor approved it, and it goes only to addresses confirmed long enough ago that an
   * impostor cannot have just added them (lib/tokens/emergency-code.ts), one notice per address.
   */
  emergency_code: {
    post: "never", to: "address", secret: true,
    ja: (f: { address: string; code: string; validUntil: Date } & BaseFacts) => ({ subject: "緊急用コードのお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} に緊急用コードを発行しました。\n緊急用コード：${f.code}\n\n新しいワンタイムパスワードの利用開始まで、お振込などでワンタイムパスワードを求められたときに一度だけ使えます。有効期限は ${formatJst(f.validUntil)} です。このコードは誰にも教えないでください。当行の職員がお尋ねすることもありません。` }),
    en: (f: { address: string; code: string; validUntil: Date } & BaseFacts) => ({ subject: "Your emergency access code", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) we issued you an emergency access code.\nEmergency access code: ${f.code}\n\nUntil your new one-time password works, you can use it once where a one-time password is asked for (a transfer, for example). It is valid until ${formatJst(f.validUntil)} (JST). Never tell anyone this code; bank staff will never ask for it.` }),
  } satisfies KindDefinition<{ address: string; code: string; validUntil: Date }>,
  /** The removed address is told too, but only if it was confirmed (set removedAddress then). */
  email_removed: kind<{ maskedAddress: string; removedAddress?: string }>("always",
    (f) => ({ subject: "メールアドレス削除のお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} にメールアドレス（${f.maskedAddress}）の登録を削除しました。` }),
    (f) => ({ subject: "An e-mail address was removed", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) the e-mail address ${f.maskedAddress} was removed.` })),
  token_suspended: kind("always",
    (f) => ({ subject: "ワンタイムパスワード利用停止のお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} にワンタイムパスワードの利用を停止しました。` }),
    (f) => ({ subject: "Your one-time password was suspended", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) your one-time password was suspended.` })),
  token_resumed: kind("never",
    (f) => ({ subject: "ワンタイムパスワード利用再開のお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} にワンタイムパスワードの利用を再開しました。` }),
    (f) => ({ subject: "Your one-time password was resumed", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) your one-time password was resumed.` })),
  token_cancelled: kind<{ newTokenFrom: Date }>("always",
    (f) => ({ subject: "ワンタイムパスワード利用解除のお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} にワンタイムパスワードの利用を解除しました。これまでのトークンはご利用いただけません。新しいトークンのお申し込みは ${formatJst(f.newTokenFrom)} 以降に承ります。` }),
    (f) => ({ subject: "Your one-time password was cancelled", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) your one-time password was cancelled; the old token no longer works. A new token can be applied for from ${formatJst(f.newTokenFrom)} (JST).` })),
  token_unlocked: kind("never",
    (f) => ({ subject: "ワンタイムパスワードのロック解除のお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} にワンタイムパスワードのロックを解除しました。` }),
    (f) => ({ subject: "Your one-time password was unlocked", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) your one-time password was unlocked.` })),
  token_renewed: kind<{ expiresAt: Date }>("never",
    (f) => ({ subject: "ワンタイムパスワード有効期限更新のお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} にワンタイムパスワードの有効期限を更新しました。新しい有効期限は ${formatJst(f.expiresAt)} です。アプリの操作は必要ありません。` }),
    (f) => ({ subject: "Your one-time password was renewed", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) your one-time password was renewed. It is now valid until ${formatJst(f.expiresAt)} (JST). Nothing needs to be done in the app.` })),
  token_issued: kind<{ delivery: "letter" | "counter_slip" }>("never",
    (f) => ({ subject: "ワンタイムパスワード発行のお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} にワンタイムパスワード（ソフトウェアトークン）を発行しました。お使いのスマートフォンのアプリストアから当行のワンタイムパスワードアプリをダウンロードしてください。${f.delivery === "counter_slip" ? "利用開始に必要な利用開始パスワードは、窓口でお渡しした利用開始票に記載しています。" : "利用開始に必要な利用開始パスワードは、書面で登録住所にお送りします。"}` }),
    (f) => ({ subject: "A one-time password was issued to you", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) we issued you a one-time password (software token). Download the bank's one-time password app from your phone's app store. ${f.delivery === "counter_slip" ? "The activation password you need to start is on the slip handed to you at the counter." : "The activation password you need to start is sent by post to your registered address."}` })),
  activation_password_handed_over: kind("never",
    (f) => ({ subject: "利用開始パスワード再発行のお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} にワンタイムパスワードの利用開始パスワードを再発行し、窓口で利用開始票をお渡ししました。` }),
    (f) => ({ subject: "Your activation password was reset", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) we reset the activation password of your one-time password app and handed the new one to you at the counter.` })),
  token_replaced: kind<{ delivery: "letter" | "counter_slip" }>("always",
    (f) => ({ subject: "ワンタイムパスワード再発行のお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} にワンタイムパスワードを再発行しました。これまでのトークンはご利用いただけません。${f.delivery === "counter_slip" ? "新しい利用開始パスワードは、窓口でお渡しした利用開始票に記載しています。" : "新しい利用開始パスワードは書面で登録住所にお送りします。"}` }),
    (f) => ({ subject: "Your one-time password was replaced", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) your one-time password was replaced; the old token no longer works. ${f.delivery === "counter_slip" ? "The new activation password is on the slip handed to you at the counter." : "The new activation password is sent by post to your registered address."}` })),
  replacement_requested: kind("always",
    (f) => ({ subject: "ワンタイムパスワード再発行お申し込みのお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)} にお電話でワンタイムパスワードの再発行を承り、これまでのトークンの利用を停止しました。再発行は当行の確認後に行い、新しい利用開始パスワードは書面で登録住所にお送りします。` }),
    (f) => ({ subject: "We received a request to replace your one-time password", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST) we received a request by phone to replace your one-time password and suspended the old token. The replacement is made after the bank's check; the new activation password is sent by post to your registered address.` })),
  replacement_rejected: kind("always",
    (f) => ({ subject: "ワンタイムパスワード再発行についてのお知らせ", body: `${f.customerName} 様\n\n${formatJst(f.at)}、お電話で承ったワンタイムパスワードの再発行は、当行の確認の結果お受けできませんでした。これまでのトークンは利用停止のままです。本人確認書類をお持ちのうえ、お取引店の窓口でお手続きください。` }),
    (f) => ({ subject: "About your request to replace your one-time password", body: `Dear ${f.customerName},\n\nOn ${formatJst(f.at)} (JST), after the bank's check, we could not accept the request made by phone to replace your one-time password. The old token stays suspended. Please bring an identity document to your branch's counter.` })),
};

export type NoticeKind = keyof typeof noticeKinds;
export const noticeKindKeys = Object.keys(noticeKinds) as NoticeKind[];

/** The facts a kind needs beyond the common ones. */
export type NoticeFacts<K extends NoticeKind> = (typeof noticeKinds)[K] extends KindDefinition<infer F> ? F : never;

/** Japanese first, then English, in one message: the customer reads whichever they read. */
export function renderNotice<K extends NoticeKind>(key: K, facts: NoticeFacts<K> & BaseFacts): Rendered {
  const definition = noticeKinds[key] as unknown as KindDefinition<NoticeFacts<K>>;
  const ja = definition.ja(facts);
  const en = definition.en(facts);
  return {
    subject: `【お知らせ】${ja.subject} / ${en.subject}`,
    body: `${ja.body}\n\n${jaFooter}\n\n――――――――――\n\n${en.body}\n\n${enFooter}\n`,
  };
}

export function kindSendsPost(key: NoticeKind): boolean {
  return noticeKinds[key].post === "always";
}

/** True for the kinds that go to the one address in their facts, not to the customer's channels. */
export function kindGoesToAddressOnly(key: NoticeKind): boolean {
  return noticeKinds[key].to === "address";
}

/** The kinds whose body carries a secret (email_confirmation, emergency_code): tests hold every other kind to none. */
export function kindCarriesSecret(key: NoticeKind): boolean {
  return noticeKinds[key].secret;
}

/** a****@example.jp: enough for the customer to recognise, little for anyone else. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "****";
  return `${address[0]}****${address.slice(at)}`;
}
