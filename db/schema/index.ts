export * from "./staff";
export * from "./customers";
export * from "./emails";
export * from "./tokens";
export * from "./verifications";
export * from "./audit";
export * from "./api";
export * from "./notices";
