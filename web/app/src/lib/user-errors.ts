/*
 * A mutation's user errors (the payload's `userErrors`) on a form: each error that names a field
 * goes next to that field (all at once); the rest are shown above the form. Nothing the person
 * typed is lost: the form keeps its values.
 */
import type { FormInstance } from "antd";

export type UserError = { field: readonly string[]; message: string; code: string };

/** Puts each error naming one of `fields` on it; returns the errors that name none (to show above). */
export function placeUserErrors(form: FormInstance, errors: readonly UserError[], fields: readonly string[]): UserError[] {
  const byField = new Map<string, string[]>();
  const rest: UserError[] = [];
  for (const e of errors) {
    // The API names a field by its path: ["purpose"], ["scope", "expiresAt"]; the form's names are the last part.
    const name = e.field.length > 0 ? e.field[e.field.length - 1] : undefined;
    if (name !== undefined && fields.includes(name)) byField.set(name, [...(byField.get(name) ?? []), e.message]);
    else rest.push(e);
  }
  form.setFields([...byField].map(([name, messages]) => ({ name, errors: messages })));
  return rest;
}
