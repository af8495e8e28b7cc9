import { action, json, query } from '@solidjs/router'
import { api } from '../lib/trpc.client.ts'
import { getConversation, getConversations } from './conversation.data.ts'

// Contacts (admins and support agents): what the team knows about a customer, and rule 7's block.

export const getContacts = query(
  (search: string) => api.contacts.list.query(search ? { search } : {}),
  'contacts.list',
)

export const getContact = query((contactId: string) => api.contacts.get.query({ contactId }), 'contacts.get')

export interface ContactDetailsInput {
  contactId: string
  name: string
  email: string
  phone: string
  company: string
  attributes: Array<{ key: string; value: string }>
}

/** Names and the blocked badge show in the inbox too. */
const contactChanged = {
  revalidate: [getContacts.key, getContact.key, getConversations.key, getConversation.key],
}

export const saveContactDetails = action(
  async (input: ContactDetailsInput) => json(await api.contacts.saveDetails.mutate(input), contactChanged),
  'contacts.saveDetails',
)

export const blockContact = action(
  async (contactId: string) => json(await api.contacts.block.mutate({ contactId }), contactChanged),
  'contacts.block',
)

export const unblockContact = action(
  async (contactId: string) => json(await api.contacts.unblock.mutate({ contactId }), contactChanged),
  'contacts.unblock',
)
