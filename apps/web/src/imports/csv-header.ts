/** Delimiters in the order the server prefers them when counts tie. */
const DELIMITERS = [",", ";", "\t", "|"] as const;

/** How much of a CSV file is read to find its header row. */
export const CSV_HEADER_BYTES = 64 * 1024;

/**
 * Returns the column names of a CSV file's header row, read the way the server reads it.
 * A leading byte order mark is dropped, and the delimiter is the one that occurs most often
 * outside quotes in the first line, else a comma. Quoted cells may contain delimiters,
 * doubled quotes and line breaks. Names are trimmed, and blank names are kept so that
 * positions line up.
 */
export function readCsvHeader(text: string): readonly string[] {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const delimiter = delimiterOf(body);
  const cells: string[] = [];
  let cell = "";
  let quoted = false;

  for (let index = 0; index < body.length; index += 1) {
    const character = body.charAt(index);
    if (quoted) {
      if (character !== '"') cell += character;
      else if (body.charAt(index + 1) === '"') {
        cell += '"';
        index += 1;
      } else quoted = false;
    } else if (character === '"') quoted = true;
    else if (character === delimiter) {
      cells.push(cell.trim());
      cell = "";
    } else if (character === "\n" || character === "\r") break;
    else cell += character;
  }
  cells.push(cell.trim());

  return cells.length === 1 && cells[0] === "" ? [] : cells;
}

/** Returns the header row of a CSV file the user picked, reading only its start. */
export async function readCsvFileHeader(file: Blob): Promise<readonly string[]> {
  return readCsvHeader(await file.slice(0, CSV_HEADER_BYTES).text());
}

function delimiterOf(text: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const character of text) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === "\n" || character === "\r")) break;
    else if (!quoted) counts.set(character, (counts.get(character) ?? 0) + 1);
  }

  let best: string = DELIMITERS[0];
  for (const delimiter of DELIMITERS) {
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  }
  return best;
}
