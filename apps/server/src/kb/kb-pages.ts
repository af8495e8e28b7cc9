import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { type ApiDeps, callerAddress, findPublicArticles, findPublishedArticle } from '@parley/api'
import { loggableError } from '@parley/db'
import { cleanLine, validateSlug } from '@parley/domain'
import { escapeHtml, renderMarkdown } from '@parley/markdown'
import { type KbLocale, type KbStringKey, kbLocaleOf, kbText } from './kb-strings.ts'
import { KB_STYLE } from './kb-style.ts'

/**
 * The public knowledge base: `/kb` (published articles by category, with a search) and `/kb/<slug>`.
 * Plain server-rendered HTML that needs no JavaScript, so the CSP allows none: only the one inline
 * stylesheet, by its hash. Every request reads the database: an article published or unpublished on
 * one instance shows on all of them at once, and a draft is never served (the query asks for published).
 */

const MAX_SEARCH = 200
/** More than any help center shows on one page; the search narrows the rest. */
const INDEX_LIMIT = 500

const styleHash = createHash('sha256').update(KB_STYLE).digest('base64')
const KB_CSP = `default-src 'none'; style-src 'sha256-${styleHash}'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'`

export function isKbPath(pathname: string): boolean {
  return pathname === '/kb' || pathname.startsWith('/kb/')
}

interface PageRequest {
  locale: KbLocale
  /** Set when the reader chose with `?lang=`: links keep it, so the choice holds from page to page. */
  chosenLang: KbLocale | null
  pathname: string
  query: string
}

type Page = { status: number; title: string; body: string }

export function kbPages(deps: Pick<ApiDeps, 'orm' | 'limits' | 'settings'>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/kb', 'http://localhost')
    const langParam = url.searchParams.get('lang')
    const chosenLang = langParam === 'de' || langParam === 'en' ? langParam : null
    const page: PageRequest = {
      locale: kbLocaleOf(langParam, req.headers['accept-language']),
      chosenLang,
      pathname: url.pathname,
      query: cleanLine(url.searchParams.get('q') ?? '').slice(0, MAX_SEARCH),
    }
    let result: Page
    let retryAfterSeconds: number | null = null
    try {
      const wait = page.query ? await deps.limits.publicSearch(addressOf(req, deps)) : null
      if (wait !== null) {
        retryAfterSeconds = Math.max(1, Math.ceil(wait / 1000))
        result = tooManySearches(page)
      } else {
        result = await render(deps, page)
      }
    } catch (error) {
      console.error('[kb]', loggableError(error))
      result = {
        status: 503,
        title: kbText(page.locale, 'unavailableTitle'),
        body: `<h1>${t(page, 'unavailableTitle')}</h1><p>${t(page, 'unavailableText')}</p>`,
      }
    }
    const html = layout(page, result)
    res.writeHead(result.status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
      'content-security-policy': KB_CSP,
      'content-language': page.locale,
      // The same address answers in the reader's language, and always from the database.
      vary: 'Accept-Language',
      'cache-control': 'no-cache',
      ...(retryAfterSeconds === null ? {} : { 'retry-after': String(retryAfterSeconds) }),
    })
    res.end(req.method === 'HEAD' ? undefined : html)
  }
}

async function render(deps: Pick<ApiDeps, 'orm'>, page: PageRequest): Promise<Page> {
  const rest = page.pathname.slice('/kb'.length).replace(/^\/|\/$/g, '')
  if (rest === '') return indexPage(deps, page)
  let slug: string
  try {
    slug = decodeURIComponent(rest)
  } catch {
    return notFound(page)
  }
  if (!validateSlug(slug).ok) return notFound(page)
  const article = await findPublishedArticle(deps.orm.em.fork(), slug)
  if (!article) return notFound(page)
  const category = article.category ? `<p class="kb-category">${escapeHtml(article.category)}</p>` : ''
  const updated = kbText(page.locale, 'updated', { date: formatDate(page.locale, article.updatedAt) })
  return {
    status: 200,
    title: article.title,
    body:
      `<a class="kb-back" href="${escapeHtml(href(page, '/kb'))}">← ${t(page, 'allArticles')}</a>` +
      `<article class="kb-article">${category}<h1>${escapeHtml(article.title)}</h1>` +
      `<p class="kb-meta">${escapeHtml(updated)}</p>` +
      `<div class="markdown">${renderMarkdown(article.body)}</div></article>`,
  }
}

