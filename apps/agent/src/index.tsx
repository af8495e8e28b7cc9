import { render } from 'solid-js/web'
import { App } from './App.tsx'
import '@parley/ui/base.css'
import './styles/base.css'
import './styles/shell.css'
import './styles/inbox.css'
import './styles/conversation.css'
import './styles/composer.css'
import './styles/settings.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
render(() => <App />, root)
