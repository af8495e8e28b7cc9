import { Show } from 'solid-js'

/** A form's outcome: an error announced as an alert, or a quiet "saved" status. */
export function FormFeedback(props: { error?: string | undefined; done?: string | undefined }) {
  return (
    <>
      <Show when={props.error}>
        {(message) => (
          <p class="form-error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <p class="form-status" role="status">
        {props.done ?? ''}
      </p>
    </>
  )
}
