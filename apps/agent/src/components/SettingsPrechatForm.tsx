import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { getPrechat, type PrechatForm, setPrechat } from '../data/team.data.ts'
import { type MessageKey, t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { FormFeedback } from './FormFeedback.tsx'

type Field = PrechatForm['fields'][number]
type Choice = 'off' | 'optional' | 'required'

/** The details the form can ask, each under the name the chat page gives it. */
const DETAILS: Array<{ field: 'name' | 'email' | 'phone'; label: MessageKey }> = [
  { field: 'name', label: 'prechat.name' },
  { field: 'email', label: 'prechat.email' },
  { field: 'phone', label: 'prechat.phone' },
]

function choiceOf(fields: readonly Field[], name: Field['field']): Choice {
  const field = fields.find((candidate) => candidate.field === name)
  return field ? (field.required ? 'required' : 'optional') : 'off'
}

function ChoiceSelect(props: { name: string; value: Choice; onChange?: (choice: Choice) => void }) {
  return (
    <select
      id={`prechat-${props.name}`}
      name={props.name}
      value={props.value}
      onChange={(event) => props.onChange?.(event.currentTarget.value as Choice)}
    >
      <option value="off">{t('prechat.off')}</option>
      <option value="optional">{t('prechat.optional')}</option>
      <option value="required">{t('prechat.required')}</option>
    </select>
  )
}

/**
 * The chat page's pre-chat form (issue 10, part 1): what a first-time visitor is asked before their
 * first message. The answers fill the new contact; the answer to the custom question is kept among the
 * contact's own fields, under the question.
 */
export function SettingsPrechatForm() {
  const prechat = createAsync(() => getPrechat())
  const save = useAction(setPrechat)
  const [feedback, setFeedback] = createSignal<{ error?: string; done?: string }>({})

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const choice = (name: string) => String(form.get(name) ?? 'off') as Choice
    const fields: Field[] = DETAILS.flatMap(({ field }) =>
      choice(field) === 'off' ? [] : [{ field, required: choice(field) === 'required' }],
    )
    if (choice('question') !== 'off') {
      fields.push({
        field: 'question',
        required: choice('question') === 'required',
        label: String(form.get('questionLabel') ?? ''),
      })
    }
    setFeedback({})
    try {
      await save({ fields })
      setFeedback({ done: t('settings.saved') })
    } catch (caught) {
      setFeedback({ error: errorMessage(caught) })
    }
  }

  return (
    <Show when={prechat()}>
      {(current) => {
        // The question's text is needed only while the question is asked.
        const [questionChoice, setQuestionChoice] = createSignal(choiceOf(current().fields, 'question'))
        return (
          <form class="form" aria-labelledby="settings-prechat" onSubmit={onSubmit}>
            <h4 id="settings-prechat">{t('prechat.title')}</h4>
            <p class="settings-hint">{t('prechat.intro')}</p>
            <For each={DETAILS}>
              {(detail) => (
                <label class="field" for={`prechat-${detail.field}`}>
                  <span>{t(detail.label)}</span>
                  <ChoiceSelect name={detail.field} value={choiceOf(current().fields, detail.field)} />
                </label>
              )}
            </For>
            <div class="field-row">
              <label class="field" for="prechat-question">
                <span>{t('prechat.question')}</span>
                <ChoiceSelect name="question" value={questionChoice()} onChange={setQuestionChoice} />
              </label>
              <label class="field">
                <span>{t('prechat.questionText')}</span>
                <input
                  name="questionLabel"
                  maxLength={200}
                  required={questionChoice() !== 'off'}
                  value={current().fields.find((field) => field.field === 'question')?.label ?? ''}
                  placeholder={t('prechat.questionPlaceholder')}
                />
              </label>
            </div>
            <div>
              <button type="submit" class="button">
                {t('prechat.save')}
              </button>
            </div>
            <FormFeedback {...feedback()} />
          </form>
        )
      }}
    </Show>
  )
}
