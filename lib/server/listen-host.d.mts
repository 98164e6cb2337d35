/** See listen-host.mjs: HOST, else 127.0.0.1 in demo mode, else undefined (every interface). */
export function listenHost(env: Record<string, string | undefined>): string | undefined;
