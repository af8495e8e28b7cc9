import { ErrorPanel, Loading, UiLanguageContext } from '@parley/ui'
import { type RouteDefinition, Router, revalidate } from '@solidjs/router'
import { ErrorBoundary, lazy, Suspense } from 'solid-js'
import { getMe } from './data/auth.data.ts'
import { getConversation } from './data/conversation.data.ts'
import { getArticle } from './data/kb.data.ts'
import { uiLanguage } from './i18n/index.ts'
import { errorMessage } from './lib/errors.ts'

const routes: RouteDefinition[] = [
  { path: '/login', component: lazy(() => import('./pages/LoginPage.tsx')) },
  { path: '/setup', component: lazy(() => import('./pages/SetupPage.tsx')) },
  { path: '/invite', component: lazy(() => import('./pages/InvitePage.tsx')) },
  {
    path: '/',
    component: lazy(() => import('./pages/AppShell.tsx')),
    preload: () => void getMe(),
    children: [
      {
        path: '/',
        component: lazy(() => import('./pages/InboxPage.tsx')),
        children: [
          { path: '/', component: lazy(() => import('./pages/InboxEmptyPage.tsx')) },
          {
            path: '/c/:id',
            component: lazy(() => import('./pages/ConversationPage.tsx')),
            preload: ({ params }) => void (params.id && getConversation(params.id)),
          },
        ],
      },
      { path: '/profile', component: lazy(() => import('./pages/ProfilePage.tsx')) },
      { path: '/settings', component: lazy(() => import('./pages/SettingsPage.tsx')) },
      { path: '/settings/outbox', component: lazy(() => import('./pages/OutboxPage.tsx')) },
      { path: '/trash', component: lazy(() => import('./pages/TrashPage.tsx')) },
      { path: '/contacts', component: lazy(() => import('./pages/ContactsPage.tsx')) },
      { path: '/tickets', component: lazy(() => import('./pages/TicketsPage.tsx')) },
      { path: '/text-blocks', component: lazy(() => import('./pages/TextBlocksPage.tsx')) },
      { path: '/contacts/:id', component: lazy(() => import('./pages/ContactPage.tsx')) },
      {
        // Not /kb: that is the public help center the server renders.
        path: '/knowledge-base',
        component: lazy(() => import('./pages/KnowledgeBasePage.tsx')),
        children: [
          { path: '/', component: lazy(() => import('./pages/KnowledgeBaseEmptyPage.tsx')) },
          { path: '/new', component: lazy(() => import('./pages/KnowledgeBaseArticlePage.tsx')) },
          {
            path: '/:id',
            component: lazy(() => import('./pages/KnowledgeBaseArticlePage.tsx')),
            preload: ({ params }) => void (params.id && getArticle(params.id)),
          },
        ],
      },
      { path: '*', component: lazy(() => import('./pages/NotFoundPage.tsx')) },
    ],
  },
]

export function App() {
  return (
    <UiLanguageContext.Provider value={uiLanguage}>
      <Router
        root={(props) => (
          <ErrorBoundary
            fallback={(error, reset) => (
              <ErrorPanel
                message={errorMessage(error)}
                onRetry={() => {
                  // The failed answers are cached too; fetch everything anew before rendering again.
                  void revalidate()
                  reset()
                }}
                fullPage
              />
            )}
          >
            <Suspense fallback={<Loading fullPage />}>{props.children}</Suspense>
          </ErrorBoundary>
        )}
      >
        {routes}
      </Router>
    </UiLanguageContext.Provider>
  )
}
