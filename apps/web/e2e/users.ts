/** A user who signs in: through the sign-in page in a browser, or over the API. */
export interface Credentials {
  readonly email: string;
  readonly password: string;
}

/** The demo workspace's admin, which the server creates on its empty database. */
export const ADMIN: Credentials = { email: "admin@example.com", password: "admin-password" };
