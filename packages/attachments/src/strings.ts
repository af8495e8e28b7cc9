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
    'attachments.record': 'Record voice message',
    'attachments.recordHint':
      'Hold to record, release to send; slide away or press Escape to cancel. Or tap to start.',
    'attachments.recording': 'Recording… {time}',
    'attachments.cancelRecording': 'Cancel recording',
    'attachments.sendRecording': 'Send voice message',
    'attachments.microphoneDenied': 'The microphone is not available. Allow it in your browser to record.',
    'attachments.recordingUnsupported': 'This browser cannot record voice messages.',
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
    'attachments.record': 'Sprachnachricht aufnehmen',
    'attachments.recordHint':
      'Gedrückt halten zum Aufnehmen, loslassen zum Senden; wegziehen oder Escape bricht ab. Oder antippen zum Starten.',
    'attachments.recording': 'Aufnahme… {time}',
    'attachments.cancelRecording': 'Aufnahme abbrechen',
    'attachments.sendRecording': 'Sprachnachricht senden',
    'attachments.microphoneDenied':
      'Das Mikrofon ist nicht verfügbar. Erlauben Sie es im Browser, um aufzunehmen.',
    'attachments.recordingUnsupported': 'Dieser Browser kann keine Sprachnachrichten aufnehmen.',
    'attachments.dropHere': 'Dateien hier ablegen, um sie anzuhängen',
    'attachments.waitForUploads': 'Bitte warten Sie, bis die Dateien hochgeladen sind.',
  },
} as const
