import type { NextConfig } from "next";

// The Content-Security-Policy (nonce per request) and HSTS (only over https, known at run time)
// are set by proxy.ts.
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on a form posted
  // before the page has hydrated, and the server-action Origin check then refuses it.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cache-Control", value: "no-store" },
  // An internal portal: robots.txt says Disallow, and this keeps any page that leaks out of indexes.
  { key: "X-Robots-Tag", value: "noindex, nofollow" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and WASM packages load from node_modules at run time rather than being bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres", "nodemailer", "smtp-server", "mailparser"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
