import type { IncomingMessage } from 'node:http'

/**
 * Stops listening at the limit without destroying the request, so the refusal can still be answered;
 * the caller's response closes the connection on the rest (see server.ts).
 */
export function readUpTo(
  req: IncomingMessage,
  maxBytes: number,
): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (tooLarge: boolean) => {
      req.off('data', onData).off('end', onEnd).off('error', reject)
      resolve({ body: Buffer.concat(chunks), tooLarge })
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        req.pause()
        done(true)
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => done(false)
    req.on('data', onData).on('end', onEnd).on('error', reject)
  })
}
