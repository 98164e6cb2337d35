import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { tokenServiceRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const POST = tokenServiceRoute(activateTokenAction, "activate", (a) => ({
  serial: a.serial,
  expiresAt: a.expiresAt.toISOString(),
  secret: a.secretBase32,
  otpauthUri: a.otpauthUri,
  digits: a.digits,
  period: a.period,
  algorithm: a.algorithm,
}));
