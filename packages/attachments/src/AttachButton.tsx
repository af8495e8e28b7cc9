import type { JSX } from 'solid-js'
import type { Uploads } from './uploads.ts'

/** The files a paste or a drop carries, if any: pasted or dropped text stays text. */
export function filesOf(transfer: DataTransfer | null | undefined): FileList | null {
  const files = transfer?.files
  return files && files.length > 0 ? files : null
}

/** "Attach files": a button that opens the system's file chooser (several files at once). */
export function AttachButton(props: {
  uploads: Uploads
  label: string
  class: string
  children: JSX.Element
}) {
  let picker: HTMLInputElement | undefined
  return (
    <>
      <button
        type="button"
        class={props.class}
        aria-label={props.label}
        title={props.label}
        // Keep the caret where it was in the message.
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => picker?.click()}
      >
        {props.children}
      </button>
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => {
          const files = event.currentTarget.files
          if (files) props.uploads.add(files)
          // The same file can be chosen again after removing it.
          event.currentTarget.value = ''
        }}
      />
    </>
  )
}
