import { render } from 'solid-js/web'
import { ChatApp } from './ChatApp.tsx'
import './styles/chat.css'

const root = document.getElementById('root')
if (root) render(() => <ChatApp />, root)
