/**
 * Registers the app shell's service worker in production builds, so a reload
 * without a connection still opens the app and its local replica. The
 * development server serves changing modules, which must not be cached.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch(() => {
      // Without the worker the app still works; only a reload while offline fails.
    });
  });
}
