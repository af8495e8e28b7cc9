let leftover = ''

/**
 * Text the customer could not send where they wrote it (the ticket got closed, the session ended).
 * The start form picks it up, so the words are never lost.
 */
export function keepLeftoverDraft(text: string): void {
  leftover = text
}

export function takeLeftoverDraft(): string {
  const text = leftover
  leftover = ''
  return text
}
