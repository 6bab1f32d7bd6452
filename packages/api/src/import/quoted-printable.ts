/**
 * Decoding of quoted-printable values (RFC 2045 section 6.7), which vCard 2.1 defines and many
 * vCard 3.0 writers still use for non-ASCII text. ical.js 2.2 leaves such values encoded and
 * reads the line after a soft line break as an invalid line, so the vCard parser decodes them
 * with this small hand-written function before handing the card to ical.js.
 */

/** Matches a soft line break: "=" at the end of an encoded line. */
const SOFT_LINE_BREAK = /=\r?\n/g;

/** Matches a run of encoded octets, decoded together so multi-byte characters stay whole. */
const ENCODED_OCTETS = /(?:=[0-9A-Fa-f]{2})+/g;

/**
 * Decodes a quoted-printable value whose octets are text in `charset` (default UTF-8). Octets
 * that are not valid in that charset are read as Windows-1252; an unknown charset label is
 * read as UTF-8. An "=" that starts no escape is kept as written.
 */
export function decodeQuotedPrintable(encoded: string, charset = "utf-8"): string {
  return encoded
    .replace(SOFT_LINE_BREAK, "")
    .replace(ENCODED_OCTETS, (run) => decodeOctets(octetsOf(run), charset));
}

/**
 * Returns true when an encoded line ends with a soft line break, so the next line continues
 * it. A literal "=" is always encoded as "=3D", so a trailing "=" can only be a soft break.
 */
export function endsWithSoftLineBreak(encodedLine: string): boolean {
  return encodedLine.endsWith("=");
}

function octetsOf(run: string): Uint8Array {
  const octets = new Uint8Array(run.length / 3);
  for (let index = 0; index < octets.length; index++) {
    octets[index] = Number.parseInt(run.slice(index * 3 + 1, index * 3 + 3), 16);
  }
  return octets;
}

function decodeOctets(octets: Uint8Array, charset: string): string {
  try {
    return strictDecoder(charset).decode(octets);
  } catch {
    return new TextDecoder("windows-1252").decode(octets);
  }
}

function strictDecoder(charset: string) {
  try {
    return new TextDecoder(charset, { fatal: true });
  } catch {
    return new TextDecoder("utf-8", { fatal: true });
  }
}
