import { connect } from 'node:net'
import { removeUnsentUploads } from '@parley/api'
import { Attachment, StoredFile } from '@parley/db'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, signIn, startTestServer, type TestServer } from './clients.ts'

// Rule 10 through the real HTTP routes: what an upload may be (by content), how big, and who gets a file.

let world: TestServer
let cookie: string

beforeAll(async () => {
  world = await startTestServer()
  cookie = await signIn(world.server.url, world.admin.email, world.admin.password)
})
afterAll(() => world?.close())

const clientId = () => crypto.randomUUID()
const MB = 1024 * 1024

async function customer(name: string) {
  const { token } = await world.client({}).trpc.customer.start.mutate({ name })
  const client = world.client({ visitorToken: token })
  const { conversation } = await client.trpc.customer.startConversation.mutate({
    clientId: clientId(),
    body: `Hello, I am ${name}`,
  })
  return { token, client, conversationId: conversation.id }
}

interface Uploaded {
  status: number
  body: { id?: string; type?: string; kind?: string; error?: { code: string; message: string } }
}

async function upload(
  who: { cookie?: string; visitorToken?: string },
  conversationId: string,
  name: string,
  content: Uint8Array,
): Promise<Uploaded> {
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    origin: world.server.url,
  }
  if (who.cookie) headers.cookie = who.cookie
  if (who.visitorToken) headers['x-parley-visitor'] = who.visitorToken
  const query = new URLSearchParams({ conversationId, name })
  const response = await fetch(`${world.server.url}/api/uploads?${query}`, {
    method: 'POST',
    headers,
    body: content,
  })
  return { status: response.status, body: (await response.json()) as Uploaded['body'] }
}

const stored = async () => {
  const em = world.server.deps.orm.em.fork()
  return { attachments: await em.count(Attachment), files: await em.count(StoredFile) }
}

const png = () =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer()
const pdf = () =>
  new TextEncoder().encode(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  )

