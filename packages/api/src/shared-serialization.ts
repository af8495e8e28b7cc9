import superjson from 'superjson'

/**
 * One event reaches every agent's inbox subscription. Objects marked here are serialised once and the
 * result reused for each subscriber (they are never mutated after being marked); everything else is
 * serialised as usual.
 */
const serialised = new WeakMap<object, ReturnType<typeof superjson.serialize>>()
const shared = new WeakSet<object>()

export function shareSerialization<T extends object>(value: T): T {
  shared.add(value)
  return value
}

export const transformer = {
  input: superjson,
  output: {
    serialize(value: unknown) {
      if (typeof value !== 'object' || value === null || !shared.has(value)) return superjson.serialize(value)
      let result = serialised.get(value)
      if (!result) {
        result = superjson.serialize(value)
        serialised.set(value, result)
      }
      return result
    },
    deserialize: superjson.deserialize,
  },
}
