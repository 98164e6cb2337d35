import { createStaff } from "./staff/create-staff";
import { changeStaffRole } from "./staff/change-staff-role";
import { disableStaff } from "./staff/disable-staff";
import { enableStaff } from "./staff/enable-staff";
import { unlockStaff } from "./staff/unlock-staff";
import { resetStaffMfa } from "./staff/reset-staff-mfa";
import { importDemoCustomer } from "./demo/import-demo-customer";
import { viewCustomer } from "./customers/view-customer";
import { verifyCallerByPhone } from "./verification/verify-caller-by-phone";
import { verifyCallerInPerson } from "./verification/verify-caller-in-person";
import { clearVerificationBlock } from "./verification/clear-verification-block";

/** Every action, so the authorisation test can walk the whole role × action matrix. */
export const allActions = [createStaff, changeStaffRole, disableStaff, enableStaff, unlockStaff, resetStaffMfa, importDemoCustomer,
  viewCustomer, verifyCallerByPhone, verifyCallerInPerson, clearVerificationBlock] as const;
