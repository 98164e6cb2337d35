import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkpointKeys, publicKeyBase64, publicKeyFingerprint } from "@/lib/audit/checkpoint";

describe("the checkpoint key's fingerprint", () => {
  // RFC 8032 test vector 1: the seed and the public key it gives.
  const seed = Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex");
  const publicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

  it("is SHA-256 of the raw public key, upper-case hex in 16 groups of four", () => {
    const keys = checkpointKeys(seed);
    expect(Buffer.from(publicKeyBase64(keys.publicKey), "base64").toString("hex")).toBe(publicKey);
    const expected = createHash("sha256").update(Buffer.from(publicKey, "hex")).digest("hex").toUpperCase();
    const fingerprint = publicKeyFingerprint(keys.publicKey);
    expect(fingerprint).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){15}$/);
    expect(fingerprint.replaceAll(" ", "")).toBe(expected);
  });

  it("differs for another key", () => {
    expect(publicKeyFingerprint(checkpointKeys(Buffer.alloc(32, 1)).publicKey)).not.toBe(publicKeyFingerprint(checkpointKeys(seed).publicKey));
  });
});
