import { Agent, AgentSession, TeamMember } from '@parley/db'
import type { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness, refusalOf, type Stream, type TestAgent } from './harness.ts'

// Agents and teams are run by admins: inviting (a set-password link), roles, rule 9's support flag,
// deactivating (every session ends at once, on every instance), teams and their members.

let h: Harness
let admin: TestAgent
let agent: TestAgent

beforeAll(async () => {
  h = await createHarness()
  admin = await h.admin('Anna')
  agent = await h.supportAgent('Ben')
})
afterAll(() => h.close())

const tokenOf = (invitePath: string) =>
  new URL(invitePath, 'http://parley.test').searchParams.get('token') ?? ''

async function untilEnded(stream: Stream<unknown>, timeoutMs = 1_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs
  while (!stream.error) {
    if (Date.now() > deadline) throw new Error(`the stream was still open after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return stream.error
}

describe('inviting an agent', () => {
  it('gives a set-password link; the invited agent chooses a password and can sign in with it', async () => {
    const anna = await h.asAgent(admin)
    const { agent: invited, invitePath } = await anna.team.invite({
      name: 'Cleo Novak',
      email: 'Cleo@Example.com',
      role: 'agent',
      support: true,
    })
    expect(invited).toMatchObject({ email: 'cleo@example.com', status: 'invited', support: true })
    expect(invitePath).toMatch(/^\/invite\?token=[\w-]{40,}$/)
    // Before choosing a password nobody can sign in as them, with any password.
    expect(
      (await refusalOf(h.anonymous().auth.signIn({ email: 'cleo@example.com', password: 'x' }))).code,
    ).toBe('UNAUTHORIZED')

    const stranger = h.anonymous()
    expect(await stranger.auth.invitation({ token: tokenOf(invitePath) })).toEqual({
      name: 'Cleo Novak',
      email: 'cleo@example.com',
    })
    await stranger.auth.acceptInvite({ token: tokenOf(invitePath), password: 'a fine new password' })
    expect(
      await h.anonymous().auth.signIn({ email: 'cleo@example.com', password: 'a fine new password' }),
    ).toMatchObject({ name: 'Cleo Novak', role: 'agent' })
    // Used up: the same link does nothing a second time.
    expect(
      (
        await refusalOf(
          stranger.auth.acceptInvite({ token: tokenOf(invitePath), password: 'another password' }),
        )
      ).code,
    ).toBe('NOT_FOUND')
    const listed = (await anna.team.agents()).find((entry) => entry.email === 'cleo@example.com')
    expect(listed?.status).toBe('active')
  })

  it('a link older than a week, or made up, is refused', async () => {
    const { invitePath } = await (await h.asAgent(admin)).team.invite({
      name: 'Late Larry',
      email: 'larry@example.com',
      role: 'agent',
      support: false,
    })
    expect((await refusalOf(h.anonymous().auth.invitation({ token: 'made-up' }))).code).toBe('NOT_FOUND')
    h.clock.advance(8 * 86_400_000)
    try {
      const refusal = await refusalOf(
        h.anonymous().auth.acceptInvite({ token: tokenOf(invitePath), password: 'too late for this' }),
      )
      expect(refusal).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('new one') })
    } finally {
      h.clock.advance(-8 * 86_400_000)
    }
  })

  it('the same email twice is a clear conflict, and garbage is refused without creating anyone', async () => {
    const anna = await h.asAgent(admin)
    const before = await h.count(Agent)
    expect(
      await refusalOf(
        anna.team.invite({ name: 'Ben again', email: agent.email, role: 'agent', support: false }),
      ),
    ).toMatchObject({ code: 'CONFLICT', message: 'An agent with this email already exists.' })
    for (const input of [
      { name: '', email: 'x@example.com', role: 'agent', support: false },
      { name: 'X', email: 'not an email', role: 'agent', support: false },
      { name: 'X', email: 'y@example.com', role: 'owner', support: false },
      { name: 'x'.repeat(500), email: 'z@example.com', role: 'agent', support: false },
    ]) {
      expect((await refusalOf(anna.team.invite(input as never))).code).toBe('BAD_REQUEST')
    }
    expect(await h.count(Agent)).toBe(before)
  })
})

describe('only admins manage the team', () => {
  it('an agent, a customer and a stranger are refused every admin call, and nothing changes', async () => {
    const ben = await h.asAgent(agent)
    const { caller: customer } = await h.customer()
    const before = await h.rowCounts()
    const calls = (c: typeof ben) => [
      () => c.team.agents(),
      () => c.team.invite({ name: 'Mallory', email: 'mallory@example.com', role: 'admin', support: true }),
      () => c.team.setRole({ agentId: agent.id, role: 'admin' }),
      () => c.team.setSupport({ agentId: admin.id, support: false }),
      () => c.team.deactivate({ agentId: admin.id }),
      () => c.team.createTeam({ name: 'Shadow team' }),
      () => c.team.renameOrganisation({ name: 'Taken over' }),
    ]
    for (const call of calls(ben))
      expect(await refusalOf(call)).toMatchObject({ code: 'FORBIDDEN', domainCode: 'ADMIN_ONLY' })
    for (const caller of [customer, h.anonymous()]) {
      for (const call of calls(caller)) expect((await refusalOf(call)).code).toBe('UNAUTHORIZED')
    }
    expect(await h.rowCounts()).toEqual(before)
  })

  it('the last active admin cannot be demoted, and an admin cannot deactivate themselves', async () => {
    const solo = await createHarness()
    try {
      const only = await solo.admin('Only Admin')
      const caller = await solo.asAgent(only)
      expect(await refusalOf(caller.team.setRole({ agentId: only.id, role: 'agent' }))).toMatchObject({
        code: 'CONFLICT',
        domainCode: 'LAST_ADMIN',
      })
      expect(await refusalOf(caller.team.deactivate({ agentId: only.id }))).toMatchObject({
        code: 'FORBIDDEN',
        domainCode: 'NOT_YOURSELF',
      })
      expect((await solo.em().findOneOrFail(Agent, { id: only.id })).role).toBe('admin')
    } finally {
      await solo.close()
    }
  })
})

describe('deactivating an agent', () => {
  it('ends their open streams at once, refuses their next call and their sign-in; reactivating lets them back', async () => {
    const dora = await h.supportAgent('Dora')
    const session = await h.sessionOf(dora)
    const stream = await h.subscribe(session, (c) => c.conversation.onInbox({ lastEventId: null }))
    await h.untilFollowed({ kind: 'all' }, 1)

    await (await h.asAgent(admin)).team.deactivate({ agentId: dora.id })
    const error = await untilEnded(stream)
    expect((error as TRPCError).code).toBe('UNAUTHORIZED')
    expect(await h.count(AgentSession, { agent: dora.id })).toBe(0)
    expect(
      (await refusalOf((await h.asAgent(dora)).conversation.list({ section: 'customers', status: 'open' })))
        .code,
    ).toBe('UNAUTHORIZED')
    expect(
      (await refusalOf(h.anonymous().auth.signIn({ email: dora.email, password: dora.password }))).code,
    ).toBe('UNAUTHORIZED')
    // No longer offered for assignment; still listed for admins, as deactivated.
    const anna = await h.asAgent(admin)
    expect((await anna.agents.list()).map((entry) => entry.id)).not.toContain(dora.id)
    expect((await anna.team.agents()).find((entry) => entry.id === dora.id)?.status).toBe('deactivated')

    await anna.team.reactivate({ agentId: dora.id })
    expect(await h.anonymous().auth.signIn({ email: dora.email, password: dora.password })).toMatchObject({
      name: 'Dora',
    })
  })
})

describe('changing roles, the support flag and teams', () => {
  it('a promoted agent can administer; a support flag taken away hides "From customers"', async () => {
    const eve = await h.plainAgent('Eve')
    const anna = await h.asAgent(admin)
    await anna.team.setSupport({ agentId: eve.id, support: true })
    expect((await (await h.asAgent(eve)).auth.me())?.seesCustomerInbox).toBe(true)
    await anna.team.setSupport({ agentId: eve.id, support: false })
    expect((await (await h.asAgent(eve)).auth.me())?.seesCustomerInbox).toBe(false)
    await anna.team.setRole({ agentId: eve.id, role: 'admin' })
    expect(await (await h.asAgent(eve)).team.organisation()).toEqual({ name: expect.any(String) })
    await anna.team.setRole({ agentId: eve.id, role: 'agent' })
  })

  it('a team is created, renamed, and has exactly the members ticked', async () => {
    const anna = await h.asAgent(admin)
    const team = await anna.team.createTeam({ name: 'Billing' })
    await anna.team.renameTeam({ teamId: team.id, name: 'Billing & Invoices' })
    await anna.team.setTeamMembers({ teamId: team.id, agentIds: [admin.id, agent.id, agent.id] })
    await anna.team.setTeamMembers({ teamId: team.id, agentIds: [agent.id] })
    expect((await anna.team.teams()).find((entry) => entry.id === team.id)).toEqual({
      id: team.id,
      name: 'Billing & Invoices',
      memberIds: [agent.id],
    })
    expect(await h.count(TeamMember, { team: team.id })).toBe(1)
    // An agent id that does not exist changes nothing.
    const refusal = await refusalOf(
      anna.team.setTeamMembers({ teamId: team.id, agentIds: [crypto.randomUUID()] }),
    )
    expect(refusal.code).toBe('NOT_FOUND')
    expect(await h.count(TeamMember, { team: team.id })).toBe(1)
  })

  it('the organisation is renamed', async () => {
    const anna = await h.asAgent(admin)
    await anna.team.renameOrganisation({ name: 'Acme Support' })
    expect(await anna.team.organisation()).toEqual({ name: 'Acme Support' })
  })
})

describe('changing one’s password', () => {
  it('needs the current one, and ends every other session of that agent but not this one', async () => {
    const finn = await h.supportAgent('Finn')
    const here = await h.asAgent(finn)
    const elsewhere = h.em()
    elsewhere.create(AgentSession, {
      id: 'f'.repeat(64),
      agent: finn.id,
      expiresAt: new Date(h.clock.now.getTime() + 86_400_000),
    })
    await elsewhere.flush()
    expect(
      await refusalOf(
        here.auth.changePassword({ currentPassword: 'wrong', newPassword: 'something new here' }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN', message: 'Your current password is not right.' })
    await here.auth.changePassword({ currentPassword: finn.password, newPassword: 'something new here' })
    expect(await h.count(AgentSession, { agent: finn.id })).toBe(1)
    expect(await here.auth.me()).toMatchObject({ name: 'Finn' })
    expect(
      await h.anonymous().auth.signIn({ email: finn.email, password: 'something new here' }),
    ).toMatchObject({
      name: 'Finn',
    })
  })
})
