import { createSignal, Show } from 'solid-js'
import { contact } from '../data/visitor.data.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { api } from '../lib/trpc.client.ts'

/**
 * "Email me this conversation" (issue 11, part 6): to the address the customer gave, so it is offered
 * only to those who gave one. The answer (where it went, or why not) is announced where the button is.
 */
export function TranscriptRequest(props: { conversationId: string }) {
  const [state, setState] = createSignal<{ busy: boolean; said: string | null }>({ busy: false, said: null })
  const request = async () => {
    setState({ busy: true, said: null })
    try {
      const { sentTo } = await api.customer.emailTranscript.mutate({ conversationId: props.conversationId })
      setState({ busy: false, said: t('transcript.sent', { email: sentTo }) })
    } catch (error) {
      setState({ busy: false, said: errorMessage(error) })
    }
  }
  return (
    <Show when={contact()?.email}>
      <div class="transcript-request">
        <button type="button" class="link-button" disabled={state().busy} onClick={request}>
          {state().busy ? t('transcript.sending') : t('transcript.request')}
        </button>
        <span role="status">{state().said}</span>
      </div>
    </Show>
  )
}
