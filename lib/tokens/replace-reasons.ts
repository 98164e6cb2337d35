/** Why a token is replaced (a subset of the token's revoke reasons), for the server and the form alike. */
export const replaceReasons = ["lost", "stolen", "device_changed", "app_deleted"] as const;
export type ReplaceReason = (typeof replaceReasons)[number];
