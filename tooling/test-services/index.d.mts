export declare const DEFAULT_POSTGRES_URL: string
export declare const DEFAULT_REDIS_URL: string
export declare function testServices(): { postgresUrl: string; redisUrl: string } | null
export declare function freshPostgresDatabase(
  baseUrl: string,
  prefix?: string,
): Promise<{ url: string; name: string; drop(): Promise<unknown> }>
export declare function postgresProblem(url: string): Promise<string | null>
export declare function redisProblem(url: string): Promise<string | null>
export declare function holdSqliteWriteLock(file: string): Promise<{ release(): Promise<unknown> }>
