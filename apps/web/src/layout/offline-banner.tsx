import { useSession } from "../session/session-context";

/** Says when the app works from this device's copy alone; edits wait and are sent later. */
export function OfflineBanner() {
  const { online } = useSession();
  return (
    <div aria-live="polite">
      {online ? null : (
        <div className="banner banner--offline" role="status">
          You are offline. Everything you do is saved on this device and sent when the connection is back.
        </div>
      )}
    </div>
  );
}
