/**
 * Who is connected right now, counted by open subscriptions: an agent with the inbox open is online
 * (rule 11), a customer with the chat open is "online in the chat" (rule 12).
 */
export class Presence {
  readonly #connections = new Map<string, number>()
  readonly #listeners = new Set<(key: string, online: boolean) => void>()

  connect(key: string): () => void {
    const count = (this.#connections.get(key) ?? 0) + 1
    this.#connections.set(key, count)
    if (count === 1) this.#notify(key, true)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.#connections.get(key) ?? 1) - 1
      if (left > 0) {
        this.#connections.set(key, left)
        return
      }
      this.#connections.delete(key)
      this.#notify(key, false)
    }
  }

  isOnline(key: string): boolean {
    return this.#connections.has(key)
  }

  onChange(listener: (key: string, online: boolean) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #notify(key: string, online: boolean) {
    for (const listener of this.#listeners) listener(key, online)
  }
}

export const presenceKey = {
  agent: (id: string) => `agent:${id}`,
  contact: (id: string) => `contact:${id}`,
}
