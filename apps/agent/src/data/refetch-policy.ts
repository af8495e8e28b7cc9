/**
 * How an open inbox refetches after live events: quickly while the inbox is quiet, at most once per
 * interval while events keep coming. A list costs the server ~10 ms for a hundred conversations, and
 * the title's count about as much; refetched with every event by every open inbox, a busy team would
 * keep the server busy with lists alone. Every inbox hears the same events at the same moment: the
 * jitter spreads their refetches out instead of the server answering all of them at once.
 * `pnpm bench -- --inbox-refetch` applies the same policy.
 */
export const listRefetch = { delayMs: 100, minIntervalMs: 1_000, jitterMs: 200 } as const
export const attentionRefetch = { delayMs: 1_000, minIntervalMs: 2_000, jitterMs: 1_000 } as const
