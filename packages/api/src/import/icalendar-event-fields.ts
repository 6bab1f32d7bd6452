import type ICAL from "ical.js";

import { isTime } from "./icalendar-times";

/** A person named by ORGANIZER or ATTENDEE. */
export interface EventPerson {
  /** Address of a `mailto:` URI (or of the EMAIL parameter), trimmed, case kept; null for other URIs. */
  readonly email: string | null;
  /** The CN parameter. */
  readonly name: string | null;
}

export interface EventAttendee extends EventPerson {
  /** PARTSTAT in upper case, e.g. "ACCEPTED" or "DECLINED". */
  readonly partstat?: string;
  /** ROLE in upper case, e.g. "REQ-PARTICIPANT" or "CHAIR". */
  readonly role?: string;
}

/** The fields of a VEVENT that every occurrence of it shares. */
export interface EventDetails {
  readonly summary: string | null;
  readonly description: string | null;
  readonly location: string | null;
  readonly organizer: EventPerson | null;
  readonly attendees: readonly EventAttendee[];
  readonly sequence: number;
  readonly lastModified: Date | null;
}

/** Reads the descriptive fields of a VEVENT; throws when ical.js cannot decode one of their values. */
export function readEventDetails(event: ICAL.Component): EventDetails {
  const organizer = event.getFirstProperty("organizer");
  const sequence = Number(event.getFirstPropertyValue("sequence") ?? 0);
  const lastModified = event.getFirstPropertyValue("last-modified");
  return {
    summary: textOf(event, "summary"),
    description: textOf(event, "description"),
    location: textOf(event, "location"),
    organizer: organizer === null ? null : personOf(organizer),
    attendees: event.getAllProperties("attendee").map(attendeeOf),
    sequence: Number.isInteger(sequence) && sequence >= 0 ? sequence : 0,
    lastModified: isTime(lastModified) ? new Date(lastModified.toUnixTime() * 1000) : null,
  };
}

function textOf(event: ICAL.Component, name: string): string | null {
  const value = event.getFirstPropertyValue(name);
  if (typeof value !== "string") return null;
  const text = value.trim();
  return text === "" ? null : text;
}

function personOf(property: ICAL.Property): EventPerson {
  const value = property.getFirstValue();
  const address = typeof value === "string" ? value.trim() : "";
  const mailto = /^mailto:/i.test(address) ? address.replace(/^mailto:/i, "").trim() : "";
  // RFC 7986 adds an EMAIL parameter for attendees whose URI is not a mailto: address.
  const email =
    mailto ||
    parameterOf(property, "email")
      ?.replace(/^mailto:/i, "")
      .trim() ||
    null;
  return { email, name: parameterOf(property, "cn") };
}

function attendeeOf(property: ICAL.Property): EventAttendee {
  const partstat = parameterOf(property, "partstat");
  const role = parameterOf(property, "role");
  return {
    ...personOf(property),
    ...(partstat === null ? {} : { partstat: partstat.toUpperCase() }),
    ...(role === null ? {} : { role: role.toUpperCase() }),
  };
}

function parameterOf(property: ICAL.Property, name: string): string | null {
  const value: unknown = property.getFirstParameter(name);
  if (typeof value !== "string") return null;
  const text = value.trim();
  return text === "" ? null : text;
}
