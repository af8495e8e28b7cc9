/**
 * How an open inbox asks again after live events: quickly while the inbox is quiet, at most once per
 * interval while events keep coming. Lists apply the rows the inbox stream pushes and are fetched again
 * only where a row cannot tell (a search on, a full list: inbox-rows.ts); the title's count is asked
 * after every burst. Every inbox hears the same events at the same moment: the jitter spreads their
 * requests out instead of the server answering all of them at once. `pnpm bench -- --inbox-refetch`
 * applies the same policy to the title's count.
 */
export const listRefetch = { delayMs: 100, minIntervalMs: 1_000, jitterMs: 200 } as const
export const attentionRefetch = { delayMs: 1_000, minIntervalMs: 2_000, jitterMs: 1_000 } as const
