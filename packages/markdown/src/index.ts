export { toPlainText } from './plain-text.ts'
export { escapeHtml, renderMarkdown } from './render-markdown.ts'
export { safeUrl } from './safe-url.ts'
