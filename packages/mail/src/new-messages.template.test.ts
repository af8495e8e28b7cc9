import { describe, expect, it } from 'vitest'
import { MAX_MESSAGES_IN_MAIL, type NewMessagesInput, newMessagesMail } from './new-messages.template.ts'

const input = (overrides: Partial<NewMessagesInput> = {}): NewMessagesInput => ({
  language: 'en',
  recipientName: 'Carla',
  organisationName: 'Acme',
  conversationTitle: 'Order 1234',
  conversationUrl: 'https://help.example.com/chat/c/abc',
  messages: [
    { authorName: 'Anna', sentAt: new Date('2030-01-15T09:00:00Z'), body: 'Your order **shipped** today.' },
  ],
  ...overrides,
})

describe('the "new messages" mail', () => {
  it('renders the Markdown in the HTML part and reads as plain words in the text part', () => {
    const mail = newMessagesMail(
      input({
        messages: [
          {
            authorName: 'Anna',
            sentAt: new Date('2030-01-15T09:00:00Z'),
            body: 'Your order **shipped**:\n\n- tracking at [DHL](https://dhl.example/123)\n- arrives _Friday_',
          },
        ],
      }),
    )
    expect(mail.html).toContain('<strong>shipped</strong>')
    expect(mail.html).toContain('<em>Friday</em>')
    expect(mail.html).toMatch(/<a style="[^"]*" href="https:\/\/dhl\.example\/123"/)
    expect(mail.text).toContain('Your order shipped:')
    expect(mail.text).toContain('- tracking at DHL (https://dhl.example/123)')
    expect(mail.text).not.toMatch(/\*\*|<[a-z]/)
    expect(mail.text).toContain('Anna · 15 Jan 2030, 09:00 UTC')
    expect(mail.text).toContain('Open the conversation: https://help.example.com/chat/c/abc')
    expect(mail.subject).toBe('New message in “Order 1234”')
  })

  it('escapes names and titles, and the message’s own HTML never runs', () => {
    const mail = newMessagesMail(
      input({
        recipientName: '<script>alert(1)</script>',
        organisationName: 'Acme <b>&</b>',
        conversationTitle: '"><img src=x onerror=alert(1)>',
        messages: [
          {
            authorName: '<script>alert("author")</script>',
            sentAt: new Date('2030-01-15T09:00:00Z'),
            body: '<img src=x onerror=alert(2)> <script>alert(3)</script> [x](javascript:alert(4))',
          },
        ],
      }),
    )
    expect(mail.html).not.toMatch(/<script|<img|<b>|javascript:/i)
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;author&quot;)&lt;/script&gt;')
    expect(mail.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,')
    expect(mail.html).toContain('Acme &lt;b&gt;&amp;&lt;/b&gt;')
    // Plain text is text: names stay as written.
    expect(mail.text).toContain('<script>alert("author")</script> · ')
  })

  it('loads nothing from elsewhere and styles inline', () => {
    const { html } = newMessagesMail(
      input({ messages: [{ ...input().messages[0]!, body: '![pic](https://x.example/p.png)' }] }),
    )
    expect(html).not.toMatch(/<img|<link|<style|@import|url\(/i)
    expect(html).toContain('href="https://x.example/p.png"')
  })

  it('is written in the recipient’s language', () => {
    const mail = newMessagesMail(
      input({
        language: 'de',
        messages: [
          { authorName: 'Anna', sentAt: new Date('2030-01-15T09:00:00Z'), body: 'Hallo' },
          { authorName: 'Ben', sentAt: new Date('2030-01-15T09:05:00Z'), body: 'Noch etwas', internal: true },
        ],
      }),
    )
    expect(mail.subject).toBe('2 neue Nachrichten in „Order 1234“')
    expect(mail.html).toContain('<html lang="de">')
    expect(mail.html).toContain('Unterhaltung öffnen')
    expect(mail.text).toContain('Hallo Carla,')
    expect(mail.text).toContain('Ben · 15. Jan. 2030, 09:05 UTC · Interne Notiz')
    expect(mail.text).not.toMatch(/Open the conversation|Internal note/)
  })

  it('shows messages oldest first, and only the latest of a long run', () => {
    const at = (minute: number) => new Date(Date.UTC(2030, 0, 15, 9, minute))
    const messages = Array.from({ length: MAX_MESSAGES_IN_MAIL + 5 }, (_, n) => ({
      authorName: 'Anna',
      sentAt: at(n),
      body: `Message number ${n}`,
    })).reverse()
    const mail = newMessagesMail(input({ messages }))
    expect(mail.text).not.toContain('Message number 4\n')
    expect(mail.text).toContain('5 earlier messages are in the conversation.')
    expect(mail.text.indexOf('Message number 5')).toBeLessThan(mail.text.indexOf('Message number 24'))
    expect(mail.subject).toBe(`${MAX_MESSAGES_IN_MAIL + 5} new messages in “Order 1234”`)
  })

  it('writes times in the zone it is given', () => {
    const mail = newMessagesMail(input({ language: 'de', timeZone: 'Europe/Berlin' }))
    expect(mail.text).toContain('15. Jan. 2030, 10:00 MEZ')
  })

  it('refuses a conversation link that is not http(s)', () => {
    expect(() => newMessagesMail(input({ conversationUrl: 'javascript:alert(1)' }))).toThrow(/http/)
    expect(() => newMessagesMail(input({ conversationUrl: '/c/abc' }))).toThrow()
  })
})
