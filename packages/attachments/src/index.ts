// The browser side of attachments, shared by the agent inbox and the customer chat: uploading with
// progress and cancel, the tray of files waiting to be sent, and how a sent file is shown.

export { AttachButton, filesOf } from './AttachButton.tsx'
export { formatBytes, formatDuration } from './format.ts'
export { MessageAttachments } from './MessageAttachments.tsx'
export { attachmentStrings } from './strings.ts'
export type { AttachmentText, AttachmentView } from './types.ts'
export { UploadTray } from './UploadTray.tsx'
export { createUploads, type UploadItem, type Uploads } from './uploads.ts'
export { VoiceRecorder } from './VoiceRecorder.tsx'
export type { Recording } from './voice-recorder.ts'
