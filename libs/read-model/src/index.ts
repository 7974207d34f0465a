/** Read-model tables: one declaration per table, from which the TypeORM entity and the migration derive. TypeORM only, no Nest. */
export * from './table-spec';
