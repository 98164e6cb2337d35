import { auditCheckpointDir, getSecrets } from "@/lib/config/env";
import { checkpointKeys, type CheckpointConfig } from "./checkpoint";

/** The checkpoint directory and signing key this process is configured with. */
export function checkpointConfig(env: NodeJS.ProcessEnv = process.env): CheckpointConfig {
  return { dir: auditCheckpointDir(env), keys: checkpointKeys(getSecrets(env).auditSigningKey) };
}

/** What verification needs: the directory and the public key the checkpoints must carry. */
export function checkpointVerification(env: NodeJS.ProcessEnv = process.env): { dir: string; publicKey: CheckpointConfig["keys"]["publicKey"] } {
  const config = checkpointConfig(env);
  return { dir: config.dir, publicKey: config.keys.publicKey };
}
