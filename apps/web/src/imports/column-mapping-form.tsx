import { useId, useState } from "react";

import { buildColumnMapping, MAPPING_FIELDS, mappableColumns, type ColumnSelection } from "./column-mapping";
import type { CsvColumnMapping } from "./import-types";

export interface ColumnMappingFormProps {
  /** The file's header row. */
  readonly header: readonly string[];
  readonly initial: ColumnSelection;
  readonly disabled: boolean;
  readonly onApply: (selection: ColumnSelection, mapping: CsvColumnMapping) => void;
  readonly onCancel?: () => void;
}

/** Asks which of the file's columns contains each contact field, for a CSV header the server does not recognise. */
export function ColumnMappingForm({ header, initial, disabled, onApply, onCancel }: ColumnMappingFormProps) {
  const id = useId();
  const [selection, setSelection] = useState<ColumnSelection>(initial);
  const [error, setError] = useState<string | null>(null);
  const columns = mappableColumns(header);

  return (
    <form
      className="stack"
      aria-label="Column mapping"
      onSubmit={(event) => {
        event.preventDefault();
        const result = buildColumnMapping(selection, header);
        if (!result.ok) {
          setError(result.error);
          return;
        }
        setError(null);
        onApply(selection, result.mapping);
      }}
    >
      <p className="field-hint">
        Choose the column that holds each field. Fields left on “not imported” stay empty; at least a name or
        an email is needed.
      </p>
      <div className="form-grid import-mapping-grid">
        {MAPPING_FIELDS.map(({ field, label }) => (
          <div key={field} className="field">
            <label htmlFor={`${id}-${field}`}>{label}</label>
            <select
              id={`${id}-${field}`}
              className="select"
              value={selection[field] ?? ""}
              disabled={disabled}
              onChange={(event) => {
                setSelection((current) => ({ ...current, [field]: event.target.value }));
              }}
            >
              <option value="">not imported</option>
              {columns.map((column) => (
                <option key={column} value={column}>
                  {column}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      {error === null ? null : (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button button--primary" disabled={disabled}>
          Preview with these columns
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
