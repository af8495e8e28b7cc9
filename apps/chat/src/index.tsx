import { render } from 'solid-js/web'
import { ChatApp } from './ChatApp.tsx'
import '@parley/ui/base.css'
import './styles/chat.css'

import { embedded } from './lib/embed.ts'

// In the website widget's panel the chat fills its frame: no page around it.
document.documentElement.classList.toggle('embedded', embedded)
const root = document.getElementById('root')
if (root) render(() => <ChatApp />, root)
