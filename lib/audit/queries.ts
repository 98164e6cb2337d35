import { z } from "zod";
import { defineQuery } from "@/lib/actions/query";
import { recentAuditEvents } from "./query";
import { sealingLag } from "./sequencer";

const noInput = z.object({});

/** The auditor's list: the latest events of everyone, and how far the sequencer has sealed. */
export const auditListQuery = defineQuery({
  name: "audit.list",
  permission: "audit.view",
  input: noInput,
  async run({ db }) {
    const [events, lag] = await Promise.all([recentAuditEvents(db, { limit: 200 }), sealingLag(db)]);
    return { events, lag };
  },
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
