import { describe, expect, it } from 'vitest'
import type { MessageDTO } from '../lib/trpc.client.ts'
import {
  fromServer,
  latestSeen,
  mergeMessages,
  pendingMessage,
  withDelivery,
  withoutUnsent,
} from './thread.ts'

const conversationId = 'c1'

function serverMessage(id: string, at: number, overrides: Partial<MessageDTO> = {}): MessageDTO {
  return {
    id,
    conversationId,
    clientId: null,
    authorKind: 'agent',
    author: { id: 'a1', name: 'Anna' },
    visibility: 'public',
    kind: 'text',
    body: `message ${id}`,
    system: null,
    attachments: [],
    createdAt: new Date(at),
    ...overrides,
  }
}

describe('the thread', () => {
  it('shows a sent message at once, at the bottom, as pending', () => {
    const thread = mergeMessages(
      [fromServer(serverMessage('m1', 1000))],
      [pendingMessage(conversationId, 'k1', 'Hi')],
    )
    expect(thread.map((m) => [m.key, m.delivery])).toEqual([
      ['m1', 'sent'],
      ['k1', 'sending'],
    ])
  })

  it("replaces the pending message with the server's copy of it", () => {
    const pending = mergeMessages([], [pendingMessage(conversationId, 'k1', 'Hi')])
    const confirmed = mergeMessages(pending, [
      fromServer(
        serverMessage('m9', 2000, { clientId: 'k1', authorKind: 'customer', author: null, body: 'Hi' }),
      ),
    ])
    expect(confirmed).toHaveLength(1)
    expect(confirmed[0]).toMatchObject({ id: 'm9', key: 'k1', delivery: 'sent' })
  })

  it('keeps a message once when the echo and the mutation result both arrive', () => {
    const echo = fromServer(serverMessage('m9', 2000, { clientId: 'k1', authorKind: 'customer' }))
    let thread = mergeMessages([], [pendingMessage(conversationId, 'k1', 'Hi')])
    thread = mergeMessages(thread, [echo])
    thread = mergeMessages(thread, [echo])
    expect(thread.map((m) => m.id)).toEqual(['m9'])
  })

  it('never lets a late optimistic copy hide the confirmed message', () => {
    const confirmed = mergeMessages([], [fromServer(serverMessage('m9', 2000, { clientId: 'k1' }))])
    const thread = mergeMessages(confirmed, [pendingMessage(conversationId, 'k1', 'Hi')])
    expect(thread).toEqual(confirmed)
  })

  it('orders messages by time, whatever order they arrive in', () => {
    const thread = mergeMessages(
      [fromServer(serverMessage('m3', 3000))],
      [fromServer(serverMessage('m1', 1000)), fromServer(serverMessage('m2', 2000))],
    )
    expect(thread.map((m) => m.id)).toEqual(['m1', 'm2', 'm3'])
  })

  it('keeps pending messages below confirmed ones that arrive later', () => {
    let thread = mergeMessages([], [pendingMessage(conversationId, 'k1', 'Hi')])
    thread = mergeMessages(thread, [fromServer(serverMessage('m1', Date.now() + 60_000))])
    expect(thread.map((m) => m.key)).toEqual(['m1', 'k1'])
  })

  it('drops a refused pending message but keeps a confirmed one with the same key', () => {
    const pending = mergeMessages([], [pendingMessage(conversationId, 'k1', 'Hi')])
    expect(withoutUnsent(pending, 'k1')).toEqual([])
    const confirmed = mergeMessages([], [fromServer(serverMessage('m1', 1000, { clientId: 'k1' }))])
    expect(withoutUnsent(confirmed, 'k1')).toEqual(confirmed)
  })

  it('keeps a message that could not be sent, below the others, until the server confirms it', () => {
    let thread = mergeMessages([], [pendingMessage(conversationId, 'k1', 'Hi')])
    thread = withDelivery(thread, 'k1', 'failed')
    thread = mergeMessages(thread, [fromServer(serverMessage('m1', Date.now() + 60_000))])
    expect(thread.map((m) => [m.key, m.delivery])).toEqual([
      ['m1', 'sent'],
      ['k1', 'failed'],
    ])
    // The first attempt did reach the server after all: its copy (by the live feed or a retry) wins.
    thread = mergeMessages(thread, [
      fromServer(serverMessage('m2', Date.now() + 1_000, { clientId: 'k1', authorKind: 'customer' })),
    ])
    expect(thread.map((m) => [m.key, m.delivery])).toEqual([
      ['k1', 'sent'],
      ['m1', 'sent'],
    ])
    expect(withDelivery(thread, 'k1', 'sending')).toEqual(thread)
  })
})

describe('"Seen" (latestSeen)', () => {
  const mine = (id: string, at: number) =>
    fromServer(serverMessage(id, at, { authorKind: 'customer', author: { id: 'c1', name: 'Carla' } }))

  it("marks the customer's latest message the team has read", () => {
    const thread = [
      mine('m1', 1000),
      mine('m2', 2000),
      fromServer(serverMessage('r1', 2500)),
      mine('m3', 3000),
    ]
    expect(latestSeen(thread, new Date(2000))).toBe('m2')
    expect(latestSeen(thread, new Date(2999))).toBe('m2')
    expect(latestSeen(thread, new Date(3000))).toBe('m3')
  })

  it('marks nothing before the team has read, and never a message still being sent', () => {
    const thread = [mine('m1', 1000), pendingMessage(conversationId, 'k1', 'Hi')]
    expect(latestSeen(thread, null)).toBeNull()
    expect(latestSeen(thread, new Date(500))).toBeNull()
    expect(latestSeen(thread, new Date(Date.now() + 60_000))).toBe('m1')
  })
})