describe('uploads are recognised by their content (rule 10)', () => {
  let conversationId: string
  let token: string
  beforeAll(async () => {
    ;({ conversationId, token } = await customer('Uma'))
  })

  it.each([
    [
      'an executable renamed .pdf',
      'invoice.pdf',
      Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, ...new Array(200).fill(0)]),
    ],
    [
      'an SVG with a script',
      'logo.svg',
      new TextEncoder().encode(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
      ),
    ],
    [
      'a polyglot: a GIF header with a web page behind it',
      'cat.gif',
      new TextEncoder().encode(
        'GIF89a\x01\x00\x01\x00\x00\x00\x00;<html><body><script>alert(1)</script></body></html>',
      ),
    ],
    [
      'a web page named .txt',
      'notes.txt',
      new TextEncoder().encode('<!DOCTYPE html><html><script>fetch("/api")</script></html>'),
    ],
    [
      'a zip archive',
      'photos.zip',
      Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, ...new Array(60).fill(1)]),
    ],
  ])('refuses %s with a message naming the allowed types, and stores nothing', async (_, name, content) => {
    const before = await stored()
    const answer = await upload({ visitorToken: token }, conversationId, name, content)
    expect(answer.status).toBe(400)
    expect(answer.body.error?.code).toBe('ATTACHMENT_TYPE')
    expect(answer.body.error?.message).toMatch(/Allowed are AAC, AVI, DOCX, .*PDF, PNG, .*TXT, .*XLSX\.$/)
    expect(await stored()).toEqual(before)
  })

  it('refuses an 11 MB file with 413 and stores nothing', async () => {
    const before = await stored()
    const content = new Uint8Array(11 * MB)
    content.set(pdf())
    const answer = await upload({ visitorToken: token }, conversationId, 'big.pdf', content)
    expect(answer.status).toBe(413)
    expect(answer.body.error?.message).toBe('Attachments can be at most 10 MB.')
    expect(await stored()).toEqual(before)
  })

  it('stops reading an upload that streams past the limit, without waiting for the rest', async () => {
    // A raw socket, so what the server answers is seen even while this side is still sending; no
    // Content-Length, so the server only knows the size by counting what arrives.
    const { port, hostname } = new URL(world.server.url)
    const query = new URLSearchParams({ conversationId, name: 'endless.pdf' })
    const { answer, sentWhenAnswered } = await new Promise<{ answer: string; sentWhenAnswered: number }>(
      (resolve) => {
        let sent = 0
        let received = ''
        const socket = connect(Number(port), hostname, () => {
          socket.write(
            `POST /api/uploads?${query} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/octet-stream\r\n` +
              `x-parley-visitor: ${token}\r\ntransfer-encoding: chunked\r\n\r\n`,
          )
          const chunk = Buffer.alloc(256 * 1024, 7)
          chunk.set(pdf())
          const framed = Buffer.concat([
            Buffer.from(`${chunk.length.toString(16)}\r\n`),
            chunk,
            Buffer.from('\r\n'),
          ])
          const pump = () => {
            // 40 MB at most; the answer comes long before.
            while (sent < 40 * MB && !socket.destroyed && !received) {
              sent += chunk.length
              if (!socket.write(framed)) {
                socket.once('drain', pump)
                return
              }
            }
          }
          pump()
        })
        socket.on('data', (data) => {
          if (!received) {
            received = data.toString('latin1')
            resolve({ answer: received, sentWhenAnswered: sent })
          }
          socket.destroy()
        })
        // The server closes once it has answered; writes after that fail here, which is the point.
        socket.on('error', () => {})
      },
    )
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(answer).toContain('Attachments can be at most 10 MB.')
    // What was written by then: the limit, plus what sat in socket buffers on the way.
    expect(sentWhenAnswered).toBeLessThan(20 * MB)
  })

  it('accepts a picture and a PDF by content (whatever the name), keeps one copy of the same bytes, and makes a thumbnail', async () => {
    const picture = await png()
    const first = await upload({ visitorToken: token }, conversationId, 'screenshot.jpg', picture)
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ type: 'PNG', kind: 'image', thumbnail: true, name: 'screenshot.jpg' })
    const before = await stored()
    const again = await upload({ visitorToken: token }, conversationId, 'same.png', picture)
    expect(again.status).toBe(201)
    const after = await stored()
    expect(after.attachments).toBe(before.attachments + 1)
    expect(after.files).toBe(before.files)
    const document = await upload({ visitorToken: token }, conversationId, 'receipt', pdf())
    expect(document.body).toMatchObject({ type: 'PDF', kind: 'document', thumbnail: false })
    const text = await upload(
      { cookie },
      conversationId,
      'log.txt',
      new TextEncoder().encode('Grüße: order 1001 <3'),
    )
    // An agent who may not reply may still attach to a note; this one is not assigned.
    expect(text.body).toMatchObject({ type: 'TXT', kind: 'document' })
  })

  it('refuses an upload without credentials, with garbage parameters, or of another type of body', async () => {
    const content = pdf()
    expect((await upload({}, conversationId, 'a.pdf', content)).status).toBe(401)
    expect((await upload({ visitorToken: token }, 'not-a-uuid', 'a.pdf', content)).status).toBe(400)
    const other = await customer('Otto')
    // Someone else's conversation is as absent as a missing one.
    expect((await upload({ visitorToken: other.token }, conversationId, 'a.pdf', content)).status).toBe(404)
    const form = await fetch(
      `${world.server.url}/api/uploads?${new URLSearchParams({ conversationId, name: 'a' })}`,
      {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'x-parley-visitor': token },
        body: '--x--',
      },
    )
    expect(form.status).toBe(415)
    const foreign = await fetch(
      `${world.server.url}/api/uploads?${new URLSearchParams({ conversationId, name: 'a' })}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', origin: 'https://evil.example', cookie },
        body: content,
      },
    )
    expect(foreign.status).toBe(403)
  })
})

describe('a file goes only to those who may read its message (rule 10)', () => {
  let carla: Awaited<ReturnType<typeof customer>>
  let otto: Awaited<ReturnType<typeof customer>>
  let agent: Client
  let replyFile: string
  let noteFile: string

  const fetchFile = (
    path: string,
    who: { cookie?: string; key?: string } = {},
    headers: Record<string, string> = {},
  ) =>
    fetch(`${world.server.url}${path}${who.key ? `?key=${encodeURIComponent(who.key)}` : ''}`, {
      headers: { ...headers, ...(who.cookie ? { cookie: who.cookie } : {}) },
    })

  beforeAll(async () => {
    carla = await customer('Carla')
    otto = await customer('Otto')
    agent = world.client({ cookie })
    await agent.trpc.conversation.assignToMe.mutate({ conversationId: carla.conversationId })
    const forReply = await upload({ cookie }, carla.conversationId, 'Rücksendeschein.pdf', pdf())
    const forNote = await upload({ cookie }, carla.conversationId, 'internal.png', await png())
    replyFile = forReply.body.id!
    noteFile = forNote.body.id!
    await agent.trpc.conversation.reply.mutate({
      conversationId: carla.conversationId,
      clientId: clientId(),
      body: '',
      attachmentIds: [replyFile],
    })
    await agent.trpc.conversation.note.mutate({
      conversationId: carla.conversationId,
      clientId: clientId(),
      body: 'Screenshot of the admin panel',
      attachmentIds: [noteFile],
    })
  })

  it('the customer gets the file of a reply with the detected type, a download name, nosniff and a closed CSP', async () => {
    const key = await carla.client.trpc.customer.fileKey.query()
    const response = await fetchFile(`/files/${replyFile}`, { key })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="R_cksendeschein.pdf"; filename*=UTF-8''R%C3%BCcksendeschein.pdf`,
    )
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox")
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(pdf())
    // And sees it in the thread, with no trace of the note's file.
    const thread = await carla.client.trpc.customer.conversation.query({ id: carla.conversationId })
    const files = thread.messages.flatMap((message) => message.attachments.map((attachment) => attachment.id))
    expect(files).toEqual([replyFile])
  })

  it('answers 404 to a customer asking for a note’s file, another conversation’s file, or with no key', async () => {
    const carlasKey = await carla.client.trpc.customer.fileKey.query()
    const ottosKey = await otto.client.trpc.customer.fileKey.query()
    expect((await fetchFile(`/files/${noteFile}`, { key: carlasKey })).status).toBe(404)
    expect((await fetchFile(`/files/${noteFile}/thumbnail`, { key: carlasKey })).status).toBe(404)
    expect((await fetchFile(`/files/${replyFile}`, { key: ottosKey })).status).toBe(404)
    expect((await fetchFile(`/files/${replyFile}`)).status).toBe(404)
    expect(
      (await fetchFile(`/files/${replyFile}`, { key: `${carlasKey.split('.')[0]}.forged` })).status,
    ).toBe(404)
    expect((await fetchFile(`/files/${crypto.randomUUID()}`, { key: carlasKey })).status).toBe(404)
    expect((await fetchFile('/files/../../etc/passwd')).status).toBe(404)
  })

  it('the agent gets both, the picture’s thumbnail too, and byte ranges', async () => {
    expect((await fetchFile(`/files/${noteFile}`, { cookie })).status).toBe(200)
    const thumbnail = await fetchFile(`/files/${noteFile}/thumbnail`, { cookie })
    expect(thumbnail.headers.get('content-type')).toBe('image/webp')
    const { width, height } = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()
    expect([width, height]).toEqual([480, 360])
    const part = await fetchFile(`/files/${replyFile}`, { cookie }, { range: 'bytes=0-7' })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 0-7/${pdf().length}`)
    expect(await part.text()).toBe('%PDF-1.4')
    const beyond = await fetchFile(`/files/${replyFile}`, { cookie }, { range: 'bytes=99999-' })
    expect(beyond.status).toBe(416)
  })

  it('a file goes into one message only, and only its uploader’s, in its conversation', async () => {
    const again = agent.trpc.conversation.reply.mutate({
      conversationId: carla.conversationId,
      clientId: clientId(),
      body: 'once more',
      attachmentIds: [replyFile],
    })
    await expect(again).rejects.toThrow(/already sent|attach it again/)
    const carlas = await upload({ visitorToken: carla.token }, carla.conversationId, 'photo.png', await png())
    // Otto cannot send Carla's upload, in his conversation or in hers.
    await expect(
      otto.client.trpc.customer.send.mutate({
        conversationId: otto.conversationId,
        clientId: clientId(),
        body: 'look',
        attachmentIds: [carlas.body.id!],
      }),
    ).rejects.toThrow(/attach it again/)
    // Nor can an agent put a customer's upload into a note.
    await expect(
      agent.trpc.conversation.note.mutate({
        conversationId: carla.conversationId,
        clientId: clientId(),
        body: 'x',
        attachmentIds: [carlas.body.id!],
      }),
    ).rejects.toThrow(/attach it again/)
    const sent = await carla.client.trpc.customer.send.mutate({
      conversationId: carla.conversationId,
      clientId: clientId(),
      body: '',
      attachmentIds: [carlas.body.id!],
    })
    expect(sent.attachments.map((attachment) => attachment.name)).toEqual(['photo.png'])
  })

  it('a message of neither words nor files is still refused, and eleven files are too many', async () => {
    await expect(
      agent.trpc.conversation.reply.mutate({
        conversationId: carla.conversationId,
        clientId: clientId(),
        body: ' ',
      }),
    ).rejects.toThrow(/cannot be empty/)
    await expect(
      agent.trpc.conversation.reply.mutate({
        conversationId: carla.conversationId,
        clientId: clientId(),
        body: 'x',
        attachmentIds: Array.from({ length: 11 }, () => crypto.randomUUID()),
      }),
    ).rejects.toThrow()
  })

  it('uploads nobody sent are removed after a day, their bytes with them; sent ones stay', async () => {
    const lonely = await upload(
      { visitorToken: carla.token },
      carla.conversationId,
      'forgotten.txt',
      new TextEncoder().encode('never sent, unique 7c1f'),
    )
    const em = world.server.deps.orm.em.fork()
    const row = await em.findOneOrFail(Attachment, { id: lonely.body.id! })
    row.createdAt = new Date(Date.now() - 25 * 60 * 60 * 1000)
    await em.flush()
    expect(await removeUnsentUploads(world.server.deps)).toBeGreaterThanOrEqual(1)
    const check = world.server.deps.orm.em.fork()
    expect(await check.count(Attachment, { id: lonely.body.id! })).toBe(0)
    expect(await check.count(StoredFile, { hash: row.hash })).toBe(0)
    expect(await check.count(Attachment, { id: replyFile })).toBe(1)
    expect((await fetchFile(`/files/${replyFile}`, { cookie })).status).toBe(200)
  })
})
