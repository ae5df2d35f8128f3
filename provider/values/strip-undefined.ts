/**
 * A copy without `undefined` values, at every depth, as JSON writes it. Pulumi refuses `undefined`
 * inside inputs and outputs, and a key left out and a key set to `undefined` mean the same.
 * The one undefined-stripping function of VoidVM.
 */
export function stripUndefined<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
