import { createReplicache, getSignedInUser, subscribeToPokes, type CrmReplicache } from "@crm/client";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { dropDatabase } from "replicache";

import { useKeptSaves } from "../interactions/kept-saves";
import { useSubscribe } from "../lib/use-subscribe";
import { api, errorMessage, isNetworkError, syncApi } from "./api-client";
import { SessionContext, useBrowserOnline, useSyncStatus, type SessionValue } from "./session-context";
import { forgetUser, lastUser, rememberUser, sessionUserOf, signOutPending, type SessionUser } from "./session-user";
import { SignInPage } from "./sign-in-page";

/** The app's name for its replicas; each user's replica is named after them as well. */
const REPLICA_NAME = "crm";

type State =
  | { readonly kind: "starting" }
  | { readonly kind: "signed-out"; readonly notice: string | null }
  | { readonly kind: "signed-in"; readonly user: SessionUser; readonly rep: CrmReplicache };

/**
 * Manages the session. It requests the signed-in user from the server (the
 * cookie identifies them), opens that user's replica and subscribes to pokes.
 * Offline, it reopens the replica of the user who signed in last. Without a
 * user it renders the sign-in page.
 */
export function SessionRoot({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<State>({ kind: "starting" });

  const open = useCallback((user: SessionUser) => {
    rememberUser(user);
    const rep = createReplicache({ name: REPLICA_NAME, trpc: syncApi, userId: user.id });
    setState({ kind: "signed-in", user, rep });
  }, []);

  useEffect(() => {
    let current = true;
    void resumeSession().then((result) => {
      if (!current) return;
      if (result.user) open(result.user);
      else setState({ kind: "signed-out", notice: result.notice });
    });
    return () => {
      current = false;
    };
  }, [open]);

  // Pokes run while a replica is open; closing the replica is the sign-out's job.
  const rep = state.kind === "signed-in" ? state.rep : null;
  useEffect(() => {
    if (!rep) return;
    return subscribeToPokes(rep, syncApi);
  }, [rep]);

  // Replicache waits between retries of a failed push or pull, so the browser's "online" event triggers both at once.
  useEffect(() => {
    if (!rep) return;
    const syncNow = () => {
      rep.push({ now: true }).catch(() => undefined);
      rep.pull({ now: true }).catch(() => undefined);
    };
    window.addEventListener("online", syncNow);
    return () => {
      window.removeEventListener("online", syncNow);
    };
  }, [rep]);

  const signOut = useCallback(async () => {
    if (state.kind !== "signed-in") return;
    let reached = true;
    try {
      await api.auth.logout.mutate();
    } catch (error) {
      reached = !isNetworkError(error);
    }
    forgetUser(reached);

    // Signing out clears this device's copy of the workspace.
    const name = state.rep.idbName;
    await state.rep.close();
    await dropDatabase(name).catch(() => undefined);
    setState({
      kind: "signed-out",
      notice: reached ? null : "Signed out on this device. The server could not be reached; the session ends when it can be.",
    });
  }, [state]);

  if (state.kind === "starting") return <p className="loading">Loading…</p>;
  if (state.kind === "signed-out") {
    return (
      <SignInPage
        notice={state.notice}
        onSignedIn={(user) => {
          open(sessionUserOf(user));
        }}
      />
    );
  }
  return (
    <SignedIn user={state.user} rep={state.rep} signOut={signOut}>
      {children}
    </SignedIn>
  );
}

function SignedIn({
  user,
  rep,
  signOut,
  children,
}: {
  readonly user: SessionUser;
  readonly rep: CrmReplicache;
  readonly signOut: () => Promise<void>;
  readonly children: ReactNode;
}) {
  const status = useSyncStatus(rep);
  const browserOnline = useBrowserOnline();
  // Composer saves lost with a page that closed before the replica stored them are made again here.
  useKeptSaves(rep, user.id);

  // The server's record of the user (role, staff link) wins over the one kept from sign-in.
  const { data: replicaUser } = useSubscribe(rep, getSignedInUser, null);
  const merged = useMemo<SessionUser>(
    () =>
      replicaUser
        ? {
            ...user,
            name: replicaUser.name,
            email: replicaUser.email,
            role: replicaUser.role,
            staffPersonId: replicaUser.staffPersonId,
            contactId: replicaUser.contactId,
          }
        : user,
    [user, replicaUser],
  );

  const value = useMemo<SessionValue>(
    () => ({ user: merged, rep, online: browserOnline && status.online, signOut }),
    [merged, rep, browserOnline, status.online, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/**
 * Returns the signed-in user. The server's response decides. When the server
 * is unreachable, it returns the user who signed in last on this device.
 */
async function resumeSession(): Promise<{ readonly user: SessionUser | null; readonly notice: string | null }> {
  try {
    if (signOutPending()) {
      await api.auth.logout.mutate();
      forgetUser(true);
      return { user: null, notice: null };
    }
    const user = await api.auth.me.query();
    return { user: user ? sessionUserOf(user) : null, notice: null };
  } catch (error) {
    if (isNetworkError(error)) {
      const remembered = signOutPending() ? null : lastUser();
      return {
        user: remembered,
        notice: remembered ? null : "The server could not be reached. Sign in when the connection is back.",
      };
    }
    return { user: null, notice: errorMessage(error) };
  }
}
