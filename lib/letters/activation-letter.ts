import { PDFDocument, PageSizes, rgb } from "pdf-lib";
import { LABELS, SUBTITLE, TITLE, cautions, helpDeskLine, steps } from "./copy";
import { embedFonts, inputText } from "./font";
import { BRAND, INK, MUTED, Writer, assertFits, box, drawLogo, letterDate, letterDeadline, rule, setMetadata } from "./layout";
import { activationLetterSchema, type ActivationLetter, type ActivationLetterInput } from "./schema";

const [WIDTH, HEIGHT] = PageSizes.A4;
const LEFT = 62;
const RIGHT = WIDTH - 62;
const BODY = { size: 10, leading: 16 };
const FOOTER_BOTTOM = 40;
const FOOTER_HEIGHT = 50;

/**
 * The activation-password letter sent by post to the registered address: A4 portrait, addressed
 * for a window envelope (〒, address, name 様 top left), one page. Throws a ZodError (no input
 * values in it) or LetterGlyphError on input it cannot print.
 */
export async function renderActivationLetter(input: ActivationLetterInput): Promise<Uint8Array> {
  const letter = activationLetterSchema.parse(input);
  const deadline = letterDeadline(letter.deadline);
  const doc = await PDFDocument.create({ updateMetadata: false });
  setMetadata(doc, TITLE, letter.bankName, letter.issuedAt);
  const fonts = await embedFonts(doc, inputText(letter));
  const w = new Writer(doc.addPage([WIDTH, HEIGHT]), fonts);

  const nameBaseline = drawAddress(w, letter);
  let y = drawSender(w, letter, nameBaseline) - 36;
  w.center(SUBTITLE, WIDTH / 2, y, { size: 11, color: MUTED });
  y -= 28;
  w.center(TITLE, WIDTH / 2, y, { size: 20, weight: 700, color: BRAND });
  y -= 16;
  rule(w.page, LEFT, RIGHT, y, { color: BRAND, thickness: 1.2 });
  y -= 26;
  y = w.paragraph(
    `平素より${letter.bankName}をご利用いただき、誠にありがとうございます。ご依頼いただいたワンタイムパスワードの利用開始パスワードをお知らせいたします。下記の手順で、有効期限までにご利用を開始してください。`,
    LEFT,
    y,
    RIGHT - LEFT,
    BODY,
  );
  y = drawCredentials(w, letter, deadline, y - 8);
  y = section(w, "ご利用開始の手順", y - 22);
  steps().forEach((step, i) => (y = w.item(`${i + 1}.`, step, LEFT + 6, y, RIGHT - LEFT - 6, BODY)));
  y = section(w, "ご注意ください", y - 12);
  for (const caution of cautions(letter.bankName, deadline)) y = w.item("・", caution, LEFT + 6, y, RIGHT - LEFT - 6, BODY);
  assertFits(y + BODY.leading, FOOTER_BOTTOM + FOOTER_HEIGHT + 14);
  drawHelpDesk(w, letter);
  return doc.save({ useObjectStreams: false });
}

/** Where a window envelope (長形3号) shows the address. Returns the name's baseline. */
function drawAddress(w: Writer, letter: ActivationLetter): number {
  let y = HEIGHT - 78;
  w.text(`〒${letter.postalCode}`, LEFT, y, { size: 11 });
  y -= 20;
  for (const line of letter.addressLines) {
    w.text(line, LEFT + 4, y, { size: 11 });
    y -= 17;
  }
  y -= 10;
  w.text(`${letter.customerName}　様`, LEFT + 16, y, { size: 15, weight: 700 });
  return y;
}

/** The date top right; the bank's mark and name right-aligned below the addressee's name. */
function drawSender(w: Writer, letter: ActivationLetter, nameBaseline: number): number {
  w.right(letterDate(letter.issuedAt), RIGHT, HEIGHT - 78, { size: 10.5 });
  const bank = { size: 13, weight: 700 as const };
  const y = Math.min(HEIGHT - 170, nameBaseline - 30);
  drawLogo(w.page, RIGHT - w.width(letter.bankName, bank) - 26, y + 18, 22);
  w.right(letter.bankName, RIGHT, y, bank);
  return y;
}

function section(w: Writer, title: string, y: number): number {
  w.page.drawRectangle({ x: LEFT, y: y - 3, width: 4, height: 15, color: BRAND });
  w.text(title, LEFT + 12, y, { size: 12.5, weight: 700 });
  return y - 22;
}

/** The box with the IDs and the password: the one thing the reader must find at a glance. */
function drawCredentials(w: Writer, letter: ActivationLetter, deadline: string, top: number): number {
  const height = 152;
  const bottom = top - height;
  box(w.page, LEFT, bottom, RIGHT - LEFT, height, { border: BRAND, thickness: 1.4 });
  const labelX = LEFT + 22;
  const valueX = LEFT + 160;
  let y = top - 28;
  for (const [label, value] of [
    [LABELS.serviceId, letter.serviceId],
    [LABELS.userId, letter.userId],
  ] as const) {
    w.text(label, labelX, y, { size: 11, color: MUTED });
    w.text(value, valueX, y, { size: 15, weight: 700 });
    y -= 26;
  }
  const passwordBox = { x: LEFT + 14, y: y - 24, width: RIGHT - LEFT - 28, height: 46 };
  w.page.drawRectangle({ ...passwordBox, color: rgb(0.93, 0.96, 1), borderColor: BRAND, borderWidth: 0.8 });
  w.text(LABELS.activationPassword, labelX, y - 6, { size: 11, weight: 700, color: INK });
  w.text(letter.activationPassword, valueX, y - 10, { size: 26, weight: 700, color: BRAND });
  y -= 54;
  w.text(LABELS.deadline, labelX, y, { size: 11, color: MUTED });
  w.text(`${deadline} まで`, valueX, y, { size: 13, weight: 700 });
  return bottom;
}

function drawHelpDesk(w: Writer, letter: ActivationLetter): void {
  const desk = helpDeskLine(letter.helpDeskName, letter.helpDeskPhone, letter.helpDeskHours);
  const bottom = FOOTER_BOTTOM;
  box(w.page, LEFT, bottom, RIGHT - LEFT, FOOTER_HEIGHT, { border: MUTED, thickness: 0.6, fill: rgb(0.97, 0.97, 0.98) });
  w.text(desk.title, LEFT + 16, bottom + 31, { size: 10.5, weight: 700 });
  w.text(desk.phone, LEFT + 16, bottom + 12, { size: 13, weight: 700, color: BRAND });
  w.right(desk.hours, RIGHT - 16, bottom + 12, { size: 10.5 });
}
