import type { SyncStatus } from "@crm/client";
import { useState } from "react";
import { Link, NavLink } from "react-router";

import { useSession, useSyncStatus } from "../session/session-context";
import { ConfirmDialog } from "../ui/confirm-dialog";

/** App name, navigation, sync status, the signed-in user and sign-out. */
export function AppHeader() {
  const { user, rep, online, signOut } = useSession();
  const status = useSyncStatus(rep);
  const [confirming, setConfirming] = useState(false);

  const pending = status.pendingCount;
  const { label, tone } = syncLabel(online, status, pending);

  return (
    <header className="app-header">
      <div className="app-header__inner">
        <Link to="/contacts" className="app-header__name">
          CRM
        </Link>
        <nav className="app-nav" aria-label="Main">
          <NavLink to="/contacts">Contacts</NavLink>
          <NavLink to="/companies">Companies</NavLink>
          {user.role === "admin" ? <NavLink to="/staff">Staff</NavLink> : null}
          <NavLink to="/import">Import</NavLink>
        </nav>
        <div className="app-header__user">
          <span
            className={`sync-status sync-status--${tone}`}
            role="status"
            aria-live="polite"
            aria-label={`Sync status: ${label}`}
            title={status.lastError ?? (status.lastSyncedAt ? `Last synced ${status.lastSyncedAt.toLocaleTimeString()}` : undefined)}
            data-testid="sync-status"
          >
            {label}
          </span>
          <span className="app-header__user-name" title={user.email}>
            {user.name}
          </span>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              if (pending > 0) setConfirming(true);
              else void signOut();
            }}
          >
            Sign out
          </button>
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Sign out with unsent changes?"
        message={`${pending} change${pending === 1 ? " has" : "s have"} not reached the server yet. Signing out clears this device's copy, and those changes are lost.`}
        confirmLabel="Sign out anyway"
        onCancel={() => {
          setConfirming(false);
        }}
        onConfirm={() => {
          setConfirming(false);
          void signOut();
        }}
      />
    </header>
  );
}

/** Returns the sync status text and its colour tone: offline, failed, syncing, pending or synced. */
function syncLabel(online: boolean, status: SyncStatus, pending: number): { label: string; tone: string } {
  if (!online) return { label: pending > 0 ? `Offline · ${pending} pending` : "Offline", tone: "offline" };
  // The server responded with an error: the device is online, but no change gets through.
  if (status.lastError !== null) return { label: pending > 0 ? `Sync failed · ${pending} pending` : "Sync failed", tone: "failed" };
  if (status.syncing || status.lastSyncedAt === null) return { label: "Syncing…", tone: "syncing" };
  if (pending > 0) return { label: `${pending} pending`, tone: "pending" };
  return { label: "Synced", tone: "synced" };
}