async function indexPage(deps: Pick<ApiDeps, 'orm'>, page: PageRequest): Promise<Page> {
  const rows = await findPublicArticles(deps.orm.em.fork(), {
    search: page.query || null,
    limit: INDEX_LIMIT,
  })
  const groups = new Map<string, typeof rows>()
  for (const row of rows) groups.set(row.category, [...(groups.get(row.category) ?? []), row])
  const collator = new Intl.Collator(page.locale)
  const categories = [...groups.keys()].sort((a, b) =>
    a === '' ? 1 : b === '' ? -1 : collator.compare(a, b),
  )
  const sections = categories.map((category, index) => {
    const articles = [...(groups.get(category) ?? [])].sort((a, b) => collator.compare(a.title, b.title))
    const name = category === '' ? kbText(page.locale, 'general') : category
    const items = articles
      .map((a) => `<li><a href="${escapeHtml(href(page, `/kb/${a.slug}`))}">${escapeHtml(a.title)}</a></li>`)
      .join('')
    return `<section class="kb-group" aria-labelledby="kb-cat-${index}"><h2 id="kb-cat-${index}">${escapeHtml(name)}</h2><ul>${items}</ul></section>`
  })
  const heading = page.query
    ? `<h2>${t(page, 'resultsFor', { q: page.query })}</h2>`
    : `<p class="kb-intro">${t(page, 'intro')}</p>`
  const none = page.query ? t(page, 'noResults', { q: page.query }) : t(page, 'empty')
  return {
    status: 200,
    title: kbText(page.locale, 'title'),
    body:
      `<h1>${t(page, 'title')}</h1>${heading}` +
      (sections.length > 0 ? sections.join('') : `<p class="kb-intro">${none}</p>`),
  }
}

function addressOf(req: IncomingMessage, deps: Pick<ApiDeps, 'settings'>): string | null {
  return callerAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], deps.settings.trustedProxies)
}

function tooManySearches(page: PageRequest): Page {
  return {
    status: 429,
    title: kbText(page.locale, 'tooManyTitle'),
    body:
      `<h1>${t(page, 'tooManyTitle')}</h1><p class="kb-intro">${t(page, 'tooManyText')}</p>` +
      `<p><a href="${escapeHtml(href(page, '/kb'))}">${t(page, 'allArticles')}</a></p>`,
  }
}

function notFound(page: PageRequest): Page {
  return {
    status: 404,
    title: kbText(page.locale, 'notFoundTitle'),
    body:
      `<h1>${t(page, 'notFoundTitle')}</h1><p class="kb-intro">${t(page, 'notFoundText')}</p>` +
      `<p><a href="${escapeHtml(href(page, '/kb'))}">${t(page, 'allArticles')}</a></p>`,
  }
}

/** Translated and escaped, ready for markup. */
function t(page: PageRequest, key: KbStringKey, params?: Record<string, string>): string {
  return escapeHtml(kbText(page.locale, key, params))
}

function href(page: PageRequest, path: string, params: Record<string, string> = {}): string {
  const search = new URLSearchParams(params)
  if (page.chosenLang && !search.has('lang')) search.set('lang', page.chosenLang)
  const query = search.toString()
  return query ? `${path}?${query}` : path
}

function formatDate(locale: KbLocale, date: Date): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(date)
}

function layout(page: PageRequest, content: Page): string {
  const languages = (['en', 'de'] as const)
    .map((lang) => {
      const params: Record<string, string> = { lang }
      if (page.query && page.pathname.replace(/\/$/, '') === '/kb') params.q = page.query
      const current = lang === page.locale ? ' aria-current="true"' : ''
      const name = lang === 'en' ? 'English' : 'Deutsch'
      return `<a href="${escapeHtml(href(page, page.pathname, params))}" hreflang="${lang}" lang="${lang}"${current}>${name}</a>`
    })
    .join('')
  const lang = page.chosenLang ? `<input type="hidden" name="lang" value="${page.chosenLang}">` : ''
  return (
    `<!doctype html><html lang="${page.locale}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(content.title)} · ${t(page, 'title')}</title><style>${KB_STYLE}</style></head><body>` +
    `<header class="kb-header"><div class="kb-bar"><a class="kb-brand" href="${escapeHtml(href(page, '/kb'))}">` +
    `<span class="kb-mark" aria-hidden="true">P</span>${t(page, 'title')}</a>` +
    `<nav class="kb-langs" aria-label="${t(page, 'language')}">${languages}</nav></div></header>` +
    '<main class="kb-main">' +
    `<form class="kb-search" role="search" action="/kb" method="get">` +
    `<label class="sr-only" for="kb-q">${t(page, 'search')}</label>` +
    `<input id="kb-q" type="search" name="q" maxlength="${MAX_SEARCH}" value="${escapeHtml(page.query)}" placeholder="${t(page, 'searchPlaceholder')}">` +
    `${lang}<button type="submit">${t(page, 'searchSubmit')}</button></form>` +
    `${content.body}</main></body></html>`
  )
}
