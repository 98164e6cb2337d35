// The portal's HTTP server: Next's request handler behind a plain Node server, so that every
// request carries the address of the socket it came in on. Next itself only fills in
// X-Forwarded-For when the client sent none — a client's own header is kept as-is — so a route
// handler cannot otherwise tell the peer from a forged claim. Here the peer header is always
// overwritten (a client cannot send its own), and lib/auth/request-meta.ts reads it.
//
//   node lib/server/serve.mjs [--dev]     (npm start runs this; PORT, default 3000; HOST, see listen-host.mjs)
import { createServer } from "node:http";
import { listenHost } from "./listen-host.mjs";

const PEER_HEADER = "x-tokendesk-peer";
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "localhost";

// As `next start` / `next dev` do; set before Next loads, which reads it at import time.
process.env.NODE_ENV ??= dev ? "development" : "production";
const { default: next } = await import("next");
const app = next({ dev, port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const peer = req.socket.remoteAddress;
  if (peer) req.headers[PEER_HEADER] = peer;
  else delete req.headers[PEER_HEADER];
  handle(req, res).catch((error) => {
    console.error(JSON.stringify({ level: "error", event: "request_failed", name: error instanceof Error ? error.name : "unknown" }));
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
const host = listenHost(process.env);
server.listen(port, host, () => console.log(`  ▲ Ready on http://${hostname}:${port} (listening on ${host ?? "every interface"})`));

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    app.close?.().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
