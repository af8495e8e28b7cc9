/**
 * The words of attachments in both apps, merged into each app's dictionary (`...attachmentStrings.en`),
 * so a customer and an agent read the same names for the same controls.
 */
export const attachmentStrings = {
  en: {
    'attachments.attach': 'Attach files',
    'attachments.tray': 'Files to send',
    'attachments.uploading': 'Uploading…',
    'attachments.cancelUpload': 'Cancel upload of {name}',
    'attachments.remove': 'Remove {name}',
    'attachments.failed': 'The upload failed. Please try again.',
    'attachments.openImage': 'Open picture {name}',
    'attachments.closeImage': 'Close',
    'attachments.download': 'Download {name} ({type}, {size})',
    'attachments.voiceMessage': 'Voice message',
    'attachments.dropHere': 'Drop files to attach them',
    'attachments.waitForUploads': 'Wait until the files are uploaded.',
  },
  de: {
    'attachments.attach': 'Dateien anhängen',
    'attachments.tray': 'Zu sendende Dateien',
    'attachments.uploading': 'Wird hochgeladen…',
    'attachments.cancelUpload': 'Hochladen von {name} abbrechen',
    'attachments.remove': '{name} entfernen',
    'attachments.failed': 'Das Hochladen ist fehlgeschlagen. Bitte versuchen Sie es erneut.',
    'attachments.openImage': 'Bild {name} öffnen',
    'attachments.closeImage': 'Schließen',
    'attachments.download': '{name} herunterladen ({type}, {size})',
    'attachments.voiceMessage': 'Sprachnachricht',
    'attachments.dropHere': 'Dateien hier ablegen, um sie anzuhängen',
    'attachments.waitForUploads': 'Bitte warten Sie, bis die Dateien hochgeladen sind.',
  },
} as const
