import { loadConfig } from './config.ts'
import { startServer } from './server.ts'

async function main() {
  const config = loadConfig()
  const server = await startServer(config)
  console.log(`Parley is running at ${server.url}  (customer chat: ${server.url}/chat)`)
  if (config.demoData) {
    console.log(
      `Demo data: sign in as ${config.admin?.email ?? 'admin@example.com'}, or sam@example.com (support) / ` +
        'paula@example.com (no support flag) with the password "parley-demo".',
    )
  }
  if (server.setupUrl) {
    console.log(
      `\nNo admin exists yet. Create the first one by opening:\n  ${server.setupUrl}\n` +
        'or start with ADMIN_EMAIL=… ADMIN_PASSWORD=… set.\n',
    )
  }
  const stop = async (signal: string) => {
    console.log(`${signal}: shutting down…`)
    await server.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop('SIGTERM'))
  process.once('SIGINT', () => void stop('SIGINT'))
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
