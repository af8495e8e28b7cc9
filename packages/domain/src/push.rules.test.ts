import { describe, expect, it } from 'vitest'
import { isPushServiceEndpoint, PUSH_PREVIEW_MAX, PUSH_SERVICES, replyNotification } from './push.rules.ts'

describe('a reply pushed to a customer who left (replyNotification)', () => {
  const reply = { conversationId: 'conv-1', preview: 'Your parcel is on its way.' }

  it('tells an away customer the reply, and where it is', () => {
    expect(replyNotification(reply, { customerOnline: false, helpdeskName: 'Acme' })).toEqual({
      title: 'Acme',
      body: 'Your parcel is on its way.',
      path: '/chat/c/conv-1',
    })
  })

  it('pushes nothing to a customer who is in the chat: they see it there', () => {
    expect(replyNotification(reply, { customerOnline: true, helpdeskName: 'Acme' })).toBeNull()
  })

  it('shortens a long reply to a line', () => {
    const long = { ...reply, preview: 'word '.repeat(100) }
    const body = replyNotification(long, { customerOnline: false, helpdeskName: 'Acme' })!.body
    expect(body.length).toBeLessThanOrEqual(PUSH_PREVIEW_MAX)
    expect(body.endsWith('…')).toBe(true)
  })
})

describe('where a push subscription may point (isPushServiceEndpoint)', () => {
  it.each([
    'https://fcm.googleapis.com/fcm/send/abc',
    'https://updates.push.services.mozilla.com/wpush/v2/abc',
    'https://web.push.apple.com/QG9abc',
    'https://wns2-by3p.notify.windows.com/w/?token=abc',
  ])("takes the browsers' push services: %s", (endpoint) => {
    expect(isPushServiceEndpoint(endpoint, PUSH_SERVICES)).toBe(true)
  })

  it.each([
    'http://fcm.googleapis.com/fcm/send/abc',
    'https://fcm.googleapis.com.evil.example/x',
    'https://evilfcm.googleapis.com.example/x',
    'https://127.0.0.1/admin',
    'http://localhost:3000/api/trpc',
    'not a url',
  ])('refuses anything else: %s', (endpoint) => {
    expect(isPushServiceEndpoint(endpoint, PUSH_SERVICES)).toBe(false)
  })

  it('an origin given exactly (a test endpoint) is that origin only', () => {
    expect(isPushServiceEndpoint('http://127.0.0.1:4000/push/1', ['http://127.0.0.1:4000'])).toBe(true)
    expect(isPushServiceEndpoint('http://127.0.0.1:4001/push/1', ['http://127.0.0.1:4000'])).toBe(false)
  })
})
