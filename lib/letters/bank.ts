/**
 * What every activation letter and counter slip prints about the bank: its name and the help desk
 * the customer calls (seed: the specialist desk answers 9:00–21:00 every day). One place, so the
 * letter, the slip and the tests agree.
 */
export const bankLetterhead = {
  bankName: "トークンデスク銀行",
  helpDeskName: "ワンタイムパスワード お客様センター",
  helpDeskPhone: "0120-123-456",
  helpDeskHours: "9:00〜21:00（毎日）",
} as const;
