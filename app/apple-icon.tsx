import { ImageResponse } from "next/og";

// Home-screen icon (iOS wants a 180×180 PNG); rendered once at build from the same mark as icon.svg.
export const size = { width: 180, height: 180 };
export const contentType = "image/png";

export default function AppleIcon() {
  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", alignItems: "center", justifyContent: "center", background: "#0b2545" }}>
        <svg width="132" height="132" viewBox="0 0 32 32">
          <path d="M16 3 L26 6.8 V15 C26 21.8 21.9 26.4 16 29 C10.1 26.4 6 21.8 6 15 V6.8 Z" fill="#ffffff" />
          <path d="M16 6 L23.5 8.9 V15 C23.5 20.2 20.6 24 16 26 C11.4 24 8.5 20.2 8.5 15 V8.9 Z" fill="#1d4e89" />
          <circle cx="16" cy="12.5" r="3.6" fill="none" stroke="#ffffff" strokeWidth="2" />
          <path d="M16 16 V23 M16 19.5 H18.8 M16 22 H18.3" stroke="#ffffff" strokeWidth="2" strokeLinecap="round" />
        </svg>
      </div>
    ),
    size,
  );
}
