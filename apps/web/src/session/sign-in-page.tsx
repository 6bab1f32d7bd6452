import { useId, useState, type SyntheticEvent } from "react";

import { api, errorMessage } from "./api-client";

type SignedInUser = Awaited<ReturnType<typeof api.auth.login.mutate>>["user"];

export interface SignInPageProps {
  /** Shown above the form, such as why the last session ended. */
  readonly notice: string | null;
  readonly onSignedIn: (user: SignedInUser) => void;
}

/**
 * Signs in with email and password. The server sets the session cookie, so
 * the token in the response is not kept.
 */
export function SignInPage({ notice, onSignedIn }: SignInPageProps) {
  const emailId = useId();
  const passwordId = useId();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    if (busy) return;
    if (email.trim() === "" || password === "") {
      setError("Enter your email and password.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { user } = await api.auth.login.mutate({ email, password });
      onSignedIn(user);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <div className="panel sign-in__card">
        <h1>Sign in</h1>
        <p className="muted">CRM: contacts, companies and their interaction history.</p>
        {notice ? (
          <p className="form-error" role="status">
            {notice}
          </p>
        ) : null}
        <form className="stack" onSubmit={(event) => void submit(event)} noValidate aria-label="Sign in">
          <div className="field">
            <label htmlFor={emailId}>Email</label>
            <input
              id={emailId}
              className="input"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
              }}
              required
            />
          </div>
          <div className="field">
            <label htmlFor={passwordId}>Password</label>
            <input
              id={passwordId}
              className="input"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => {
                setPassword(event.target.value);
              }}
              required
            />
          </div>
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </div>
    </main>
  );
}
