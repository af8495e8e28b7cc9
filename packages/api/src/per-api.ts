import type { ApiDeps } from './context.ts'

/** One value per running API (per server, per test harness), made on first use. */
export function perApi<T>(create: (deps: ApiDeps) => T): (deps: ApiDeps) => T {
  const values = new WeakMap<ApiDeps, T>()
  return (deps) => {
    let value = values.get(deps)
    if (value === undefined) {
      value = create(deps)
      values.set(deps, value)
    }
    return value
  }
}

/** Adds to a bounded cache; when full, the oldest entry makes room. */
export function remember<V>(cache: Map<string, V>, key: string, value: V, size: number): void {
  if (cache.size >= size) cache.delete(cache.keys().next().value as string)
  cache.set(key, value)
}
