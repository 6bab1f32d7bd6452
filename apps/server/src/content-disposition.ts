/**
 * Builds an RFC 6266 `Content-Disposition: attachment` value. Old clients read
 * the quoted ASCII `filename`. Current ones read `filename*`, the exact name in
 * UTF-8 (RFC 8187), so any name survives and none can break the header.
 */
export function attachmentDisposition(filename: string): string {
  return `attachment; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeExtValue(filename)}`;
}

function asciiFallback(filename: string): string {
  // Accents come off (Ü becomes U). Other characters outside printable ASCII become "_".
  const ascii = filename
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_");
  return ascii.replace(/["\\]/g, "_");
}

/** Percent-encodes everything outside RFC 8187's attr-char set. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
