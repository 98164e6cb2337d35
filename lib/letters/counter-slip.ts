import { PDFDocument, PageSizes, rgb } from "pdf-lib";
import { LABELS, TITLE, cautions, helpDeskLine, steps } from "./copy";
import { embedFonts, inputText } from "./font";
import { BRAND, INK, MUTED, Writer, assertFits, box, drawLogo, letterDate, letterDeadline, rule, setMetadata } from "./layout";
import { counterSlipSchema, type CounterSlip, type CounterSlipInput } from "./schema";

const [WIDTH, HEIGHT] = PageSizes.A5;
const LEFT = 30;
const RIGHT = WIDTH - 30;
const SMALL = { size: 8.5, leading: 12.5 };
export const SLIP_TITLE = "利用開始票";
const CUT_Y = 112;

/**
 * The counter slip a teller prints and hands over in person: A5 portrait, the same facts as the
 * posted letter, and below a cut line a receipt the customer signs and the branch keeps. The
 * receipt repeats the IDs but never the password, so the copy the bank files holds no secret.
 */
export async function renderCounterSlip(input: CounterSlipInput): Promise<Uint8Array> {
  const slip = counterSlipSchema.parse(input);
  const deadline = letterDeadline(slip.deadline);
  const doc = await PDFDocument.create({ updateMetadata: false });
  setMetadata(doc, `${SLIP_TITLE}（${TITLE}）`, slip.bankName, slip.issuedAt);
  const fonts = await embedFonts(doc, inputText(slip));
  const w = new Writer(doc.addPage([WIDTH, HEIGHT]), fonts);

  let y = drawHeader(w, slip);
  y = drawCredentials(w, slip, deadline, y - 10);
  y = heading(w, "ご利用開始の手順", y - 18);
  steps().forEach((step, i) => (y = w.item(`${i + 1}.`, step, LEFT + 4, y, RIGHT - LEFT - 4, SMALL)));
  y = heading(w, "ご注意ください", y - 6);
  for (const caution of cautions(slip.bankName, deadline)) y = w.item("・", caution, LEFT + 4, y, RIGHT - LEFT - 4, SMALL);
  const desk = helpDeskLine(slip.helpDeskName, slip.helpDeskPhone, slip.helpDeskHours);
  y -= 8;
  w.text(desk.title, LEFT, y, { size: 9, weight: 700 });
  y -= 15;
  w.text(desk.phone, LEFT, y, { size: 11, weight: 700, color: BRAND });
  w.right(desk.hours, RIGHT, y, { size: 8.5 });
  assertFits(y, CUT_Y + 14);
  drawReceipt(w, slip);
  return doc.save({ useObjectStreams: false });
}

function drawHeader(w: Writer, slip: CounterSlip): number {
  const top = HEIGHT - 44;
  w.text(SLIP_TITLE, LEFT, top, { size: 16, weight: 700, color: BRAND });
  w.text(TITLE, LEFT, top - 18, { size: 10, weight: 700 });
  const bank = { size: 11, weight: 700 as const };
  w.right(slip.bankName, RIGHT, top, bank);
  drawLogo(w.page, RIGHT - w.width(slip.bankName, bank) - 19, top + 12, 16);
  w.right(`${slip.branchName}　担当 ${slip.tellerName}`, RIGHT, top - 18, { size: 8 });
  w.right(`交付日 ${letterDate(slip.issuedAt)}`, RIGHT, top - 31, { size: 8 });
  const nameY = top - 54;
  w.text(`${slip.customerName}　様`, LEFT, nameY, { size: 13, weight: 700 });
  rule(w.page, LEFT, RIGHT, nameY - 7, { color: BRAND, thickness: 1 });
  return nameY - 7;
}

function heading(w: Writer, title: string, y: number): number {
  w.page.drawRectangle({ x: LEFT, y: y - 2, width: 3, height: 11, color: BRAND });
  w.text(title, LEFT + 8, y, { size: 9.5, weight: 700 });
  return y - 15;
}

function drawCredentials(w: Writer, slip: CounterSlip, deadline: string, top: number): number {
  const height = 112;
  const bottom = top - height;
  box(w.page, LEFT, bottom, RIGHT - LEFT, height, { border: BRAND, thickness: 1.2 });
  const labelX = LEFT + 14;
  const valueX = LEFT + 118;
  let y = top - 20;
  for (const [label, value] of [
    [LABELS.serviceId, slip.serviceId],
    [LABELS.userId, slip.userId],
  ] as const) {
    w.text(label, labelX, y, { size: 9, color: MUTED });
    w.text(value, valueX, y, { size: 12, weight: 700 });
    y -= 20;
  }
  w.page.drawRectangle({ x: LEFT + 8, y: y - 18, width: RIGHT - LEFT - 16, height: 34, color: rgb(0.93, 0.96, 1), borderColor: BRAND, borderWidth: 0.8 });
  w.text(LABELS.activationPassword, labelX, y - 5, { size: 9, weight: 700, color: INK });
  w.text(slip.activationPassword, valueX, y - 8, { size: 20, weight: 700, color: BRAND });
  y -= 40;
  w.text(LABELS.deadline, labelX, y, { size: 9, color: MUTED });
  w.text(`${deadline} まで`, valueX, y, { size: 11, weight: 700 });
  return bottom;
}

/** The part below the cut line: kept by the branch, signed by the customer, no password on it. */
function drawReceipt(w: Writer, slip: CounterSlip): void {
  rule(w.page, LEFT - 10, RIGHT + 10, CUT_Y, { color: MUTED, dash: [4, 3] });
  const cut = "キリトリ";
  const cutWidth = w.width(cut, { size: 7 });
  w.page.drawRectangle({ x: WIDTH / 2 - cutWidth / 2 - 4, y: CUT_Y - 4, width: cutWidth + 8, height: 9, color: rgb(1, 1, 1) });
  w.center(cut, WIDTH / 2, CUT_Y - 2.5, { size: 7, color: MUTED });

  let y = CUT_Y - 22;
  w.text(`受領書（${slip.branchName}保管）`, LEFT, y, { size: 10, weight: 700 });
  w.right(`担当 ${slip.tellerName}`, RIGHT, y, { size: 8.5 });
  y -= 16;
  y = w.paragraph(
    `私は、${LABELS.serviceId} ${slip.serviceId}・${LABELS.userId} ${slip.userId} の利用開始パスワードを記載した${SLIP_TITLE}を受け取りました。`,
    LEFT,
    y,
    RIGHT - LEFT,
    { size: 8, leading: 11 },
  );
  y -= 20;
  w.text("受領日　　　　年　　月　　日", LEFT, y, { size: 9 });
  w.text("お客様ご署名", LEFT + 170, y, { size: 9 });
  rule(w.page, LEFT + 228, RIGHT, y - 3, { color: INK, thickness: 0.6 });
  rule(w.page, LEFT + 36, LEFT + 150, y - 3, { color: INK, thickness: 0.6 });
}
