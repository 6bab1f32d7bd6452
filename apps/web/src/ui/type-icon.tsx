import type { InteractionType } from "@crm/domain";

export const INTERACTION_TYPE_LABELS: Readonly<Record<InteractionType, string>> = {
  call: "Call",
  email: "Email",
  meeting: "Meeting",
  note: "Note",
  other: "Other",
};

const PATHS: Readonly<Record<InteractionType, string>> = {
  call: "M3 2h3l1.5 4-2 1.2a9 9 0 0 0 4.3 4.3L11 9.5l4 1.5v3a1.5 1.5 0 0 1-1.6 1.5A13 13 0 0 1 1.5 3.6 1.5 1.5 0 0 1 3 2z",
  email: "M1.5 3.5h13v9h-13zM1.5 3.5 8 9l6.5-5.5",
  meeting: "M5.5 7a2.2 2.2 0 1 0 0-4.4 2.2 2.2 0 0 0 0 4.4zM1 14c0-2.5 2-4.5 4.5-4.5S10 11.5 10 14M11 7a2 2 0 1 0 0-4M12 9.6c1.8.5 3 2.2 3 4.4",
  note: "M3 1.5h7l3 3v10H3zM10 1.5v3h3M5.5 8h5M5.5 11h5",
  other: "M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM5 8h.01M8 8h.01M11 8h.01",
};

/** Draws a small line icon of an interaction type. It is decorative because the label beside it carries the meaning. */
export function TypeIcon({ type }: { readonly type: InteractionType }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[type]} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
