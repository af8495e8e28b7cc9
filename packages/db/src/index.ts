export type {
  EntityData,
  FilterQuery,
  FindOptions,
  Loaded,
  RequiredEntityData,
  Transaction,
} from '@mikro-orm/better-sqlite'
export {
  EntityManager,
  ForeignKeyConstraintViolationException,
  LockMode,
  MikroORM,
  NotFoundError,
  QueryOrder,
  raw,
  sql,
  UniqueConstraintViolationException,
  wrap,
} from '@mikro-orm/better-sqlite'
export * from './entities/index.ts'
export * from './message-store.ts'
export { config, createOrm, type OrmOptions } from './orm.ts'
