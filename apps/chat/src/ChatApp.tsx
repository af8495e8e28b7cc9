import { UiLanguageContext } from '@parley/ui'
import { Navigate, Route, Router } from '@solidjs/router'
import { lazy } from 'solid-js'
import { ChatLayout } from './components/ChatLayout.tsx'
import { uiLanguage } from './i18n/index.ts'

const ChatHome = lazy(() => import('./pages/ChatHome.tsx'))
const ConversationPage = lazy(() => import('./pages/ConversationPage.tsx'))
const ConversationListPage = lazy(() => import('./pages/ConversationListPage.tsx'))
const ConversationStartPage = lazy(() => import('./pages/ConversationStartPage.tsx'))
const HelpPage = lazy(() => import('./pages/HelpPage.tsx'))
const HelpArticlePage = lazy(() => import('./pages/HelpArticlePage.tsx'))

// Vite's base ('/chat/') without the trailing slash, so that '/chat' itself matches '/'.
const base = import.meta.env.BASE_URL.replace(/\/$/, '')

export function ChatApp() {
  return (
    <UiLanguageContext.Provider value={uiLanguage}>
      <Router base={base} root={ChatLayout}>
        <Route path="/" component={ChatHome} />
        <Route path="/new" component={ConversationStartPage} />
        <Route path="/conversations" component={ConversationListPage} />
        <Route path="/c/:id" component={ConversationPage} />
        <Route path="/help" component={HelpPage} />
        <Route path="/help/:slug" component={HelpArticlePage} />
        <Route path="*" component={() => <Navigate href="/" />} />
      </Router>
    </UiLanguageContext.Provider>
  )
}
