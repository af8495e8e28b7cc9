import { type ApiDeps, appRouter, createCallerFactory, createContext, hashPassword } from '@parley/api'
import { Agent, Conversation } from '@parley/db'

const createCaller = createCallerFactory(appRouter)
export const DEMO_PASSWORD = 'parley-demo'

/** Signs in through the API, as the inbox would, and returns a caller acting with that session. */
async function signedIn(deps: ApiDeps, email: string, password: string) {
  let cookie = ''
  await createCaller(createContext(deps, { headers: {} }, { setCookie: (c) => (cookie = c) })).auth.signIn({
    email,
    password,
  })
  const session = cookie.split(';')[0] ?? ''
  return createCaller(createContext(deps, { headers: { cookie: session } }, {}))
}

async function customer(deps: ApiDeps, name: string, email: string | undefined, body: string) {
  const { token } = await createCaller(createContext(deps, { headers: {} }, {})).customer.start({
    name,
    email,
  })
  const caller = createCaller(createContext(deps, { headers: { 'x-parley-visitor': token } }, {}))
  const { conversation } = await caller.customer.startConversation({ clientId: crypto.randomUUID(), body })
  return { caller, conversationId: conversation.id }
}

/**
 * `DEMO_DATA=1`: a few agents and conversations to click through in development, created through the
 * API so every rule applies. Only into a database without conversations; the admin must exist.
 */
export async function seedDemoData(deps: ApiDeps, admin: { email: string; password: string }) {
  const em = deps.orm.em.fork()
  if ((await em.count(Conversation)) > 0) return
  for (const [name, email, support] of [
    ['Sam Support', 'sam@example.com', true],
    ['Paula Plain', 'paula@example.com', false],
  ] as const) {
    em.create(Agent, { name, email, role: 'agent', support, passwordHash: await hashPassword(DEMO_PASSWORD) })
  }
  await em.flush()

  const anna = await signedIn(deps, admin.email, admin.password)
  const sam = await signedIn(deps, 'sam@example.com', DEMO_PASSWORD)
  const clientId = () => crypto.randomUUID()

  const sally = await customer(
    deps,
    'Sally Carter',
    'sally@example.com',
    'Hi! My order **#4711** has not arrived yet.',
  )
  await anna.conversation.assignToMe({ conversationId: sally.conversationId })
  await anna.conversation.reply({
    conversationId: sally.conversationId,
    clientId: clientId(),
    body: 'Sorry to hear that! Let me *check* with the carrier.',
  })
  await anna.conversation.note({
    conversationId: sally.conversationId,
    clientId: clientId(),
    body: 'Carrier portal shows the parcel stuck in Leipzig since Monday.',
  })

  await customer(deps, 'Tom Becker', undefined, 'Kann ich meine Rechnung als PDF bekommen?')

  const mia = await customer(deps, 'Mia Wong', 'mia@example.com', 'The app crashes when I upload a photo.')
  await sam.conversation.assignToMe({ conversationId: mia.conversationId })
  await sam.conversation.reply({
    conversationId: mia.conversationId,
    clientId: clientId(),
    body: 'Thanks for the report — a fix ships with the next update.',
  })
  await sam.conversation.createTicket({
    conversationId: mia.conversationId,
    title: 'App crashes on photo upload',
    type: 'ticket',
    priority: 'high',
  })
  await sam.conversation.close({ conversationId: mia.conversationId })

  // The knowledge base: two published articles (one German) and a draft, to link from the composer.
  for (const [article, publish] of [
    [
      {
        title: 'Tracking your parcel',
        category: 'Orders',
        body: 'Every order gets a **tracking link** by email once it ships.\n\n1. Open the email "Your order is on its way"\n2. Follow the link to the carrier\n\nNo email after three days? Write to us in the chat.',
      },
      true,
    ],
    [
      {
        title: 'Rücksendung und Erstattung',
        category: 'Bestellungen',
        body: 'Sie können jede Bestellung **30 Tage** lang zurückschicken.\n\n- Rücksendeetikett im Kundenkonto drucken\n- Paket bei der Post abgeben\n\nDie Erstattung folgt innerhalb von fünf Werktagen.',
      },
      true,
    ],
    [{ title: 'New returns policy (draft)', category: 'Orders', body: 'From next month: 60 days.' }, false],
  ] as const) {
    const created = await anna.kb.create(article)
    if (publish) await anna.kb.publish({ id: created.id })
  }
}
