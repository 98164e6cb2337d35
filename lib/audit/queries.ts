import { z } from "zod";
import { defineQuery } from "@/lib/actions/query";
import { recentAuditEvents } from "./query";
import { verifyAuditChain } from "./verify";

const noInput = z.object({});

/** The auditor's list: the latest events of everyone. */
export const auditListQuery = defineQuery({
  name: "audit.list",
  permission: "audit.view",
  input: noInput,
  run: ({ db }) => recentAuditEvents(db, { limit: 200 }),
});

/** The desk home: who is signed in and their own latest events. */
export const deskHomeQuery = defineQuery({
  name: "desk.home",
  permission: "desk.home",
  input: noInput,
  async run({ db, principal }) {
    const me = principal.staff;
    const events = me ? await recentAuditEvents(db, { limit: 20, actorId: me.id }) : [];
    return { me: me ? { displayName: me.displayName, role: me.role } : null, events };
  },
});

/** Walks the whole chain and reports the first bad sequence number. */
export const verifyChainQuery = defineQuery({
  name: "audit.verify",
  permission: "audit.verify",
  input: noInput,
  run: ({ db }) => verifyAuditChain(db),
});
