/** A sent file as the API describes it (the server's StoredAttachment). */
export interface AttachmentView {
  id: string
  name: string
  type: string
  mime: string
  size: number
  kind: 'image' | 'audio' | 'video' | 'document'
  thumbnail: boolean
  durationMs: number | null
}

/** The words the components need, from each app's dictionary (`attachments.<key>`). */
export type AttachmentText = (
  key:
    | 'tray'
    | 'uploading'
    | 'cancelUpload'
    | 'remove'
    | 'failed'
    | 'openImage'
    | 'closeImage'
    | 'download'
    | 'voiceMessage'
    | 'record'
    | 'recordHint'
    | 'recording'
    | 'cancelRecording'
    | 'sendRecording'
    | 'microphoneDenied'
    | 'recordingUnsupported',
  params?: Record<string, string>,
) => string
