import { databaseKindOf, type MikroORM } from '@parley/db'

/**
 * A support inbox of a given size, written straight into a migrated database with multi-row inserts
 * (the triggers of the real migrations index it as the server's own writes would be): contacts with
 * names and emails, agents in a few teams, conversations of every status, assignee and team, and their
 * messages in English and German, with internal notes and system messages among them.
 */

export interface SeedSizes {
  conversations: number
  messages: number
}

/** What the seeded inbox holds that a benchmark needs to ask for. */
export interface SeededInbox {
  agentIds: string[]
  /** A support agent: sees "From customers". */
  supportAgentId: string
  /** One contact's email address, to be searched for, and the status of their conversation. */
  someEmail: { email: string; status: 'open' | 'closed' }
}

const FIRST_NAMES = (
  'Anna Lukas Emma Leon Mia Finn Hannah Paul Lea Jonas Sophie Elias Marie Noah Laura Felix Julia Max ' +
  'Olivia James Amelia Oliver Isla George Ava Harry Emily Jack Grace Thomas Chloe William Lily Henry'
).split(' ')
const LAST_NAMES = (
  'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf ' +
  'Schröder Neumann Braun Zimmermann Krüger Hartmann Smith Jones Taylor Brown Williams Wilson Johnson ' +
  'Davies Robinson Wright Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke'
).split(' ')
const DOMAINS = ['example.com', 'mail.example', 'firma.example', 'web.example', 'post.example']
const PRODUCTS = (
  'jacket kettle headphones backpack toaster blender lamp sofa Kaffeemaschine Rucksack Staubsauger ' +
  'Wasserkocher Kopfhörer Fahrrad Matratze sneakers monitor keyboard Drucker Schreibtisch'
).split(' ')
const TEAMS = ['Billing', 'Shipping', 'Technical', 'Returns']

/** Sentences with `{p}` (a product) and `{n}` (an order number); customers, agents and notes each their own. */
const CUSTOMER_LINES = [
  'Hello, my order {n} has not arrived yet.',
  'I would like a refund for the {p}, it stopped working after two days.',
  'The {p} arrived damaged, the box was completely crushed.',
  'How do I change the delivery address of order {n}?',
  'The tracking number does not work, can you check it please?',
  'The invoice for order {n} shows the wrong amount.',
  'When will the {p} be back in stock?',
  'I forgot my password and the reset email never arrives.',
  'Can I return the {p} if I already opened it?',
  'Thanks, that solved it!',
  'Hallo, meine Bestellung {n} ist noch nicht angekommen.',
  'Ich möchte eine Rückerstattung für den {p}, er ist defekt.',
  'Der {p} wurde beschädigt geliefert, bitte um Ersatz.',
  'Wie kann ich die Lieferadresse meiner Bestellung {n} ändern?',
  'Die Rechnung zu Bestellung {n} ist leider falsch.',
  'Wann ist der {p} wieder lieferbar?',
  'Vielen Dank für die schnelle Hilfe!',
  'Ich habe mein Passwort vergessen, die E-Mail kommt nicht an.',
]
const AGENT_LINES = [
  'Thanks for reaching out! I have checked order {n}: it left our warehouse yesterday.',
  'I am sorry about the {p}. I have issued a full refund, you will see it in 3–5 days.',
  'Could you send us a photo of the damaged {p}? Then we can send a replacement.',
  'I have updated the delivery address, the parcel will be redirected.',
  'Here is a new tracking link for your parcel.',
  'You can reset your password from the login page; I have sent you the link again.',
  'Danke für Ihre Nachricht! Ich habe Bestellung {n} geprüft, sie ist unterwegs.',
  'Es tut mir leid wegen des {p}. Die Rückerstattung ist veranlasst.',
  'Bitte senden Sie uns ein Foto des beschädigten {p}, dann schicken wir Ersatz.',
  'Ich habe die Rechnung korrigiert und Ihnen erneut zugeschickt.',
]
const NOTE_LINES = [
  'Customer is a VIP, please handle with care.',
  'Checked with the warehouse: parcel {n} was lost, refund approved.',
  'Second complaint about the {p} this month, escalate to quality.',
  'Kunde hat bereits zweimal angerufen, bitte heute noch antworten.',
  'Rückerstattung für {n} freigegeben, Lager informiert.',
]
const SYSTEM_LINES = ['Anna joined the conversation', 'Conversation closed', 'Conversation reopened']
/** Words of a few messages only: what a "rare word" search looks for. */
const RARE_WORDS = ['xylophone', 'Quittungsdrucker', 'saxophone', 'Trampolin']

