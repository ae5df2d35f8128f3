/** The storage pool used when a disk names none: stack config `voidvm:pool`, else `default`. */
let pool = "default";

export function setDefaultPool(value: string | undefined): void {
  pool = value || "default";
}

export function defaultPool(): string {
  return pool;
}
