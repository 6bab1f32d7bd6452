import type { PartyCandidate } from "@crm/client";
import { useEffect, useId, useState } from "react";

export interface PartyPickerProps {
  /** Searches contacts and staff in the local replica, so picking works offline. */
  readonly search: (query: string) => Promise<readonly PartyCandidate[]>;
  readonly onPick: (candidate: PartyCandidate) => void;
  /** Adds a free-text party and returns why it was rejected, or null once added. */
  readonly onAddFreeText: (name: string) => string | null;
  /** Adds the signed-in user and resolves to why it was rejected, or null once added. */
  readonly onAddMe: () => Promise<string | null>;
  readonly describedBy?: string;
}

type Option =
  | { readonly kind: "candidate"; readonly candidate: PartyCandidate }
  | { readonly kind: "free-text"; readonly name: string };

/**
 * Renders the parties typeahead, an ARIA combobox: typing searches, the arrow keys
 * move through the options, Enter picks, Escape closes. The last option adds
 * the typed text as a free-text party. A rejected addition keeps the typed text
 * and shows why beside the field until the user types again.
 */
export function PartyPicker({ search, onPick, onAddFreeText, onAddMe, describedBy }: PartyPickerProps) {
  const listId = useId();
  const inputId = useId();
  const noticeId = useId();
  const [query, setQuery] = useState("");
  const [candidates, setCandidates] = useState<readonly PartyCandidate[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const text = query.trim();
    if (text === "") {
      setCandidates([]);
      return;
    }
    let current = true;
    void search(text).then((found) => {
      if (current) setCandidates(found);
    });
    return () => {
      current = false;
    };
  }, [query, search]);

  const typed = query.trim();
  const options: Option[] = [
    ...candidates.map((candidate) => ({ kind: "candidate" as const, candidate })),
    ...(typed === "" ? [] : [{ kind: "free-text" as const, name: typed }]),
  ];
  const expanded = open && options.length > 0;
  const activeIndex = Math.min(active, options.length - 1);

  function choose(option: Option | undefined) {
    if (!option) return;
    let rejection: string | null = null;
    if (option.kind === "candidate") onPick(option.candidate);
    else rejection = onAddFreeText(option.name);
    setNotice(rejection);
    if (rejection === null) setQuery("");
    setOpen(false);
    setActive(0);
  }

  return (
    <div className="stack">
      <div className="row">
        <div className="typeahead typeahead--grow">
          <label htmlFor={inputId} className="visually-hidden">
            Add a party
          </label>
          <input
            id={inputId}
            className="input"
            type="text"
            role="combobox"
            autoComplete="off"
            placeholder="Search contacts and staff, or type a name"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={expanded ? `${listId}-${activeIndex}` : undefined}
            aria-describedby={[describedBy, notice === null ? undefined : noticeId].filter(Boolean).join(" ") || undefined}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setNotice(null);
              setOpen(true);
              setActive(0);
            }}
            onFocus={() => {
              setOpen(true);
            }}
            onBlur={() => {
              setOpen(false);
            }}
            onKeyDown={(event) => {
              if (event.key === "ArrowDown") {
                event.preventDefault();
                setOpen(true);
                setActive((index) => (options.length === 0 ? 0 : (index + 1) % options.length));
              } else if (event.key === "ArrowUp") {
                event.preventDefault();
                setOpen(true);
                setActive((index) => (options.length === 0 ? 0 : (index - 1 + options.length) % options.length));
              } else if (event.key === "Enter") {
                // Enter inside the picker picks; it never submits the composer.
                event.preventDefault();
                if (expanded) choose(options[activeIndex]);
              } else if (event.key === "Escape") {
                if (expanded) {
                  event.preventDefault();
                  event.stopPropagation();
                  setOpen(false);
                }
              }
            }}
          />
          <ul id={listId} role="listbox" aria-label="Matching contacts and staff" className="typeahead__list" hidden={!expanded}>
            {options.map((option, index) => (
              <li
                key={option.kind === "candidate" ? `${option.candidate.source}-${option.candidate.id}` : "free-text"}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === activeIndex}
                className="typeahead__option"
                onMouseDown={(event) => {
                  // Keeps the focus in the input, so the blur does not close the list first.
                  event.preventDefault();
                }}
                onMouseEnter={() => {
                  setActive(index);
                }}
                onClick={() => {
                  choose(option);
                }}
              >
                {option.kind === "candidate" ? (
                  <>
                    <span>{option.candidate.name}</span>
                    <span className="typeahead__detail">
                      {[option.candidate.source === "staff" ? "Staff" : "Contact", option.candidate.detail]
                        .filter(Boolean)
                        .join(" · ")}
                    </span>
                  </>
                ) : (
                  <span>Add “{option.name}” as free text</span>
                )}
              </li>
            ))}
          </ul>
        </div>
        <button
          type="button"
          className="button"
          disabled={typed === ""}
          onClick={() => {
            choose({ kind: "free-text", name: typed });
          }}
        >
          Add as free text
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            void onAddMe().then(setNotice);
          }}
        >
          Add me
        </button>
      </div>
      {notice === null ? null : (
        <p id={noticeId} className="field-warning" role="status">
          {notice}
        </p>
      )}
    </div>
  );
}
