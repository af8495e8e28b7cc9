// Just enough MIME reading to check what nodemailer wrote (the inbound part will bring mailparser).

export interface ReadMail {
  headers: Map<string, string>
  /** Decoded, by content type: text/plain, text/html. */
  parts: Map<string, string>
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, end).replace(/\r\n[ \t]+/g, ' ')
  const headers = new Map<string, string>()
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':')
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim())
  }
  return { headers, body: raw.slice(end + 4) }
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = []
  const source = text.replace(/=\r\n/g, '')
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '=' && /^[0-9A-F]{2}$/i.test(source.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(source.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(...Buffer.from(source[i]!, 'utf8'))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

/** `=?UTF-8?Q?…?=` and `=?UTF-8?B?…?=` words, as nodemailer writes non-ASCII headers. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    )
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body)
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  return body
}

export function readMail(raw: string): ReadMail {
  const { headers, body } = splitHead(raw)
  const parts = new Map<string, string>()
  const type = headers.get('content-type') ?? ''
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1]
  if (boundary) {
    const sections = body.split(`--${boundary}`).slice(1, -1)
    for (const section of sections) {
      const part = splitHead(section.replace(/^\r\n/, ''))
      const partType = (part.headers.get('content-type') ?? '').split(';')[0]!.trim()
      expectUtf8(part.headers.get('content-type') ?? '')
      parts.set(partType, decodeBody(part.headers, part.body.replace(/\r\n$/, '')))
    }
  } else {
    parts.set(type.split(';')[0]!.trim(), decodeBody(headers, body))
  }
  return { headers, parts }
}

function expectUtf8(contentType: string): void {
  if (!/charset=utf-8/i.test(contentType)) throw new Error(`not declared UTF-8: ${contentType}`)
}
