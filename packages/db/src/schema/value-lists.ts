// The domain package defines the other value lists; it models a deactivated user
// without a status list, while the users table keeps one.
export const USER_STATUSES = ["active", "deactivated"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
