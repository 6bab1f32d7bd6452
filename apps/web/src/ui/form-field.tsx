import { useId, type ReactNode } from "react";

import { FieldError } from "./field-error";

export interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly errors?: readonly string[] | undefined;
  readonly type?: "text" | "email" | "tel" | "url";
  readonly multiline?: boolean;
  readonly required?: boolean;
  readonly wide?: boolean;
  readonly autoFocus?: boolean;
  readonly hint?: ReactNode;
}

/** Renders a labelled text input or textarea with its errors beside it. */
export function TextField({
  label,
  value,
  onChange,
  errors,
  type = "text",
  multiline = false,
  required = false,
  wide = false,
  autoFocus = false,
  hint,
}: TextFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const invalid = (errors?.length ?? 0) > 0;
  const common = {
    id,
    value,
    required,
    autoFocus,
    "aria-invalid": invalid,
    "aria-describedby": invalid ? errorId : undefined,
  };
  return (
    <div className={wide ? "field field--wide" : "field"}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {multiline ? (
        <textarea
          {...common}
          className="textarea"
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      ) : (
        <input
          {...common}
          className="input"
          type={type}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      )}
      {hint ? <span className="field-hint">{hint}</span> : null}
      <FieldError id={errorId} messages={errors} />
    </div>
  );
}

export interface SelectFieldProps<V extends string> {
  readonly label: string;
  readonly value: V;
  readonly options: readonly { readonly value: V; readonly label: string }[];
  readonly onChange: (value: V) => void;
  readonly errors?: readonly string[] | undefined;
}

/** Renders a labelled select with its errors beside it. */
export function SelectField<V extends string>({ label, value, options, onChange, errors }: SelectFieldProps<V>) {
  const id = useId();
  const errorId = `${id}-error`;
  const invalid = (errors?.length ?? 0) > 0;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="select"
        value={value}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(event) => {
          const chosen = options.find((option) => option.value === event.target.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={errorId} messages={errors} />
    </div>
  );
}