/** A small deterministic generator, so that every run seeds the same inbox. */
function randomFrom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    below: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  }
}

type Value = string | number | boolean | Date | null

/** Multi-row inserts inside one transaction per call; SQLite binds at most 32,766 values a statement. */
async function insertRows(orm: MikroORM, table: string, columns: string[], rows: Value[][]): Promise<void> {
  const sqlite = databaseKindOf(orm) === 'sqlite'
  const perStatement = Math.floor((sqlite ? 32_000 : 60_000) / columns.length)
  const connection = orm.em.getConnection()
  const encode = (value: Value) =>
    sqlite && value instanceof Date
      ? value.getTime()
      : sqlite && typeof value === 'boolean'
        ? Number(value)
        : value
  await connection.transactional(async (trx) => {
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement)
      const placeholders = `(${columns.map(() => '?').join(', ')})`
      await connection.execute(
        `insert into ${table} (${columns.join(', ')}) values ${chunk.map(() => placeholders).join(', ')}`,
        chunk.flatMap((row) => row.map(encode)),
        'run',
        trx,
      )
    }
  })
}

export async function seedInbox(orm: MikroORM, sizes: SeedSizes, seed = 1): Promise<SeededInbox> {
  const random = randomFrom(seed)
  const now = Date.now()
  const year = 365 * 24 * 3600 * 1000

  const agentCount = Math.max(4, Math.min(50, Math.round(sizes.conversations / 2000)))
  const agents = Array.from({ length: agentCount }, (_, i) => ({
    id: crypto.randomUUID(),
    name: `${FIRST_NAMES[i % FIRST_NAMES.length]} Agent${i}`,
  }))
  await insertRows(
    orm,
    'agent',
    ['id', 'email', 'name', 'password_hash', 'role', 'support', 'created_at'],
    agents.map((agent, i) => [
      agent.id,
      `agent${i}@parley.example`,
      agent.name,
      'not-a-hash',
      i === 0 ? 'admin' : 'agent',
      i % 4 !== 3,
      new Date(now - year),
    ]),
  )
  const teams = TEAMS.map((name) => ({ id: crypto.randomUUID(), name }))
  await insertRows(
    orm,
    'team',
    ['id', 'name', 'created_at'],
    teams.map((team) => [team.id, team.name, new Date(now - year)]),
  )
  await insertRows(
    orm,
    'team_member',
    ['team_id', 'agent_id'],
    agents.flatMap((agent, i) =>
      [teams[i % teams.length]!, ...(i % 3 === 0 ? [teams[(i + 1) % teams.length]!] : [])].map((team) => [
        team.id,
        agent.id,
      ]),
    ),
  )

  // Most customers write once, some come back: about four contacts for five conversations.
  const contactCount = Math.max(1, Math.round(sizes.conversations * 0.8))
  const contacts = Array.from({ length: contactCount }, (_, i) => {
    const first = random.pick(FIRST_NAMES)
    const last = random.pick(LAST_NAMES)
    const local = `${first}.${last}${i}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z0-9.]/g, '')
    return { id: crypto.randomUUID(), name: `${first} ${last}`, email: `${local}@${random.pick(DOMAINS)}` }
  })
  for (let start = 0; start < contacts.length; start += 50_000) {
    await insertRows(
      orm,
      'contact',
      ['id', 'name', 'email', 'blocked', 'token_hash', 'created_at'],
      contacts
        .slice(start, start + 50_000)
        .map((contact) => [
          contact.id,
          contact.name,
          contact.email,
          false,
          crypto.randomUUID(),
          new Date(now - year),
        ]),
    )
  }

  const perConversation = sizes.messages / sizes.conversations
  let messagesLeft = sizes.messages
  let ticketNumber = 1000
  const conversationColumns = [
    'id',
    'kind',
    'status',
    'contact_id',
    'assignee_id',
    'team_id',
    'created_by_id',
    'subject',
    'ticket_number',
    'ticket_title',
    'last_message_at',
    'last_public_message_at',
    'last_preview',
    'last_public_preview',
    'last_author_kind',
    'last_customer_message_at',
    'trashed_at',
    'created_at',
    'version',
    'updated_at',
  ]
  const messageColumns = [
    'id',
    'conversation_id',
    'author_kind',
    'author_agent_id',
    'author_contact_id',
    'visibility',
    'kind',
    'body',
    'created_at',
  ]
  const batchSize = 5_000
  let someEmail: SeededInbox['someEmail'] | null = null
  for (let start = 0; start < sizes.conversations; start += batchSize) {
    const conversations: Value[][] = []
    const members: Value[][] = []
    const messages: Value[][] = []
    for (let i = start; i < Math.min(sizes.conversations, start + batchSize); i++) {
      const id = crypto.randomUUID()
      const internal = random.chance(0.05)
      const contact = internal ? null : contacts[random.below(contacts.length)]!
      const assignee = random.chance(internal ? 1 : 0.75) ? random.pick(agents) : null
      const team = !internal && random.chance(0.6) ? random.pick(teams) : null
      const creator = internal ? random.pick(agents) : null
      const ticket = !internal && random.chance(0.08)
      const product = random.pick(PRODUCTS)
      const order = String(100_000 + random.below(900_000))
      const fill = (line: string) => line.replace('{p}', product).replace('{n}', order)
      const remaining = sizes.conversations - i
      const count = Math.max(
        1,
        remaining === 1
          ? messagesLeft
          : Math.min(messagesLeft - (remaining - 1), 1 + random.below(Math.round(2 * perConversation - 1))),
      )
      messagesLeft -= count
      // Newer conversations are busier: the list's first page is what an agent sees most.
      let at = now - Math.floor(random.next() ** 2 * year)
      const createdAt = at
      let last = { body: '', author: 'customer' as 'agent' | 'customer', at }
      let lastPublic = last
      let lastCustomerAt: number | null = null
      for (let k = 0; k < count; k++) {
        at += 1 + random.below(3_600_000)
        const roll = random.next()
        const kind = k > 0 && roll < 0.08 ? 'system' : 'text'
        const note = kind === 'text' && k > 0 && roll < 0.18
        const author = internal || note || (k % 2 === 1 && assignee) ? 'agent' : 'customer'
        let body =
          kind === 'system'
            ? random.pick(SYSTEM_LINES)
            : note
              ? fill(random.pick(NOTE_LINES))
              : fill(random.pick(author === 'agent' ? AGENT_LINES : CUSTOMER_LINES))
        if (kind === 'text' && random.chance(0.0002)) body += ` ${random.pick(RARE_WORDS)}`
        const agentId = author === 'agent' ? (assignee ?? random.pick(agents)).id : null
        messages.push([
          crypto.randomUUID(),
          id,
          kind === 'system' ? 'system' : author,
          kind === 'system' ? null : agentId,
          kind === 'text' && author === 'customer' ? contact!.id : null,
          note || internal ? 'internal' : 'public',
          kind,
          body,
          new Date(at),
        ])
        if (kind === 'text') {
          last = { body, author, at }
          if (!note) lastPublic = last
          if (author === 'customer') lastCustomerAt = at
        }
      }
      const status = random.chance(0.3) ? 'open' : 'closed'
      if (contact && someEmail === null && i >= sizes.conversations / 2)
        someEmail = { email: contact.email, status }
      conversations.push([
        id,
        internal ? 'internal' : 'support',
        status,
        contact?.id ?? null,
        assignee?.id ?? null,
        team?.id ?? null,
        creator?.id ?? null,
        internal ? `About ${product}` : null,
        ticket ? ticketNumber++ : null,
        ticket ? `${random.chance(0.5) ? 'Refund' : 'Replacement'} for ${product} ${order}` : null,
        new Date(at),
        new Date(lastPublic.at),
        last.body.slice(0, 200),
        lastPublic.body.slice(0, 200),
        lastPublic.author,
        lastCustomerAt === null ? null : new Date(lastCustomerAt),
        random.chance(0.01) ? new Date(at + 1000) : null,
        new Date(createdAt),
        1,
        new Date(at),
      ])
      if (assignee) members.push([id, assignee.id, 'participant', new Date(createdAt)])
      if (random.chance(0.1)) {
        const follower = random.pick(agents)
        if (follower !== assignee) members.push([id, follower.id, 'follower', new Date(createdAt)])
      }
    }
    await insertRows(orm, 'conversation', conversationColumns, conversations)
    await insertRows(
      orm,
      'conversation_member',
      ['conversation_id', 'agent_id', 'role', 'created_at'],
      members,
    )
    await insertRows(orm, 'message', messageColumns, messages)
  }
  if (databaseKindOf(orm) === 'postgres') {
    // What autovacuum does on its own shortly after a bulk load: the planner's statistics.
    await orm.em.getConnection().execute('analyze')
  }
  return {
    agentIds: agents.map((agent) => agent.id),
    supportAgentId: agents[0]!.id,
    someEmail: someEmail ?? { email: contacts[0]!.email, status: 'closed' },
  }
}
