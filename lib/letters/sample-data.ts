import type { ActivationLetterInput, CounterSlipInput } from "./schema";

/** Made-up data for the sample script and the tests; the password is not anyone's. */
const common = {
  issuedAt: new Date("2026-11-23T01:00:00Z"),
  bankName: "さくら信用組合",
  customerName: "山田 花子",
  serviceId: "10112890",
  userId: "999800000001",
  activationPassword: "48201937",
  deadline: new Date("2026-11-30T14:59:00Z"),
  helpDeskName: "ワンタイムパスワード お客様センター",
  helpDeskPhone: "0120-123-456",
  helpDeskHours: "9:00〜21:00（毎日）",
};

export const sampleLetter: ActivationLetterInput = {
  ...common,
  postalCode: "100-0005",
  addressLines: ["東京都千代田区丸の内一丁目2番3号", "丸の内サンプルマンション 405号室"],
};

export const sampleSlip: CounterSlipInput = {
  ...common,
  branchName: "本店営業部",
  tellerName: "佐藤 一郎",
};

/** Every field at its longest, in the widest characters: the layouts must still hold it. */
const widest = {
  issuedAt: new Date("2026-12-31T14:59:59Z"),
  bankName: "漢".repeat(20),
  customerName: "髙".repeat(24),
  serviceId: "8".repeat(16),
  userId: "8".repeat(20),
  activationPassword: "88888888",
  deadline: new Date("2027-12-31T14:59:00Z"),
  helpDeskName: "漢".repeat(24),
  helpDeskPhone: "00000-0000-0000",
  helpDeskHours: "漢".repeat(16),
};

export const longestLetter: ActivationLetterInput = {
  ...widest,
  postalCode: "888-8888",
  addressLines: ["漢".repeat(40), "漢".repeat(40), "漢".repeat(40)],
};

export const longestSlip: CounterSlipInput = { ...widest, branchName: "漢".repeat(10), tellerName: "漢".repeat(10) };
