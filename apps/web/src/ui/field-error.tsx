/** Renders the messages of one field, tied to its input through `id` and `aria-describedby`. */
export function FieldError({ id, messages }: { readonly id: string; readonly messages: readonly string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {messages.join(" ")}
    </p>
  );
}
