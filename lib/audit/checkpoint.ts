import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync, existsSync, renameSync } from "node:fs";
import path from "node:path";
import { canonicalJson } from "./canonical";

/**
 * Signed checkpoints: (sequence, hash, time) of the chain head, signed with Ed25519 and written as
 * numbered files to a directory outside the database. Each names the previous checkpoint's digest,
 * so a deleted or replaced file shows as a break in the series. A database superuser can rewrite
 * the whole chain, but not these files' signatures: a checkpoint naming a sequence beyond the head
 * (a cut tail) or a different hash at its sequence (a recomputed chain) is caught by verification.
 */
export interface CheckpointBody {
  version: 1;
  /** 1, 2, 3… — the file name; a missing number is a deleted checkpoint. */
  index: number;
  seq: number;
  hash: string;
  time: string;
  /** sha256 of the previous checkpoint's signed body (64 zeros for the first). */
  prevDigest: string;
}

export interface Checkpoint extends CheckpointBody {
  /** Ed25519 over canonical_json(body), base64. */
  signature: string;
}

export interface CheckpointKeys {
  privateKey: KeyObject | null;
  publicKey: KeyObject;
}

export interface CheckpointConfig {
  dir: string;
  keys: CheckpointKeys;
}

const GENESIS_DIGEST = "0".repeat(64);
/** PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const FILE = /^(\d{10})\.json$/;

/** The key pair of a 32-byte Ed25519 seed (TOKENDESK_AUDIT_SIGNING_KEY, base64). */
export function checkpointKeys(seed: Buffer): CheckpointKeys {
  if (seed.length !== 32) throw new Error("the audit signing key must be a 32-byte Ed25519 seed");
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** The raw 32-byte public key, base64: what an auditor keeps to check checkpoints elsewhere. */
export function publicKeyBase64(publicKey: KeyObject): string {
  return publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("base64");
}

/**
 * The public key's fingerprint, for an auditor to compare by eye with the copy kept offline:
 * SHA-256 of the raw 32-byte key, upper-case hex in groups of four. The offline copy gives the
 * same with `echo <base64 key> | base64 -d | sha256sum`.
 */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  const digest = createHash("sha256").update(Buffer.from(publicKeyBase64(publicKey), "base64")).digest("hex").toUpperCase();
  return digest.match(/.{4}/g)!.join(" ");
}

function bodyOf(c: CheckpointBody): CheckpointBody {
  return { version: 1, index: c.index, seq: c.seq, hash: c.hash, time: c.time, prevDigest: c.prevDigest };
}

export function checkpointDigest(c: CheckpointBody): string {
  return createHash("sha256").update(canonicalJson(bodyOf(c))).digest("hex");
}

export function signatureValid(c: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(canonicalJson(bodyOf(c))), publicKey, Buffer.from(c.signature, "base64"));
  } catch {
    return false;
  }
}

export type CheckpointFile = { index: number; file: string; checkpoint: Checkpoint | null };

/** Every checkpoint file in index order; one that does not parse comes back with checkpoint null. */
export function readCheckpoints(dir: string): CheckpointFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => FILE.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => {
      const file = path.join(dir, m[0]);
      let checkpoint: Checkpoint | null = null;
      try {
        checkpoint = JSON.parse(readFileSync(file, "utf8")) as Checkpoint;
      } catch {
        checkpoint = null;
      }
      return { index: Number(m[1]), file, checkpoint };
    })
    .sort((a, b) => a.index - b.index);
}

/**
 * Signs the head and writes the next checkpoint file: written to a temporary name, then linked to
 * its final name (link fails if that exists, so a file is never overwritten), then the temporary
 * name removed. Returns null when the head is the newest checkpoint's already.
 */
export function writeCheckpoint(config: CheckpointConfig, head: { seq: number; hash: string }, now: Date): Checkpoint | null {
  const { privateKey } = config.keys;
  if (!privateKey) throw new Error("no audit signing key: cannot sign checkpoints");
  mkdirSync(config.dir, { recursive: true });
  const last = readCheckpoints(config.dir).at(-1);
  if (last?.checkpoint && last.checkpoint.seq === head.seq && last.checkpoint.hash === head.hash) return null;
  const body: CheckpointBody = {
    version: 1,
    index: (last?.index ?? 0) + 1,
    seq: head.seq,
    hash: head.hash,
    time: now.toISOString(),
    prevDigest: last?.checkpoint ? checkpointDigest(last.checkpoint) : GENESIS_DIGEST,
  };
  const checkpoint: Checkpoint = { ...body, signature: sign(null, Buffer.from(canonicalJson(body)), privateKey).toString("base64") };
  const final = path.join(config.dir, `${String(body.index).padStart(10, "0")}.json`);
  const temp = path.join(config.dir, `.tmp-${process.pid}-${body.index}-${Date.now()}`);
  writeFileSync(temp, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: "wx", mode: 0o444 });
  try {
    linkSync(temp, final);
    unlinkSync(temp);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Some WORM mounts have no hard links: rename, after checking the name is still free.
    if ((code === "EPERM" || code === "ENOTSUP" || code === "ENOSYS") && !existsSync(final)) renameSync(temp, final);
    else {
      unlinkSync(temp);
      throw error;
    }
  }
  return checkpoint;
}

export type CheckpointProblem = "checkpoint_signature" | "checkpoint_gap" | "checkpoint_link";

export interface CheckpointSeries {
  /** Checkpoints that verified, in order, up to the first problem. */
  valid: Checkpoint[];
  problem: { kind: CheckpointProblem; index: number; firstBadSeq: number } | null;
}

/**
 * Checks the series: numbered 1, 2, 3… without a gap, each signature valid for our key, each naming
 * its predecessor's digest, sequences never going back. A problem is reported at the first sequence
 * after the last checkpoint that still verifies (what is no longer anchored).
 */
export function verifyCheckpointSeries(files: CheckpointFile[], publicKey: KeyObject): CheckpointSeries {
  const valid: Checkpoint[] = [];
  let prevDigest = GENESIS_DIGEST;
  let expected = 1;
  const bad = (kind: CheckpointProblem, index: number): CheckpointSeries => ({ valid, problem: { kind, index, firstBadSeq: (valid.at(-1)?.seq ?? 0) + 1 } });
  for (const { index, checkpoint } of files) {
    if (index !== expected) return bad("checkpoint_gap", expected);
    if (!checkpoint || checkpoint.index !== index || typeof checkpoint.seq !== "number" || !signatureValid(checkpoint, publicKey)) return bad("checkpoint_signature", index);
    if (checkpoint.prevDigest !== prevDigest || checkpoint.seq < (valid.at(-1)?.seq ?? 0)) return bad("checkpoint_link", index);
    valid.push(checkpoint);
    prevDigest = checkpointDigest(checkpoint);
    expected++;
  }
  return { valid, problem: null };
}
