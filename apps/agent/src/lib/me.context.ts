import { type Accessor, createContext, useContext } from 'solid-js'
import type { AgentDTO } from './trpc.client.ts'

export const MeContext = createContext<Accessor<AgentDTO>>()

/** The signed-in agent; only available below the app shell, which renders nothing until it is known. */
export function useMe(): Accessor<AgentDTO> {
  const me = useContext(MeContext)
  if (!me) throw new Error('useMe() used outside the app shell')
  return me
}
