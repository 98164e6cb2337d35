import { createStaff } from "./staff/create-staff";
import { changeStaffRole } from "./staff/change-staff-role";
import { disableStaff } from "./staff/disable-staff";
import { enableStaff } from "./staff/enable-staff";
import { unlockStaff } from "./staff/unlock-staff";
import { resetStaffMfa } from "./staff/reset-staff-mfa";
import { importDemoCustomer } from "./demo/import-demo-customer";
import { issueTokenAction } from "./tokens/issue-token";
import { createApiClient } from "./api-clients/create-api-client";
import { revokeApiClient } from "./api-clients/revoke-api-client";
import { activateTokenAction } from "./tokens/activate-token";
import { verifyOtpAction } from "./tokens/verify-otp";
import { resyncTokenAction } from "./tokens/resync-token";
import { renewTokenAction } from "./tokens/renew-token";
import { unlockTokenAction } from "./tokens/unlock-token";
import { resyncCallerTokenAction } from "./tokens/resync-caller-token";
import { suspendTokenAction } from "./tokens/suspend-token";
import { resumeTokenAction } from "./tokens/resume-token";
import { cancelTokenAction } from "./tokens/cancel-token";
import { resetActivationPasswordAction } from "./tokens/reset-activation-password";
import { renewTokenAtDeskAction } from "./tokens/renew-token-at-desk";
import { viewCustomer } from "./customers/view-customer";
import { verifyCallerByPhone } from "./verification/verify-caller-by-phone";
import { verifyCallerInPerson } from "./verification/verify-caller-in-person";
import { clearVerificationBlock } from "./verification/clear-verification-block";
import { startChainVerification } from "./audit/start-chain-verification";
import { finishChainVerification } from "./audit/finish-chain-verification";
import { reviewEvents } from "./audit/review-events";
import { reviewDay } from "./audit/review-day";
import { auditReportQuery, integrityQuery, overdueReviewsQuery, reviewsQuery, verificationRunQuery } from "@/lib/audit/workspace-queries";
import { deskHomeQuery } from "@/lib/audit/queries";
import { searchCustomersQuery } from "@/lib/customers/queries";
import { staffListQuery } from "@/lib/staff/queries";
import { claimNotices } from "./notices/claim-notices";
import { markNoticeFailed, markNoticeSent } from "./notices/finish-notice";
import { receiveDemoMail } from "./notices/receive-demo-mail";
import { addEmailAction } from "./emails/add-email";
import { deleteEmailAction } from "./emails/delete-email";
import { confirmEmailAction } from "./emails/confirm-email";
import { revealAuditValue } from "./audit/reveal-audit-value";
import { replaceTokenAction } from "./tokens/replace-token";
import { exchangeTokenAction } from "./tokens/exchange-token";
import { requestEmergencyCodeAction } from "./tokens/request-emergency-code";
import { verifyEmergencyCodeAction } from "./tokens/verify-emergency-code";
import { approveRequestAction } from "./approvals/approve-request";
import { rejectRequestAction } from "./approvals/reject-request";
import { approvalInboxQuery, approvalQueueQuery } from "@/lib/approvals/queries";
import { auditEventQuery, auditExploreQuery, auditExportQuery } from "@/lib/audit/explorer-queries";
import { demoMailboxLetterQuery, demoMailboxQuery, stuckNoticesQuery } from "@/lib/notifications/queries";

/** Every action, so the authorisation test can walk the whole role × action matrix. */
export const allActions = [
  createStaff, changeStaffRole, disableStaff, enableStaff, unlockStaff, resetStaffMfa, importDemoCustomer,
  viewCustomer, verifyCallerByPhone, verifyCallerInPerson, clearVerificationBlock,
  issueTokenAction, createApiClient, revokeApiClient, activateTokenAction, verifyOtpAction, resyncTokenAction, renewTokenAction,
  claimNotices, markNoticeSent, markNoticeFailed, receiveDemoMail, revealAuditValue,
  unlockTokenAction, resyncCallerTokenAction, suspendTokenAction, resumeTokenAction, cancelTokenAction,
  addEmailAction, deleteEmailAction, confirmEmailAction,
  startChainVerification, finishChainVerification, reviewEvents, reviewDay,
  resetActivationPasswordAction, renewTokenAtDeskAction,
  replaceTokenAction, exchangeTokenAction, requestEmergencyCodeAction, verifyEmergencyCodeAction, approveRequestAction, rejectRequestAction,
] as const;

/** Every query, so the same matrix test covers reads. */
export const allQueries = [
  searchCustomersQuery, staffListQuery, deskHomeQuery,
  integrityQuery, verificationRunQuery, reviewsQuery, overdueReviewsQuery, auditReportQuery,
  auditExploreQuery, auditEventQuery, auditExportQuery, approvalQueueQuery, approvalInboxQuery,
  demoMailboxQuery, demoMailboxLetterQuery, stuckNoticesQuery,
] as const;
