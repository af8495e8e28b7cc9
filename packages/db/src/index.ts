export type {
  EntityData,
  FilterQuery,
  FindOptions,
  Loaded,
  RequiredEntityData,
  Transaction,
} from '@mikro-orm/knex'
export {
  EntityManager,
  ForeignKeyConstraintViolationException,
  LockMode,
  NotFoundError,
  OptimisticLockError,
  QueryOrder,
  raw,
  sql,
  UniqueConstraintViolationException,
  wrap,
} from '@mikro-orm/knex'
export { isDatabaseBusy, loggableError } from './database-errors.ts'
export * from './entities/index.ts'
export * from './event-log.ts'
export * from './mail-fallback.ts'
export {
  config,
  createOrm,
  type DatabaseKind,
  databaseKindOf,
  type MikroORM,
  type OrmOptions,
} from './orm.ts'
export * from './push-fallback.ts'
export * from './read-models.ts'
export * from './write-store.ts'
