import { render } from 'solid-js/web'
import { ChatApp } from './ChatApp.tsx'
import '@parley/ui/base.css'
import './styles/chat.css'

const root = document.getElementById('root')
if (root) render(() => <ChatApp />, root)
