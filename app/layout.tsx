import type { Metadata } from "next";
import { getLocale } from "@/lib/i18n/server";
import { catalogues } from "@/lib/i18n/translate";
import { DemoBanner } from "./_components/demo-banner";
import { I18nProvider } from "./_components/i18n";
import "./globals.css";

export const metadata: Metadata = {
  title: "TokenDesk",
  description: "OTP help desk",
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <I18nProvider locale={locale} messages={catalogues[locale]}>
          <DemoBanner />
          {children}
        </I18nProvider>
      </body>
    </html>
  );
}
