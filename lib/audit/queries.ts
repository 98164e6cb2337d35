import { z } from "zod";
import { defineQuery } from "@/lib/actions/query";
import { recentAuditEvents } from "./query";

const noInput = z.object({});

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
