export { loadConfig, type ServerConfig } from './config.ts'
export { type RunningServer, type ServerOptions, startServer } from './server.ts'
