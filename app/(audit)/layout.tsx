import { SignedInLayout } from "@/app/_components/signed-in-layout";

export default function Layout({ children }: { children: React.ReactNode }) {
  return <SignedInLayout>{children}</SignedInLayout>;
}
